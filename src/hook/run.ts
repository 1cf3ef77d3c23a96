/**
 * The hook's shell for a normal run: the only code that reads env, files and the clock.
 * Exit codes: 0 done (bad policies are skipped with a warning); 1 contract broken (missing env
 * var, unreadable or malformed binding context, unwritable output); 2 invalid settings.
 * Output is written once, after everything succeeded, so a failed run leaves no partial file.
 */
import { ENV, readSettings, type Settings, SettingsError, settingsWarnings } from "../config/settings.js";
import type { ProbeObservation } from "../engine/probe.js";
import { createLogger } from "../io/log.js";
import type { ProbeOutcome, ProbeSettings, ProbeTarget } from "../io/probe.js";
import type { PolicyObject } from "../model/objects.js";
import { reason, renderReason } from "../model/reason.js";
import { toNdjson } from "../patch/operations.js";
import { ContractError, type ParsedBindingContext } from "../protocol/binding-context.js";
import { type Condition, conditionsToLog, fingerprint, noticeCondition } from "./conditions.js";
import {
  checkTick,
  type EvaluateOptions,
  type Evaluation,
  evaluate,
  isTick,
  parseContext,
  probeTargets,
} from "./pipeline.js";
import { indexPath, MAX_INDEX_BYTES, parseIndex, serializeIndex } from "./policy-index.js";
import { EMPTY_STATE, metricsStale, parseState, type RunState, serializeState, strongHash, textHash } from "./state.js";
import { CARRIED_ON_TICKS, DEFERRABLE } from "./tick.js";

export interface RunIO {
  env: Record<string, string | undefined>;
  readFile(path: string): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  /**
   * The state file's content, or null when there is none yet. Rejects when it cannot be read,
   * with a `code` that says why (see io/files.ts; TOO_LARGE: the file is discarded).
   */
  readState(path: string): Promise<string | null>;
  /** Replaces the state file atomically. */
  writeState(path: string, data: string): Promise<void>;
  /**
   * The policy index beside the state file (hook/policy-index.ts), or null when there is none;
   * read and written like the state, under its lock. Absent where no index can be kept.
   */
  readIndex?(path: string): Promise<string | null>;
  writeIndex?(path: string, data: string): Promise<void>;
  /**
   * Why this run cannot save its state, known once readState returned, or null. Code LOCKED:
   * another run holds the state file, which keeps its memory; any other: the memory is lost.
   */
  stateUnsaved?(): { code: string; message: string } | null;
  stderr(text: string): void;
  now(): Date;
  /** Probes pool nodes (the network); absent where no probe can run. */
  probe?(targets: ProbeTarget[], settings: ProbeSettings): Promise<ProbeOutcome[]>;
}

export const EXIT_OK = 0;
export const EXIT_CONTRACT = 1;
export const EXIT_USAGE = 2;

function requireEnv(env: RunIO["env"], name: string): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new ContractError(`${name} is not set; shell-operator sets it for every hook run`);
  }
  return value;
}

