/**
 * The prober's lasting conditions in its log, as the hook logs its own (docs/operations.md): a
 * condition is logged when it starts and when its message changes; while it lasts, an error is
 * repeated at most once a minute (with how many times it was seen) and a warning not at all; its
 * end is one `condition cleared` line. The prober is long-lived and meets the same failure on every
 * round or retry (a void round 2.5 times a second, a failing heartbeat twice), so without this its
 * log would be the failure, over and over.
 */
import type { LogFields, Logger } from "../io/log.js";

export const REPEAT_MS = 60_000;

interface Lasting {
  msg: string;
  loggedAt: number;
  seen: number;
}

export class ConditionLog {
  private readonly lasting = new Map<string, Lasting>();
  constructor(
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** The condition `key` holds now; `msg` says how. */
  report(key: string, level: "warn" | "error", msg: string, fields: LogFields = {}): void {
    const at = this.now();
    const before = this.lasting.get(key);
    if (before && before.msg === msg) {
      before.seen++;
      if (level === "warn" || at - before.loggedAt < REPEAT_MS) return;
      this.log.error(msg, { condition: key, ...fields, seen: before.seen });
      before.loggedAt = at;
      before.seen = 0;
      return;
    }
    this.lasting.set(key, { msg, loggedAt: at, seen: 0 });
    this.log[level](msg, { condition: key, ...fields });
  }

  /** The condition `key` no longer holds. */
  clear(key: string): void {
    if (!this.lasting.delete(key)) return;
    this.log.info("condition cleared", { condition: key });
  }
}
