/**
 * The house rule for a lasting problem (a state file that cannot be kept, a metrics file that
 * cannot be written): log it when it starts and when it changes, repeat it at most once a minute,
 * and say when it ends. Each hook run is a fresh process, so what was logged when is kept in a
 * small side file (see hook-process.ts); this is the pure part.
 */

export const REPEAT_MS = 60_000;

/** Condition key (what is wrong, e.g. "EGRESS_HA_STATE_FILE:EACCES") → when it was last logged (ms). */
export type Logged = Record<string, number>;

export interface ConditionPlan {
  /** Current conditions to log now. */
  log: string[];
  /** Conditions of the last run that are gone. */
  ended: string[];
  /** What to keep for the next run; null when nothing changed. */
  next: Logged | null;
}

/**
 * @param previous what earlier runs logged; null when that is unknown (the side file cannot be
 *   read or written, e.g. a read-only state directory): then a start cannot be told from a
 *   repeat, and every current condition is logged, since a missed start is worse than a repeat.
 */
export function planConditions(previous: Logged | null, current: string[], nowMs: number): ConditionPlan {
  if (previous === null) return { log: current, ended: [], next: null };
  const next: Logged = Object.create(null);
  const log: string[] = [];
  for (const key of current) {
    const last = Object.hasOwn(previous, key) ? (previous[key] as number) : null;
    if (last === null || nowMs - last >= REPEAT_MS || nowMs < last) {
      log.push(key);
      next[key] = nowMs;
    } else {
      next[key] = last;
    }
  }
  const ended = Object.keys(previous).filter((k) => !current.includes(k));
  const changed = log.length > 0 || ended.length > 0;
  return { log, ended, next: changed ? next : null };
}

/** Parses the side file; null when it is not one (then the clock rule applies). */
export function parseLogged(text: string): Logged | null {
  try {
    const doc = JSON.parse(text) as unknown;
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return null;
    const out: Logged = Object.create(null);
    for (const [k, v] of Object.entries(doc)) if (typeof v === "number") out[k] = v;
    return out;
  } catch {
    return null;
  }
}
