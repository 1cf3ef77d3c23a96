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
import type { Assessment, DecisionOptions, Plan } from "../engine/decide.js";
import type { NodeName } from "../model/objects.js";
import { repeatDue } from "./conditions.js";
import { metricsDue, type RunState, strongHash } from "./state.js";

/**
 * Condition keys a tick that decided no policy cannot judge, so it carries them over as they are:
 * those that come from deciding policies, and the policy index's (judged by the runs that read or
 * write it).
 */
export const CARRIED_ON_TICKS = /^(stuck:|invalid:|file:policy index$)/;

/** Needs a tick may leave unmet when the policy index cannot be read: nothing moves for them. */
export const DEFERRABLE: ReadonlySet<TickNeed> = new Set<TickNeed>(["metrics-due", "stuck-repeat"]);

/**
 * Everything of an assessment that a policy decision reads: per pool node its name, hostname,
 * labels, state and egress IP; the signals' states; whether every node is known; every node's
 * hostname; and the options. Ages and clock readings are left out: they change every tick
 * without changing a decision until a state changes.
 */
export function healthDigest(
  a: Pick<Assessment | Plan, "pools" | "signals" | "nodesKnown">,
  options: DecisionOptions,
  inventory: readonly NodeName[] | null,
  dryRun: boolean,
): string {
  const parts: unknown[] = [options, dryRun, a.nodesKnown, a.signals.map((s) => [s.signal, s.state])];
  for (const pool of a.pools) {
    parts.push(pool.pool);
    for (const n of pool.nodes) {
      const ip =
        n.egressIP.kind === "valid" ? n.egressIP.ip : n.egressIP.kind === "invalid" ? `!${n.egressIP.raw}` : "";
      parts.push([n.name, n.hostname, n.state, ip, n.labels]);
    }
  }
  parts.push(inventory === null ? null : inventory.map((n) => [n.name, n.hostname]));
  return strongHash(JSON.stringify(parts));
}

/** Why a tick must decide the policies; null when it may skip them. */
export type TickNeed = "first-decision" | "nodes-changed" | "moves-pending" | "metrics-due" | "stuck-repeat" | null;

/**
 * Whether this tick must decide the policies:
 * - nodes-changed: the digest differs from the last full decision's;
 * - moves-pending: a move this writer patched is unconfirmed (a dropped run leaves it unwritten:
 *   only a decision writes it again);
 * - metrics-due: the metrics are due (a minute old, or the last write may have been dropped);
 * - stuck-repeat: a stuck policy's error is due to be repeated (once a minute).
 */
export function tickNeed(state: RunState, digest: string, now: Date, metricsExpected: boolean): TickNeed {
  if (state.decided === null) return "first-decision";
  if (state.decided !== digest) return "nodes-changed";
  if (state.pending.length > 0) return "moves-pending";
  if (metricsExpected && metricsDue(state.metricsWritten, now)) return "metrics-due";
  for (const [key, notice] of Object.entries(state.notices))
    if (key.startsWith("stuck:") && repeatDue(notice, now)) return "stuck-repeat";
  return null;
}
