/**
 * The prober's evidence as the hook's probe signal, pure. With EGRESS_HA_PROBER on, each run
 * reads the evidence object named after its own pod (the binding's snapshot) and the prober's
 * heartbeat (the shared directory), and:
 * - when the heartbeat is fresh and says the evidence is current, turns the evidence into this
 *   run's probe observations (src/engine/probe.ts decides from them, with its usual guards): a
 *   silent verdict is a silence past the failure count, a refusal a refusal, anything else an
 *   answer. Its last silence and refusal restart the node's recovery delay from when they were
 *   seen, as the tick probe's would;
 * - otherwise falls back to the tick probe (the resync tick probes, as without the prober) and
 *   says why, as a lasting `prober` condition and the `probe_degraded` metric.
 */
import type { Settings } from "../config/settings.js";
import type { ProbeObservation } from "../engine/probe.js";
import { emptyRecord, own } from "../engine/records.js";
import { type Evidence, type Heartbeat, parseEvidence, serializeTargets, TARGETS_FILE } from "../model/evidence.js";
import { METRIC_GROUP, type MetricOperation } from "../patch/metrics.js";
import type { ParsedBindingContext } from "../protocol/binding-context.js";
import { EVIDENCE_BINDING } from "../protocol/binding-context.js";
import { projectEvidence } from "../protocol/projections.js";
import { probeTargets } from "./assessment.js";
import type { Condition } from "./conditions.js";
import type { RunState } from "./state.js";

export type EvidenceRead =
  /** No context carries the snapshot (a context recorded without the prober). */
  | { kind: "absent" }
  /** The snapshot holds no object of this pod's: no verdict written yet. */
  | { kind: "none" }
  | { kind: "found"; evidence: Evidence }
  | { kind: "invalid"; message: string };

/** This pod's evidence in the binding context (the last context that carries the snapshot). */
export function readEvidence(doc: unknown, writer: string | undefined): EvidenceRead {
  if (!Array.isArray(doc)) return { kind: "absent" };
  let items: unknown;
  for (const ctx of doc) {
    const snaps = (ctx as { snapshots?: Record<string, unknown> } | null)?.snapshots;
    if (snaps && typeof snaps === "object" && Object.hasOwn(snaps, EVIDENCE_BINDING)) items = snaps[EVIDENCE_BINDING];
  }
  if (items === undefined) return { kind: "absent" };
  if (!Array.isArray(items)) return { kind: "invalid", message: `the ${EVIDENCE_BINDING} snapshot is not a list` };
  for (const item of items) {
    const o = item as { filterResult?: unknown; object?: unknown } | null;
    const projected = (o?.filterResult ?? (o?.object ? projectEvidence(o.object) : null)) as {
      name?: unknown;
      spec?: unknown;
    } | null;
    if (projected?.name !== writer) continue;
    try {
      return { kind: "found", evidence: parseEvidence(projected?.spec) };
    } catch (err) {
      return { kind: "invalid", message: (err as Error).message };
    }
  }
  return { kind: "none" };
}

export type ProberUse = { use: true; evidence: Evidence | null } | { use: false; condition: Condition };

const degraded = (code: string, msg: string): ProberUse => ({
  use: false,
  condition: {
    key: "prober",
    level: "warn",
    fingerprint: code,
    msg: `${msg}; the probe runs on the resync tick until the prober is back`,
    fields: { code },
  },
});

/** Whether this run takes the prober's evidence, or why it falls back to the tick probe. */
export function proberUse(
  settings: Settings,
  heartbeat: Heartbeat | null | { error: string },
  read: EvidenceRead,
  writer: string | undefined,
  now: Date,
): ProberUse {
  const p = settings.prober;
  if (!p) return degraded("off", "the prober is off");
  if (writer === undefined) return degraded("no-pod-name", "HOSTNAME is not set, so this run cannot find its evidence");
  if (heartbeat === null) return degraded("no-heartbeat", `the prober has written no heartbeat in ${p.dir}`);
  if ("error" in heartbeat) return degraded("heartbeat-unreadable", `the prober's heartbeat: ${heartbeat.error}`);
  const age = now.getTime() - Date.parse(heartbeat.at);
  if (age > p.staleMs)
    return degraded("heartbeat-stale", `the prober's heartbeat is ${(age / 1000).toFixed(1)}s old: it is down or hung`);
  if (!heartbeat.published) return degraded("unpublished", "the prober cannot write its evidence");
  if (heartbeat.blind) return degraded("blind", "the prober counted no probe round lately (it runs late: starved)");
  if (read.kind === "absent") return degraded("no-binding", `no context carries the ${EVIDENCE_BINDING} snapshot`);
  if (read.kind === "invalid") return degraded("evidence-invalid", `the evidence of ${writer}: ${read.message}`);
  return { use: true, evidence: read.kind === "found" ? read.evidence : null };
}

