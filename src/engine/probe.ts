/**
 * The probe signal, pure: from this tick's probe outcomes (or none, on a run that is not a
 * tick) and the record carried in the state, which nodes are unhealthy by the probe.
 * - Only silence is a failure. A node silent `failures` times in a row, over at least
 *   `windowSeconds`, is unhealthy by the probe.
 * - A refusal means the node's kernel answered: on the cilium-health port it usually means the
 *   agent is restarting, so it is fed to the agent signal (timed by its grace), never to the probe.
 * - Guards: silence from more than half of the pool nodes (at least two) at once is the
 *   operator's own network, not the nodes': the signal is suspended. Nodes Kubernetes already
 *   reports down are left out of that count (their silence is explained), never a node only the
 *   probe found silent. Whether the port is served is learned from each node's last answer, kept
 *   through its silence: when more than half of the nodes that ever answered (at least two) last
 *   refused, the port is not served (cilium-health off) and refusals are ignored. A silent node
 *   never turns that vote: silence is still silence, but not a vote on the port.
 * - Any silence or refusal restarts the node's recovery delay, so a flapping node never becomes
 *   a target while a settled one fits.
 */
import { type Reason, reason } from "../model/reason.js";
import type { Clock } from "./clock.js";
import type { SignalStatus } from "./signal-status.js";

export interface ProbeOptions {
  /** Silent attempts in a row that make a node unhealthy. */
  failures: number;
  /** The least time the silence must span. */
  windowSeconds: number;
  ports: readonly number[];
}

/** One node's probe outcome this tick (see src/io/probe.ts). */
export interface ProbeObservation {
  node: string;
  answer: "open" | "refused" | "silent";
  silent: number;
  silentSince: string | null;
}

/** Carried in the state from tick to tick. */
export interface ProbeRecord {
  /** Silent attempts in a row. */
  failures: number;
  /** When the first of them started. */
  since: string | null;
  /** Since when the probe port has refused, in a row (while refusals are agent evidence). */
  refusedSince: string | null;
  /** Whether the node's last answer, silent attempts aside, was a refusal: its vote on the port. */
  refuses?: boolean;
}

export interface ProbeReadings {
  status: SignalStatus;
  /** Node → its probe problem; absent when it has none. */
  problems: Map<string, Reason>;
  /** Node → since when its probe port refuses (agent evidence). */
  refused: Map<string, number>;
  /** Nodes whose probe failed or was refused this tick: their recovery delay restarts. */
  restart: Set<string>;
  next: Record<string, ProbeRecord>;
}

/**
 * Whether the port is not served: each node votes with its last answer, this tick's when it
 * answered, its record's when it was silent (a node never heard from has no vote).
 */
function portNotServed(observed: readonly ProbeObservation[], records: Readonly<Record<string, ProbeRecord>>): boolean {
  let voters = 0;
  let refusing = 0;
  for (const o of observed) {
    const refuses = o.answer === "silent" ? records[o.node]?.refuses : o.answer === "refused";
    if (refuses === undefined) continue;
    voters++;
    if (refuses) refusing++;
  }
  return refusing >= 2 && refusing * 2 > voters;
}

/**
 * @param explained pool nodes Kubernetes already reports down: left out of the partition guard
 */
export function readProbe(
  opts: ProbeOptions | null,
  observed: readonly ProbeObservation[] | null,
  prior: Readonly<Record<string, ProbeRecord>>,
  poolNodes: ReadonlySet<string>,
  clock: Clock,
  explained: ReadonlySet<string> = new Set(),
): ProbeReadings {
  const out: ProbeReadings = {
    status: { signal: "probe", state: "off", detail: "probe is off" },
    problems: new Map(),
    refused: new Map(),
    restart: new Set(),
    next: Object.create(null),
  };
  if (!opts) return out;
  const port = opts.ports.join(",");
  let records: Record<string, ProbeRecord> = Object.create(null);
  for (const node of poolNodes) if (Object.hasOwn(prior, node)) records[node] = prior[node] as ProbeRecord;
  if (observed !== null && observed.length > 0) {
    const counted = observed.filter((o) => !explained.has(o.node));
    const silent = counted.filter((o) => o.answer === "silent").length;
    const refused = observed.filter((o) => o.answer === "refused").length;
    const left = observed.length - counted.length;
    const reported = left > 0 ? ` (${left} reported down by Kubernetes left out)` : "";
    if (silent >= 2 && silent * 2 > counted.length) {
      out.status = {
        signal: "probe",
        state: "suspended",
        detail: `${silent} of ${counted.length} pool nodes${reported} are silent on port ${port} at once, which points at this operator's own network; probe ignored`,
      };
      out.next = records;
      return out;
    }
    const ignoreRefusals = portNotServed(observed, records);
    const next: Record<string, ProbeRecord> = Object.create(null);
    for (const o of observed) {
      const before = records[o.node];
      if (o.answer === "silent") {
        const since = before?.since ?? o.silentSince ?? clock.iso;
        next[o.node] = { failures: (before?.failures ?? 0) + o.silent, since, refusedSince: null };
        if (before?.refuses) (next[o.node] as ProbeRecord).refuses = true;
        out.restart.add(o.node);
      } else if (o.answer === "refused") {
        const refusedSince = ignoreRefusals ? null : (before?.refusedSince ?? clock.iso);
        next[o.node] = { failures: 0, since: null, refusedSince, refuses: true };
        if (!ignoreRefusals) out.restart.add(o.node);
      }
    }
    records = next;
    const detail = `${silent} of ${counted.length} pool nodes silent${reported}, ${refused} refused on port ${port}`;
    out.status = {
      signal: "probe",
      state: "active",
      detail: ignoreRefusals ? `${detail}; refusals ignored: the port is not served on most nodes` : detail,
    };
  } else {
    out.status = { signal: "probe", state: "active", detail: "not probed this run (probes run on the resync tick)" };
  }
  out.next = records;
  for (const [node, r] of Object.entries(records)) {
    if (r.refusedSince !== null) {
      const at = clock.at(r.refusedSince, "state file", `probe["${node}"].refusedSince`);
      if (at !== null) out.refused.set(node, at);
    }
    if (r.failures > 0 && r.since !== null) {
      const since = clock.at(r.since, "state file", `probe["${node}"].since`) ?? clock.now;
      const forSeconds = (clock.now - since) / 1000;
      if (r.failures >= opts.failures && forSeconds >= opts.windowSeconds)
        out.problems.set(node, reason("probe-silent", { failures: r.failures, forSeconds, port }));
    }
  }
  return out;
}
