/**
 * The pure middle of a run, shared by the hook and `plan`: binding-context document + state →
 * decisions → patch operations, Events, metrics and the next state.
 */
import type { Settings } from "../config/settings.js";
import { type Assessment, decideFrom, type Plan } from "../engine/decide.js";
import {
  deferMoves,
  inFlight,
  type LastMove,
  moveProblems,
  moveSummary,
  type PendingMove,
  type Settled,
  settleMoves,
  sightMoves,
} from "../engine/moves.js";
import type { PolicyObject } from "../model/objects.js";
import { type EventCreateOperation, toEventOperations } from "../patch/events.js";
import { type MetricOperation, stateMetric, toMetrics } from "../patch/metrics.js";
import { type MoveWrite, type PolicyPatchOperation, toOperations } from "../patch/operations.js";
import {
  type ContextSummary,
  ContractError,
  type ParsedBindingContext,
  type Problem,
} from "../protocol/binding-context.js";
import { assessRun, parseContext, type RunMemory } from "./assessment.js";
import { EMPTY_STATE, type RunState } from "./state.js";
import { healthDigest } from "./tick.js";

export interface Evaluation {
  contexts: ContextSummary[];
  problems: Problem[];
  /** null when the binding context was an empty array. */
  plan: Plan | null;
  /** Policy patches first, then Events: what goes to $KUBERNETES_PATCH_PATH. */
  operations: (PolicyPatchOperation | EventCreateOperation)[];
  /** Empty and not to be written on a tick that decided no policy (see `tick`). */
  metrics: MetricOperation[];
  state: RunState;
  /** Moves written this run (pending until a later run confirms them). */
  written: PendingMove[];
  /** Moves decided again while an identical patch is still in flight: not written twice. */
  held: string[];
  /** Earlier moves settled this run: confirmed ones are reported, dropped ones never took effect. */
  settled: Settled;
  /**
   * Set on a resync tick that decided no policy (hook/tick.ts): "quiet" when nothing a decision
   * reads changed, "blind" when something did but the policy index could not be read. The plan
   * then has no decisions, no metrics are written, and policy conditions carry over.
   */
  tick?: "quiet" | "blind";
}

export interface EvaluateOptions extends RunMemory {
  /** Take the pools from the context's snapshots instead of `settings` (plan on a foreign context). */
  poolsFromContext?: boolean;
  /** Require the snapshots of every enabled signal (hook runs: our --config always provides them). */
  strict?: boolean;
  /** This writer's identity, recorded in the last-move annotation (the pod name). */
  writer?: string;
  /** The document already parsed (see `parseContext`), so a probing run parses it once. */
  parsed?: ParsedBindingContext;
  /** The policies, when the context carries none (a resync tick): from the policy index. */
  policies?: readonly PolicyObject[];
  /** The nodes as this run already assessed them (a resync tick: hook/tick-check.ts). */
  assessment?: Assessment;
  /** The state file's size as read, for its metric (hook runs only). */
  stateBytes?: number;
}

export const DEFAULT_WRITER = "cilium-egress-ha";
/** With EGRESS_HA_POLICY_METRICS=auto, per-policy series are written up to this many managed policies. */
export const POLICY_METRICS_AUTO_LIMIT = 1000;

export const NOTHING_SETTLED: Settled = { confirmed: [], dropped: [], pending: [] };

