/**
 * The decision engine: cluster snapshot + options + now + observations → one decision per
 * policy, each with a reason (a code plus its facts). Pure: no clock, env, logging or I/O; the
 * same input always gives the same output.
 *
 * - Signals (signals.ts) say what the Lease and cilium-agent snapshots mean for each node.
 * - Node health (model/node-health.ts) combines them into unhealthy / grace / recovering / settled.
 * - Scope (scope.ts) says which policies and slots are managed.
 * - Sticky: a managed slot whose gateway is healthy, in its pool and still selected stays put.
 * - Placement (placement.ts) moves every other managed slot to a node that fits, or says why
 *   none does ("stuck").
 */
import { assessNode, type HealthOptions, type NodeHealth, type UnhealthyMemory } from "../model/node-health.js";
import { AGENT_NOT_READY_TAINT, type ClusterSnapshot, type NodeObject } from "../model/objects.js";
import { type GatewaySlot, isInvalid, type PolicyShape, readPolicy } from "../model/policy.js";
import { type Reason, reason } from "../model/reason.js";
import { unmatchedTerms } from "../model/selector-match.js";
import { type ClampedTime, Clock } from "./clock.js";
import type { LeaseSighting } from "./lease-signal.js";
import { Placement } from "./placement.js";
import type { ProbeRecord } from "./probe.js";
import { scopeOf } from "./scope.js";
import type { SignalStatus } from "./signal-status.js";
import { type Observations, readSignals, type SignalOptions } from "./signals.js";
import { ClusterView } from "./view.js";

export type { Observations, SignalStatus } from "./signals.js";

export interface DecisionOptions extends HealthOptions, SignalOptions {
  /** Configured pool names; a policy annotated with another name is reported, not managed. */
  pools: readonly string[];
}

export type SlotAction = "keep" | "move" | "stuck";
export type PolicyAction = SlotAction | "ignore" | "invalid";

export interface SlotDecision {
  slot: GatewaySlot;
  action: SlotAction;
  from: string | null;
  to: string | null;
  /** Set when the move also changes the slot's egressIP. */
  egressIP: { from: string; to: string } | null;
  reason: Reason;
}

export interface PolicyDecision {
  policy: string;
  pool: string | null;
  action: PolicyAction;
  /** Current gateway pin per slot (null where a slot is not pinned). */
  gateways: (string | null)[];
  slots: SlotDecision[];
  reason: Reason;
  /** For invalid policies: the field that made it unmanageable. */
  field?: string;
}

export interface PoolHealth {
  pool: string;
  nodes: NodeHealth[];
}

