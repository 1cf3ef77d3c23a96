/**
 * An in-memory state directory for whole hook runs, behaving as cli/hook-process.ts's does: the
 * state cap, write failures on demand, and the marker a failed save leaves for the next run.
 */
import type { RunIO } from "../../src/hook/run.js";
import { MAX_STATE_BYTES } from "../../src/hook/state.js";

const STATE = "/s/state.json";

export interface MemoryDir {
  files: Map<string, string>;
  /** Whether the last state write failed (the marker a real state directory keeps). */
  unsaved: boolean;
  /** Make the next state writes fail with this code. */
  failWrites: string | null;
  /** A smaller cap on the state (test-only). */
  cap?: number;
  /** Whether a state write of the latest run failed: judged from outside, not from the hook's marker. */
  writeFailed: boolean;
}

export const memoryDir = (): MemoryDir => ({ files: new Map(), unsaved: false, failWrites: null, writeFailed: false });

/** One run's IO on `dir`: the state cap and the save marker as cli/hook-process.ts keeps them. */
export function dirIO(dir: MemoryDir, now: Date, context: unknown, log: string[], env: Record<string, string>): RunIO {
  const { files } = dir;
  files.set("/ctx", JSON.stringify(context));
  files.delete("/patch");
  files.delete("/metrics");
  dir.writeFailed = false;
  return {
    env: {
      ...env,
      BINDING_CONTEXT_PATH: "/ctx",
      KUBERNETES_PATCH_PATH: "/patch",
      METRICS_PATH: "/metrics",
      EGRESS_HA_STATE_FILE: STATE,
      HOSTNAME: "replica-1",
    },
    readFile: async (p) => files.get(p) ?? "",
    writeFile: async (p, d) => void files.set(p, d),
    readState: async (p) => files.get(p) ?? null,
    writeState: async (p, d) => {
      const fail = (code: string) => {
        dir.writeFailed = true;
        throw Object.assign(new Error(`cannot write: ${code}`), { code });
      };
      if (dir.failWrites) fail(dir.failWrites);
      if (Buffer.byteLength(d) > MAX_STATE_BYTES) fail("TOO_LARGE");
      files.set(p, d);
      dir.unsaved = false;
    },
    lastSaveFailed: () => dir.unsaved,
    markUnsaved: async () => {
      dir.unsaved = true;
    },
    ...(dir.cap !== undefined ? { stateCapBytes: dir.cap } : {}),
    readIndex: async (p: string) => files.get(p) ?? null,
    writeIndex: async (p: string, d: string) => void files.set(p, d),
    stderr: (t) => void log.push(...t.split("\n").filter((l) => l !== "")),
    now: () => now,
  };
}
