/**
 * The pure middle of a run, shared by the hook and `plan`: binding-context document + state →
 * decisions → patch operations, Events, metrics and the next state.
 */
import { formatLabelSelector } from "../config/label-selector.js";
import type { Settings } from "../config/settings.js";
import { decide, type Plan } from "../engine/decide.js";
import { type EventCreateOperation, toEventOperations } from "../patch/events.js";
import { type MetricOperation, toMetrics } from "../patch/metrics.js";
import { type PolicyPatchOperation, toOperations } from "../patch/operations.js";
import { type ContextSummary, type Problem, parseBindingContext } from "../protocol/binding-context.js";
import { EMPTY_STATE, type RunState } from "./state.js";

export interface Evaluation {
  contexts: ContextSummary[];
  problems: Problem[];
  /** null when the binding context was an empty array. */
  plan: Plan | null;
  /** Policy patches first, then Events: what goes to $KUBERNETES_PATCH_PATH. */
  operations: (PolicyPatchOperation | EventCreateOperation)[];
  metrics: MetricOperation[];
  state: RunState;
}

export interface EvaluateOptions {
  /** Take the pools from the context's snapshots instead of `settings` (plan on a foreign context). */
  poolsFromContext?: boolean;
  /** Require the snapshots of every enabled signal (hook runs: our --config always provides them). */
  strict?: boolean;
  /** What the previous run left. */
  state?: RunState;
  /**
   * "lost" when the hook cannot carry its memory from run to run (EGRESS_HA_STATE_FILE cannot be
   * read or written): the Lease and agent signals, which time what the hook itself saw, are then
   * reported unavailable.
   */
  memory?: "kept" | "lost";
}

export function evaluate(doc: unknown, settings: Settings, now: Date, options: EvaluateOptions = {}): Evaluation {
  const { poolsFromContext = false, strict = false, state = EMPTY_STATE } = options;
  const parsed = parseBindingContext(
    doc,
    poolsFromContext ? null : settings.pools.map((p) => p.name),
    strict ? { leases: settings.leaseSignal, agents: settings.agentSignal } : { leases: false, agents: false },
  );
  if (parsed.snapshot === null) {
    return { contexts: parsed.contexts, problems: parsed.problems, plan: null, operations: [], metrics: [], state };
  }
  const pools = poolsFromContext ? [...parsed.snapshot.pools.keys()] : settings.pools.map((p) => p.name);
  const decided = decide(
    parsed.snapshot,
    {
      pools,
      cordonDrains: settings.cordonDrains,
      recoveryDelaySeconds: settings.recoveryDelaySeconds,
      blockingTaints: settings.blockingTaints,
      lease: settings.leaseSignal ? { staleAfterSeconds: settings.leaseStaleAfterSeconds } : null,
      agent: settings.agentSignal
        ? {
            source: `${formatLabelSelector(settings.agentSelector)} in ${settings.agentNamespace}`,
            graceSeconds: settings.agentGraceSeconds,
          }
        : null,
    },
    now,
    {
      unhealthy: state.nodes,
      // Lease ages by the hook's own sightings whenever there is a state to keep them in.
      leaseSeen: options.state ? state.leaseSeen : undefined,
      agentDown: state.agentDown,
      remembered: state.remembered,
    },
  );

  const plan: Plan =
    options.memory === "lost"
      ? {
          ...decided,
          signals: decided.signals.map((s) =>
            (s.signal === "lease" || s.signal === "agent") && s.state === "active"
              ? { ...s, state: "unavailable", detail: `${s.detail}, but the hook's state file cannot be kept` }
              : s,
          ),
        }
      : decided;

  // Null-prototype records: policy and pool names are keys, and "constructor" is a valid name.
  const stuck: Record<string, string> = Object.create(null);
  const failovers: Record<string, number> = Object.assign(Object.create(null), state.failovers);
  for (const d of plan.decisions) {
    // A policy with one stuck slot is stuck even while another slot moves.
    if (d.slots.some((s) => s.action === "stuck")) {
      stuck[d.policy] = Object.hasOwn(state.stuck, d.policy) ? (state.stuck[d.policy] as string) : now.toISOString();
    }
    // A dry run moves nothing, so it counts nothing.
    if (d.action === "move" && d.pool !== null && !settings.dryRun) {
      const before = Object.hasOwn(failovers, d.pool) ? (failovers[d.pool] as number) : 0;
      failovers[d.pool] = before + d.slots.filter((s) => s.action === "move").length;
    }
  }
  const uids = new Map(parsed.snapshot.policies.map((p) => [p.name, p.uid ?? null]));
  const events = settings.events ? toEventOperations(plan.decisions, uids, state.stuck, now) : [];
  return {
    contexts: parsed.contexts,
    problems: parsed.problems,
    plan,
    operations: [...toOperations(plan.decisions), ...events],
    metrics: toMetrics(plan, failovers, !settings.dryRun),
    state: {
      nodes: plan.memory,
      stuck,
      failovers,
      leaseSeen: plan.leaseSeen ?? state.leaseSeen,
      agentDown: plan.agentDown,
      remembered: plan.remembered,
    },
  };
}