/** This run's lasting conditions: notices, signals that cannot be trusted, stuck and invalid policies. */
function conditionsOf(e: Evaluation): Condition[] {
  const out: Condition[] = [];
  const plan = e.plan;
  if (plan === null) return out;
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
  for (const d of plan.decisions) {
    if (d.action === "stuck" || d.slots.some((s) => s.action === "stuck"))
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

const codeOf = (err: unknown): string => String((err as { code?: unknown }).code ?? "EIO");

/**
 * A problem with one of the hook's files, as a log condition: keyed by the setting, so a new
 * kind of failure (its code) is logged as a change. It is remembered in the state like any other
 * condition; when the state itself cannot be kept, it is logged on every run.
 */
function fileCondition(setting: string, code: string, msg: string): Condition {
  return { key: `file:${setting}`, level: "error", fingerprint: code, msg, fields: { file: setting, code } };
}

interface Loaded {
  state: RunState;
  text: string | null;
  /** "lost": what the last run learnt was not read, or what this run learns cannot be kept. */
  memory: "kept" | "lost";
  /** Whether this run may write the state. */
  writable: boolean;
  problems: Condition[];
}

/**
 * Reads what earlier runs left (and its text). A missing file starts afresh; an unreadable one
 * loses the memory; an oversized or malformed one is discarded (and replaced by this run).
 */
async function loadState(io: RunIO, path: string): Promise<Loaded> {
  const problems: Condition[] = [];
  const lost = "running without memory, so the Lease and agent signals are unavailable";
  let memory: Loaded["memory"] = "kept";
  let text: string | null = null;
  try {
    text = await io.readState(path);
  } catch (err) {
    const code = codeOf(err);
    if (code !== "TOO_LARGE") memory = "lost";
    const msg = `${(err as Error).message}; ${code === "TOO_LARGE" ? "discarded" : lost}`;
    problems.push(fileCondition(ENV.stateFile, code, msg));
  }
  const unsaved = io.stateUnsaved?.() ?? null;
  // The same problem may stop both reading and writing (a directory that is not the hook's own).
  if (unsaved && !problems.some((p) => p.fingerprint === unsaved.code)) {
    if (unsaved.code !== "LOCKED") memory = "lost";
    const consequence = unsaved.code === "LOCKED" ? "this run's updates are not saved" : lost;
    problems.push(fileCondition(ENV.stateFile, unsaved.code, `${unsaved.message}; ${consequence}`));
  }
  let state = EMPTY_STATE;
  if (text !== null) {
    try {
      state = parseState(text);
    } catch (err) {
      problems.push(
        fileCondition(ENV.stateFile, "INVALID", `${ENV.stateFile} ${path}: ${(err as Error).message}; discarded`),
      );
    }
  }
  // One condition per file: when several problems meet, the first says the most.
  return { state, text, memory, writable: unsaved === null, problems: problems.slice(0, 1) };
}

/**
 * The policy index, when it is the one the state recorded (`expected`, its hash); otherwise why
 * it cannot be used.
 */
async function readPolicyIndex(
  io: RunIO,
  stateFile: string,
  expected: string | null,
): Promise<PolicyObject[] | { code: string; message: string }> {
  const path = indexPath(stateFile);
  if (!io.readIndex) return { code: "UNSUPPORTED", message: "this hook process keeps no policy index" };
  if (expected === null) return { code: "ENOENT", message: `no usable policy index was written (${path})` };
  let text: string | null;
  try {
    text = await io.readIndex(path);
  } catch (err) {
    return { code: codeOf(err), message: `cannot read ${path}: ${(err as Error).message}` };
  }
  if (text === null) return { code: "ENOENT", message: `${path} is missing` };
  if (strongHash(text) !== expected)
    return {
      code: "STALE",
      message: `${path} is not the index the state recorded (another writer, or a failed write)`,
    };
  try {
    return parseIndex(text);
  } catch (err) {
    return { code: "INVALID", message: `${path}: ${(err as Error).message}` };
  }
}

/**
 * A resync tick (hook/tick.ts): the policies are decided only when something they depend on
 * changed, from the policy index; `problem` says why they could not be.
 */
async function runTick(
  io: RunIO,
  doc: unknown,
  settings: Settings,
  now: Date,
  options: EvaluateOptions & { parsed: ParsedBindingContext; state: RunState },
  metricsExpected: boolean,
): Promise<{ result: Evaluation; problem?: Condition }> {
  const check = checkTick(settings, now, options, metricsExpected);
  if (check.need === null) return { result: check.quiet };
  const index = await readPolicyIndex(io, settings.stateFile, options.state.index);
  if (Array.isArray(index)) return { result: evaluate(doc, settings, now, { ...options, policies: index }) };
  // Nothing would move: the metrics and a stuck policy's reminder wait for the next full run.
  if (DEFERRABLE.has(check.need)) return { result: check.quiet };
  return {
    // Forget the index, so that the next full run writes it again even if the policies did not change.
    result: { ...check.quiet, tick: "blind", state: { ...check.quiet.state, index: null } },
    // One condition whatever the cause (the message says which), so it is not logged anew as it changes.
    problem: fileCondition(
      "policy index",
      "UNUSABLE",
      `resync tick (${check.need}) cannot decide the policies: ${index.message} (${index.code}); the next full run (an object event, or the refresh within a minute) will`,
    ),
  };
}

/** One hook run. `settings`, when the caller has already read them, saves reading them twice. */
export async function runHook(io: RunIO, preread?: Settings): Promise<number> {
  let settings: Settings;
  try {
    settings = preread ?? readSettings(io.env);
  } catch (err) {
    if (err instanceof SettingsError) {
      io.stderr(`${JSON.stringify({ level: "error", msg: `invalid settings: ${err.message}` })}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const log = createLogger(io.stderr, settings.logLevel);
  try {
    const contextPath = requireEnv(io.env, "BINDING_CONTEXT_PATH");
    const patchPath = requireEnv(io.env, "KUBERNETES_PATCH_PATH");
    let text: string;
    try {
      text = await io.readFile(contextPath);
    } catch (err) {
      throw new ContractError(`cannot read BINDING_CONTEXT_PATH ${contextPath}: ${(err as Error).message}`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new ContractError(`BINDING_CONTEXT_PATH ${contextPath} is not valid JSON: ${(err as Error).message}`);
    }
    const parsed = parseContext(doc, settings, { strict: true });
    // The probe runs on resync ticks only, before the clock is read, so its silence counts.
    let probed: ProbeObservation[] | undefined;
    if (settings.probe && io.probe && isTick(parsed)) {
      const targets = probeTargets(parsed);
      if (targets.length > 0) {
        const p = settings.probe;
        const outcomes = await io.probe(targets, {
          ports: p.ports,
          timeoutMs: p.timeoutMs,
          attempts: p.failures,
          mode: p.mode,
        });
        probed = outcomes.map((o) => ({
          node: o.node,
          answer: o.answer,
          silent: o.silent,
          silentSince: o.silentSince === null ? null : new Date(o.silentSince).toISOString(),
        }));
        if (log.enabled("debug"))
          log.debug("probe", { outcomes: outcomes.map((o) => ({ node: o.node, answer: o.answer, rttMs: o.rttMs })) });
      }
    }
    const now = io.now();
    const before = await loadState(io, settings.stateFile);
    const writer = io.env.HOSTNAME?.trim() || undefined;
    const options = {
      strict: true,
      state: before.state,
      memory: before.memory,
      parsed,
      ...(probed ? { probed } : {}),
      ...(writer ? { writer } : {}),
    };
    const metricsPath = io.env.METRICS_PATH;
    const indexProblems: Condition[] = [];
    let result: Evaluation;
    if (parsed.snapshot !== null && !parsed.policiesKnown) {
      const tick = await runTick(io, doc, settings, now, options, metricsPath !== undefined && metricsPath !== "");
      result = tick.result;
      if (tick.problem) indexProblems.push(tick.problem);
    } else {
      result = evaluate(doc, settings, now, options);
    }
    log.debug("binding context", { contexts: result.contexts });
    for (const p of result.problems) log.warn(`skipped ${p.where}: ${p.message}`, { where: p.where });
    if (result.plan === null) {
      log.debug("empty binding context, nothing to decide");
      for (const p of before.problems) log.error(p.msg, p.fields);
      return EXIT_OK;
    }
    // Metrics first, so that a failure to write them is one of this run's conditions. It never
    // fails the run: shell-operator would then discard the patches.
    const fileProblems = [...before.problems, ...indexProblems];
    // The policies of a full snapshot, for the ticks that follow (hook/policy-index.ts).
    let index: { text: string; hash: string } | null = null;
    if (parsed.policiesKnown && parsed.snapshot !== null && before.writable && io.writeIndex) {
      const text = serializeIndex(parsed.snapshot.policies);
      const bytes = Buffer.byteLength(text);
      if (bytes > MAX_INDEX_BYTES) {
        result.state.index = null;
        const msg = `policy index: ${bytes} bytes, over the limit of ${MAX_INDEX_BYTES}; resync ticks cannot decide the policies, so failover waits for an object event`;
        fileProblems.push(fileCondition("policy index", "TOO_LARGE", msg));
      } else index = { text, hash: strongHash(text) };
    }
    const metricsText = metricsPath && !result.tick ? toNdjson(result.metrics) : "";
    const wroteOperations = result.operations.length > 0 && !settings.dryRun;
    const metricsDue =
      metricsPath !== undefined &&
      metricsPath !== "" &&
      !result.tick &&
      metricsStale(before.state.metricsWritten, metricsText, now);
    // Kept for the next run: if this run's operations fail, shell-operator drops its metrics too.
    // A run that writes no metrics (a tick that decided no policy) keeps an earlier run's demand.
    const last = before.state.metricsWritten;
    result.state.metricsWritten = last ? { ...last, force: last.force || wroteOperations } : null;
    if (metricsPath && metricsDue) {
      try {
        await io.writeFile(metricsPath, metricsText);
        result.state.metricsWritten = { hash: textHash(metricsText), at: now.toISOString(), force: wroteOperations };
      } catch (err) {
        const msg = `cannot write METRICS_PATH ${metricsPath}: ${(err as Error).message}; the patches are written all the same`;
        fileProblems.push(fileCondition("METRICS_PATH", codeOf(err), msg));
      }
    }
    // shell-operator shows a hook's --config stderr only when --config fails: the startup warnings
    // reach the pod log as conditions instead, once, and again when they change.
    const startup: Condition[] = settingsWarnings(io.env, settings).map((w) => ({
      key: `settings:${w.slice(0, w.indexOf(":"))}:${textHash(w)}`,
      level: "warn",
      fingerprint: w,
      msg: w,
    }));
    const conditions = conditionsToLog(
      before.state.notices,
      [...conditionsOf(result), ...fileProblems, ...startup],
      now,
      result.tick ? CARRIED_ON_TICKS : undefined,
    );
    result.state.notices = conditions.next;
    for (const c of conditions.log) log[c.level](c.msg, c.fields);
    for (const key of conditions.cleared) log.info(`condition cleared: ${key}`, { condition: key });
    // Debug-only detail is not even built unless it will be written: this runs on every event.
    if (log.enabled("debug")) {
      for (const pool of result.plan.pools) {
        const unfit = pool.nodes.filter((n) => n.state !== "settled");
        if (unfit.length > 0)
          log.debug(`pool ${pool.pool}: ${unfit.length} of ${pool.nodes.length} nodes are not settled`, {
            pool: pool.pool,
            nodes: unfit.map((n) => ({
              node: n.name,
              state: n.state,
              why: n.healthy
                ? renderReason(n.waiting ?? reason("gateway-healthy", { gateway: n.name }))
                : n.problems.map((p) => renderReason(p.reason)).join(", "),
            })),
          });
      }
      for (const d of result.plan.decisions)
        if (d.action !== "move")
          log.debug(`policy ${d.policy}: ${renderReason(d.reason)}`, {
            policy: d.policy,
            action: d.action,
            code: d.reason.code,
          });
    }
    // A dry run writes nothing, so it says what it would have moved.
    if (settings.dryRun) {
      for (const d of result.plan.decisions)
        if (d.action === "move")
          log.info(`policy ${d.policy}: would move (dry run): ${renderReason(d.reason)}`, {
            policy: d.policy,
            pool: d.pool,
            action: "move",
            code: d.reason.code,
            dryRun: true,
          });
    }
    // Moves are claimed only once they took effect (engine/moves.ts).
    for (const m of result.written)
      log.debug(`policy ${m.policy}: patch written (move ${m.id}), awaiting confirmation: ${m.message}`, {
        policy: m.policy,
        move: m.id,
      });
    for (const p of result.held)
      log.debug(`policy ${p}: an identical move is in flight; not written again`, { policy: p });
    for (const m of result.settled.confirmed)
      log.info(`policy ${m.policy}: gateway moved ${m.from.join(",")} → ${m.to.join(",")}: ${m.message}`, {
        policy: m.policy,
        pool: m.pool,
        action: "moved",
        move: m.id,
        code: m.code,
      });
    for (const { move, why } of result.settled.dropped) {
      const msg = `policy ${move.policy}: move ${move.id} did not take effect (${why})`;
      if (why === "expired") log.warn(msg, { policy: move.policy, move: move.id });
      else log.debug(msg, { policy: move.policy, move: move.id });
    }
    const counts: Record<string, number> = { keep: 0, move: 0, stuck: 0, ignore: 0, invalid: 0 };
    for (const d of result.plan.decisions) counts[d.action] = (counts[d.action] ?? 0) + 1;
    const summary = Object.entries(counts)
      .map(([action, n]) => `${n} ${action}`)
      .join(", ");
    if (result.operations.length > 0 && !settings.dryRun) {
      try {
        await io.writeFile(patchPath, toNdjson(result.operations));
      } catch (err) {
        throw new ContractError(`cannot write KUBERNETES_PATCH_PATH ${patchPath}: ${(err as Error).message}`);
      }
    }
    if (index !== null && index.hash !== before.state.index && io.writeIndex) {
      try {
        await io.writeIndex(indexPath(settings.stateFile), index.text);
        result.state.index = index.hash;
      } catch (err) {
        result.state.index = null;
        log.error(
          `cannot write the policy index ${indexPath(settings.stateFile)}: ${(err as Error).message}; resync ticks cannot decide the policies until it is written`,
          { file: "policy index", code: codeOf(err) },
        );
      }
    }
    const after = serializeState(result.state);
    if (before.writable && after !== before.text) {
      try {
        await io.writeState(settings.stateFile, after);
      } catch (err) {
        // Not a remembered condition: the state that would remember it is what failed.
        log.error(
          `cannot write ${ENV.stateFile} ${settings.stateFile}: ${(err as Error).message}; the next run starts without this run's memory`,
          { file: ENV.stateFile, code: codeOf(err) },
        );
      }
    }
    if (result.tick) {
      log.debug(
        result.tick === "quiet"
          ? "resync tick: nothing the decisions read changed since the last one; no policy decided"
          : "resync tick: the policies could not be decided",
      );
      return EXIT_OK;
    }
    const wouldMove = result.plan.decisions.filter((d) => d.action === "move").length;
    const dry = settings.dryRun && wouldMove > 0 ? ` (dry run: ${wouldMove} policy patches not written)` : "";
    // At info only when something happened; a quiet run says so at debug.
    const eventful = result.operations.length > 0 || result.settled.dropped.length > 0 || (counts.move ?? 0) > 0;
    log[eventful ? "info" : "debug"](`decided ${result.plan.decisions.length} policies: ${summary}${dry}`, {
      ...counts,
      dryRun: settings.dryRun,
    });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ContractError) {
      log.error(err.message);
      return EXIT_CONTRACT;
    }
    throw err;
  }
}
