/**
 * Assessment: what a run knows before it looks at any policy. From the snapshot's nodes, the
 * signals (signals.ts) and what earlier runs observed: every pool node's health
 * (model/node-health.ts), the signals' statuses, the notices, what to remember for the next
 * run (memory.ts), and the decision inputs (inputs.ts) every policy's decision reads. Pure.
 */
import { isIPAddress } from "../model/ip-address.js";
import {
  assessNode,
  type HealthOptions,
  markEgressIPConflicts,
  type NodeHealth,
  type UnhealthyMemory,
} from "../model/node-health.js";
import { AGENT_NOT_READY_TAINT, type ClusterSnapshot, type NodeObject, reportedDown } from "../model/objects.js";
import { type Reason, reason } from "../model/reason.js";
import type { SelectorTerms } from "../model/selector-match.js";
import { Clock } from "./clock.js";
import { type DecisionInputs, decisionInputs, type Explanations, explanations } from "./inputs.js";
import type { EngineMemory } from "./memory.js";
import { own } from "./records.js";
import type { SignalStatus } from "./signal-status.js";
import { noObservations, type Observations, type PoolNode, readSignals, type SignalOptions } from "./signals.js";
import { ClusterView } from "./view.js";

export interface DecisionOptions extends HealthOptions, SignalOptions {
  /** Configured pool names; a policy annotated with another name is reported, not managed. */
  pools: readonly string[];
  /** Each configured pool's own terms (its selector), which a pin carries; absent when unknown. */
  poolTerms?: Readonly<Record<string, SelectorTerms>>;
}

export interface PoolHealth {
  pool: string;
  nodes: NodeHealth[];
}

