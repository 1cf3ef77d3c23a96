/**
 * An in-memory state directory for whole hook runs, behaving as cli/hook-process.ts's does: the
 * state cap, write failures on demand, and the marker a failed save leaves for the next run.
 */
import type { RunIO } from "../../src/hook/run.js";
import { MAX_STATE_BYTES } from "../../src/hook/state.js";
import { memoryRunIO } from "./memory-io.js";

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

/** One run's IO on `dir` (memory-io.ts's), with the state cap and the save marker as cli/hook-process.ts keeps them. */
export function dirIO(dir: MemoryDir, now: Date, context: unknown, log: string[], env: Record<string, string>): RunIO {
  const { files } = dir;
  dir.writeFailed = false;
  return {
    ...memoryRunIO(files, { env, now, context, log }),
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
  };
}
