/**
 * The decision engine: cluster snapshot + options + now → one decision per policy, each with
 * a reason. Pure: no clock, env, logging or I/O. The same input always gives the same output.
 *
 * Rules, in order:
 * - Only managed policies are touched: annotated `cilium-egress-ha/pool: <pool>`, or (prior-art
 *   compatibility) pinned by hostname to a current member of a pool.
 * - Sticky: a slot whose gateway is healthy, in its pool and still selected stays put.
 * - A slot that must move goes to the candidate with the fewest managed gateways, counting this
 *   run's earlier moves, ties by name; two slots of one policy share a node only when there are
 *   not enough candidates.
 * - No candidate: the slot stays as it is and the decision says why ("stuck").
 */
import {
  type AgentSignal,
  assessNode,
  describeHealth,
  type HealthOptions,
  isLeaseStale,
  type LeaseSighting,
  type LeaseSignal,
  type NodeHealth,
  type UnhealthyMemory,
} from "../model/node-health.js";
import { type GatewaySlot, type InvalidPolicy, isInvalid, type PolicyShape, readPolicy } from "../model/policy.js";
import { unmatchedTerms } from "../model/selector-match.js";
import type { ClusterSnapshot } from "../protocol/binding-context.js";
import { type AgentProjection, ANNOTATION_EGRESS_IP, ANNOTATION_POOL } from "../protocol/projections.js";

export interface DecisionOptions extends HealthOptions {
  /** Configured pool names; a policy annotated with another name is reported, not managed. */
  pools: readonly string[];
  /** Lease staleness signal; absent or null when off. */
  lease?: { staleAfterSeconds: number | null } | null;
  /** cilium-agent readiness signal; absent or null when off. `source` names where pods are looked for. */
  agent?: { source: string; graceSeconds: number } | null;
}

/** Whether each optional signal took part in this run, and why not if it did not. */
export interface SignalStatus {
  signal: "lease" | "agent";
  state: "active" | "off" | "unavailable" | "suspended";
  detail: string;
}

/** Node name → when the hook last saw it unhealthy. Carried from run to run by the caller. */
export type Memory = Record<string, UnhealthyMemory>;

export type SlotAction = "keep" | "move" | "stuck";
export type PolicyAction = SlotAction | "ignore" | "invalid";

export interface SlotDecision {
  slot: GatewaySlot;
  action: SlotAction;
  from: string | null;
  to: string | null;
  /** Set when the move also changes the slot's egressIP. */
  egressIP: { from: string; to: string } | null;
  reason: string;
}

export interface PolicyDecision {
  policy: string;
  pool: string | null;
  action: PolicyAction;
  /** Current gateway node per slot (null where a slot is not pinned). */
  gateways: (string | null)[];
  slots: SlotDecision[];
  reason: string;
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
  /** Memory for the next run. */
  memory: Memory;
  /** Lease sightings for the next run (absent when the caller keeps none). */
  leaseSeen?: Record<string, LeaseSighting>;
  /** Node → since when its cilium agent has been down, for the next run. */
  agentDown: Record<string, string>;
  /** Unannotated policies managed in this run: policy → pool, for the next run. */
  remembered: Record<string, string>;
}

/** What earlier runs observed, beyond the snapshot. */
export interface Observations {
  /** When each node was last seen unhealthy (recovery hysteresis). */
  unhealthy?: Memory | undefined;
  /** Unannotated policies managed earlier through a pinned pool node: policy → pool. */
  remembered?: Record<string, string> | undefined;
  /** Lease sightings; absent means "keep none" and Lease ages come from renewTime (plan). */
  leaseSeen?: Record<string, LeaseSighting> | undefined;
  agentDown?: Record<string, string> | undefined;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Assignment {
  node: string;
  load: number;
  shared: boolean;
}

class Cluster {
  readonly health = new Map<string, NodeHealth>();
  readonly members = new Map<string, string[]>();
  readonly load = new Map<string, number>();
  readonly signals: SignalStatus[] = [];
  readonly memory: Memory = Object.create(null);
  readonly leaseSeen: Record<string, LeaseSighting> | undefined;
  readonly agentDown: Record<string, string> = Object.create(null);
  /** Names of every node in the cluster, from the Lease snapshot; null without it. */
  readonly leaseNames: Set<string> | null;

