/**
 * The prober's evidence: one object per operator replica, named after its pod, in the
 * operator's namespace, of a kind the chart owns (ProbeEvidence). It lists each pool node the
 * prober has something to say about: its verdict now, and when it was last silent or refused, so
 * the hook restarts recovery delays as its own probe would. Shared by the prober (which writes
 * it) and the hook (which reads it through a binding); parsing refuses anything malformed.
 */

export const EVIDENCE_GROUP = "cilium-egress-ha.io";
export const EVIDENCE_VERSION = "v1alpha1";
export const EVIDENCE_KIND = "ProbeEvidence";
export const EVIDENCE_PLURAL = "probeevidences";
/** The fixed label the hook's binding selects. */
export const EVIDENCE_LABEL = "cilium-egress-ha.io/evidence";
export const EVIDENCE_LABEL_VALUE = "probe";

export type Verdict = "up" | "silent" | "refused";

export interface NodeEvidence {
  node: string;
  verdict: Verdict;
  /** When the current silence or refusal started (null when up). */
  since: string | null;
  /** Silent rounds in a row (0 unless silent). */
  failures: number;
  /** The start of the last round that found the node silent past the failure count. */
  lastSilence: string | null;
  /** The start of the last round the node refused. */
  lastRefusal: string | null;
}

/**
 * A node Lease the prober finds stale: the renewal it last saw, and when it saw it (its own
 * clock). The hook takes this sighting when it is earlier than its own, so Lease staleness is as
 * prompt as the prober's watch instead of waiting for the hook's next tick.
 */
export interface LeaseEvidence {
  node: string;
  renewTime: string;
  seenAt: string;
}

/** The evidence object's spec. */
export interface Evidence {
  /** When a verdict last changed (the time of this version). */
  changed: string;
  /** The prober's round settings, for `kubectl get` readers and the hook's log lines. */
  intervalMs: number;
  timeoutMs: number;
  failures: number;
  nodes: NodeEvidence[];
  /** The stale node Leases, by node; empty when the prober watches no Leases. */
  leases: LeaseEvidence[];
}

const VERDICTS: readonly string[] = ["up", "silent", "refused"];

const isTime = (v: unknown): v is string | null =>
  v === null || (typeof v === "string" && !Number.isNaN(Date.parse(v)));
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

function parseNode(v: unknown, at: string): NodeEvidence {
  if (typeof v !== "object" || v === null) throw new Error(`${at} is not an object`);
  const o = v as Record<string, unknown>;
  if (typeof o.node !== "string" || o.node === "") throw new Error(`${at}.node is not a node name`);
  if (typeof o.verdict !== "string" || !VERDICTS.includes(o.verdict))
    throw new Error(`${at}.verdict is not one of ${VERDICTS.join(", ")}`);
  for (const k of ["since", "lastSilence", "lastRefusal"] as const)
    if (!isTime(o[k] ?? null)) throw new Error(`${at}.${k} is not an RFC 3339 time`);
  if (!isCount(o.failures ?? 0)) throw new Error(`${at}.failures is not a whole number`);
  return {
    node: o.node,
    verdict: o.verdict as Verdict,
    since: (o.since as string | null | undefined) ?? null,
    failures: (o.failures as number | undefined) ?? 0,
    lastSilence: (o.lastSilence as string | null | undefined) ?? null,
    lastRefusal: (o.lastRefusal as string | null | undefined) ?? null,
  };
}

function parseLease(v: unknown, at: string): LeaseEvidence {
  const o = (typeof v === "object" && v !== null ? v : {}) as Record<string, unknown>;
  if (typeof o.node !== "string" || o.node === "") throw new Error(`${at}.node is not a node name`);
  for (const k of ["renewTime", "seenAt"] as const)
    if (typeof o[k] !== "string" || !isTime(o[k])) throw new Error(`${at}.${k} is not an RFC 3339 time`);
  return { node: o.node, renewTime: o.renewTime as string, seenAt: o.seenAt as string };
}

