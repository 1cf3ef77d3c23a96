/**
 * One hook run, as its steps: gather (read the context, probe, read the clock and the state) →
 * decide (pure) → plan the writes (pure: the files and the next state) → the log lines (pure) →
 * execute (write, log). Only gather and execute touch the world, through RunIO.
 * Exit codes: 0 done (bad policies are skipped with a warning); 1 contract broken (missing env
 * var, unreadable or malformed binding context, unwritable patch file); 2 invalid settings.
 * The patch file is written once, after everything it depends on succeeded, so a failed run
 * leaves no partial output.
 */
import { ENV, readSettings, type Settings, SettingsError } from "../config/settings.js";
import type { PoolHealth } from "../engine/assess.js";
import { createLogger, type Logger } from "../io/log.js";
import { ContractError } from "../protocol/binding-context.js";
import { fitState } from "./budget.js";
import { type Condition, fileCondition } from "./conditions.js";
import { assessTick, decideRun, type IndexRead } from "./decide-run.js";
import { targetsWrite } from "./evidence.js";
import { codeOf, type Gathered, gather, readPolicyIndex } from "./gather.js";
import { emptyRunLines, type LogLine, runLines, skippedLines } from "./log-lines.js";
import { EXIT_CONTRACT, EXIT_OK, EXIT_USAGE, type RunIO } from "./run-io.js";
import { STATE_VERSION } from "./state.js";
import { gateWrite, leaseWatchCondition } from "./tick-gate.js";
import { nextState, planWrites, type WritePlan } from "./writes.js";

export type { RunIO } from "./run-io.js";
export { EXIT_CONTRACT, EXIT_OK, EXIT_USAGE } from "./run-io.js";

const emit = (log: Logger, lines: readonly LogLine[]): void => {
  for (const l of lines) log[l.level](l.msg, l.fields);
};

/** Writes the metrics; a failure never fails the run (shell-operator would discard the patches). */
async function writeMetrics(io: RunIO, plan: WritePlan): Promise<Condition | null> {
  if (plan.metrics === null) return null;
  try {
    await io.writeFile(plan.metrics.path, plan.metrics.text);
    return null;
  } catch (err) {
    const msg = `cannot write METRICS_PATH ${plan.metrics.path}: ${(err as Error).message}; the patches are written all the same`;
    return fileCondition("METRICS_PATH", codeOf(err), msg);
  }
}

/** Writes the patches, the policy index and the state, in that order; logs what could not be kept. */
async function writeRest(
  io: RunIO,
  g: Gathered,
  plan: WritePlan,
  log: Logger,
  metricsFailed: boolean,
  notices: Parameters<typeof nextState>[2],
): Promise<void> {
  if (plan.patch !== null) {
    try {
      await io.writeFile(plan.patch.path, plan.patch.text);
    } catch (err) {
      throw new ContractError(
        `cannot write KUBERNETES_PATCH_PATH ${plan.patch.path}: ${(err as Error).message}`,
        "output-unwritable",
      );
    }
  }
  let indexFailed = false;
  if (plan.index !== null && io.writeIndex) {
    try {
      await io.writeIndex(plan.index.path, plan.index.text);
    } catch (err) {
      indexFailed = true;
      log.error(
        `cannot write the policy index ${plan.index.path}: ${(err as Error).message}; resync ticks cannot decide the policies until it is written`,
        { file: "policy index", code: codeOf(err) },
      );
    }
  }
  if (!plan.saveState) return;
  const path = g.settings.stateFile;
  const fitted = fitState(nextState(plan, { metrics: metricsFailed, index: indexFailed }, notices), g.stateCap);
  const { shed } = fitted;
  if (shed.notices + shed.stuck + shed.pending > 0)
    log.warn(
      `${ENV.stateFile}: over its cap of ${g.stateCap} bytes; shed ${shed.notices} logged conditions, ${shed.stuck} stuck policies and ${shed.pending} pending moves (never confirmed), never the signals' memory`,
      { file: ENV.stateFile, code: "state-shed", ...shed },
    );
  if (fitted.text === g.loaded.text) return;
  // Not a remembered condition: the state that would remember it is what failed. The marker
  // tells the next run, which reports the signals that depend on this memory unavailable.
  const unsaved = async (code: string, why: string) => {
    log.error(`cannot write ${ENV.stateFile} ${path}: ${why}; the next run starts without this run's memory`, {
      file: ENV.stateFile,
      code,
    });
    if (code !== "LOCKED" && code !== "CONFLICT") await io.markUnsaved?.(path);
  };
  if (!fitted.fits) return unsaved("TOO_LARGE", `the new state passes the cap of ${g.stateCap} bytes even so`);
  try {
    await io.writeState(path, fitted.text);
  } catch (err) {
    await unsaved(codeOf(err), (err as Error).message);
  }
}

