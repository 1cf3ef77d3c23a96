/**
 * The state's budget: what the hook keeps when its memory would pass the cap, pure. The memory
 * comes in two kinds:
 * - the engine's signal memory (recovery times, Lease sightings, agent and probe records, clamped
 *   times): bounded by the number of pool nodes, the fast signals depend on it, and it is never
 *   shed for per-policy records. When it alone cannot fit, the state cannot be kept, and the Lease
 *   and agent signals are reported unavailable in the same run (assessment.ts);
 * - per-policy records, shed over the cap, least important first: the log's de-duplication (the
 *   notices: conditions are then logged again), then the stuck policies (their Events are then
 *   written again, within the event limit), then the oldest pending moves (never confirmed, so
 *   never counted nor reported). Pending moves beyond MAX_PENDING_MOVES go first in any case.
 * Worst case per pool node: about 400 bytes (a 253-character name in each of its records); per
 * policy: a 253-character name in `remembered`, a pending move (about 150 bytes plus the names),
 * a stuck record and a notice (about 60 bytes plus the name each).
 */
import type { Assessment } from "../engine/decide.js";
import { emptyRecord } from "../engine/records.js";
import { engineRecord, type RunState, serializeState } from "./state.js";

/** Room kept for the hook's own small records (failover counts, hashes) beside the signal memory: a quarter of the cap, at most 16 KiB. */
export const HOOK_RESERVE_BYTES = 16 * 1024;
const reserve = (cap: number): number => Math.min(HOOK_RESERVE_BYTES, Math.floor(cap / 4));
/** Most pending moves kept: a failover of 20 000 policies in one run is confirmed whole. */
export const MAX_PENDING_MOVES = 20_000;

const bytes = (text: string): number => Buffer.byteLength(text);

/** Whether the engine's signal memory of this assessment fits the cap, with room for the hook's own. */
export function signalMemoryFits(a: Pick<Assessment, "memory">, cap: number): boolean {
  // `remembered` is per policy: the per-node records alone must fit.
  const memory = engineRecord({ ...a.memory, remembered: emptyRecord() });
  return bytes(JSON.stringify(memory)) + reserve(cap) <= cap;
}

/** How many records of each kind were shed to fit the cap. */
export interface Shed {
  notices: number;
  stuck: number;
  pending: number;
}

export interface Fitted {
  state: RunState;
  text: string;
  shed: Shed;
  /** false: even without its per-policy records the state passes the cap, and cannot be saved. */
  fits: boolean;
}

/** The state to save within `cap`, shedding per-policy records least important first. */
export function fitState(state: RunState, cap: number): Fitted {
  const shed: Shed = { notices: 0, stuck: 0, pending: 0 };
  let s = state;
  if (s.pending.length > MAX_PENDING_MOVES) {
    shed.pending = s.pending.length - MAX_PENDING_MOVES;
    s = { ...s, pending: s.pending.slice(shed.pending) };
  }
  let text = serializeState(s);
  if (bytes(text) > cap && Object.keys(s.notices).length > 0) {
    shed.notices = Object.keys(s.notices).length;
    s = { ...s, notices: emptyRecord() };
    text = serializeState(s);
  }
  if (bytes(text) > cap && Object.keys(s.stuck).length > 0) {
    shed.stuck = Object.keys(s.stuck).length;
    s = { ...s, stuck: emptyRecord() };
    text = serializeState(s);
  }
  while (bytes(text) > cap && s.pending.length > 0) {
    // The oldest first, by what one takes on average: a few passes at most.
    const per = bytes(JSON.stringify(s.pending)) / s.pending.length;
    const drop = Math.min(s.pending.length, Math.ceil((bytes(text) - cap) / per) + 1);
    shed.pending += drop;
    s = { ...s, pending: s.pending.slice(drop) };
    text = serializeState(s);
  }
  return { state: s, text, shed, fits: bytes(text) <= cap };
}