export interface Assessment {
  pools: PoolHealth[];
  /** What the policies' decisions read (inputs.ts). */
  inputs: DecisionInputs;
  /** Why each pool node is unhealthy or waiting: for the decisions' reasons only. */
  explanations: Explanations;
  signals: SignalStatus[];
  notices: Reason[];
  /** What to remember next (memory.ts); `remembered` is the last run's: the policies are not read. */
  memory: EngineMemory;
  /** Whether every node of the cluster is known (the inventory, and the Leases when that signal is on). */
  nodesKnown: boolean;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every pool node once (the first pool that lists it wins), with what the signals read of it. */
function poolNodesOf(pools: ClusterSnapshot["pools"]): {
  objects: Map<string, NodeObject>;
  facts: Map<string, PoolNode>;
} {
  const objects = new Map<string, NodeObject>();
  const facts = new Map<string, PoolNode>();
  for (const nodes of pools.values()) {
    for (const n of nodes) {
      if (objects.has(n.name)) continue;
      objects.set(n.name, n);
      facts.set(n.name, {
        agentTaint: n.taints.includes(AGENT_NOT_READY_TAINT),
        agentTaintAdded: n.agentTaintAdded ?? null,
        readySince: n.ready?.status === "True" ? n.ready.since : null,
        down: reportedDown(n),
      });
    }
  }
  return { objects, facts };
}

/**
 * Memory for the recovery delay: when each node was last seen unhealthy. A probe that failed or
 * was refused (`restart`) restarts the delay even before the node is unhealthy.
 */
function recoveryMemory(
  health: Iterable<NodeHealth>,
  restart: ReadonlySet<string>,
  before: EngineMemory["unhealthy"],
  delaySeconds: number,
  clock: Clock,
): Record<string, UnhealthyMemory> {
  const memory: Record<string, UnhealthyMemory> = Object.create(null);
  for (const h of health) {
    if (!h.healthy || restart.has(h.name)) {
      const why = h.healthy ? "probe" : h.problems.map((p) => p.reason.code).join(",");
      memory[h.name] = { at: clock.iso, why };
      continue;
    }
    const last = own(before, h.name);
    const at = last ? Date.parse(last.at) : Number.NaN;
    if (last && !Number.isNaN(at) && clock.now - Math.min(at, clock.now) < delaySeconds * 1000)
      memory[h.name] = { at: new Date(Math.min(at, clock.now)).toISOString(), why: last.why };
  }
  return memory;
}

/** The longest node address a notice repeats (the kubelet may write any string). */
const ADDRESS_SHOWN = 64;

/**
 * Conditions worth a warning beyond the clock's: ambiguous hostnames, bad egress IP annotations,
 * and, with the probe on, InternalIPs that are no IP literal (the probe does not reach those nodes).
 */
function nodeNotices(
  view: ClusterView,
  health: ReadonlyMap<string, NodeHealth>,
  objects: ReadonlyMap<string, NodeObject>,
  probe: boolean,
): Reason[] {
  const notices: Reason[] = [];
  for (const a of view.ambiguous()) {
    if (a.nodes.some((n) => health.has(n)))
      notices.push(reason("hostnames-ambiguous", { hostname: a.hostname, nodes: [...a.nodes] }));
  }
  for (const h of health.values()) {
    if (h.egressIP.kind === "invalid")
      notices.push(
        reason("egress-ip-annotation-invalid", { node: h.name, value: h.egressIP.raw, problem: h.egressIP.problem }),
      );
    else if (h.egressIP.kind === "conflict")
      notices.push(
        reason("egress-ip-annotation-conflict", {
          node: h.name,
          value: h.egressIP.ip,
          others: h.egressIP.nodes.filter((n) => n !== h.name),
        }),
      );
  }
  for (const [name, n] of probe ? objects : []) {
    if (typeof n.address !== "string" || isIPAddress(n.address)) continue;
    const value = n.address.length > ADDRESS_SHOWN ? `${n.address.slice(0, ADDRESS_SHOWN)}…` : n.address;
    notices.push(reason("node-address-invalid", { node: name, field: "status.addresses InternalIP", value }));
  }
  return notices;
}

/** Assesses the nodes and signals of a snapshot; its policies are not read. */
export function assess(
  snapshot: Omit<ClusterSnapshot, "policies">,
  options: DecisionOptions,
  now: Date,
  observations: Observations = noObservations(),
): Assessment {
  const before = observations.memory;
  const clock = new Clock(now.getTime(), before.clamped);
  // With the agent signal on, the agent-not-ready taint is that signal's: timed by the grace.
  const blockingTaints = options.agent
    ? options.blockingTaints.filter((t) => t !== AGENT_NOT_READY_TAINT)
    : options.blockingTaints;
  const healthOptions: HealthOptions = { ...options, blockingTaints };

  const { objects, facts } = poolNodesOf(snapshot.pools);
  const signals = readSignals(snapshot, options, clock, observations, facts);
  const health = new Map<string, NodeHealth>();
  for (const [name, n] of objects) health.set(name, assessNode(n, healthOptions, clock.now, signals.byNode.get(name)));
  markEgressIPConflicts(health.values());
  const pools: PoolHealth[] = [...snapshot.pools.keys()].sort(byName).map((pool) => ({
    pool,
    nodes: (snapshot.pools.get(pool) ?? []).map((n) => health.get(n.name) as NodeHealth),
  }));
  const nodesKnown = snapshot.inventory !== null && (options.lease === null || signals.leasesKnown);
  const inputs = decisionInputs(pools, options.poolTerms ?? {}, options.pools, snapshot.inventory, nodesKnown);
  const unhealthy = recoveryMemory(
    health.values(),
    signals.restart,
    before.unhealthy,
    options.recoveryDelaySeconds,
    clock,
  );

  return {
    pools,
    inputs,
    explanations: explanations(pools),
    signals: signals.statuses,
    notices: [...clock.notices, ...nodeNotices(new ClusterView(inputs), health, objects, options.probe !== null)],
    memory: {
      unhealthy,
      leaseSeen: signals.leaseSeen,
      agentDown: signals.agentDown,
      remembered: before.remembered,
      clamped: clock.clamped,
      probe: signals.probe,
    },
    nodesKnown,
  };
}
