/**
 * Log conditions: a lasting condition (a stuck policy, a suspended signal, a bad annotation) is
 * logged when it starts and when it changes; while it lasts, an error is repeated at most once
 * a minute and a warning not at all. Each run is a fresh process, so what was logged is kept in
 * the state. Pure.
 */
import type { Reason } from "../model/reason.js";
import { due, type Notice, textHash } from "./state.js";

export const ERROR_REPEAT_SECONDS = 60;

export interface Condition {
  key: string;
  level: "warn" | "error";
  /** What identifies the condition's content: when it changes, the condition is logged again. */
  fingerprint: string;
  msg: string;
  fields?: Record<string, unknown>;
}

/** A reason's identity without its ages and clock readings, which change every run. */
export function fingerprint(r: unknown): string {
  return JSON.stringify(r, (key, value) =>
    typeof value === "number" || key === "now" || key === "since" || key === "at" ? undefined : value,
  );
}

/**
 * @param carry keys of earlier conditions this run could not judge (a tick that decided no
 *   policy cannot tell whether a policy is still stuck): kept as they are, neither logged nor cleared.
 */
/**
 * Whether a lasting error logged at `notice.at` is due to be logged again. The one rule, for
 * every run's conditions and for the resync tick that must decide to repeat a stuck policy's.
 */
export function repeatDue(notice: Notice, now: Date): boolean {
  return due(notice.at, now, ERROR_REPEAT_SECONDS);
}

export function conditionsToLog(
  previous: Readonly<Record<string, Notice>>,
  current: readonly Condition[],
  now: Date,
  carry?: RegExp,
): { log: Condition[]; cleared: string[]; next: Record<string, Notice> } {
  const next: Record<string, Notice> = Object.create(null);
  if (carry) for (const [key, notice] of Object.entries(previous)) if (carry.test(key)) next[key] = notice;
  const log: Condition[] = [];
  const at = now.toISOString();
  for (const c of current) {
    const before = Object.hasOwn(previous, c.key) ? previous[c.key] : undefined;
    // The state keeps a fixed-size hash of the fingerprint: a stuck policy's names every node's refusal.
    const text = textHash(c.fingerprint);
    if (before === undefined || before.text !== text || (c.level === "error" && repeatDue(before, now))) {
      log.push(c);
      next[c.key] = { text, at };
    } else {
      next[c.key] = before;
    }
  }
  const cleared = Object.keys(previous).filter((k) => !Object.hasOwn(next, k));
  return { log, cleared, next };
}

export function noticeCondition(r: Reason, render: (r: Reason) => string): Condition {
  // A notice names a node, a hostname, or where a time was read.
  const subject = "node" in r ? r.node : "hostname" in r ? r.hostname : "object" in r ? `${r.object} ${r.field}` : "";
  return {
    key: `notice:${r.code}:${String(subject)}`,
    level: "warn",
    fingerprint: fingerprint(r),
    msg: render(r),
    fields: { code: r.code },
  };
}

/**
 * A problem with one of the hook's files, as a condition: keyed by the file's setting, so a new
 * kind of failure (its code) is logged as a change. It is remembered in the state like any other
 * condition; when the state itself cannot be kept, it is logged on every run.
 */
export function fileCondition(setting: string, code: string, msg: string): Condition {
  return { key: `file:${setting}`, level: "error", fingerprint: code, msg, fields: { file: setting, code } };
}

/**
 * The most policies one run is measured for (e2e/memory.test.ts: shell-operator and the hook
 * together, a storm and a refresh, within the chart's memory limit).
 */
export const SUPPORTED_POLICIES = 20_000;

/**
 * A run whose snapshot carries more policies than the supported size: an error while it lasts,
 * before the kernel's OOM killer ends a run mid-way. Keyed once, so a growing count is not a new
 * condition; repeated once a minute like every lasting error, with the count of the time.
 */
export function sizeCondition(policies: number): Condition | null {
  if (policies <= SUPPORTED_POLICIES) return null;
  return {
    key: "size:policies",
    level: "error",
    fingerprint: String(SUPPORTED_POLICIES),
    msg: `${policies} policies, more than the ${SUPPORTED_POLICIES} the operator is measured for: shell-operator and the hook may pass the pod's memory limit and be killed mid-run; raise resources.limits.memory (docs/operations.md#memory-limit)`,
    fields: { code: "over-supported-size", policies, supported: SUPPORTED_POLICIES },
  };
}
