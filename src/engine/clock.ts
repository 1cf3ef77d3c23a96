/**
 * The clock check every time the engine reads passes through: a time later than now is taken as
 * the time the hook first saw it (at the latest now), with a notice, so a bad clock or a bad
 * state file never holds a node back longer than the delay nor blinds a signal. An unparsable
 * time is taken as now, with a notice too.
 */
import { type Reason, reason } from "../model/reason.js";

/** A time from the future, kept from run to run: the value, and when the hook first saw it. */
export interface ClampedTime {
  value: string;
  at: string;
}

/**
 * Whether `seconds` have passed since `at`, a time the hook stored. A time it cannot read, or one
 * later than now (the clock stepped back since), counts as passed: a stored time never holds
 * anything longer than its duration.
 */
export function due(at: string, now: number, seconds: number): boolean {
  const t = Date.parse(at);
  return Number.isNaN(t) || now < t || now - t >= seconds * 1000;
}

/** A clock that clamps: every time the engine reads goes through `at`. */
export class Clock {
  readonly notices: Reason[] = [];
  private readonly noted = new Set<string>();
  /** Future times seen this run, for the next one. */
  readonly clamped: Record<string, ClampedTime> = Object.create(null);
  constructor(
    readonly now: number,
    private readonly before: Readonly<Record<string, ClampedTime>> = {},
  ) {}

  get iso(): string {
    return new Date(this.now).toISOString();
  }

  /** A time in ms, clamped to now; null stays null. */
  at(value: string | null | undefined, object: string, field: string): number | null {
    if (value === null || value === undefined || value === "") return null;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      this.note(reason("time-unparsable", { object, field, value }), object, field);
      return this.now;
    }
    if (ms > this.now) {
      this.note(reason("time-in-future", { object, field, value, now: this.iso }), object, field);
      return this.firstSeen(value, `${object} ${field}`);
    }
    return ms;
  }

  /**
   * A future time is taken as the time the hook first saw it, so it never holds anything back
   * for longer than it would have, had it been right.
   */
  private firstSeen(value: string, key: string): number {
    const seen = Object.hasOwn(this.before, key) ? this.before[key] : undefined;
    const first = seen && seen.value === value ? Math.min(Date.parse(seen.at), this.now) : this.now;
    const at = Number.isNaN(first) ? this.now : first;
    this.clamped[key] = { value, at: new Date(at).toISOString() };
    return at;
  }

  /** Each notice once a run, per kind, object and field. */
  private note(r: Reason, object: string, field: string): void {
    const key = `${r.code}\u0000${object}\u0000${field}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notices.push(r);
  }
}