/** The evidence as this run's probe observations, one per pool node. */
export function observationsOf(
  evidence: Evidence | null,
  poolNodes: readonly string[],
  failures: number,
): ProbeObservation[] {
  const byNode = new Map((evidence?.nodes ?? []).map((n) => [n.node, n]));
  return poolNodes.map((node) => {
    const e = byNode.get(node);
    if (e?.verdict === "silent")
      return { node, answer: "silent", silent: Math.max(e.failures, failures), silentSince: e.since };
    if (e?.verdict === "refused") return { node, answer: "refused", silent: 0, silentSince: null };
    return { node, answer: "open", silent: 0, silentSince: null };
  });
}

/**
 * The memory with the evidence's sightings:
 * - a node seen silent or refusing later than the hook last saw it unhealthy restarts its recovery
 *   delay from that moment;
 * - a stale Lease's renewal, seen by the prober earlier than by the hook, counts from the
 *   prober's sighting (never from the future), so the run its evidence write starts finds the
 *   Lease stale as the prober did. A sighting of another renewTime is the snapshot's to judge: the
 *   Lease signal keeps a sighting only while the snapshot shows the same renewTime.
 */
export function withLastSightings(state: RunState, evidence: Evidence | null, now: Date): RunState {
  if (!evidence) return state;
  return withLeaseSightings(withLastUnhealthy(state, evidence, now), evidence, now);
}

function withLeaseSightings(state: RunState, evidence: Evidence, now: Date): RunState {
  const before = state.engine.leaseSeen;
  let leaseSeen: typeof before | null = null;
  for (const l of evidence.leases) {
    const seenAt = Math.min(Date.parse(l.seenAt), now.getTime());
    const mine = own(before, l.node);
    if (mine && mine.renewTime === l.renewTime && Date.parse(mine.seenAt) <= seenAt) continue;
    leaseSeen ??= Object.assign(emptyRecord(), before) as typeof before;
    leaseSeen[l.node] = { renewTime: l.renewTime, seenAt: new Date(seenAt).toISOString() };
  }
  return leaseSeen ? { ...state, engine: { ...state.engine, leaseSeen } } : state;
}

function withLastUnhealthy(state: RunState, evidence: Evidence, now: Date): RunState {
  const before = state.engine.unhealthy;
  let unhealthy: typeof before | null = null;
  for (const n of evidence.nodes) {
    const last = [n.lastSilence, n.lastRefusal]
      .filter((t): t is string => t !== null)
      .map((t) => Math.min(Date.parse(t), now.getTime()))
      .reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    if (!Number.isFinite(last)) continue;
    const seen = own(before, n.node);
    if (seen && Date.parse(seen.at) >= last) continue;
    unhealthy ??= Object.assign(emptyRecord(), before) as typeof before;
    unhealthy[n.node] = { at: new Date(last).toISOString(), why: "probe" };
  }
  return unhealthy ? { ...state, engine: { ...state.engine, unhealthy } } : state;
}

/** `cilium_egress_ha_probe_degraded`: 1 while the hook probes on its tick instead of taking the prober's evidence. */
export function proberMetric(use: ProberUse): MetricOperation {
  return {
    name: "cilium_egress_ha_probe_degraded",
    group: METRIC_GROUP,
    action: "set",
    value: use.use ? 0 : 1,
    labels: use.use ? {} : { code: String(use.condition.fields?.code ?? "") },
  };
}

/** The targets file to write for the prober, or null when it already holds these targets. */
export function targetsWrite(
  settings: Settings,
  parsed: ParsedBindingContext,
  current: string | null,
): { path: string; text: string } | null {
  if (!settings.prober || parsed.snapshot === null) return null;
  const text = serializeTargets(probeTargets(parsed));
  return text === current ? null : { path: `${settings.prober.dir}/${TARGETS_FILE}`, text };
}