export interface Plan {
  decisions: PolicyDecision[];
  pools: PoolHealth[];
  signals: SignalStatus[];
  /** Conditions worth a warning (bad times, ambiguous hostnames, bad egress IP annotations). */
  notices: Reason[];
  /** When each node was last unhealthy, for the next run. */
  memory: Record<string, UnhealthyMemory>;
  /** Lease sightings for the next run (absent when the caller keeps none). */
  leaseSeen?: Record<string, LeaseSighting>;
  /** Node → since when its cilium agent has been down, for the next run. */
  agentDown: Record<string, string>;
  /** Unannotated policies managed in this run: policy → pool, for the next run. */
  remembered: Record<string, string>;
  /** Times from the future seen this run, for the next one. */
  clamped: Record<string, ClampedTime>;
  /** The probe's record, for the next run. */
  probe: Record<string, ProbeRecord>;
  /** Whether every node of the cluster was known (see Assessment). */
  nodesKnown: boolean;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function keep(slot: GatewaySlot, r: Reason): SlotDecision {
  return { slot, action: "keep", from: slot.hostname, to: slot.hostname, egressIP: null, reason: r };
}

/** Why the slot's current gateway cannot stay (a cause), or the keep reason when it can. */
function judgeGateway(view: ClusterView, pool: string, slot: GatewaySlot): { stay: Reason } | { leave: Reason } {
  const gateway = slot.hostname;
  if (gateway === null) return { leave: reason("not-pinned") };
  const nodes = view.nodesOf(gateway);
  if (nodes.length === 0) return { leave: reason("gateway-not-in-pool", { gateway, pool }) };
  if (nodes.length > 1) {
    // Cilium takes the first matching node by name, which may be the one that cannot serve.
    const cannot = nodes.filter((n) => !view.isMember(pool, n) || !view.health.get(n)?.healthy);
    if (cannot.length > 0)
      return { leave: reason("gateway-ambiguous", { gateway, nodes: [...nodes], unhealthy: cannot }) };
    return { stay: reason("gateway-healthy", { gateway }) };
  }
  const node = nodes[0] as string;
  if (!view.isMember(pool, node)) return { leave: reason("gateway-not-in-pool", { gateway, pool }) };
  const h = view.health.get(node) as NodeHealth;
  if (!h.healthy)
    return { leave: reason("gateway-unhealthy", { gateway, node, problems: h.problems.map((p) => p.reason) }) };
  const unmatched = unmatchedTerms(slot.otherTerms, h.labels);
  if (unmatched.length > 0) return { leave: reason("gateway-selector-mismatch", { gateway, terms: unmatched }) };
  if (h.state === "grace") return { stay: reason("gateway-in-grace", { gateway, grace: h.waiting }) };
  return { stay: reason("gateway-healthy", { gateway }) };
}

function decidePolicy(
  view: ClusterView,
  placement: Placement,
  shape: PolicyShape,
  pool: string,
  managed: readonly boolean[],
): PolicyDecision {
  // Indexed like shape.slots. Most policies keep every slot, so the moving path allocates its
  // bookkeeping only when a slot moves.
  const outcomes: SlotDecision[] = new Array(shape.slots.length);
  const moving: { index: number; slot: GatewaySlot; cause: Reason; fits: number }[] = [];
  shape.slots.forEach((slot, index) => {
    if (!managed[index]) {
      outcomes[index] = keep(slot, reason("foreign-slot", { gateway: slot.hostname, pool }));
      return;
    }
    const j = judgeGateway(view, pool, slot);
    if ("stay" in j) outcomes[index] = keep(slot, j.stay);
    else moving.push({ index, slot, cause: j.leave, fits: 0 });
  });
  if (moving.length > 0) {
    const taken = new Set<string>();
    for (const o of outcomes) {
      if (!o) continue;
      for (const n of view.nodesOf(o.from)) taken.add(n);
    }
    // The most constrained slots choose first, so a slot that fits only one node still gets it.
    if (moving.length > 1) {
      for (const m of moving) m.fits = placement.count(pool, m.slot);
      moving.sort((a, b) => a.fits - b.fits);
    }
    for (const { index, slot, cause } of moving) {
      const choice = placement.pick(pool, slot, taken);
      if ("rejections" in choice) {
        outcomes[index] = {
          slot,
          action: "stuck",
          from: slot.hostname,
          to: null,
          egressIP: null,
          reason: reason("no-node-fits", { cause, pool, rejections: choice.rejections }),
        };
        continue;
      }
      taken.add(choice.node);
      view.addLoad(view.nodeOf(slot.hostname), -1);
      view.addLoad(choice.node, +1);
      let egressIP: SlotDecision["egressIP"] = null;
      const target = view.health.get(choice.node) as NodeHealth;
      if (slot.egressIP !== null && target.egressIP.kind === "valid" && target.egressIP.ip !== slot.egressIP) {
        egressIP = { from: slot.egressIP, to: target.egressIP.ip };
      }
      outcomes[index] = {
        slot,
        action: "move",
        from: slot.hostname,
        to: choice.hostname,
        egressIP,
        reason: reason("move", {
          cause,
          node: choice.node,
          hostname: choice.hostname,
          tier: choice.tier,
          load: choice.load,
          shared: choice.shared,
          egressIP,
        }),
      };
    }
  }
  const slots = outcomes;
  const action: SlotAction = slots.some((s) => s.action === "move")
    ? "move"
    : slots.some((s) => s.action === "stuck")
      ? "stuck"
      : "keep";
  let r: Reason;
  if (slots.length === 1) r = (slots[0] as SlotDecision).reason;
  else if (action === "keep" && slots.every((s) => s.reason.code === "gateway-healthy"))
    r = reason("all-healthy", { gateways: slots.map((s) => s.from) });
  else
    r = reason("slots", {
      parts: slots
        .filter((s) => s.action !== "keep" || s.reason.code !== "gateway-healthy")
        .map((s) => ({ slot: s.slot.label, reason: s.reason })),
    });
  return { policy: shape.name, pool, action, gateways: shape.slots.map((s) => s.hostname), slots, reason: r };
}

function other(
  policy: string,
  action: "ignore" | "invalid",
  r: Reason,
  gateways: (string | null)[] = [],
  field?: string,
): PolicyDecision {
  return { policy, pool: null, action, gateways, slots: [], reason: r, ...(field ? { field } : {}) };
}

/**
 * What a run knows before it looks at any policy: every pool node's health, the signals, and
 * what to remember of them. A resync tick that finds this unchanged since the last full decision
 * decides no policy at all (hook/tick.ts).
 */
export interface Assessment {
  pools: PoolHealth[];
  view: ClusterView;
  signals: SignalStatus[];
  notices: Reason[];
  memory: Record<string, UnhealthyMemory>;
  leaseSeen?: Record<string, LeaseSighting>;
  agentDown: Record<string, string>;
  clamped: Record<string, ClampedTime>;
  probe: Record<string, ProbeRecord>;
  /** Whether every node of the cluster is known (the inventory, and the Leases when that signal is on). */
  nodesKnown: boolean;
}

/** Assesses the nodes and signals of a snapshot; its policies are not read. */
export function assess(
  snapshot: Omit<ClusterSnapshot, "policies">,
  options: DecisionOptions,
  now: Date,
  observations: Observations = {},
): Assessment {
  const clock = new Clock(now.getTime(), observations.clamped);
  // With the agent signal on, the agent-not-ready taint is that signal's: timed by the grace.
  const blockingTaints = options.agent
    ? options.blockingTaints.filter((t) => t !== AGENT_NOT_READY_TAINT)
    : options.blockingTaints;
  const healthOptions: HealthOptions = { ...options, blockingTaints };

  const poolNodes = new Map<
    string,
    { agentTaint: boolean; agentTaintAdded: string | null; readySince: string | null }
  >();
  const objects = new Map<string, NodeObject>();
  for (const nodes of snapshot.pools.values()) {
    for (const n of nodes) {
      if (objects.has(n.name)) continue;
      objects.set(n.name, n);
      poolNodes.set(n.name, {
        agentTaint: n.taints.includes(AGENT_NOT_READY_TAINT),
        agentTaintAdded: n.agentTaintAdded ?? null,
        readySince: n.ready?.status === "True" ? n.ready.since : null,
      });
    }
  }
  const signals = readSignals(snapshot, options, clock, observations, poolNodes);
  const health = new Map<string, NodeHealth>();
  for (const [name, n] of objects) health.set(name, assessNode(n, healthOptions, clock.now, signals.byNode.get(name)));
  const pools = new Map<string, NodeHealth[]>();
  for (const pool of [...snapshot.pools.keys()].sort(byName)) {
    pools.set(
      pool,
      (snapshot.pools.get(pool) ?? []).map((n) => health.get(n.name) as NodeHealth),
    );
  }
  const view = new ClusterView(pools, snapshot.inventory);

  // Memory for the recovery delay: when each node was last seen unhealthy.
  const memory: Record<string, UnhealthyMemory> = Object.create(null);
  const delayMs = options.recoveryDelaySeconds * 1000;
  for (const h of health.values()) {
    if (!h.healthy || signals.restart.has(h.name)) {
      // A probe that failed or was refused restarts the delay even before the node is unhealthy.
      const why = h.healthy ? "probe" : h.problems.map((p) => p.reason.code).join(",");
      memory[h.name] = { at: clock.iso, why };
      continue;
    }
    const before =
      observations.unhealthy && Object.hasOwn(observations.unhealthy, h.name)
        ? observations.unhealthy[h.name]
        : undefined;
    const at = before ? Date.parse(before.at) : Number.NaN;
    if (before && !Number.isNaN(at) && clock.now - Math.min(at, clock.now) < delayMs)
      memory[h.name] = { at: new Date(Math.min(at, clock.now)).toISOString(), why: before.why };
  }

  const notices: Reason[] = [...clock.notices];
  for (const a of view.ambiguous()) {
    if (a.nodes.some((n) => health.has(n)))
      notices.push(reason("hostnames-ambiguous", { hostname: a.hostname, nodes: [...a.nodes] }));
  }
  for (const h of health.values()) {
    if (h.egressIP.kind === "invalid")
      notices.push(
        reason("egress-ip-annotation-invalid", { node: h.name, value: h.egressIP.raw, problem: h.egressIP.problem }),
      );
  }

  return {
    pools: [...pools].map(([pool, nodes]) => ({ pool, nodes })),
    view,
    signals: signals.statuses,
    notices,
    memory,
    ...(signals.leaseSeen ? { leaseSeen: signals.leaseSeen } : {}),
    agentDown: signals.agentDown,
    clamped: clock.clamped,
    probe: signals.probe,
    nodesKnown: view.inventoryKnown && (options.lease === null || signals.leasesKnown),
  };
}

/** Decides, for every policy in the snapshot, whether and where its gateways move. */
export function decide(
  snapshot: ClusterSnapshot,
  options: DecisionOptions,
  now: Date,
  observations: Observations = {},
): Plan {
  const assessment = assess(snapshot, options, now, observations);
  const { view, nodesKnown } = assessment;
  const placement = new Placement(view);
  const remembered: Record<string, string> = Object.create(null);
  const priorRemembered = observations.remembered ?? {};
  const policies = [...snapshot.policies].sort((a, b) => byName(a.name, b.name));
  const decisions: PolicyDecision[] = new Array(policies.length);
  const managed: { index: number; shape: PolicyShape; pool: string; slots: boolean[] }[] = [];
  policies.forEach((p, index) => {
    const shape = readPolicy(p);
    if (isInvalid(shape)) {
      // Only a policy that opted in is reported: other teams' policies may use shapes the hook
      // does not manage (a hostname matchExpression, say), and that is no one's problem here.
      decisions[index] =
        shape.poolAnnotation === null
          ? other(
              shape.name,
              "ignore",
              reason("not-managed", { because: "unmanageable", field: shape.field, message: shape.message }),
            )
          : other(
              shape.name,
              "invalid",
              reason("invalid-policy", { field: shape.field, message: shape.message }),
              [],
              shape.field,
            );
      return;
    }
    const gateways = shape.slots.map((s) => s.hostname);
    if (shape.deleting) {
      decisions[index] = other(shape.name, "ignore", reason("deleting"), gateways);
      return;
    }
    const scope = scopeOf(view, shape, options.pools, priorRemembered, nodesKnown);
    if (scope.kind === "invalid") {
      decisions[index] = other(shape.name, "invalid", scope.reason, [], scope.field);
    } else if (scope.kind === "ignore") {
      decisions[index] = other(shape.name, "ignore", scope.reason, gateways);
      if (scope.keepRemembered !== undefined) remembered[shape.name] = scope.keepRemembered;
    } else {
      managed.push({ index, shape, pool: scope.pool, slots: scope.slots });
      shape.slots.forEach((s, i) => {
        if (scope.slots[i]) view.addLoad(view.nodeOf(s.hostname), +1);
      });
      if (scope.via !== "annotation") remembered[shape.name] = scope.pool;
    }
  });
  for (const m of managed) decisions[m.index] = decidePolicy(view, placement, m.shape, m.pool, m.slots);

  return {
    decisions,
    pools: assessment.pools,
    signals: assessment.signals,
    notices: assessment.notices,
    memory: assessment.memory,
    ...(assessment.leaseSeen ? { leaseSeen: assessment.leaseSeen } : {}),
    agentDown: assessment.agentDown,
    remembered,
    clamped: assessment.clamped,
    probe: assessment.probe,
    nodesKnown,
  };
}
