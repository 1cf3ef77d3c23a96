/**
 * The run's write plan, pure: which files this run writes (metrics, patches, policy index, state)
 * with what text, and the state the next run finds, both when every write succeeds and when one
 * fails. Nothing here touches a file; run.ts executes the plan in this order: metrics, patches,
 * index, state.
 */
import { STATE_BYTES_METRIC } from "../patch/metrics.js";
import { toNdjson } from "../patch/operations.js";
import { type Condition, fileCondition } from "./conditions.js";
import type { Gathered } from "./gather.js";
import type { Evaluation } from "./pipeline.js";
import { indexPath, MAX_INDEX_BYTES, serializeIndex } from "./policy-index.js";
import { type MetricsWritten, metricsStale, type RunState, strongHash, textHash } from "./state.js";

export interface FileWrite {
  path: string;
  text: string;
}

export interface WritePlan {
  /** The metrics, when they are due (never on a tick that decided no policy). */
  metrics: FileWrite | null;
  /** The patch operations; null when there are none (or on a dry run). */
  patch: FileWrite | null;
  /** The policy index, when this run saw the policies and they differ from the index on disk. */
  index: (FileWrite & { hash: string }) | null;
  /** The state when every write succeeds; its notices are filled in by the log step. */
  state: RunState;
  /** What the state records instead when the metrics or the index could not be written. */
  ifFailed: { metrics: MetricsWritten | null; index: null };
  /** Whether this run may save the state at all (another run may hold its lock). */
  saveState: boolean;
  /** Problems with the hook's files known before writing: the state's, the index's. */
  conditions: Condition[];
}

/** Whether the process can keep a policy index at all (cli/hook-process.ts gives it one). */
export interface Capabilities {
  keepsIndex: boolean;
}

/** The policy index this run should leave, or why it cannot. */
function planIndex(
  g: Gathered,
  can: Capabilities,
): { write: WritePlan["index"]; hash: string | null | undefined; problem: Condition | null } {
  const snapshot = g.parsed.snapshot;
  if (!g.parsed.policiesKnown || snapshot === null || !g.loaded.writable || !can.keepsIndex)
    return { write: null, hash: undefined, problem: null };
  const text = serializeIndex(snapshot.policies);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_INDEX_BYTES) {
    const msg = `policy index: ${bytes} bytes, over the limit of ${MAX_INDEX_BYTES}; resync ticks cannot decide the policies, so failover waits for an object event`;
    return { write: null, hash: null, problem: fileCondition("policy index", "TOO_LARGE", msg) };
  }
  const hash = strongHash(text);
  // Unchanged policies: the index on disk is already this one.
  if (hash === g.loaded.state.index) return { write: null, hash, problem: null };
  return { write: { path: indexPath(g.settings.stateFile), text, hash }, hash, problem: null };
}

export function planWrites(g: Gathered, e: Evaluation, indexProblems: Condition[], can: Capabilities): WritePlan {
  const { settings, now } = g;
  const before = g.loaded.state;
  const index = planIndex(g, can);
  const wroteOperations = e.operations.length > 0 && !settings.dryRun;
  // Kept for the next run: if this run's operations fail, shell-operator drops its metrics too.
  // A run that writes no metrics (a tick that decided no policy) keeps an earlier run's demand.
  const last = before.metricsWritten;
  const kept: MetricsWritten | null = last ? { ...last, force: last.force || wroteOperations } : null;
  let metrics: FileWrite | null = null;
  let metricsWritten = kept;
  if (g.metricsPath !== null && !e.tick) {
    const text = toNdjson(e.metrics);
    // The state's size alone changes nearly every run: it is refreshed with the rest, at least once a minute.
    const compared = toNdjson(e.metrics.filter((m) => m.name !== STATE_BYTES_METRIC));
    if (metricsStale(last, compared, now)) {
      metrics = { path: g.metricsPath, text };
      metricsWritten = { hash: textHash(compared), at: now.toISOString(), force: wroteOperations };
    }
  }
  return {
    metrics,
    patch: wroteOperations ? { path: g.patchPath, text: toNdjson(e.operations) } : null,
    index: index.write,
    state: { ...e.state, metricsWritten, index: index.hash === undefined ? e.state.index : index.hash },
    ifFailed: { metrics: kept, index: null },
    saveState: g.loaded.writable,
    conditions: [...g.loaded.problems, ...indexProblems, ...(index.problem ? [index.problem] : [])],
  };
}

/** The state to save, given which writes failed and the notices the log step kept. */
export function nextState(
  plan: WritePlan,
  failed: { metrics: boolean; index: boolean },
  notices: RunState["notices"],
): RunState {
  return {
    ...plan.state,
    notices,
    ...(failed.metrics ? { metricsWritten: plan.ifFailed.metrics } : {}),
    ...(failed.index ? { index: plan.ifFailed.index } : {}),
  };
}
