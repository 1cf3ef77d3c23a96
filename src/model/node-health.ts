/**
 * Node health: is a pool node fit to keep serving as a gateway, and may it become a new one?
 * Two bars, on purpose. A gateway that is healthy stays, because every move breaks live
 * connections (cilium/cilium#39118). A node only becomes a *new* gateway once it has also been
 * Ready for the recovery delay, so a node that flaps does not attract traffic.
 */
import { isIP } from "node:net";
import type { NodeProjection } from "../protocol/projections.js";

export interface HealthOptions {
  cordonDrains: boolean;
  recoveryDelaySeconds: number;
  blockingTaints: readonly string[];
}

export type EgressIPAnnotation = { kind: "none" } | { kind: "valid"; ip: string } | { kind: "invalid"; raw: string };

export interface NodeHealth {
  name: string;
  labels: Record<string, string>;
  /** Fit to keep serving: Ready, no blocking taint, not cordoned (if configured), not deleting. */
  healthy: boolean;
  /** Fit to become a new gateway: healthy and Ready for at least the recovery delay. */
  candidate: boolean;
  /** Why the node is not healthy; empty when healthy. */
  problems: string[];
  /** Why a healthy node is not yet a candidate, if so. */
  settling: string | null;
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
  return isIP(ip) === 0 ? { kind: "invalid", raw } : { kind: "valid", ip };
}

/** Assesses one node at time `now`. Pure. */
export function assessNode(node: NodeProjection, opts: HealthOptions, now: Date): NodeHealth {
  const problems: string[] = [];
  const ready = node.ready;
  if (ready === null || ready.status === null) {
    problems.push("has no Ready condition");
  } else if (ready.status !== "True") {
    const why = ready.status === "Unknown" ? " (kubelet stopped reporting)" : "";
    const since = ready.since ? ` since ${ready.since}` : "";
    problems.push(`Ready=${ready.status}${why}${since}`);
  }
  for (const taint of node.taints) {
    if (opts.blockingTaints.includes(taint)) problems.push(`tainted ${taint}`);
  }
  if (node.unschedulable && opts.cordonDrains) problems.push("cordoned");
  if (node.deleting) problems.push("being deleted");

  const healthy = problems.length === 0;
  let settling: string | null = null;
  if (healthy && ready?.since) {
    const sinceMs = Date.parse(ready.since);
    // An unparsable timestamp cannot hold a node back forever; treat it as settled.
    if (!Number.isNaN(sinceMs)) {
      const age = (now.getTime() - sinceMs) / 1000;
      if (age < opts.recoveryDelaySeconds) {
        settling = `Ready for ${formatAge(age)} of the ${formatAge(opts.recoveryDelaySeconds)} recovery delay`;
      }
    }
  }
  return {
    name: node.name,
    labels: node.labels,
    healthy,
    candidate: healthy && settling === null,
    problems,
    settling,
    readySince: ready?.status === "True" ? ready.since : null,
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
