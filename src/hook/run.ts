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
  /** The state file's content, or null when there is none yet. */
  readState(path: string): Promise<string | null>;
  /** Replaces the state file atomically. */
  writeState(path: string, data: string): Promise<void>;
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

/** Reads what earlier runs left (and its text); a missing or unreadable file starts afresh. */
async function loadState(io: RunIO, path: string, log: Logger): Promise<{ state: RunState; text: string | null }> {
  let text: string | null;
  try {
    text = await io.readState(path);
  } catch (err) {
    log.warn(`cannot read ${ENV.stateFile} ${path}: ${(err as Error).message}; starting without memory`);
    return { state: EMPTY_STATE, text: null };
  }
  if (text === null) return { state: EMPTY_STATE, text };
  try {
    return { state: parseState(text), text };
  } catch (err) {
    log.warn(`ignoring ${ENV.stateFile} ${path}: ${(err as Error).message}`);
    return { state: EMPTY_STATE, text };
  }
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
    const before = await loadState(io, settings.stateFile, log);
    const result = evaluate(doc, settings, now, { strict: true, state: before.state });
    log.debug("binding context", { contexts: result.contexts });
    for (const p of result.problems) log.warn(`skipped ${p.where}: ${p.message}`, { where: p.where });
    if (result.plan === null) {
      log.info("empty binding context, nothing to decide");
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
      try {
        await io.writeFile(metricsPath, toNdjson(result.metrics));
      } catch (err) {
        throw new ContractError(`cannot write METRICS_PATH ${metricsPath}: ${(err as Error).message}`);
      }
    }
    try {
      const after = serializeState(result.state);
      if (after !== before.text) await io.writeState(settings.stateFile, after);
    } catch (err) {
      // Losing the state only forgets recent history; Ready and agent timestamps still gate recovery.
      log.warn(`cannot write ${ENV.stateFile} ${settings.stateFile}: ${(err as Error).message}`);
    }
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
