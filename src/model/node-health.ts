/**
 * Node health: is a pool node fit to keep serving as a gateway, and may it become a new one?
 * Two bars, on purpose. A gateway that is healthy stays, because every move breaks live
 * connections (cilium/cilium#39118). A node only becomes a *new* gateway once it has also been
 * Ready for the recovery delay, so a node that flaps does not attract traffic.
 */
import type { AgentProjection, LeaseProjection, NodeProjection } from "../protocol/projections.js";
import { isIPAddress } from "./ip-address.js";

export interface HealthOptions {
  cordonDrains: boolean;
  recoveryDelaySeconds: number;
  blockingTaints: readonly string[];
}

/** Where an ineligibility comes from: the Node object, its Lease, or its cilium agent. */
export type Signal = "node" | "lease" | "agent";

/** Lease stale threshold when not configured: 0.4 × leaseDurationSeconds, i.e. 16 s for the kubelet's
 * 40 s lease, one and a half missed renewals. That keeps p95 failover under 20 s with a 2 s resync. */
export const AUTO_STALE_RATIO = 0.4;
export const DEFAULT_LEASE_DURATION_SECONDS = 40;

/** When the hook first saw a Lease's current renewTime. */
export interface LeaseSighting {
  renewTime: string;
  seenAt: string;
}

export interface LeaseSignal {
  byNode: ReadonlyMap<string, LeaseProjection>;
  staleAfterSeconds: number | null;
  /**
   * The hook's own sightings, when it keeps them (hook runs): a Lease's age is then the time
   * since the hook first saw its current renewTime, by the hook's clock only, so a node whose
   * clock is off is not judged dead (the node lifecycle controller works the same way). Without
   * them (`plan`), the age is now − renewTime.
   */
  seen?: ReadonlyMap<string, LeaseSighting> | undefined;
}

export interface AgentSignal {
  byNode: ReadonlyMap<string, readonly AgentProjection[]>;
  /** How long an agent may be down before its node stops being a gateway. */
  graceSeconds: number;
}

/** When the hook last saw a node unhealthy, and why: remembered across runs for the recovery delay. */
export interface UnhealthyMemory {
  at: string;
  why: string;
}

/** The optional inputs beyond the Node object. Absent signals are not evaluated. */
export interface SignalInputs {
  lease?: LeaseSignal | undefined;
  agent?: AgentSignal | undefined;
  lastUnhealthy?: UnhealthyMemory | undefined;
  /** Since when the hook has seen the node's agent missing or terminating. */
  agentDownSince?: string | undefined;
}

export type EgressIPAnnotation = { kind: "none" } | { kind: "valid"; ip: string } | { kind: "invalid"; raw: string };

export interface NodeHealth {
  name: string;
  /** Its kubernetes.io/hostname label (the name if unlabelled): what a policy's pin matches. */
  hostname: string;
  labels: Record<string, string>;
  /** Fit to keep serving: Ready, no blocking taint, not cordoned (if configured), not deleting. */
  healthy: boolean;
  /** Fit to become a new gateway: healthy and Ready for at least the recovery delay. */
  candidate: boolean;
  /** Why the node is not healthy; empty when healthy. */
  problems: string[];
  /** The signal behind each problem, in the same order. */
  signals: Signal[];
  /** Why a healthy node is not yet a candidate, if so. */
  settling: string | null;
  /** Since when its cilium agent has been down, if it is. */
  agentDownSince: string | null;
  readySince: string | null;
  egressIP: EgressIPAnnotation;
}

function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

function parseEgressIP(raw: string | null): EgressIPAnnotation {
  if (raw === null || raw.trim() === "") return { kind: "none" };
  const ip = raw.trim();
  return isIPAddress(ip) ? { kind: "valid", ip } : { kind: "invalid", raw };
}

/** Seconds since a Lease was renewed (see LeaseSignal.seen), or null if it never was. */
export function leaseAge(lease: LeaseProjection, now: Date, seen?: ReadonlyMap<string, LeaseSighting>): number | null {
  if (lease.renewTime === null) return null;
  if (seen) {
    const sighting = seen.get(lease.name);
    // A renewTime not seen before was renewed since the last look: age 0 by the hook's clock.
    return sighting && sighting.renewTime === lease.renewTime
      ? (now.getTime() - Date.parse(sighting.seenAt)) / 1000
      : 0;
  }
  const renewed = Date.parse(lease.renewTime);
  return Number.isNaN(renewed) ? null : (now.getTime() - renewed) / 1000;
}

export function staleThreshold(lease: LeaseProjection, staleAfterSeconds: number | null): number {
  if (staleAfterSeconds !== null) return staleAfterSeconds;
  return Math.max(5, AUTO_STALE_RATIO * (lease.durationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS));
}

export function isLeaseStale(
  lease: LeaseProjection,
  staleAfterSeconds: number | null,
  now: Date,
  seen?: ReadonlyMap<string, LeaseSighting>,
): boolean {
  const age = leaseAge(lease, now, seen);
  return age === null || age > staleThreshold(lease, staleAfterSeconds);
}

function ageSince(since: string | null | undefined, now: Date): number | null {
  if (!since) return null;
  const ms = Date.parse(since);
  // An unparsable timestamp cannot hold a node back forever; treat it as settled.
  return Number.isNaN(ms) ? null : (now.getTime() - ms) / 1000;
}