  constructor(snapshot: ClusterSnapshot, opts: DecisionOptions, now: Date, seen: Observations) {
    const memory = seen.unhealthy ?? {};
    this.leaseSeen = seen.leaseSeen ? this.sightLeases(snapshot, seen.leaseSeen, now) : undefined;
    this.leaseNames = snapshot.leases === null ? null : new Set(snapshot.leases.map((l) => l.name));
    const priorAgentDown = seen.agentDown ?? {};
    const poolNodes = new Set<string>();
    for (const nodes of snapshot.pools.values()) for (const n of nodes) poolNodes.add(n.name);
    const lease = this.leaseSignal(snapshot, opts, now);
    const agent = this.agentSignal(snapshot, opts, poolNodes);
    for (const pool of [...snapshot.pools.keys()].sort(byName)) {
      const names = new Set<string>();
      for (const node of snapshot.pools.get(pool) ?? []) {
        if (!this.health.has(node.name)) {
          const before = Object.hasOwn(memory, node.name) ? memory[node.name] : undefined;
          const agentDownSince = Object.hasOwn(priorAgentDown, node.name) ? priorAgentDown[node.name] : undefined;
          const h = assessNode(node, opts, now, { lease, agent, lastUnhealthy: before, agentDownSince });
          this.health.set(node.name, h);
          this.remember(h, before, opts.recoveryDelaySeconds, now);
          if (h.agentDownSince !== null) this.agentDown[node.name] = h.agentDownSince;
        }
        names.add(node.name);
      }
      this.members.set(pool, [...names].sort(byName));
    }
  }

  private remember(h: NodeHealth, before: UnhealthyMemory | undefined, delay: number, now: Date): void {
    if (!h.healthy) {
      this.memory[h.name] = { at: now.toISOString(), why: h.problems.join(", ") };
    } else if (before && (now.getTime() - Date.parse(before.at)) / 1000 < delay) {
      this.memory[h.name] = before;
    }
  }

  /** Keeps a sighting while a Lease's renewTime stays the same; a new renewTime is seen now. */
  private sightLeases(
    snapshot: ClusterSnapshot,
    before: Record<string, LeaseSighting>,
    now: Date,
  ): Record<string, LeaseSighting> {
    const next: Record<string, LeaseSighting> = Object.create(null);
    for (const lease of snapshot.leases ?? []) {
      if (lease.renewTime === null) continue;
      const old = Object.hasOwn(before, lease.name) ? before[lease.name] : undefined;
      next[lease.name] =
        old && old.renewTime === lease.renewTime ? old : { renewTime: lease.renewTime, seenAt: now.toISOString() };
    }
    return next;
  }

  private leaseSignal(snapshot: ClusterSnapshot, opts: DecisionOptions, now: Date): LeaseSignal | undefined {
    if (!opts.lease) {
      this.signals.push({ signal: "lease", state: "off", detail: "Lease signal is off" });
      return undefined;
    }
    const leases = snapshot.leases;
    if (leases === null || leases.length === 0) {
      const why = leases === null ? "the binding context has no leases snapshot" : "no Lease in kube-node-lease";
      this.signals.push({ signal: "lease", state: "unavailable", detail: `${why}; Leases ignored` });
      return undefined;
    }
    const seen = this.leaseSeen ? new Map(Object.entries(this.leaseSeen)) : undefined;
    const stale = leases.filter((l) => isLeaseStale(l, opts.lease?.staleAfterSeconds ?? null, now, seen)).length;
    // A dead node is one of many; most Leases going stale at once means the control plane, or
    // this hook's view of it, is at fault, and failing everything over would not help.
    if (stale >= 2 && stale * 2 > leases.length) {
      this.signals.push({
        signal: "lease",
        state: "suspended",
        detail: `${stale} of ${leases.length} node Leases are stale at once, which points at the control plane or this hook's view, not the nodes; Leases ignored`,
      });
      return undefined;
    }
    this.signals.push({ signal: "lease", state: "active", detail: `${stale} of ${leases.length} node Leases stale` });
    return {
      byNode: new Map(leases.map((l) => [l.name, l])),
      staleAfterSeconds: opts.lease.staleAfterSeconds,
      seen,
    };
  }

