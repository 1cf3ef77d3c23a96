/**
 * Signals: what the Lease and cilium-agent snapshots, and the hook's own earlier sightings, say
 * about each pool node, and whether each signal can be trusted this run (available, not
 * suspended by its guard). Every time read from the snapshot or the state passes through one
 * clock check: a time later than now is taken as now, with a notice, so a bad clock or a bad
 * state file never holds a node back longer than the delay nor blinds a signal.
 */
import type { NodeSignals, UnhealthyMemory } from "../model/node-health.js";
import { AGENT_NOT_READY_TAINT, type AgentPod, type ClusterSnapshot, type LeaseObject } from "../model/objects.js";
import { type Reason, reason } from "../model/reason.js";
import { type ProbeObservation, type ProbeOptions, type ProbeRecord, readProbe } from "./probe.js";

/** Lease stale threshold when not configured: 0.4 × leaseDurationSeconds, i.e. 16 s for the
 * kubelet's 40 s lease, one and a half missed renewals. */
export const AUTO_STALE_RATIO = 0.4;
export const DEFAULT_LEASE_DURATION_SECONDS = 40;

/** When the hook first saw a Lease's current renewTime. */
export interface LeaseSighting {
  renewTime: string;
  seenAt: string;
}

export interface SignalOptions {
  /** Lease staleness signal; null when off. */
  lease: { staleAfterSeconds: number | null } | null;
  /** cilium-agent signal; null when off. `source` names where pods are looked for. */
  agent: { source: string; graceSeconds: number } | null;
  /** Active probe; null or absent when off. */
  probe?: ProbeOptions | null;
}

export type SignalState = "active" | "off" | "unavailable" | "suspended";

/** Whether each optional signal took part in this run, and why not if it did not. */
export interface SignalStatus {
  signal: "lease" | "agent" | "probe";
  state: SignalState;
  detail: string;
}

/** What earlier runs observed, beyond the snapshot. */
export interface Observations {
  /** When each node was last seen unhealthy (recovery delay). */
  unhealthy?: Record<string, UnhealthyMemory> | undefined;
  /** Unannotated policies managed earlier through a pinned pool node: policy → pool. */
  remembered?: Record<string, string> | undefined;
  /** Lease sightings; absent means "keep none": Lease ages then come from renewTime (`plan`). */
  leaseSeen?: Record<string, LeaseSighting> | undefined;
  /** Node → since when the hook has seen its cilium agent down. */
  agentDown?: Record<string, string> | undefined;
  /** Times from the future, by where they were read: the value and when the hook first saw it. */
  clamped?: Record<string, ClampedTime> | undefined;
  /** The probe's record, carried from tick to tick. */
  probe?: Record<string, ProbeRecord> | undefined;
  /** This run's probe outcomes; null or absent when this run did not probe (not a tick). */
  probed?: readonly ProbeObservation[] | null | undefined;
}

export interface ClampedTime {
  value: string;
  at: string;
}

/** A clock that clamps: every time the engine reads goes through `at`. */
export class Clock {
  readonly notices: Reason[] = [];
  private readonly noted = new Set<string>();
  /** Future times seen this run, for the next one. */
  readonly clamped: Record<string, ClampedTime> = Object.create(null);
  constructor(
    readonly now: number,
    private readonly before: Readonly<Record<string, ClampedTime>> = {},
  ) {}

  get iso(): string {
    return new Date(this.now).toISOString();
  }

