/**
 * Incremental resync ticks: the one exception to "decide from the full snapshots".
 *
 * The resync binding is outside the binding group and includes every snapshot but the
 * policies, so a tick's context is tens of KB instead of megabytes. A tick assesses the nodes
 * and signals as every run does (the probe, Lease staleness, the agent grace and the recovery
 * delay all live there) and compares what it found with the last full decision:
 * - unchanged: no policy can decide differently, so none is decided (a quiet tick);
 * - changed: every policy is decided, from the policy index the last full snapshot left
 *   (hook/policy-index.ts), exactly as an object event would decide them.
 * Safe because every patch is guarded by a `test` of the pin it replaces, and every object event
 * still brings full snapshots and a full decision. Pure.
 */
import type { Assessment, Plan } from "../engine/decide.js";
import { DEFER_SECONDS } from "../engine/moves.js";
import { repeatDue } from "./conditions.js";
import { metricsDue, type RunState, strongHash } from "./state.js";

/**
 * Condition keys a tick that decided no policy cannot judge, so it carries them over as they are:
 * those that come from deciding policies, and the policy index's (judged by the runs that read or
 * write it).
 */
export const CARRIED_ON_TICKS = /^(size:|stuck:|stuck-pool:|invalid:|shared:|file:policy index$)/;

/** Needs a tick may leave unmet when the policy index cannot be read: nothing moves for them. */
export const DEFERRABLE: ReadonlySet<TickNeed> = new Set<TickNeed>(["metrics-due", "stuck-repeat", "prober-changed"]);

/**
 * What a tick compares with the last full decision: a hash of the decision inputs (everything a
 * policy decision reads of the nodes: engine/inputs.ts; no ages, no clock readings), plus what a
 * full run reports beyond its decisions (the signals' states, in its metrics) and the dry-run
 * switch.
 */
export function healthDigest(a: Pick<Assessment | Plan, "inputs" | "signals">, dryRun: boolean): string {
  const signals = a.signals.map((s) => [s.signal, s.state]);
  return strongHash(JSON.stringify([a.inputs, signals, dryRun]));
}

/**
 * Whether a deferral stored as ending at `until` has ended. One that ends further ahead than a
 * deferral can last was stored by a clock that has since stepped back: it has ended too.
 */
function deferralEnded(until: string, now: Date): boolean {
  const t = Date.parse(until);
  return Number.isNaN(t) || now.getTime() >= t || t - now.getTime() > DEFER_SECONDS * 1000;
}

/** Why a tick must decide the policies; null when it may skip them. */
export type TickNeed =
  | "first-decision"
  | "nodes-changed"
  | "moves-pending"
  | "deferral-ends"
  | "metrics-due"
  | "stuck-repeat"
  | "prober-changed"
  | null;

/**
 * Whether this tick must decide the policies:
 * - nodes-changed: the digest differs from the last full decision's;
 * - moves-pending: a move this writer patched is unconfirmed (a dropped run leaves it unwritten:
 *   only a decision writes it again);
 * - deferral-ends: a slot kept for another writer's recent choice (engine/moves.ts) may now move;
 * - metrics-due: the metrics are due (a minute old, or the last write may have been dropped);
 * - stuck-repeat: a stuck policy's error is due to be repeated (once a minute);
 * - prober-changed: the prober went down or came back (hook/decide-run.ts), which the metrics must say.
 */
export function tickNeed(state: RunState, digest: string, now: Date, metricsExpected: boolean): TickNeed {
  if (state.decided === null) return "first-decision";
  if (state.decided !== digest) return "nodes-changed";
  if (state.pending.length > 0) return "moves-pending";
  if (state.deferUntil !== null && deferralEnded(state.deferUntil, now)) return "deferral-ends";
  if (metricsExpected && metricsDue(state.metricsWritten, now)) return "metrics-due";
  for (const [key, notice] of Object.entries(state.notices))
    if ((key.startsWith("stuck:") || key.startsWith("stuck-pool:")) && repeatDue(notice, now)) return "stuck-repeat";
  return null;
}