  private agentSignal(
    snapshot: ClusterSnapshot,
    opts: DecisionOptions,
    poolNodes: Set<string>,
  ): AgentSignal | undefined {
    if (!opts.agent) {
      this.signals.push({ signal: "agent", state: "off", detail: "cilium agent signal is off" });
      return undefined;
    }
    if (snapshot.agents === null) {
      this.signals.push({
        signal: "agent",
        state: "unavailable",
        detail: "the binding context has no agents snapshot; cilium agents ignored",
      });
      return undefined;
    }
    const byNode = new Map<string, AgentProjection[]>();
    for (const pod of snapshot.agents) {
      if (pod.node === null) continue;
      byNode.set(pod.node, [...(byNode.get(pod.node) ?? []), pod]);
    }
    // Without a single agent on any pool node the selector or namespace is wrong; judging every
    // node unhealthy would only block failover.
    if (poolNodes.size > 0 && ![...poolNodes].some((n) => byNode.has(n))) {
      this.signals.push({
        signal: "agent",
        state: "unavailable",
        detail: `no cilium agent pod (${opts.agent.source}) runs on any pool node; check the agent namespace and selector; cilium agents ignored`,
      });
      return undefined;
    }
    const ready = [...poolNodes].filter((n) =>
      (byNode.get(n) ?? []).some((p) => !p.deleting && p.ready?.status === "True"),
    );
    this.signals.push({
      signal: "agent",
      state: "active",
      detail: `cilium agent Ready on ${ready.length} of ${poolNodes.size} pool nodes`,
    });
    return { byNode, graceSeconds: opts.agent.graceSeconds };
  }

  private readonly memberSets = new Map<string, Set<string>>();

  isMember(pool: string, node: string): boolean {
    let set = this.memberSets.get(pool);
    if (!set) {
      set = new Set(this.members.get(pool));
      this.memberSets.set(pool, set);
    }
    return set.has(node);
  }

  private byHostname: Map<string, string> | undefined;

  /**
   * The node a policy's `kubernetes.io/hostname` pin selects. Cilium matches the label, and on
   * some clouds it differs from the node's name (AWS: `ip-10-0-1-2.ec2.internal` vs `ip-10-0-1-2`).
   */
  nodeOf(hostname: string | null): string | null {
    if (hostname === null) return null;
    if (!this.byHostname) {
      this.byHostname = new Map();
      for (const h of this.health.values())
        if (!this.byHostname.has(h.hostname)) this.byHostname.set(h.hostname, h.name);
    }
    return this.byHostname.get(hostname) ?? null;
  }

  /** The pin value that selects `node`: its kubernetes.io/hostname label. */
  hostnameOf(node: string): string {
    return this.health.get(node)?.hostname ?? node;
  }

  addLoad(node: string | null, delta: number): void {
    if (node !== null) this.load.set(node, (this.load.get(node) ?? 0) + delta);
  }

  /** Why `node` cannot take `slot`, or null if it can. */
  rejection(node: string, slot: GatewaySlot): string | null {
    const h = this.health.get(node);
    if (!h) return "not in the snapshot";
    if (!h.candidate) return describeHealth(h);
    const unmatched = unmatchedTerms(slot.otherTerms, h.labels);
    if (unmatched.length > 0) return `does not match the policy's selector (${unmatched.join(", ")})`;
    if (slot.egressIP !== null) {
      if (h.egressIP.kind === "none")
        return `has no ${ANNOTATION_EGRESS_IP} annotation, which the policy's egressIP needs`;
      if (h.egressIP.kind === "invalid")
        return `its ${ANNOTATION_EGRESS_IP} annotation "${h.egressIP.raw}" is not an IP address`;
    }
    return null;
  }

