/**
 * The run's log lines, pure: what this run says, at which level, with which fields, and what the
 * state must remember of it (the notices: hook/conditions.ts). Lasting conditions are logged
 * when they start and change; one-off lines (a move confirmed, a policy skipped) every time.
 * Every warn and error line carries a `condition` key or a `code`: tests and alerts key on it,
 * never on the prose.
 */

import type { LogLevel } from "../config/settings.js";
import { settingsWarnings } from "../config/settings.js";
import type { PolicyDecision } from "../engine/decide.js";
import { moveMessage } from "../engine/moves.js";
import type { LogFields } from "../io/log.js";
import { renderReason } from "../model/reason.js";
import { sharedGateways } from "../patch/metrics.js";
import { type Condition, conditionsToLog, fingerprint, noticeCondition, sizeCondition } from "./conditions.js";
import type { Gathered } from "./gather.js";
import type { Evaluation } from "./pipeline.js";
import { type RunState, textHash } from "./state.js";
import { CARRIED_ON_TICKS } from "./tick.js";

export interface LogLine {
  level: LogLevel;
  msg: string;
  fields?: LogFields;
}

/**
 * The stuck policies of one pool above `limit`: one condition for the pool instead of one per
 * policy (a whole-pool outage), logged again when any of them changes.
 */
function stuckPool(pool: string, stuck: readonly PolicyDecision[]): Condition {
  const codes = new Map<string, number>();
  for (const d of stuck) codes.set(d.reason.code, (codes.get(d.reason.code) ?? 0) + 1);
  const first = stuck[0] as PolicyDecision;
  return {
    key: `stuck-pool:${pool}`,
    level: "error",
    fingerprint: textHash(stuck.map((d) => `${d.policy}\u0000${fingerprint(d.reason)}`).join("\u0001")),
    msg: `${stuck.length} policies of pool ${pool} are stuck (${[...codes].map(([c, n]) => `${c}: ${n}`).join(", ")}); the first, ${first.policy}: ${renderReason(first.reason)}`,
    fields: { pool, action: "stuck", policies: stuck.length, code: first.reason.code },
  };
}

/** This run's lasting conditions: the size, notices, signals that cannot be trusted, stuck, invalid and shared-slot policies. */
function conditionsOf(e: Evaluation, limit: number, dryRun: boolean): Condition[] {
  const out: Condition[] = [];
  const plan = e.plan;
  if (plan === null) return out;
  // A tick that decided no policy cannot count them: the condition carries over (CARRIED_ON_TICKS).
  const size = e.tick ? null : sizeCondition(plan.decisions.length);
  if (size) out.push(size);
  for (const n of plan.notices) out.push(noticeCondition(n, renderReason));
  for (const s of plan.signals) {
    if (s.state === "suspended" || s.state === "unavailable")
      out.push({
        key: `signal:${s.signal}`,
        level: "error",
        fingerprint: s.state,
        msg: `${s.signal} signal ${s.state}: ${s.detail}`,
        fields: { signal: s.signal, state: s.state },
      });
  }
  const isStuck = (d: PolicyDecision) => d.action === "stuck" || d.slots.some((s) => s.action === "stuck");
  const stuckByPool = new Map<string, PolicyDecision[]>();
  for (const d of plan.decisions) {
    if (!isStuck(d)) continue;
    const list = stuckByPool.get(d.pool ?? "");
    if (list) list.push(d);
    else stuckByPool.set(d.pool ?? "", [d]);
  }
  const pooled = new Set<string>();
  for (const [pool, stuck] of stuckByPool)
    if (stuck.length > limit) {
      pooled.add(pool);
      out.push(stuckPool(pool, stuck));
    }
  for (const d of plan.decisions) {
    const shared = sharedGateways(d, !dryRun);
    if (shared.length > 0)
      out.push({
        key: `shared:${d.policy}`,
        level: "warn",
        fingerprint: JSON.stringify(shared),
        msg: `policy ${d.policy}: ${shared.map((g) => `slots ${g.slots.join(", ")} share gateway ${g.gateway}`).join("; ")}; no failback spreads them again: re-pin one by hand`,
        fields: { policy: d.policy, pool: d.pool, shared },
      });
    if (isStuck(d) && pooled.has(d.pool ?? "")) continue;
    if (isStuck(d))
      out.push({
        key: `stuck:${d.policy}`,
        level: "error",
        fingerprint: fingerprint(d.reason),
        msg: `policy ${d.policy}: ${renderReason(d.reason)}`,
        fields: { policy: d.policy, pool: d.pool, action: "stuck", code: d.reason.code },
      });
    else if (d.action === "invalid")
      out.push({
        key: `invalid:${d.policy}`,
        level: "warn",
        fingerprint: fingerprint(d.reason),
        msg: `policy ${d.policy}: ${renderReason(d.reason)}`,
        fields: { policy: d.policy, action: "invalid", code: d.reason.code, ...(d.field ? { field: d.field } : {}) },
      });
  }
  return out;
}