/** The run itself, once the settings are known. */
async function run(io: RunIO, settings: Settings, log: Logger): Promise<void> {
  const g = await gather(io, settings, log);
  if (g.loaded.text !== null && g.loaded.version !== STATE_VERSION)
    log.info(`${ENV.stateFile}: read in the layout of version ${g.loaded.version}, saved in that of ${STATE_VERSION}`, {
      version: g.loaded.version,
    });
  const tick = assessTick(g);
  const index: IndexRead | null =
    tick?.need != null ? await readPolicyIndex(io, settings.stateFile, g.loaded.state.index) : null;
  const { evaluation: e, problems } = decideRun(g, tick, index);
  log.debug("binding context", { contexts: e.contexts });
  emit(log, skippedLines(e));
  if (e.plan === null) return emit(log, emptyRunLines(g));
  const plan = planWrites(g, e, problems, { keepsIndex: io.writeIndex !== undefined });
  const metricsProblem = await writeMetrics(io, plan);
  const files = [
    ...plan.conditions,
    ...(metricsProblem ? [metricsProblem] : []),
    ...(g.prober && !g.prober.use.use ? [g.prober.use.condition] : []),
    ...(g.prober ? [leaseWatchCondition(g.settings, g.prober)].filter((c) => c !== null) : []),
  ];
  const { lines, notices } = runLines(g, e, files, io.env, log.enabled("debug"));
  emit(log, lines);
  await writeRest(io, g, plan, log, metricsProblem !== null, notices);
  await writeProberFiles(io, g, e.plan.pools, log);
}

/**
 * The shared directory: the pool nodes the prober should probe, and the tick gate
 * (tick-gate.ts), each written when it changed. The gate goes last, so a tick skipped on it
 * never runs ahead of the targets it was judged with.
 */
async function writeProberFiles(io: RunIO, g: Gathered, pools: readonly PoolHealth[], log: Logger): Promise<void> {
  if (!g.prober || !io.writeProberFile) return;
  const writes = [
    { what: "prober targets", write: targetsWrite(g.settings, g.parsed, g.prober.targets) },
    { what: "tick gate", write: gateWrite(g.settings, g.prober, pools) },
  ];
  for (const { what, write } of writes) {
    if (write === null) continue;
    try {
      await io.writeProberFile(write.path, write.text);
    } catch (err) {
      log.error(`cannot write the ${what} ${write.path}: ${(err as Error).message}`, {
        file: what,
        code: codeOf(err),
      });
    }
  }
}

/** One hook run. `settings`, when the caller has already read them, saves reading them twice. */
export async function runHook(io: RunIO, preread?: Settings): Promise<number> {
  let settings: Settings;
  try {
    settings = preread ?? readSettings(io.env);
  } catch (err) {
    if (err instanceof SettingsError) {
      io.stderr(`${JSON.stringify({ level: "error", msg: `invalid settings: ${err.message}`, code: "settings" })}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const log = createLogger(io.stderr, settings.logLevel);
  try {
    await run(io, settings, log);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ContractError) {
      log.error(err.message, { code: err.code });
      return EXIT_CONTRACT;
    }
    throw err;
  }
}