  private readonly viableCache = new Map<string, string[]>();

  /**
   * The pool nodes that may take `slot`, in name order. Viability depends only on the pool and
   * on what the slot requires (other selector terms, an egress IP), not on load, so it is
   * computed once per distinct requirement: thousands of policies usually share a handful.
   */
  viable(pool: string, slot: GatewaySlot): string[] {
    const key = JSON.stringify([pool, slot.otherTerms, slot.egressIP !== null]);
    let nodes = this.viableCache.get(key);
    if (!nodes) {
      nodes = (this.members.get(pool) ?? []).filter((node) => this.rejection(node, slot) === null);
      this.viableCache.set(key, nodes);
    }
    return nodes;
  }

  pick(pool: string, slot: GatewaySlot, taken: Set<string>): Assignment | { rejections: string[] } {
    const viable = this.viable(pool, slot);
    if (viable.length === 0) {
      // Only a stuck slot needs the reasons, so only then are they spelled out.
      const rejections = (this.members.get(pool) ?? []).map((node) => `${node}: ${this.rejection(node, slot)}`);
      return { rejections };
    }
    const fresh = viable.filter((n) => !taken.has(n));
    const choices = fresh.length > 0 ? fresh : viable;
    let best = choices[0] as string;
    for (const node of choices) {
      if ((this.load.get(node) ?? 0) < (this.load.get(best) ?? 0)) best = node;
    }
    return { node: best, load: this.load.get(best) ?? 0, shared: fresh.length === 0 };
  }
}

function keep(slot: GatewaySlot, reason: string): SlotDecision {
  return { slot, action: "keep", from: slot.hostname, to: slot.hostname, egressIP: null, reason };
}

/** Why the slot's current gateway cannot stay, or null if it can. */
function whyMove(cluster: Cluster, pool: string, slot: GatewaySlot): string | null {
  const current = slot.hostname;
  if (current === null) return "not pinned to a node";
  const node = cluster.nodeOf(current);
  if (node === null || !cluster.isMember(pool, node)) {
    return `gateway ${current} is not a node of pool ${pool} (deleted, or no longer selected by the pool)`;
  }
  const h = cluster.health.get(node) as NodeHealth;
  if (!h.healthy) return `gateway ${current} is not eligible (${h.problems.join(", ")})`;
  const unmatched = unmatchedTerms(slot.otherTerms, h.labels);
  if (unmatched.length > 0) {
    return `gateway ${current} no longer matches the policy's selector (${unmatched.join(", ")}), so the policy selects no node`;
  }
  return null;
}

function resolvePool(
  cluster: Cluster,
  shape: PolicyShape,
  configured: readonly string[],
  remembered: Record<string, string>,
): { pool: string; via: string; allSlots?: boolean } | { ignore: string } | { invalid: string } {
  if (shape.poolAnnotation !== null) {
    if (configured.includes(shape.poolAnnotation)) return { pool: shape.poolAnnotation, via: "annotation" };
    return {
      invalid: `names pool "${shape.poolAnnotation}", which is not configured (configured: ${configured.join(", ") || "none"})`,
    };
  }
  // The pool holding most of the pinned nodes, ties by name. Moves only ever add pinned nodes
  // to the chosen pool, so the choice is stable from run to run even where pools overlap.
  let best: { pool: string; count: number } | null = null;
  for (const pool of cluster.members.keys()) {
    const count = shape.slots.filter((s) => {
      const node = cluster.nodeOf(s.hostname);
      return node !== null && cluster.isMember(pool, node);
    }).length;
    if (count > 0 && (best === null || count > best.count)) best = { pool, count };
  }
  if (best !== null) return { pool: best.pool, via: `pinned to nodes of pool ${best.pool}` };
  // The prior art's worst case: the pinned node was deleted, so nothing ties the policy to a pool
  // any more. A policy this hook managed before, whose pinned nodes are all gone from the cluster
  // (no Lease left: a node's Lease is garbage-collected with it), stays managed. A pin to a node
  // that still exists outside the pool is someone's choice, and is left alone.
  const before = Object.hasOwn(remembered, shape.name) ? remembered[shape.name] : undefined;
  if (before !== undefined && configured.includes(before) && cluster.leaseNames !== null) {
    const names = cluster.leaseNames;
    if (shape.slots.every((s) => s.hostname === null || !names.has(s.hostname))) {
      return { pool: before, via: `managed earlier; its pinned node is gone`, allSlots: true };
    }
  }
  return { ignore: `not managed: no ${ANNOTATION_POOL} annotation, and no gateway is pinned to a pool node` };
}

/**
 * @param annotated whether the policy opted in with the pool annotation. An unannotated policy
 *   is managed for the slots pinned to pool nodes only: its other slots are someone else's.
 */
function decidePolicy(cluster: Cluster, shape: PolicyShape, pool: string, annotated: boolean): PolicyDecision {
  // Indexed like shape.slots. Most policies keep every slot, so the moving path allocates its
  // bookkeeping only when a slot moves.
  const outcomes: SlotDecision[] = new Array(shape.slots.length);
  const moving: { index: number; slot: GatewaySlot; why: string; viable: number }[] = [];
  shape.slots.forEach((slot, index) => {
    if (!annotated) {
      const node = cluster.nodeOf(slot.hostname);
      if (node === null || !cluster.isMember(pool, node)) {
        const where = `gateway ${slot.hostname ?? "(unpinned)"} is not a node of pool ${pool}`;
        outcomes[index] = keep(slot, `${where}; left alone, as the policy has no ${ANNOTATION_POOL} annotation`);
        return;
      }
    }
    const why = whyMove(cluster, pool, slot);
    if (why === null) {
      outcomes[index] = keep(slot, `gateway ${slot.hostname} is healthy`);
    } else {
      moving.push({ index, slot, why, viable: 0 });
    }
  });
  const taken = new Set<string>();
  if (moving.length > 0) {
    for (const o of outcomes) {
      const node = o ? cluster.nodeOf(o.from) : null;
      if (node !== null) taken.add(node);
    }
  }
  // The most constrained slots choose first, so a slot that fits only one node still gets it.
  if (moving.length > 1) {
    for (const m of moving) m.viable = cluster.viable(pool, m.slot).length;
    moving.sort((a, b) => a.viable - b.viable);
  }
  for (const { index, slot, why } of moving) {
    const choice = cluster.pick(pool, slot, taken);
    if ("rejections" in choice) {
      const detail = choice.rejections.length > 0 ? choice.rejections.join("; ") : `pool ${pool} has no nodes`;
      outcomes[index] = {
        slot,
        action: "stuck",
        from: slot.hostname,
        to: null,
        egressIP: null,
        reason: `${why}; no node of pool ${pool} can take over: ${detail}`,
      };
      continue;
    }
    taken.add(choice.node);
    cluster.addLoad(cluster.nodeOf(slot.hostname), -1);
    cluster.addLoad(choice.node, +1);
    const pin = cluster.hostnameOf(choice.node);
    let egressIP: SlotDecision["egressIP"] = null;
    const target = cluster.health.get(choice.node) as NodeHealth;
    if (slot.egressIP !== null && target.egressIP.kind === "valid" && target.egressIP.ip !== slot.egressIP) {
      egressIP = { from: slot.egressIP, to: target.egressIP.ip };
    }
    const shared = choice.shared ? ", sharing it with another slot for lack of eligible nodes" : "";
    const ip = egressIP ? `, egressIP ${egressIP.from} → ${egressIP.to}` : "";
    outcomes[index] = {
      slot,
      action: "move",
      from: slot.hostname,
      to: pin,
      egressIP,
      reason: `${why}; moving to ${choice.node}${pin === choice.node ? "" : ` (kubernetes.io/hostname=${pin})`}, the eligible node serving the fewest gateways (${choice.load})${shared}${ip}`,
    };
  }
  const slots = outcomes;
  const action: SlotAction = slots.some((s) => s.action === "move")
    ? "move"
    : slots.some((s) => s.action === "stuck")
      ? "stuck"
      : "keep";
  let reason: string;
  if (slots.length === 1) {
    reason = (slots[0] as SlotDecision).reason;
  } else if (action === "keep") {
    reason = `all ${slots.length} gateways are healthy (${slots.map((s) => s.from).join(", ")})`;
  } else {
    reason = slots
      .filter((s) => s.action !== "keep")
      .map((s) => `${s.slot.label}: ${s.reason}`)
      .join("; ");
  }
  return {
    policy: shape.name,
    pool,
    action,
    gateways: shape.slots.map((s) => s.hostname),
    slots,
    reason,
  };
}

function invalidDecision(p: InvalidPolicy): PolicyDecision {
  return {
    policy: p.name,
    pool: p.poolAnnotation,
    action: "invalid",
    gateways: [],
    slots: [],
    reason: `skipped: ${p.field} ${p.message}`,
    field: p.field,
  };
}

/** Decides, for every policy in the snapshot, whether and where its gateways move. */
export function decide(
  snapshot: ClusterSnapshot,
  options: DecisionOptions,
  now: Date,
  observations: Observations = {},
): Plan {
  const cluster = new Cluster(snapshot, options, now, observations);
  const shapes = [...snapshot.policies].sort((a, b) => byName(a.name, b.name)).map(readPolicy);

  const resolved = new Map<PolicyShape, { pool: string; allSlots?: boolean }>();
  const decisions = new Map<PolicyShape | InvalidPolicy, PolicyDecision>();
  for (const shape of shapes) {
    if (isInvalid(shape)) {
      // Only a policy that opted in is reported: other teams' policies may use shapes the hook
      // does not manage (a hostname matchExpression, say), and that is no one's problem here.
      decisions.set(
        shape,
        shape.poolAnnotation === null
          ? {
              policy: shape.name,
              pool: null,
              action: "ignore",
              gateways: [],
              slots: [],
              reason: `not managed: no ${ANNOTATION_POOL} annotation (and ${shape.field} ${shape.message})`,
            }
          : invalidDecision(shape),
      );
      continue;
    }
    if (shape.deleting) {
      decisions.set(shape, ignore(shape, "ignored: the policy is being deleted"));
      continue;
    }
    const r = resolvePool(cluster, shape, options.pools, observations.remembered ?? {});
    if ("invalid" in r) {
      decisions.set(
        shape,
        invalidDecision({ ...shape, field: `metadata.annotations["${ANNOTATION_POOL}"]`, message: r.invalid }),
      );
    } else if ("ignore" in r) {
      decisions.set(shape, ignore(shape, r.ignore));
    } else {
      resolved.set(shape, r);
      for (const slot of shape.slots) cluster.addLoad(cluster.nodeOf(slot.hostname), +1);
    }
  }
  const remembered: Record<string, string> = Object.create(null);
  for (const [shape, r] of resolved) {
    const annotated = shape.poolAnnotation !== null;
    decisions.set(shape, decidePolicy(cluster, shape, r.pool, annotated || r.allSlots === true));
    if (!annotated) remembered[shape.name] = r.pool;
  }

  return {
    decisions: shapes.map((s) => decisions.get(s) as PolicyDecision),
    pools: [...cluster.members].map(([pool, names]) => ({
      pool,
      nodes: names.map((n) => cluster.health.get(n) as NodeHealth),
    })),
    signals: cluster.signals,
    memory: cluster.memory,
    ...(cluster.leaseSeen ? { leaseSeen: cluster.leaseSeen } : {}),
    agentDown: cluster.agentDown,
    remembered,
  };
}

function ignore(shape: PolicyShape, reason: string): PolicyDecision {
  return {
    policy: shape.name,
    pool: null,
    action: "ignore",
    gateways: shape.slots.map((s) => s.hostname),
    slots: [],
    reason,
  };
}