/**
 * shell-operator shows a hook's --config stderr only when --config fails: the startup warnings
 * reach the pod log as conditions instead, once, and again when they change.
 */
function startupConditions(g: Gathered, env: Record<string, string | undefined>): Condition[] {
  // Keyed by the variable a warning names and its place among that variable's warnings, so a
  // reworded warning is logged again as a change of the same condition, not as a new one.
  const seen = new Map<string, number>();
  return settingsWarnings(env, g.settings).map((w) => {
    const variable = /^[A-Z][A-Z0-9_]*/.exec(w)?.[0] ?? "settings";
    const n = seen.get(variable) ?? 0;
    seen.set(variable, n + 1);
    return { key: `settings:${variable}:${n}`, level: "warn", fingerprint: w, msg: w };
  });
}

/** The lines of a run whose binding context was empty: only the problems of its files. */
export function emptyRunLines(g: Gathered): LogLine[] {
  return [
    { level: "debug", msg: "empty binding context, nothing to decide" },
    ...g.loaded.problems.map((p) => conditionLine(p)),
  ];
}

/** The warnings about context items of a bad shape, which were skipped. */
export function skippedLines(e: Evaluation): LogLine[] {
  return e.problems.map((p) => ({
    level: "warn" as const,
    msg: `skipped ${p.where}: ${p.message}`,
    fields: { code: "skipped", where: p.where },
  }));
}

function conditionLine(c: Condition): LogLine {
  return { level: c.level, msg: c.msg, fields: { ...c.fields, condition: c.key } };
}

/** Debug-only detail: not even built unless it will be written (this runs on every event). */
function debugLines(e: Evaluation): LogLine[] {
  const out: LogLine[] = [];
  if (e.plan === null) return out;
  for (const pool of e.plan.pools) {
    const unfit = pool.nodes.filter((n) => n.state !== "settled");
    if (unfit.length > 0)
      out.push({
        level: "debug",
        msg: `pool ${pool.pool}: ${unfit.length} of ${pool.nodes.length} nodes are not settled`,
        fields: {
          pool: pool.pool,
          nodes: unfit.map((n) => ({
            node: n.name,
            state: n.state,
            why: n.healthy
              ? n.waiting
                ? renderReason(n.waiting)
                : "healthy"
              : n.problems.map((p) => renderReason(p.reason)).join(", "),
          })),
        },
      });
  }
  for (const d of e.plan.decisions)
    if (d.action !== "move")
      out.push({
        level: "debug",
        msg: `policy ${d.policy}: ${renderReason(d.reason)}`,
        fields: { policy: d.policy, action: d.action, code: d.reason.code },
      });
  for (const m of e.written)
    out.push({
      level: "debug",
      msg: `policy ${m.policy}: patch written (move ${m.id}), awaiting confirmation`,
      fields: { policy: m.policy, move: m.id },
    });
  for (const p of e.held)
    out.push({
      level: "debug",
      msg: `policy ${p}: an identical move is in flight; not written again`,
      fields: { policy: p },
    });
  return out;
}