export function evaluate(doc: unknown, settings: Settings, now: Date, options: EvaluateOptions = {}): Evaluation {
  const { poolsFromContext = false, strict = false, writer = DEFAULT_WRITER } = options;
  const state = options.state ?? EMPTY_STATE;
  const parsed = options.parsed ?? parseContext(doc, settings, { poolsFromContext, strict });
  if (parsed.snapshot === null) {
    return {
      contexts: parsed.contexts,
      problems: parsed.problems,
      plan: null,
      operations: [],
      metrics: [],
      state,
      written: [],
      held: [],
      settled: NOTHING_SETTLED,
    };
  }
  let snapshot = parsed.snapshot;
  if (!parsed.policiesKnown) {
    if (options.policies === undefined)
      throw new ContractError(
        "the binding context carries no policies snapshot (a resync tick); decide it with the policies of the hook's policy index",
      );
    snapshot = { ...snapshot, policies: [...options.policies] };
  }
  const pools = poolsFromContext ? [...snapshot.pools.keys()] : settings.pools.map((p) => p.name);
  // A tick that must decide already assessed the nodes: it decides from that same assessment.
  // A context's pools are not the settings' pools: their own terms (which pins carry) are unknown.
  const assessed = poolsFromContext ? { ...settings, pools: [] } : settings;
  const assessment = options.assessment ?? assessRun(snapshot, assessed, pools, now, state, options);
  const ms = now.getTime();
  // Other writers' moves are timed by this replica's own sightings (engine/moves.ts).
  const seen = sightMoves(snapshot.policies, state.sightings, now);
  const decided = decideFrom(assessment, snapshot.policies);
  const deferred = deferMoves(decided.decisions, seen, writer, ms);
  const plan: Plan = { ...decided, decisions: deferred.decisions };
  const pins = new Map(plan.decisions.map((d) => [d.policy, d.gateways]));
  const settled = settleMoves(state.pending, pins, seen, writer, ms);
  // Null-prototype records: policy and pool names are keys, and "constructor" is a valid name.
  const failovers: Record<string, number> = Object.assign(Object.create(null), state.failovers);
  for (const m of settled.confirmed)
    failovers[m.pool] = (Object.hasOwn(failovers, m.pool) ? (failovers[m.pool] as number) : 0) + m.slots;

  const byName = new Map(snapshot.policies.map((p) => [p.name, p]));
  const stuck: Record<string, string> = Object.create(null);
  const writes: MoveWrite[] = [];
  const written: PendingMove[] = [];
  const held: string[] = [];
  const at = now.toISOString();
  const stamp = ms.toString(36);
  for (const d of plan.decisions) {
    // A policy with one stuck slot is stuck even while another slot moves.
    if (d.slots.some((s) => s.action === "stuck")) {
      stuck[d.policy] = Object.hasOwn(state.stuck, d.policy) ? (state.stuck[d.policy] as string) : at;
    }
    // A dry run writes nothing, so it has nothing to confirm.
    if (d.action !== "move" || d.pool === null || settings.dryRun) continue;
    const from = d.slots.map((s) => s.from);
    const to = d.slots.map((s) => s.to ?? s.from);
    if (inFlight(settled.pending, d.policy, from, to, ms)) {
      held.push(d.policy);
      continue;
    }
    const id = `${stamp}-${written.length}`;
    const problems = moveProblems(d);
    const lastMove: LastMove = { id, by: writer, at, ...moveSummary(d), from, to };
    const object = byName.get(d.policy);
    writes.push({ decision: d, lastMove, hasAnnotations: object?.hasAnnotations ?? object?.pool != null });
    written.push({
      id,
      policy: d.policy,
      pool: d.pool,
      at,
      slots: d.slots.filter((s) => s.action === "move").length,
      from,
      to,
      code: moveSummary(d).reason,
      ...(problems.length > 0 ? { problems } : {}),
    });
  }
  const uids = new Map(snapshot.policies.map((p) => [p.name, p.uid ?? null]));
  const hostToNode = new Map<string, string>();
  for (const pool of plan.pools)
    for (const n of pool.nodes) if (n.hostname !== null) hostToNode.set(n.hostname, n.name);
  const events = settings.events
    ? toEventOperations(settled.confirmed, plan.decisions, uids, state.stuck, now, settings.eventLimit, hostToNode)
    : [];
  // Per-policy gateway series: above 1000 managed policies they dominate every write, so opt-in.
  const managed = plan.decisions.filter((d) => d.pool !== null).length;
  const perPolicy = settings.policyMetrics ?? managed <= POLICY_METRICS_AUTO_LIMIT;
  return {
    contexts: parsed.contexts,
    problems: parsed.problems,
    plan,
    operations: [...toOperations(writes), ...events],
    metrics: [
      ...toMetrics(plan, failovers, !settings.dryRun, perPolicy),
      ...(options.stateBytes !== undefined ? [stateMetric(options.stateBytes)] : []),
    ],
    state: {
      engine: plan.memory,
      stuck,
      failovers,
      pending: [...settled.pending, ...written],
      metricsWritten: state.metricsWritten,
      notices: state.notices,
      decided: healthDigest(plan, settings.dryRun),
      index: state.index,
      sightings: seen.sightings,
      deferUntil: deferred.until === null ? null : new Date(deferred.until).toISOString(),
    },
    written,
    held,
    settled,
  };
}
