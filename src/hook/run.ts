/**
 * The hook's shell for a normal run: the only code that reads env, files and the clock.
 * Exit codes: 0 done (bad policies are skipped with a warning); 1 contract broken (missing env
 * var, unreadable or malformed binding context, unwritable output); 2 invalid settings.
 * Output is written once, after everything succeeded, so a failed run leaves no partial file.
 */
import { ENV, readSettings, type Settings, SettingsError } from "../config/settings.js";
import type { PolicyDecision } from "../engine/decide.js";
import { createLogger, type LogFields, type Logger } from "../io/log.js";
import { toNdjson } from "../patch/operations.js";
import { ContractError } from "../protocol/binding-context.js";
import { evaluate } from "./pipeline.js";
import { EMPTY_STATE, parseState, type RunState, serializeState } from "./state.js";

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
   * Why this run cannot save its state, known once readState returned, or null. Code LOCKED:
   * another run holds the state file, which keeps its memory; any other: the memory is lost.
   */
  stateUnsaved?(): { code: string; message: string } | null;
  /** Of the lasting problems `keys`, which to log now and which ended (io/conditions.ts). */
  conditions?(keys: string[], now: Date): Promise<{ log: string[]; ended: string[] }>;
  stderr(text: string): void;
  now(): Date;
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

function logDecision(log: Logger, d: PolicyDecision): void {
  if ((d.action === "keep" || d.action === "ignore") && !log.enabled("debug")) return;
  const fields: LogFields = { policy: d.policy, pool: d.pool, action: d.action };
  const moves = d.slots.filter((s) => s.action === "move");
  if (moves.length > 0) fields.moves = moves.map((s) => ({ slot: s.slot.label, from: s.from, to: s.to }));
  if (d.field) fields.field = d.field;
  const msg = `policy ${d.policy}: ${d.reason}`;
  switch (d.action) {
    case "move":
      log.info(msg, fields);
      break;
    case "stuck":
      log.error(msg, fields);
      break;
    case "invalid":
      log.warn(msg, fields);
      break;
    default:
      log.debug(msg, fields);
  }
}

/** A lasting problem: logged at error level when it starts or changes, else at most once a minute. */
interface Condition {
  key: string;
  message: string;
}

const codeOf = (err: unknown): string => String((err as { code?: unknown }).code ?? "EIO");

interface Loaded {
  state: RunState;
  text: string | null;
  /** "lost": what this run learns cannot be carried to the next run (or the last run's was not read). */
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
    if (code === "TOO_LARGE") {
      problems.push({ key: `${ENV.stateFile}:${code}`, message: `${(err as Error).message}; discarded` });
    } else {
      memory = "lost";
      problems.push({ key: `${ENV.stateFile}:${code}`, message: `${(err as Error).message}; ${lost}` });
    }
  }
  const unsaved = io.stateUnsaved?.() ?? null;
  // The same problem may stop both reading and writing (a directory that is not the hook's own).
  if (unsaved && !problems.some((p) => p.key === `${ENV.stateFile}:${unsaved.code}`)) {
    if (unsaved.code !== "LOCKED") memory = "lost";
    const consequence = unsaved.code === "LOCKED" ? "this run's updates are not saved" : lost;
    problems.push({ key: `${ENV.stateFile}:${unsaved.code}`, message: `${unsaved.message}; ${consequence}` });
  }
  let state = EMPTY_STATE;
  if (text !== null) {
    try {
      state = parseState(text);
    } catch (err) {
      problems.push({
        key: `${ENV.stateFile}:INVALID`,
        message: `${ENV.stateFile} ${path}: ${(err as Error).message}; discarded`,
      });
    }
  }
  return { state, text, memory, writable: unsaved === null, problems };
}

/** Logs the run's lasting problems by the house rule (conditions.ts): start, change, once a minute, end. */
async function reportConditions(io: RunIO, log: Logger, problems: Condition[], now: Date): Promise<void> {
  const keys = problems.map((p) => p.key);
  const plan = io.conditions ? await io.conditions(keys, now) : { log: keys, ended: [] };
  for (const p of problems) if (plan.log.includes(p.key)) log.error(p.message, { condition: p.key });
  for (const key of plan.ended) log.info(`resolved: ${key}`, { condition: key });
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
    const now = io.now();
    const before = await loadState(io, settings.stateFile);
    const problems = before.problems;
    const result = evaluate(doc, settings, now, { strict: true, state: before.state, memory: before.memory });
    log.debug("binding context", { contexts: result.contexts });
    for (const p of result.problems) log.warn(`skipped ${p.where}: ${p.message}`, { where: p.where });
    if (result.plan === null) {
      log.info("empty binding context, nothing to decide");
      await reportConditions(io, log, problems, now);
      return EXIT_OK;
    }
    // Debug-only detail is not even built unless it will be written: this runs on every event.
    for (const pool of log.enabled("debug") ? result.plan.pools : []) {
      const unfit = pool.nodes.filter((n) => !n.candidate);
      if (unfit.length > 0) {
        log.debug(`pool ${pool.pool}: ${unfit.length} of ${pool.nodes.length} nodes cannot take a gateway`, {
          pool: pool.pool,
          nodes: unfit.map((n) => ({ node: n.name, why: n.healthy ? n.settling : n.problems.join(", ") })),
        });
      }
    }
    for (const signal of result.plan.signals) {
      const fields = { signal: signal.signal, state: signal.state };
      if (signal.state === "suspended" || signal.state === "unavailable")
        log.error(`${signal.signal} signal ${signal.state}: ${signal.detail}`, fields);
      else log.debug(`${signal.signal} signal ${signal.state}: ${signal.detail}`, fields);
    }
    for (const d of result.plan.decisions) logDecision(log, d);
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
    const metricsPath = io.env.METRICS_PATH;
    if (metricsPath) {
      // Never fail the run for metrics: shell-operator would then discard the patches.
      try {
        await io.writeFile(metricsPath, toNdjson(result.metrics));
      } catch (err) {
        problems.push({
          key: `METRICS_PATH:${codeOf(err)}`,
          message: `cannot write METRICS_PATH ${metricsPath}: ${(err as Error).message}; the run's patches are written all the same`,
        });
      }
    }
    const after = serializeState(result.state);
    if (before.writable && after !== before.text) {
      try {
        await io.writeState(settings.stateFile, after);
      } catch (err) {
        // Losing the state forgets recent history; Ready and agent timestamps still gate recovery.
        problems.push({
          key: `${ENV.stateFile}:${codeOf(err)}`,
          message: `cannot write ${ENV.stateFile} ${settings.stateFile}: ${(err as Error).message}; the next run starts without this run's memory`,
        });
      }
    }
    await reportConditions(io, log, problems, now);
    const patches = result.operations.filter((op) => op.operation === "JSONPatch").length;
    const events = result.operations.length - patches;
    const dry =
      settings.dryRun && result.operations.length > 0
        ? ` (dry run: ${patches} policy patches and ${events} events not written)`
        : "";
    log.info(`decided ${result.plan.decisions.length} policies: ${summary}${dry}`, {
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