/** What happened to the moves: those that took effect, those that never will. */
function moveLines(e: Evaluation, dryRun: boolean): LogLine[] {
  const out: LogLine[] = [];
  // A dry run writes nothing, so it says what it would have moved.
  if (dryRun && e.plan)
    for (const d of e.plan.decisions)
      if (d.action === "move")
        out.push({
          level: "info",
          msg: `policy ${d.policy}: would move (dry run): ${renderReason(d.reason)}`,
          fields: { policy: d.policy, pool: d.pool, action: "move", code: d.reason.code, dryRun: true },
        });
  // Moves are claimed only once they took effect (engine/moves.ts).
  for (const m of e.settled.confirmed)
    out.push({
      level: "info",
      msg: `policy ${m.policy}: ${moveMessage(m)}`,
      fields: { policy: m.policy, pool: m.pool, action: "moved", move: m.id, code: m.code },
    });
  for (const { move, why } of e.settled.dropped)
    out.push({
      level: why === "expired" ? "warn" : "debug",
      msg: `policy ${move.policy}: move ${move.id} did not take effect (${why})`,
      fields: { policy: move.policy, move: move.id, code: `move-${why}` },
    });
  return out;
}

/** The run's last line: a tick that decided nothing says why; otherwise the decisions counted. */
function summaryLine(e: Evaluation, dryRun: boolean): LogLine {
  if (e.tick)
    return {
      level: "debug",
      msg:
        e.tick === "quiet"
          ? "resync tick: nothing the decisions read changed since the last one; no policy decided"
          : "resync tick: the policies could not be decided",
    };
  const decisions = e.plan?.decisions ?? [];
  const counts: Record<string, number> = { keep: 0, move: 0, stuck: 0, ignore: 0, invalid: 0 };
  for (const d of decisions) counts[d.action] = (counts[d.action] ?? 0) + 1;
  const summary = Object.entries(counts)
    .map(([action, n]) => `${n} ${action}`)
    .join(", ");
  const wouldMove = counts.move ?? 0;
  const dry = dryRun && wouldMove > 0 ? ` (dry run: ${wouldMove} policy patches not written)` : "";
  // At info only when something happened; a quiet run says so at debug.
  const eventful = e.operations.length > 0 || e.settled.dropped.length > 0 || wouldMove > 0;
  return {
    level: eventful ? "info" : "debug",
    msg: `decided ${decisions.length} policies: ${summary}${dry}`,
    fields: { ...counts, dryRun },
  };
}

/**
 * Every line of a run that decided, and the notices the state keeps. `files` are the problems
 * with the hook's files known before the state is written (the state's, the index's, the metrics').
 */
export function runLines(
  g: Gathered,
  e: Evaluation,
  files: readonly Condition[],
  env: Record<string, string | undefined>,
  debug: boolean,
): { lines: LogLine[]; notices: RunState["notices"] } {
  const conditions = conditionsToLog(
    g.loaded.state.notices,
    [...conditionsOf(e, g.settings.eventLimit, g.settings.dryRun), ...files, ...startupConditions(g, env)],
    g.now,
    e.tick ? CARRIED_ON_TICKS : undefined,
  );
  const lines: LogLine[] = [
    ...conditions.log.map(conditionLine),
    ...conditions.cleared.map((key) => ({
      level: "info" as const,
      msg: `condition cleared: ${key}`,
      fields: { condition: key },
    })),
    ...(debug ? debugLines(e) : []),
    ...moveLines(e, g.settings.dryRun),
    summaryLine(e, g.settings.dryRun),
  ];
  return { lines, notices: conditions.next };
}
