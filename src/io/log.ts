/**
 * JSON-lines logger. shell-operator merges each JSON line a hook prints into its own log:
 * `level` and `msg` are honoured, other keys become `hook_<key>` (protocol §5). One complete
 * line per write, so lines from a combined run never interleave.
 */
import type { LogLevel } from "../config/settings.js";

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  /** Whether lines of `level` are written; lets callers skip building what would be dropped. */
  enabled(level: LogLevel): boolean;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export function createLogger(write: (line: string) => void, threshold: LogLevel): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (RANK[level] < RANK[threshold]) return;
    write(`${JSON.stringify({ level, msg, ...fields })}\n`);
  };
  return {
    enabled: (level) => RANK[level] >= RANK[threshold],
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
  };
}
