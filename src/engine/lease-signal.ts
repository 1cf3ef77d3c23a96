/**
 * The Lease signal: a pool node whose Lease in kube-node-lease has not been renewed for longer
 * than the stale threshold is unhealthy. A Lease's age counts from when the hook first saw its
 * current renewTime (its sightings, kept from run to run), or from renewTime itself when the
 * caller keeps no sightings (`plan` without a state). Guard: most Leases stale at once points at
 * the control plane or the hook's view of it, not at the nodes, so the signal is suspended. The
 * guard counts only the Leases of nodes Kubernetes does not already report down or gone: a
 * powered-off node's Lease never changes again, and is no evidence about the control plane.
 */
import type { LeaseObject } from "../model/objects.js";
import { type Reason, reason } from "../model/reason.js";
import type { Clock } from "./clock.js";
import { emptyRecord, own } from "./records.js";
import type { SignalStatus } from "./signal-status.js";

/** Lease stale threshold when not configured: 0.4 × leaseDurationSeconds, i.e. 16 s for the
 * kubelet's 40 s lease, one and a half missed renewals. */
export const AUTO_STALE_RATIO = 0.4;
export const DEFAULT_LEASE_DURATION_SECONDS = 40;

/** When the hook first saw a Lease's current renewTime. */
export interface LeaseSighting {
  renewTime: string;
  seenAt: string;
}

export interface LeaseOptions {
  /** Seconds after which a Lease is stale; null: from its leaseDurationSeconds (AUTO_STALE_RATIO). */
  staleAfterSeconds: number | null;
}

export interface LeaseReading {
  status: SignalStatus;
  /** Lease name → its problem, or null when fresh; null unless the signal is active. */
  verdicts: Map<string, Reason | null> | null;
  /** Sightings for the next run; undefined when the caller keeps none. */
  leaseSeen: Record<string, LeaseSighting> | undefined;
  /** Whether the Leases say which nodes exist (a non-empty snapshot). */
  known: boolean;
}

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
  const next = emptyRecord<LeaseSighting>();
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
  lease: LeaseObject,
  staleAfterSeconds: number | null,
  clock: Clock,
  seen: Record<string, LeaseSighting> | undefined,
): Reason | null {
  if (lease.renewTime === null) return reason("lease-no-renew-time", {});
  let renewed: number | null;
  if (seen) {
    const sighting = own(seen, lease.name);
    renewed = sighting ? Date.parse(sighting.seenAt) : clock.now;
  } else {
    renewed = clock.at(lease.renewTime, `Lease ${lease.name}`, "spec.renewTime");
  }
  const ageSeconds = leaseAgeSeconds(renewed ?? clock.now, clock.now);
  const threshold = staleThreshold(lease, staleAfterSeconds);
  return ageSeconds > threshold ? reason("lease-stale", { ageSeconds, staleAfterSeconds: threshold }) : null;
}

/**
 * A Lease's age in whole seconds from when its renewal was seen; it is stale when this is over its
 * threshold. The one rule for the hook and the prober (src/prober/leases.ts), so the run an evidence
 * write starts finds stale what the prober found stale.
 */
export function leaseAgeSeconds(seenMs: number, nowMs: number): number {
  return ((nowMs - seenMs) / 1000) | 0;
}

/**
 * Reads the Lease snapshot (null when the binding context has none).
 * @param before the sightings of the last run; undefined when the caller keeps none
 * @param explained whether Kubernetes already reports a Lease's node down or gone: left out of the guard
 */
export function readLeaseSignal(
  leases: readonly LeaseObject[] | null,
  opts: LeaseOptions | null,
  clock: Clock,
  before: Record<string, LeaseSighting> | undefined,
  explained: (node: string) => boolean = () => false,
): LeaseReading {
  const leaseSeen = before && leases ? sightLeases(leases, before, clock) : before;
  const known = leases !== null && leases.length > 0;
  const reading = (status: SignalStatus, verdicts: LeaseReading["verdicts"] = null): LeaseReading => ({
    status,
    verdicts,
    leaseSeen,
    known,
  });
  if (!opts) return reading({ signal: "lease", state: "off", detail: "Lease signal is off" });
  if (leases === null || leases.length === 0) {
    const why = leases === null ? "the binding context has no leases snapshot" : "no Lease in kube-node-lease";
    return reading({ signal: "lease", state: "unavailable", detail: `${why}; Leases ignored` });
  }
  const verdicts = new Map<string, Reason | null>();
  let stale = 0;
  let counted = 0;
  for (const lease of leases) {
    const v = leaseVerdict(lease, opts.staleAfterSeconds, clock, leaseSeen);
    verdicts.set(lease.name, v);
    if (explained(lease.name)) continue;
    counted++;
    if (v !== null) stale++;
  }
  const left = leases.length - counted;
  const out = left > 0 ? ` (${left} left out: their nodes are reported down or gone)` : "";
  // A dead node is one of many; most Leases going stale at once means the control plane, or
  // this hook's view of it, is at fault, and failing everything over would not help.
  if (stale >= 2 && stale * 2 > counted) {
    return reading({
      signal: "lease",
      state: "suspended",
      detail: `${stale} of ${counted} node Leases are stale at once${out}, which points at the control plane or this hook's view, not the nodes; Leases ignored`,
    });
  }
  return reading(
    { signal: "lease", state: "active", detail: `${stale} of ${counted} node Leases stale${out}` },
    verdicts,
  );
}

/** A node's Lease verdict from an active reading: a node without a Lease has "lease-missing". */
export function leaseOf(verdicts: ReadonlyMap<string, Reason | null>, node: string): Reason | null {
  return verdicts.has(node) ? (verdicts.get(node) as Reason | null) : reason("lease-missing", {});
}
