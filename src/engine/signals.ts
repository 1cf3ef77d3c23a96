/**
 * Signals: what the Lease and cilium-agent snapshots, the probe and the hook's own earlier
 * sightings say about each pool node, and whether each signal can be trusted this run
 * (available, not suspended by its guard). Composes the Lease signal (lease-signal.ts), the
 * probe (probe.ts) and the agent signal (agent-signal.ts); every time they read passes through
 * the clock check (clock.ts).
 */
import type { NodeSignals } from "../model/node-health.js";
import type { ClusterSnapshot } from "../model/objects.js";
import { type AgentOptions, type AgentTaint, readAgentSignal } from "./agent-signal.js";
import type { Clock } from "./clock.js";
import { type LeaseOptions, type LeaseSighting, leaseOf, readLeaseSignal } from "./lease-signal.js";
import { type EngineMemory, emptyEngineMemory } from "./memory.js";
import { type ProbeObservation, type ProbeOptions, type ProbeRecord, readProbe } from "./probe.js";
import { own } from "./records.js";
import type { SignalStatus } from "./signal-status.js";

export type { ClampedTime } from "./clock.js";
export type { LeaseSighting } from "./lease-signal.js";
export type { SignalState, SignalStatus } from "./signal-status.js";

export interface SignalOptions {
  /** Lease staleness signal; null when off. */
  lease: LeaseOptions | null;
  /** cilium-agent signal; null when off. `source` names where pods are looked for. */
  agent: AgentOptions | null;
  /** Active probe; null or absent when off. */
  probe?: ProbeOptions | null;
}

/** What the engine knows beyond the snapshot: its memory, and what this run observed besides. */
export interface Observations {
  /** What the last run left to remember (memory.ts). */
  memory: EngineMemory;
  /**
   * Whether the hook's own sightings (a Lease's renewal, an agent down) are kept at all. false
   * (`plan` without --state): a Lease's age is now − renewTime, an agent is down since its pod or
   * taint says, and `memory.leaseSeen` is returned as it came.
   */
  keepSightings: boolean;
  /** This run's probe outcomes; null when this run did not probe (not a tick). */
  probed: readonly ProbeObservation[] | null;
}

/** Nothing remembered, no sightings kept, nothing probed. */
export const noObservations = (): Observations => ({
  memory: emptyEngineMemory(),
  keepSightings: false,
  probed: null,
});

/** What the signals read of a pool node object. */
export interface PoolNode extends AgentTaint {
  /** The Ready condition's lastTransitionTime when Ready. */
  readySince: string | null;
  /** Whether Kubernetes already reports it down (model/objects.ts `reportedDown`): the guards leave it out. */
  down?: boolean;
}

export interface SignalReadings {
  byNode: Map<string, NodeSignals>;
  statuses: SignalStatus[];
  /** Lease sightings for the next run: the memory's, unchanged, when none are kept. */
  leaseSeen: Record<string, LeaseSighting>;
  /** Node → since when its agent has been down, for the next run. */
  agentDown: Record<string, string>;
  /** Whether the hook knows which nodes exist (for remembered policies). */
  leasesKnown: boolean;
  /** The probe's record for the next run. */
  probe: Record<string, ProbeRecord>;
  /** Nodes whose recovery delay restarts this run (a probe failed or was refused). */
  restart: Set<string>;
}

/** Each pool node's own times: Ready since, and when the hook last saw it unhealthy. */
function nodeTimes(
  poolNodes: ReadonlyMap<string, PoolNode>,
  seen: Observations,
  clock: Clock,
): Map<string, NodeSignals> {
  const byNode = new Map<string, NodeSignals>();
  for (const [name, n] of poolNodes) {
    const s: NodeSignals = { readySince: clock.at(n.readySince, `Node ${name}`, "Ready lastTransitionTime") };
    const mem = own(seen.memory.unhealthy, name);
    if (mem) {
      const at = clock.at(mem.at, "state file", `nodes["${name}"].at`);
      if (at !== null) s.lastUnhealthy = { at, why: mem.why };
    }
    byNode.set(name, s);
  }
  return byNode;
}

/**
 * Whether Kubernetes already explains a node's silence: a pool node it reports down, any node the
 * inventory reports down, or a node the inventory no longer lists (gone).
 */
function explainedBy(
  poolNodes: ReadonlyMap<string, PoolNode>,
  inventory: ClusterSnapshot["inventory"],
): (node: string) => boolean {
  const listed = new Map((inventory ?? []).map((n) => [n.name, n.down === true]));
  return (node) => {
    const pooled = poolNodes.get(node);
    if (pooled) return pooled.down === true;
    if (inventory === null) return false;
    return listed.get(node) ?? true;
  };
}

/**
 * Reads the Lease, probe and agent signals for every pool node.
 * @param poolNodes every pool member, with its agent-not-ready taint time when tainted
 */
export function readSignals(
  snapshot: Pick<ClusterSnapshot, "leases" | "agents"> & Partial<Pick<ClusterSnapshot, "inventory">>,
  opts: SignalOptions,
  clock: Clock,
  seen: Observations,
  poolNodes: ReadonlyMap<string, PoolNode>,
): SignalReadings {
  const byNode = nodeTimes(poolNodes, seen, clock);
  const explained = explainedBy(poolNodes, snapshot.inventory ?? null);

  const { memory } = seen;
  // Without kept sightings, Lease ages and agent grace come from the objects' own times.
  const leaseSeen = seen.keepSightings ? memory.leaseSeen : undefined;
  const agentDown = seen.keepSightings ? memory.agentDown : undefined;
  const lease = readLeaseSignal(snapshot.leases, opts.lease, clock, leaseSeen, explained);
  if (lease.verdicts !== null) for (const [name, s] of byNode) s.lease = leaseOf(lease.verdicts, name);

  const down = new Set([...poolNodes].filter(([, n]) => n.down === true).map(([name]) => name));
  const probe = readProbe(opts.probe ?? null, seen.probed, memory.probe, new Set(poolNodes.keys()), clock, down);
  for (const [name, problem] of probe.problems) {
    const s = byNode.get(name);
    if (s) s.probe = problem;
  }
  // Any silence or refusal restarts the node's recovery delay, this run already.
  for (const name of probe.restart) {
    const s = byNode.get(name);
    if (s) s.lastUnhealthy = { at: clock.now, why: "probe" };
  }

  const refusals = { since: probe.refused, ports: opts.probe?.ports ?? [] };
  const agent = readAgentSignal(snapshot.agents, opts.agent, poolNodes, refusals, agentDown, clock);
  for (const [name, verdict] of agent.byNode) (byNode.get(name) as NodeSignals).agent = verdict;

  return {
    byNode,
    statuses: [lease.status, agent.status, probe.status],
    leaseSeen: lease.leaseSeen ?? memory.leaseSeen,
    agentDown: agent.agentDown,
    leasesKnown: lease.known,
    probe: probe.next,
    restart: probe.restart,
  };
}