  /** A time in ms, clamped to now; null stays null. */
  at(value: string | null | undefined, object: string, field: string): number | null {
    if (value === null || value === undefined || value === "") return null;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      this.note(reason("time-unparsable", { object, field, value }));
      return this.now;
    }
    if (ms > this.now) {
      this.note(reason("time-in-future", { object, field, value, now: this.iso }));
      // Taken as the time the hook first saw it, so it never holds anything back for longer
      // than it would have, had it been right.
      const key = `${object} ${field}`;
      const seen = Object.hasOwn(this.before, key) ? this.before[key] : undefined;
      const first = seen && seen.value === value ? Math.min(Date.parse(seen.at), this.now) : this.now;
      const at = Number.isNaN(first) ? this.now : first;
      this.clamped[key] = { value, at: new Date(at).toISOString() };
      return at;
    }
    return ms;
  }

  private note(r: Reason): void {
    const key = `${r.code}\u0000${String(r.object)}\u0000${String(r.field)}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notices.push(r);
  }
}

export interface SignalReadings {
  byNode: Map<string, NodeSignals>;
  statuses: SignalStatus[];
  /** Lease sightings for the next run; undefined when the caller keeps none. */
  leaseSeen: Record<string, LeaseSighting> | undefined;
  /** Node → since when its agent has been down, for the next run. */
  agentDown: Record<string, string>;
  /** Whether the hook knows which nodes exist (for remembered policies). */
  leasesKnown: boolean;
  /** The probe's record for the next run. */
  probe: Record<string, ProbeRecord>;
  /** Nodes whose recovery delay restarts this run (a probe failed or was refused). */
  restart: Set<string>;
}

const none = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
const own = <T>(r: Record<string, T> | undefined, k: string): T | undefined =>
  r !== undefined && Object.hasOwn(r, k) ? r[k] : undefined;

export function staleThreshold(lease: LeaseObject, staleAfterSeconds: number | null): number {
  if (staleAfterSeconds !== null) return staleAfterSeconds;
  return Math.max(5, AUTO_STALE_RATIO * (lease.durationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS));
}

/** Keeps a sighting while a Lease's renewTime stays the same; a new renewTime is seen now. */
function sightLeases(
  leases: readonly LeaseObject[],
  before: Record<string, LeaseSighting>,
  clock: Clock,
): Record<string, LeaseSighting> {
  const next = none<LeaseSighting>();
  for (const lease of leases) {
    if (lease.renewTime === null) continue;
    const old = own(before, lease.name);
    if (old && old.renewTime === lease.renewTime) {
      const seen = clock.at(old.seenAt, "state file", `leaseSeen["${lease.name}"].seenAt`) ?? clock.now;
      next[lease.name] = { renewTime: old.renewTime, seenAt: new Date(seen).toISOString() };
    } else {
      next[lease.name] = { renewTime: lease.renewTime, seenAt: clock.iso };
    }
  }
  return next;
}

/** A Lease's problem at `now`, or null when fresh. */
function leaseVerdict(
  lease: LeaseObject | undefined,
  staleAfterSeconds: number | null,
  clock: Clock,
  seen: Record<string, LeaseSighting> | undefined,
): Reason | null {
  if (!lease) return reason("lease-missing");
  if (lease.renewTime === null) return reason("lease-no-renew-time");
  let renewed: number | null;
  if (seen) {
    const sighting = own(seen, lease.name);
    renewed = sighting ? Date.parse(sighting.seenAt) : clock.now;
  } else {
    renewed = clock.at(lease.renewTime, `Lease ${lease.name}`, "spec.renewTime");
  }
  const ageSeconds = ((clock.now - (renewed ?? clock.now)) / 1000) | 0;
  const threshold = staleThreshold(lease, staleAfterSeconds);
  return ageSeconds > threshold ? reason("lease-stale", { ageSeconds, staleAfterSeconds: threshold }) : null;
}

/**
 * Reads the Lease and agent signals for every pool node.
 * @param poolNodes every pool member, with its agent-not-ready taint time when tainted
 */
export function readSignals(
  snapshot: Pick<ClusterSnapshot, "leases" | "agents">,
  opts: SignalOptions,
  clock: Clock,
  seen: Observations,
  poolNodes: ReadonlyMap<string, { agentTaint: boolean; agentTaintAdded: string | null; readySince: string | null }>,
): SignalReadings {
  const statuses: SignalStatus[] = [];
  const byNode = new Map<string, NodeSignals>();
  for (const [name, n] of poolNodes) {
    const s: NodeSignals = { readySince: clock.at(n.readySince, `Node ${name}`, "Ready lastTransitionTime") };
    const mem = own(seen.unhealthy, name);
    if (mem) {
      const at = clock.at(mem.at, "state file", `nodes["${name}"].at`);
      if (at !== null) s.lastUnhealthy = { at, why: mem.why };
    }
    byNode.set(name, s);
  }

  // ---- Lease ----
  const leases = snapshot.leases;
  const leaseSeen = seen.leaseSeen && leases ? sightLeases(leases, seen.leaseSeen, clock) : seen.leaseSeen;
  if (!opts.lease) {
    statuses.push({ signal: "lease", state: "off", detail: "Lease signal is off" });
  } else if (leases === null || leases.length === 0) {
    const why = leases === null ? "the binding context has no leases snapshot" : "no Lease in kube-node-lease";
    statuses.push({ signal: "lease", state: "unavailable", detail: `${why}; Leases ignored` });
  } else {
    const staleAfter = opts.lease.staleAfterSeconds;
    const verdicts = new Map<string, Reason | null>();
    let stale = 0;
    for (const lease of leases) {
      const v = leaseVerdict(lease, staleAfter, clock, leaseSeen);
      if (v !== null) stale++;
      verdicts.set(lease.name, v);
    }
    // A dead node is one of many; most Leases going stale at once means the control plane, or
    // this hook's view of it, is at fault, and failing everything over would not help.
    if (stale >= 2 && stale * 2 > leases.length) {
      statuses.push({
        signal: "lease",
        state: "suspended",
        detail: `${stale} of ${leases.length} node Leases are stale at once, which points at the control plane or this hook's view, not the nodes; Leases ignored`,
      });
    } else {
      statuses.push({ signal: "lease", state: "active", detail: `${stale} of ${leases.length} node Leases stale` });
      for (const [name, s] of byNode) {
        s.lease = verdicts.has(name) ? (verdicts.get(name) as Reason | null) : reason("lease-missing");
      }
    }
  }

  // ---- probe ----
  const probe = readProbe(opts.probe ?? null, seen.probed ?? null, seen.probe ?? {}, new Set(poolNodes.keys()), clock);
  for (const [name, problem] of probe.problems) {
    const s = byNode.get(name);
    if (s) s.probe = problem;
  }
  // Any silence or refusal restarts the node's recovery delay, this run already.
  for (const name of probe.restart) {
    const s = byNode.get(name);
    if (s) s.lastUnhealthy = { at: clock.now, why: "probe" };
  }

  // ---- cilium agent ----
  const agentDown = none<string>();
  if (!opts.agent) {
    statuses.push({ signal: "agent", state: "off", detail: "cilium agent signal is off" });
  } else {
    const grace = opts.agent.graceSeconds;
    let pods: Map<string, AgentPod[]> | null = null;
    if (snapshot.agents === null) {
      statuses.push({
        signal: "agent",
        state: "unavailable",
        detail: "the binding context has no agents snapshot; only the agent-not-ready taint is read",
      });
    } else {
      pods = new Map();
      for (const pod of snapshot.agents) {
        if (pod.node === null) continue;
        const list = pods.get(pod.node);
        if (list) list.push(pod);
        else pods.set(pod.node, [pod]);
      }
      // Without a single agent on any pool node the selector or namespace is wrong; judging every
      // node unhealthy would only block failover.
      if (poolNodes.size > 0 && ![...poolNodes.keys()].some((n) => pods?.has(n))) {
        statuses.push({
          signal: "agent",
          state: "unavailable",
          detail: `no cilium agent pod (${opts.agent.source}) runs on any pool node; check the agent namespace and selector; only the agent-not-ready taint is read`,
        });
        pods = null;
      } else {
        let readyCount = 0;
        for (const n of poolNodes.keys())
          if ((pods.get(n) ?? []).some((p) => !p.deleting && p.ready?.status === "True")) readyCount++;
        statuses.push({
          signal: "agent",
          state: "active",
          detail: `cilium agent Ready on ${readyCount} of ${poolNodes.size} pool nodes`,
        });
      }
    }
    for (const [name, n] of poolNodes) {
      const s = byNode.get(name) as NodeSignals;
      const mine = pods?.get(name) ?? [];
      const serving = mine.filter((p) => !p.deleting && p.ready?.status === "True");
      const podDown = pods !== null && serving.length === 0;
      // A refused probe on the cilium-health port: the kernel answered, the agent did not.
      const refusedSince = probe.refused.get(name);
      if (!podDown && !n.agentTaint && refusedSince === undefined) {
        // Ready: the longest-serving agent says since when.
        let readySince: number | null = null;
        for (const p of serving) {
          const at = clock.at(p.ready?.since, `Pod ${p.name}`, "Ready lastTransitionTime");
          if (at !== null && (readySince === null || at < readySince)) readySince = at;
        }
        s.agent = { down: null, readySince, graceSeconds: grace };
        continue;
      }
      // Down since the earliest sighting: the hook's own, the taint's, or a pod's NotReady
      // transition. A replacement pod appearing does not restart the clock.
      let since = clock.now;
      const consider = (at: number | null): void => {
        if (at !== null && at < since) since = at;
      };
      consider(clock.at(own(seen.agentDown, name), "state file", `agentDown["${name}"]`));
      if (n.agentTaint)
        consider(clock.at(n.agentTaintAdded, `Node ${name}`, `taint ${AGENT_NOT_READY_TAINT} timeAdded`));
      if (refusedSince !== undefined) consider(refusedSince);
      for (const p of mine) {
        if (!p.deleting && p.ready?.status !== "True")
          consider(clock.at(p.ready?.since, `Pod ${p.name}`, "Ready lastTransitionTime"));
      }
      const parts: string[] = [];
      if (podDown)
        parts.push(
          mine.length === 0
            ? "no cilium agent pod on the node"
            : `cilium agent ${mine.map((p) => `${p.name} ${p.deleting ? "terminating" : "not Ready"}`).join(", ")}`,
        );
      if (n.agentTaint) parts.push(`tainted ${AGENT_NOT_READY_TAINT}`);
      if (refusedSince !== undefined)
        parts.push(`probe port ${(opts.probe?.ports ?? []).join(",")} refuses connections`);
      s.agent = { down: { since, detail: parts.join(", ") }, readySince: null, graceSeconds: grace };
      agentDown[name] = new Date(since).toISOString();
    }
  }
  statuses.push(probe.status);
  return {
    byNode,
    statuses,
    leaseSeen,
    agentDown,
    leasesKnown: leases !== null && leases.length > 0,
    probe: probe.next,
    restart: probe.restart,
  };
}
