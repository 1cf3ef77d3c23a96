/**
 * Confirmed moves. A move is reported (Event, failover count, info log) only once it has taken
 * effect: each guarded patch also writes the `cilium-egress-ha/last-move` annotation with a move
 * id and the writer's identity, and the writer remembers the move as pending. A later run that
 * sees its own id on the policy confirms it. A patch that was refused (a concurrent edit, or
 * another replica that moved the policy first) never shows the id, so it leaves no Event, no
 * count and no claim in the log. It is dropped, quietly, as soon as the policy shows another
 * move or pins other than those it was patched from; otherwise it expires.
 * Only the writer confirms, so several replicas never double-count.
 *
 * Replicas compare only what each saw itself: a replica times another writer's move by its own
 * first sighting of the move (`sightMoves`), never by the `at` another clock wrote. A slot that
 * only this replica's probe calls unhealthy, on a node another writer chose less than
 * DEFER_SECONDS ago, stays (`deferMoves`): two replicas whose probes disagree would otherwise move
 * it back and forth. Evidence every replica shares (Ready, taints, the Lease, the agent) moves it
 * at once, and the writer that chose the node may still move it.
 */
import type { PolicyObject } from "../model/objects.js";
import { type Reason, type ReasonCode, reason, type Tier } from "../model/reason.js";
import { due } from "./clock.js";
import type { PolicyDecision, SlotDecision } from "./decide.js";
import { summarize } from "./decide-policy.js";

/** What the hook writes into the last-move annotation. */
export interface LastMove {
  id: string;
  /** The writer's identity (its pod name). */
  by: string;
  at: string;
  /** Why the (first) moved slot had to leave its gateway: the cause's code. */
  reason: ReasonCode;
  /** The placement tier that chose the new gateway. */
  tier: Tier;
  from: (string | null)[];
  to: (string | null)[];
}

/**
 * A move this writer patched and has not seen take effect yet: ids and pins only (about 150
 * bytes), so that a failover of thousands of policies fits the state; its Event and log line are
 * rendered from these when it is confirmed (moveMessage).
 */
export interface PendingMove {
  id: string;
  policy: string;
  pool: string;
  at: string;
  /** Slots the move changes. */
  slots: number;
  from: (string | null)[];
  to: (string | null)[];
  /** Why the (first) moved slot had to leave its gateway. */
  code: ReasonCode;
}

/** A confirmed move, in words: for its Event and its log line. */
export function moveMessage(m: PendingMove): string {
  const pins = (xs: readonly (string | null)[]) => xs.map((x) => x ?? "none").join(",");
  return `gateway moved from ${pins(m.from)} to ${pins(m.to)} (${m.code})`;
}

/** A stored time no later than now: a clock that stepped back never makes a move look younger. */
const clamped = (m: PendingMove, now: number): PendingMove => {
  const t = Date.parse(m.at);
  return t > now ? { ...m, at: new Date(now).toISOString() } : m;
};

/** How long a pending move waits for its id to show up before it is dropped. */
export const PENDING_EXPIRY_SECONDS = 300;
/** An identical move still pending for less than this is not written again. */
export const PENDING_HOLD_SECONDS = 10;
/** How long this replica defers to another writer's choice of a node that only its own probe calls unhealthy. */
export const DEFER_SECONDS = 300;

export function parseLastMove(text: string | null | undefined): LastMove | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<LastMove>;
    return typeof v === "object" && v !== null && typeof v.id === "string" && typeof v.by === "string"
      ? (v as LastMove)
      : null;
  } catch {
    return null;
  }
}

export interface Settled {
  confirmed: PendingMove[];
  /** Dropped without taking effect, and why. */
  dropped: { move: PendingMove; why: "superseded" | "policy-gone" | "expired" }[];
  pending: PendingMove[];
}

/** This replica's first sighting of each batch of last moves (writer and the run's id stamp) → ISO time. */
export type Sightings = Record<string, string>;

/** A last move's writer and id, and its text (parsed in full only where a decision needs it). */
export interface MoveHead {
  id: string;
  by: string;
  text: string;
}

/** What a run sees of the policies' last moves: each policy's, and when this replica first saw each. */
export interface SeenMoves {
  last: Map<string, MoveHead>;
  sightings: Sightings;
}

/** One run's moves share the id's stamp (pipeline.ts), so a batch of thousands is one sighting. */
function sightingKey(m: { id: string; by: string }): string {
  const dash = m.id.lastIndexOf("-");
  return `${m.by} ${dash > 0 ? m.id.slice(0, dash) : m.id}`;
}

/** When this replica first saw the move (ms); NaN when it never did. */
function sightedAt(seen: SeenMoves, m: { id: string; by: string }): number {
  const key = sightingKey(m);
  return Object.hasOwn(seen.sightings, key) ? Date.parse(seen.sightings[key] as string) : Number.NaN;
}

