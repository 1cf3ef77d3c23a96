/**
 * A hook run's outside world in memory: the state directory and outputs as cli/hook-process.ts
 * gives them on disk, a clock, and (optionally) the probe's answers. Files live in one map that
 * the caller keeps between runs, as one operator pod keeps its state directory.
 */
import type { RunIO } from "../../src/hook/run.js";
import type { ProbeOutcome } from "../../src/io/probe.js";

export interface MemoryRun {
  env: Record<string, string>;
  now: Date;
  context: unknown;
  /** stderr lines are appended here. */
  log?: string[];
  /** This run's probe answers by node; absent: no probe can run. */
  probe?: (node: string) => Omit<ProbeOutcome, "node" | "rttMs">;
}

export const STATE_FILE = "/s/state.json";

export function memoryRunIO(files: Map<string, string>, run: MemoryRun): RunIO {
  files.set("/ctx", JSON.stringify(run.context));
  files.delete("/patch");
  files.delete("/metrics");
  const answer = run.probe;
  return {
    env: {
      ...run.env,
      BINDING_CONTEXT_PATH: "/ctx",
      KUBERNETES_PATCH_PATH: "/patch",
      METRICS_PATH: "/metrics",
      EGRESS_HA_STATE_FILE: STATE_FILE,
      HOSTNAME: "replica-1",
    },
    readFile: async (p) => files.get(p) ?? "",
    writeFile: async (p, d) => void files.set(p, d),
    readState: async (p) => files.get(p) ?? null,
    writeState: async (p, d) => void files.set(p, d),
    readIndex: async (p) => files.get(p) ?? null,
    writeIndex: async (p, d) => void files.set(p, d),
    stderr: (t) => void run.log?.push(...t.split("\n").filter((l) => l !== "")),
    now: () => run.now,
    ...(answer
      ? { probe: async (targets) => targets.map((t) => ({ node: t.node, rttMs: null, ...answer(t.node) })) }
      : {}),
  };
}

/** The JSONPatch operations of the run's patch file, by policy name. */
export function patchedPolicies(
  files: Map<string, string>,
): Map<string, { op: string; path: string; value?: unknown }[]> {
  const out = new Map<string, { op: string; path: string; value?: unknown }[]>();
  for (const line of (files.get("/patch") ?? "").split("\n")) {
    if (line.trim() === "") continue;
    const op = JSON.parse(line) as { operation: string; name?: string; jsonPatch?: { op: string; path: string }[] };
    if (op.operation === "JSONPatch" && op.name && op.jsonPatch) out.set(op.name, op.jsonPatch);
  }
  return out;
}