/** Assesses one node at time `now`, by every signal present in `inputs`. Pure. */
export function assessNode(
  node: NodeProjection,
  opts: HealthOptions,
  now: Date,
  inputs: SignalInputs = {},
): NodeHealth {
  const problems: string[] = [];
  const signals: Signal[] = [];
  const flag = (signal: Signal, text: string): void => {
    problems.push(text);
    signals.push(signal);
  };
  const ready = node.ready;
  if (ready === null || ready.status === null) {
    flag("node", "has no Ready condition");
  } else if (ready.status !== "True") {
    const why = ready.status === "Unknown" ? " (kubelet stopped reporting)" : "";
    const since = ready.since ? ` since ${ready.since}` : "";
    flag("node", `Ready=${ready.status}${why}${since}`);
  }
  for (const taint of node.taints) {
    if (opts.blockingTaints.includes(taint)) flag("node", `tainted ${taint}`);
  }
  if (node.unschedulable && opts.cordonDrains) flag("node", "cordoned");
  if (node.deleting) flag("node", "being deleted");

  if (inputs.lease) {
    const lease = inputs.lease.byNode.get(node.name);
    if (!lease) {
      flag("lease", "has no Lease in kube-node-lease");
    } else if (isLeaseStale(lease, inputs.lease.staleAfterSeconds, now, inputs.lease.seen)) {
      const age = leaseAge(lease, now, inputs.lease.seen);
      const threshold = staleThreshold(lease, inputs.lease.staleAfterSeconds);
      flag(
        "lease",
        age === null
          ? "Lease has no renewTime"
          : `Lease not renewed for ${formatAge(age)} (stale after ${formatAge(threshold)})`,
      );
    }
  }

  let agentSince: string | null = null;
  let agentDown: { since: string; why: string } | null = null;
  if (inputs.agent) {
    const pods = inputs.agent.byNode.get(node.name) ?? [];
    const serving = pods.filter((p) => !p.deleting && p.ready?.status === "True");
    if (serving.length === 0) {
      // Down since the NotReady transition of a pod that has one, else since the hook noticed.
      const notReady = pods.find((p) => !p.deleting && p.ready?.status !== "True" && p.ready?.since);
      const since = notReady?.ready?.since ?? inputs.agentDownSince ?? now.toISOString();
      const why =
        pods.length === 0
          ? "no cilium agent pod on the node"
          : `cilium agent ${pods.map((p) => `${p.name} ${p.deleting ? "terminating" : "not Ready"}`).join(", ")}`;
      agentDown = { since, why };
      // The datapath keeps forwarding while the agent restarts (an upgrade, a crash): the node
      // stops being a gateway only after the grace, and takes no new gateway meanwhile.
      const down = ageSince(since, now) ?? 0;
      if (down >= inputs.agent.graceSeconds) flag("agent", `${why} for ${formatAge(down)}`);
    } else {
      // The longest-serving ready agent decides how long the node has been fine by this signal.
      const ages = serving.map((p) => ({ since: p.ready?.since ?? null, age: ageSince(p.ready?.since, now) }));
      const oldest = ages.reduce((a, b) =>
        (b.age ?? Number.POSITIVE_INFINITY) > (a.age ?? Number.POSITIVE_INFINITY) ? b : a,
      );
      agentSince = oldest.age === null ? null : oldest.since;
    }
  }

  const healthy = problems.length === 0;
  let settling: string | null = null;
  if (healthy && agentDown) {
    const down = ageSince(agentDown.since, now) ?? 0;
    settling = `${agentDown.why} for ${formatAge(down)} (a gateway moves away after ${formatAge(inputs.agent?.graceSeconds ?? 0)})`;
  } else if (healthy) {
    const delay = opts.recoveryDelaySeconds;
    const of = `of the ${formatAge(delay)} recovery delay`;
    const readyAgeS = ageSince(ready?.since, now);
    const agentAgeS = ageSince(agentSince, now);
    const memoryAgeS = ageSince(inputs.lastUnhealthy?.at, now);
    if (readyAgeS !== null && readyAgeS < delay) {
      settling = `Ready for ${formatAge(readyAgeS)} ${of}`;
    } else if (agentAgeS !== null && agentAgeS < delay) {
      settling = `cilium agent Ready for ${formatAge(agentAgeS)} ${of}`;
    } else if (memoryAgeS !== null && memoryAgeS < delay) {
      settling = `healthy again for ${formatAge(memoryAgeS)} ${of} (was: ${inputs.lastUnhealthy?.why})`;
    }
  }
  return {
    name: node.name,
    hostname: node.labels["kubernetes.io/hostname"] || node.name,
    labels: node.labels,
    healthy,
    candidate: healthy && settling === null,
    problems,
    signals,
    settling,
    readySince: ready?.status === "True" ? ready.since : null,
    agentDownSince: agentDown?.since ?? null,
    egressIP: parseEgressIP(node.egressIP),
  };
}

/** One line saying why a node cannot take a gateway, or "eligible". */
export function describeHealth(h: NodeHealth): string {
  if (!h.healthy) return h.problems.join(", ");
  if (h.settling) return h.settling;
  return "eligible";
}

/** Seconds-resolution age for display, e.g. "Ready for 3h". */
export function readyAge(h: NodeHealth, now: Date): string | null {
  if (!h.readySince) return null;
  const ms = Date.parse(h.readySince);
  return Number.isNaN(ms) ? null : formatAge((now.getTime() - ms) / 1000);
}

export type NodeState = "eligible" | "recovering" | "unhealthy";

export function nodeState(h: NodeHealth): NodeState {
  if (!h.healthy) return "unhealthy";
  return h.candidate ? "eligible" : "recovering";
}