/** The annotation as this hook writes it starts with its id and writer: read without parsing every policy's. */
const HEAD = /^\{"id":"([^"\\]*)","by":"([^"\\]*)",/;

function headOf(text: string): MoveHead | null {
  const m = HEAD.exec(text);
  if (m) return { id: m[1] as string, by: m[2] as string, text };
  const lm = parseLastMove(text);
  return lm ? { id: lm.id, by: lm.by, text } : null;
}

/** The policies' last moves, with the first sighting of each kept and new ones stamped `now`; batches no policy shows are forgotten. Pure. */
export function sightMoves(policies: readonly PolicyObject[], previous: Readonly<Sightings>, now: Date): SeenMoves {
  const last = new Map<string, MoveHead>();
  const sightings: Sightings = Object.create(null);
  const at = now.toISOString();
  for (const p of policies) {
    const head = p.lastMove ? headOf(p.lastMove) : null;
    if (head === null) continue;
    last.set(p.name, head);
    const key = sightingKey(head);
    if (Object.hasOwn(sightings, key)) continue;
    // A sighting from the future (the clock stepped back) counts as now: a deferral never outlasts its duration.
    const before = Object.hasOwn(previous, key) ? Date.parse(previous[key] as string) : Number.NaN;
    sightings[key] = before <= now.getTime() ? (previous[key] as string) : at;
  }
  return { last, sightings };
}

/**
 * Sorts this writer's pending moves into confirmed, dropped and still pending. A move is
 * superseded once its policy shows a last move this replica first saw after patching, or pins
 * other than those it was patched from: its patch was refused, and can no longer land. Pure.
 * @param pins each policy's current pin per slot (PolicyDecision.gateways)
 */
export function settleMoves(
  pending: readonly PendingMove[],
  pins: ReadonlyMap<string, readonly (string | null)[]>,
  seen: SeenMoves,
  writer: string,
  now: number,
): Settled {
  const out: Settled = { confirmed: [], dropped: [], pending: [] };
  if (pending.length === 0) return out;
  const confirmedPolicies = new Set<string>();
  for (const stored of pending) {
    const move = clamped(stored, now);
    const current = pins.get(move.policy);
    if (current === undefined) {
      out.dropped.push({ move, why: "policy-gone" });
      continue;
    }
    const lm = seen.last.get(move.policy) ?? null;
    if (lm && lm.id === move.id && lm.by === writer) {
      out.confirmed.push(move);
      confirmedPolicies.add(move.policy);
    } else if ((lm && sightedAt(seen, lm) > Date.parse(move.at)) || !same(current, move.from)) {
      out.dropped.push({ move, why: "superseded" });
    } else if (now - Date.parse(move.at) > PENDING_EXPIRY_SECONDS * 1000 || Number.isNaN(Date.parse(move.at))) {
      out.dropped.push({ move, why: "expired" });
    } else {
      out.pending.push(move);
    }
  }
  // A confirmed move supersedes every other pending move of its policy.
  if (confirmedPolicies.size > 0) {
    const keep: PendingMove[] = [];
    for (const m of out.pending) {
      if (confirmedPolicies.has(m.policy)) out.dropped.push({ move: m, why: "superseded" });
      else keep.push(m);
    }
    out.pending = keep;
  }
  return out;
}

/** Problems only this replica can see: its own probe's. */
const PER_REPLICA: ReadonlySet<ReasonCode> = new Set<ReasonCode>(["probe-silent"]);

/** The problems of a slot whose gateway is unhealthy only to this replica, or null. */
function perReplicaProblems(s: SlotDecision): Reason[] | null {
  if (s.action !== "move" || s.reason.code !== "move" || s.reason.cause.code !== "gateway-unhealthy") return null;
  const problems = s.reason.cause.problems;
  return problems.length > 0 && problems.every((p) => PER_REPLICA.has(p.code)) ? [...problems] : null;
}

/**
 * Keeps every slot that only this replica's probe would move off a node another writer chose
 * less than DEFER_SECONDS ago (by this replica's first sighting of that move). Pure.
 * @returns the decisions, and when the earliest deferral ends (ms), or null when none was made
 */
export function deferMoves(
  decisions: readonly PolicyDecision[],
  seen: SeenMoves,
  writer: string,
  now: number,
): { decisions: PolicyDecision[]; until: number | null } {
  let until: number | null = null;
  const out = decisions.map((d) => {
    if (d.action !== "move") return d;
    const head = seen.last.get(d.policy);
    if (head === undefined || head.by === writer) return d;
    const since = sightedAt(seen, head);
    const ends = since + DEFER_SECONDS * 1000;
    const lm = now < ends && now >= since ? parseLastMove(head.text) : null;
    if (lm === null) return d;
    let changed = false;
    const slots = d.slots.map((s, i) => {
      const problems = perReplicaProblems(s);
      if (problems === null || s.from === null || lm.to[i] !== s.from) return s;
      changed = true;
      const r = reason("gateway-deferred", {
        gateway: s.from,
        problems,
        by: lm.by,
        forSeconds: Math.floor((now - since) / 1000),
        deferSeconds: DEFER_SECONDS,
      });
      return { slot: s.slot, action: "keep" as const, from: s.from, to: s.from, egressIP: null, reason: r };
    });
    if (!changed) return d;
    until = until === null ? ends : Math.min(until, ends);
    return { ...d, slots, ...summarize(slots) };
  });
  return { decisions: out, until };
}

const same = (a: readonly (string | null)[], b: readonly (string | null)[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Whether an identical move for this policy is already in flight: patched moments ago, from the
 * pins the policy still has (so the patch can still land), to the same pins.
 */
export function inFlight(
  pending: readonly PendingMove[],
  policy: string,
  from: readonly (string | null)[],
  to: readonly (string | null)[],
  now: number,
): boolean {
  return pending.some(
    (m) => m.policy === policy && !due(m.at, now, PENDING_HOLD_SECONDS) && same(m.from, from) && same(m.to, to),
  );
}

/** The cause and tier of a moving decision's first moved slot, for the last-move annotation. */
export function moveSummary(d: PolicyDecision): { reason: ReasonCode; tier: Tier } {
  const r = d.slots.find((s) => s.action === "move")?.reason;
  return r?.code === "move" ? { reason: r.cause.code, tier: r.tier } : { reason: d.reason.code, tier: "settled" };
}
