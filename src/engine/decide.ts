/**
 * The decision engine: cluster snapshot + options + now + observations → one decision per
 * policy, each with a reason (a code plus its facts). Pure: no clock, env, logging or I/O; the
 * same input always gives the same output.
 *
 * - Assessment (assess.ts): every pool node's health from the Node objects and the signals,
 *   and the decision inputs (inputs.ts), the one thing the decisions read of the nodes.
 * - Scope (scope.ts) says which policies and slots are managed.
 * - Each managed policy is decided slot by slot (decide-policy.ts): a slot whose gateway can
 *   stay stays, every other moves where placement (placement.ts) says, or is stuck.
 *
 * `decide` is `assess` then `decideFrom`; a caller that has assessed already decides from it.
 */
import type { ClusterSnapshot, PolicyObject } from "../model/objects.js";
import { type InvalidPolicy, isInvalid, type PolicyShape, readPolicy } from "../model/policy.js";
import { type Reason, reason } from "../model/reason.js";
import { type Assessment, assess, type DecisionOptions, type PoolHealth } from "./assess.js";
import { decidePolicy, type PolicyDecision, unmanaged } from "./decide-policy.js";
import type { DecisionInputs, Explanations } from "./inputs.js";
import type { EngineMemory } from "./memory.js";
import { Placement } from "./placement.js";
import { scopeOf } from "./scope.js";
import type { SignalStatus } from "./signal-status.js";
import { noObservations, type Observations } from "./signals.js";
import { ClusterView } from "./view.js";

export type { Assessment, DecisionOptions, PoolHealth } from "./assess.js";
export { assess } from "./assess.js";
export type { PolicyAction, PolicyDecision, SlotAction, SlotDecision } from "./decide-policy.js";
export type { DecisionInputs } from "./inputs.js";
export type { EngineMemory } from "./memory.js";
export { emptyEngineMemory } from "./memory.js";
export type { Observations, SignalStatus } from "./signals.js";
export { noObservations } from "./signals.js";

export interface Plan {
  decisions: PolicyDecision[];
  pools: PoolHealth[];
  /** What the decisions read of the nodes (the tick's digest covers it: hook/tick.ts). */
  inputs: DecisionInputs;
  signals: SignalStatus[];
  /** Conditions worth a warning (bad times, ambiguous hostnames, bad egress IP annotations). */
  notices: Reason[];
  /** What to remember for the next run (memory.ts), `remembered` as these decisions left it. */
  memory: EngineMemory;
  /** Whether every node of the cluster was known (see Assessment). */
  nodesKnown: boolean;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The decision for a policy that cannot be managed: reported only when it opted in. */
function unmanageable(shape: InvalidPolicy): PolicyDecision {
  // Only a policy that opted in is reported: other teams' policies may use shapes the hook
  // does not manage (a hostname matchExpression, say), and that is no one's problem here.
  if (shape.poolAnnotation === null)
    return unmanaged(
      shape.name,
      "ignore",
      reason("not-managed", { because: "unmanageable", field: shape.field, message: shape.message }),
    );
  return unmanaged(
    shape.name,
    "invalid",
    reason("invalid-policy", { field: shape.field, message: shape.message }),
    [],
    shape.field,
  );
}

/**
 * Decides every policy from the decision inputs.
 * @param explanations why nodes are unhealthy or waiting: copied into reasons, never decided on
 * @param remembered unannotated policies managed by the last decision: policy → pool
 * @returns the decisions, in policy name order, and what to remember for the next decision
 */
export function decidePolicies(
  inputs: DecisionInputs,
  explanations: Explanations,
  policies: readonly PolicyObject[],
  remembered: Readonly<Record<string, string>>,
): { decisions: PolicyDecision[]; remembered: Record<string, string> } {
  const view = new ClusterView(inputs, explanations);
  const placement = new Placement(view);
  const nextRemembered: Record<string, string> = Object.create(null);
  const sorted = [...policies].sort((a, b) => byName(a.name, b.name));
  const decisions: PolicyDecision[] = new Array(sorted.length);
  const managed: { index: number; shape: PolicyShape; pool: string; slots: boolean[] }[] = [];
  sorted.forEach((p, index) => {
    const shape = readPolicy(p);
    if (isInvalid(shape)) {
      decisions[index] = unmanageable(shape);
      return;
    }
    const gateways = shape.slots.map((s) => s.hostname);
    if (shape.deleting) {
      decisions[index] = unmanaged(shape.name, "ignore", reason("deleting"), gateways);
      return;
    }
    const scope = scopeOf(view, shape, inputs.configured, remembered, inputs.nodesKnown);
    if (scope.kind === "invalid") {
      decisions[index] = unmanaged(shape.name, "invalid", scope.reason, [], scope.field);
    } else if (scope.kind === "ignore") {
      decisions[index] = unmanaged(shape.name, "ignore", scope.reason, gateways);
      if (scope.keepRemembered !== undefined) nextRemembered[shape.name] = scope.keepRemembered;
    } else {
      // Every managed gateway counts towards its node's load before any slot moves.
      managed.push({ index, shape, pool: scope.pool, slots: scope.slots });
      shape.slots.forEach((s, i) => {
        if (scope.slots[i]) view.addLoad(view.pinnedNode(scope.pool, s), +1);
      });
      if (scope.via !== "annotation") nextRemembered[shape.name] = scope.pool;
    }
  });
  for (const m of managed) decisions[m.index] = decidePolicy(view, placement, m.shape, m.pool, m.slots);
  return { decisions, remembered: nextRemembered };
}

/** A plan of these decisions, with what the assessment found and keeps for the next run. */
export function planOf(a: Assessment, decisions: PolicyDecision[], remembered: Record<string, string>): Plan {
  return {
    decisions,
    pools: a.pools,
    inputs: a.inputs,
    signals: a.signals,
    notices: a.notices,
    memory: { ...a.memory, remembered },
    nodesKnown: a.nodesKnown,
  };
}

/** Decides every policy from an assessment already made (see `assess`). */
export function decideFrom(assessment: Assessment, policies: readonly PolicyObject[]): Plan {
  const { inputs, explanations, memory } = assessment;
  const decided = decidePolicies(inputs, explanations, policies, memory.remembered);
  return planOf(assessment, decided.decisions, decided.remembered);
}

/** Decides, for every policy in the snapshot, whether and where its gateways move. */
export function decide(
  snapshot: ClusterSnapshot,
  options: DecisionOptions,
  now: Date,
  observations: Observations = noObservations(),
): Plan {
  return decideFrom(assess(snapshot, options, now, observations), snapshot.policies);
}
