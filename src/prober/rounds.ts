/**
 * The prober's round logic, pure: from the tracks of the last rounds and this round's answers,
 * the next tracks and which verdicts changed. The rules are the tick probe's (src/engine/probe.ts,
 * src/io/probe.ts): only silence fails, a refusal is agent evidence, a slow answer is an answer.
 * - A round probes every node at once, one attempt each, bounded by the timeout.
 * - A node silent in a round but short of a verdict is a suspect: the next round starts as soon as
 *   this one ends (a confirmation round) and gives each suspect `confirm` attempts at once, on
 *   separate connections; any answer is an answer, all silent is a silent round. A confirmation
 *   round is a whole round started early (every node probed, the others once), and the interval
 *   counts from its start, so no node waits longer than the interval for its next probe.
 * - A node silent `failures` rounds in a row is `silent`; any answer ends that at once.
 * - A refusal makes the node `refused` at once (its kernel answered: the hook times it by the
 *   agent grace); an open answer ends it.
 * - Starvation: a round whose timers ran late by more than half the timeout (at its start, or at
 *   its end, where a silent node's timeout fires) is void: a starved prober would otherwise read
 *   its own lateness as silence. A void round changes nothing. A confirmation round is late
 *   when it starts later than the end of the round before; attempts run one after another
 *   would end it past its timeout, so they never count.
 */
import type { Evidence, LeaseEvidence, NodeEvidence, Verdict } from "../model/evidence.js";

export interface Track {
  verdict: Verdict;
  /** Silent rounds in a row. */
  silent: number;
  /** Start of the first of them (ms). */
  silentSince: number | null;
  /** Start of the first refused round of the current refusal (ms). */
  refusedSince: number | null;
  lastSilence: number | null;
  lastRefusal: number | null;
}

export interface RoundAnswer {
  node: string;
  answer: "open" | "refused" | "silent";
  rttMs: number | null;
}

export interface RoundTiming {
  /** When the round should have started (ms). */
  scheduledAt: number;
  startedAt: number;
  endedAt: number;
}

export interface RoundOptions {
  timeoutMs: number;
  failures: number;
  /** Parallel attempts a suspect gets in a confirmation round. */
  confirm: number;
}

export interface RoundResult {
  tracks: Map<string, Track>;
  /** The round's timer lag (ms): the later of its start's and its end's. */
  lagMs: number;
  voided: boolean;
  /** Nodes whose verdict changed this round (added, removed or turned). */
  changed: string[];
  /** Nodes silent but short of a verdict: the next round is a confirmation round. */
  suspects: string[];
}

const FRESH: Track = {
  verdict: "up",
  silent: 0,
  silentSince: null,
  refusedSince: null,
  lastSilence: null,
  lastRefusal: null,
};

/** How late the round's timers ran: at its start, and at its end beyond the timeout. */
export function roundLag(t: RoundTiming, timeoutMs: number): number {
  return Math.max(0, t.startedAt - t.scheduledAt, t.endedAt - t.startedAt - timeoutMs);
}

function next(before: Track, a: RoundAnswer, at: number, failures: number): Track {
  if (a.answer === "open") return { ...before, verdict: "up", silent: 0, silentSince: null, refusedSince: null };
  if (a.answer === "refused")
    return {
      ...before,
      verdict: "refused",
      silent: 0,
      silentSince: null,
      refusedSince: before.refusedSince ?? at,
      lastRefusal: at,
    };
  const silent = before.silent + 1;
  const silentSince = before.silentSince ?? at;
  if (silent < failures) return { ...before, silent, silentSince };
  return { ...before, verdict: "silent", silent, silentSince, refusedSince: null, lastSilence: at };
}

/** Applies one round; nodes no longer probed are dropped (a change when their verdict was not up). */
export function applyRound(
  before: ReadonlyMap<string, Track>,
  answers: readonly RoundAnswer[],
  timing: RoundTiming,
  opts: RoundOptions,
): RoundResult {
  const lagMs = roundLag(timing, opts.timeoutMs);
  if (lagMs * 2 > opts.timeoutMs)
    return { tracks: new Map(before), lagMs, voided: true, changed: [], suspects: suspectsOf(before, opts.failures) };
  const tracks = new Map<string, Track>();
  const changed: string[] = [];
  for (const a of answers) {
    const prior = before.get(a.node);
    const t = next(prior ?? FRESH, a, timing.startedAt, opts.failures);
    tracks.set(a.node, t);
    if ((prior?.verdict ?? "up") !== t.verdict) changed.push(a.node);
  }
  for (const [node, t] of before) if (!tracks.has(node) && t.verdict !== "up") changed.push(node);
  return { tracks, lagMs, voided: false, changed: changed.sort(), suspects: suspectsOf(tracks, opts.failures) };
}

const isSuspect = (t: Track | undefined, failures: number): boolean =>
  t !== undefined && t.silent > 0 && t.silent < failures;

function suspectsOf(tracks: ReadonlyMap<string, Track>, failures: number): string[] {
  return [...tracks].filter(([, t]) => isSuspect(t, failures)).map(([node]) => node);
}

/** The attempts a node gets in the next round: `confirm` at once for a suspect, else one. */
export function attemptsFor(tracks: ReadonlyMap<string, Track>, node: string, opts: RoundOptions): number {
  return isSuspect(tracks.get(node), opts.failures) ? opts.confirm : 1;
}

/**
 * When the next round is due: at once after a round that left suspects (a confirmation round),
 * else one interval after this round's start, or at its end when it ran over the interval.
 */
export function nextRoundAt(r: RoundResult, timing: RoundTiming, intervalMs: number): number {
  if (r.suspects.length > 0) return timing.endedAt;
  return Math.max(timing.startedAt + intervalMs, timing.endedAt);
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The evidence the tracks make: every node with a verdict other than up, or a last silence or refusal; and the stale Leases. */
export function evidenceOf(
  tracks: ReadonlyMap<string, Track>,
  leases: readonly LeaseEvidence[],
  changedAt: number,
  settings: { intervalMs: number; timeoutMs: number; failures: number },
): Evidence {
  const nodes: NodeEvidence[] = [];
  for (const [node, t] of [...tracks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (t.verdict === "up" && t.lastSilence === null && t.lastRefusal === null) continue;
    nodes.push({
      node,
      verdict: t.verdict,
      since: iso(t.verdict === "silent" ? t.silentSince : t.verdict === "refused" ? t.refusedSince : null),
      failures: t.verdict === "silent" ? t.silent : 0,
      lastSilence: iso(t.lastSilence),
      lastRefusal: iso(t.lastRefusal),
    });
  }
  const { intervalMs, timeoutMs, failures } = settings;
  return { changed: new Date(changedAt).toISOString(), intervalMs, timeoutMs, failures, nodes, leases: [...leases] };
}
