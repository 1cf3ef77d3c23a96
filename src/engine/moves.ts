/**
 * Confirmed moves. A move is reported (Event, failover count, info log) only once it has taken
 * effect: each guarded patch also writes the `cilium-egress-ha/last-move` annotation with a move
 * id and the writer's identity, and the writer remembers the move as pending. A later run that
 * sees its own id on the policy confirms it. A patch that was refused (a concurrent edit, or
 * another replica that moved the policy first) never shows the id, so it leaves no Event, no
 * count and no claim in the log; it is dropped once another move shows up or it expires.
 * Only the writer confirms, so several replicas never double-count.
 */
import type { PolicyObject } from "../model/objects.js";
import type { ReasonCode, Tier } from "../model/reason.js";
import { due } from "./clock.js";
import type { PolicyDecision } from "./decide.js";

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

/** Sorts this writer's pending moves into confirmed, dropped and still pending. Pure. */
export function settleMoves(
  pending: readonly PendingMove[],
  policies: readonly PolicyObject[],
  writer: string,
  now: number,
): Settled {
  const out: Settled = { confirmed: [], dropped: [], pending: [] };
  if (pending.length === 0) return out;
  const byName = new Map(policies.map((p) => [p.name, p]));
  const confirmedPolicies = new Set<string>();
  const last = new Map<string, LastMove | null>();
  for (const stored of pending) {
    const move = clamped(stored, now);
    const policy = byName.get(move.policy);
    if (!policy) {
      out.dropped.push({ move, why: "policy-gone" });
      continue;
    }
    if (!last.has(move.policy)) last.set(move.policy, parseLastMove(policy.lastMove));
    const lm = last.get(move.policy) ?? null;
    if (lm && lm.id === move.id && lm.by === writer) {
      out.confirmed.push(move);
      confirmedPolicies.add(move.policy);
    } else if (lm && Date.parse(lm.at) >= Date.parse(move.at)) {
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
