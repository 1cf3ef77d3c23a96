/**
 * The prober's Lease sightings, pure: when it first saw each node Lease's current renewTime (by
 * its own clock), and which Leases are stale now, by the hook's rule (src/engine/lease-signal.ts:
 * the same threshold, the same whole-second age). The prober watches the Leases and checks them
 * every round, so a gateway whose kubelet stopped renewing is named in the evidence within a round
 * of going stale, and the hook runs at once instead of on its next tick.
 * - A sighting is kept while the renewTime stays the same; a new renewTime is seen now.
 * - A relist keeps the sightings of unchanged Leases (a reconnect is no renewal).
 * - Only stale Leases go into the evidence, so it does not change while every node renews.
 */
import { leaseAgeSeconds, staleThreshold } from "../engine/lease-signal.js";
import type { LeaseEvidence } from "../model/evidence.js";
import type { LeaseObject } from "../model/objects.js";

export interface Sighting {
  renewTime: string;
  durationSeconds: number | null;
  /** When the prober first saw this renewTime (ms). */
  seenAt: number;
}

export type Sightings = ReadonlyMap<string, Sighting>;

/** The sightings after one Lease was added or changed. */
export function sightLease(before: Sightings, lease: LeaseObject, now: number): Map<string, Sighting> {
  const next = new Map(before);
  if (lease.renewTime === null) {
    next.delete(lease.name);
    return next;
  }
  const old = before.get(lease.name);
  const seenAt = old && old.renewTime === lease.renewTime ? old.seenAt : now;
  next.set(lease.name, { renewTime: lease.renewTime, durationSeconds: lease.durationSeconds, seenAt });
  return next;
}

/** The sightings after a full list: Leases not listed are gone, unchanged ones keep their sighting. */
export function sightAll(before: Sightings, leases: readonly LeaseObject[], now: number): Map<string, Sighting> {
  let next = new Map<string, Sighting>();
  for (const lease of leases) {
    const old = before.get(lease.name);
    if (old) next.set(lease.name, old);
    next = sightLease(next, lease, now);
  }
  return next;
}

/** The stale Leases at `now`, sorted by node. */
export function staleLeases(sightings: Sightings, staleAfterSeconds: number | null, now: number): LeaseEvidence[] {
  const out: LeaseEvidence[] = [];
  for (const [node, s] of sightings) {
    const threshold = staleThreshold(
      { name: node, renewTime: s.renewTime, durationSeconds: s.durationSeconds },
      staleAfterSeconds,
    );
    if (leaseAgeSeconds(s.seenAt, now) > threshold)
      out.push({ node, renewTime: s.renewTime, seenAt: new Date(s.seenAt).toISOString() });
  }
  return out.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}

/** Whether two stale lists name the same Leases with the same renewals. */
export function sameLeases(a: readonly LeaseEvidence[], b: readonly LeaseEvidence[]): boolean {
  return a.length === b.length && a.every((l, i) => l.node === b[i]?.node && l.renewTime === b[i]?.renewTime);
}