/** Parses an evidence spec; throws an Error naming the bad field. */
export function parseEvidence(v: unknown): Evidence {
  if (typeof v !== "object" || v === null) throw new Error("spec is not an object");
  const o = v as Record<string, unknown>;
  if (typeof o.changed !== "string" || Number.isNaN(Date.parse(o.changed)))
    throw new Error("spec.changed is not an RFC 3339 time");
  for (const k of ["intervalMs", "timeoutMs", "failures"] as const)
    if (!isCount(o[k])) throw new Error(`spec.${k} is not a whole number`);
  if (!Array.isArray(o.nodes)) throw new Error("spec.nodes is not a list");
  const leases = o.leases ?? [];
  if (!Array.isArray(leases)) throw new Error("spec.leases is not a list");
  return {
    changed: o.changed,
    intervalMs: o.intervalMs as number,
    timeoutMs: o.timeoutMs as number,
    failures: o.failures as number,
    nodes: o.nodes.map((n, i) => parseNode(n, `spec.nodes[${i}]`)),
    leases: leases.map((l, i) => parseLease(l, `spec.leases[${i}]`)),
  };
}

/** The files the hook and the prober share in their emptyDir. */
export const HEARTBEAT_FILE = "heartbeat.json";
export const TARGETS_FILE = "targets.json";
/**
 * The tick gate (hooks/cilium-egress-ha reads it): `skip` while the hook needs no resync tick (the
 * prober's evidence is used, its Lease watch is current and no timer runs), `run` otherwise. The
 * hook script then skips a lone resync tick in a few milliseconds, without starting Node, while
 * the heartbeat is newer than its last skip (TICK_SEEN_FILE, which it touches).
 */
export const TICK_GATE_FILE = "tick-gate";
export const TICK_SEEN_FILE = "tick-seen";

/** What the prober says of itself, every second, in the shared directory. */
export interface Heartbeat {
  /** The prober's clock when written. */
  at: string;
  /** Whether the evidence object holds the prober's current verdicts (its last write succeeded). */
  published: boolean;
  /**
   * The prober's Lease watch: `watching` (its evidence names the stale Leases), `off` (the Lease
   * signal is off) or `down` (it cannot list or watch them: the hook times Leases on its tick).
   */
  leases: LeaseWatch;
  /** No round counted lately (void under starvation, or stalled): the verdicts may be old. */
  blind: boolean;
}

export type LeaseWatch = "watching" | "off" | "down";
const LEASE_WATCH: readonly string[] = ["watching", "off", "down"];

/** The heartbeat's fields, or null when the text is not one. */
export function parseHeartbeat(text: string): Heartbeat | null {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    if (typeof o.at !== "string" || Number.isNaN(Date.parse(o.at)) || typeof o.published !== "boolean") return null;
    const leases = o.leases ?? "off";
    if (typeof leases !== "string" || !LEASE_WATCH.includes(leases)) return null;
    const blind = o.blind ?? false;
    if (typeof blind !== "boolean") return null;
    return { at: o.at, published: o.published, leases: leases as LeaseWatch, blind };
  } catch {
    return null;
  }
}

export interface ProbeTarget {
  node: string;
  address: string;
}

/** The pool nodes to probe, as the hook last wrote them; throws on anything else. */
export function parseTargets(text: string): ProbeTarget[] {
  const v = JSON.parse(text) as unknown;
  if (!Array.isArray(v)) throw new Error("not a list");
  return v.map((t, i) => {
    const o = t as Record<string, unknown> | null;
    if (typeof o?.node !== "string" || typeof o.address !== "string")
      throw new Error(`item ${i} is not {node, address}`);
    return { node: o.node, address: o.address };
  });
}

/** The targets file's text: sorted by node, so an unchanged pool writes the same bytes. */
export function serializeTargets(targets: readonly ProbeTarget[]): string {
  const sorted = [...targets].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  return `${JSON.stringify(sorted.map((t) => ({ node: t.node, address: t.address })))}\n`;
}
