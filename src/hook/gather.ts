/**
 * The run's first step, and the only one that reads: the binding context named by
 * shell-operator's env, this tick's probe, the clock, what earlier runs left in the state file,
 * and (on a resync tick that must decide) the policy index. Everything it cannot read becomes
 * a ContractError (the run cannot go on) or a file condition (it goes on without that memory).
 */
import { ENV, type Settings } from "../config/settings.js";
import type { ProbeObservation } from "../engine/probe.js";
import type { Logger } from "../io/log.js";
import {
  HEARTBEAT_FILE,
  type Heartbeat,
  type LeaseWatch,
  parseHeartbeat,
  TARGETS_FILE,
  TICK_GATE_FILE,
} from "../model/evidence.js";
import type { PolicyObject } from "../model/objects.js";
import { ContractError, type ParsedBindingContext } from "../protocol/binding-context.js";
import { isTick, parseContext, probeTargets } from "./assessment.js";
import { type Condition, fileCondition } from "./conditions.js";
import { observationsOf, type ProberUse, proberUse, readEvidence, withLastSightings } from "./evidence.js";
import { indexPath, parseIndex } from "./policy-index.js";
import type { RunIO } from "./run-io.js";
import { EMPTY_STATE, MAX_STATE_BYTES, type RunState, readStateText, STATE_VERSION, strongHash } from "./state.js";

/** What earlier runs left, as this run found it. */
export interface Loaded {
  state: RunState;
  /** The state file's text as read, so an unchanged state is not written again. */
  text: string | null;
  /** "lost": what the last run learnt was not read, or what this run learns cannot be kept. */
  memory: "kept" | "lost";
  /** Whether this run may write the state. */
  writable: boolean;
  /** At most one condition: when several problems meet, the first says the most. */
  problems: Condition[];
  /** The layout the state was read in (an older one is converted, and saved in the new one). */
  version: number;
}

/** The prober as a run found it: whether this run takes its evidence, its Lease watch, and the shared files as read. */
export interface ProberRead {
  use: ProberUse;
  /** The heartbeat's Lease watch; null without a readable heartbeat. */
  leases: LeaseWatch | null;
  targets: string | null;
  gate: string | null;
}

/** Everything one run reads before it decides. */
export interface Gathered {
  settings: Settings;
  patchPath: string;
  /** METRICS_PATH, or null when shell-operator gave none. */
  metricsPath: string | null;
  doc: unknown;
  parsed: ParsedBindingContext;
  probed: ProbeObservation[] | undefined;
  now: Date;
  loaded: Loaded;
  /** This writer's identity (the pod name), recorded in every move it writes. */
  writer: string | undefined;
  /** With EGRESS_HA_PROBER: whether this run took the prober's evidence, and the targets file as read. */
  prober?: ProberRead | null;
  /** The most the state may take (MAX_STATE_BYTES; smaller only in tests). */
  stateCap: number;
}

/** The errno-style code of a failed read or write (EIO when it carries none). */
export const codeOf = (err: unknown): string => String((err as { code?: unknown }).code ?? "EIO");

function requireEnv(env: RunIO["env"], name: string): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new ContractError(`${name} is not set; shell-operator sets it for every hook run`, "env-missing");
  }
  return value;
}

async function readContext(io: RunIO, path: string): Promise<unknown> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (err) {
    throw new ContractError(
      `cannot read BINDING_CONTEXT_PATH ${path}: ${(err as Error).message}`,
      "context-unreadable",
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ContractError(
      `BINDING_CONTEXT_PATH ${path} is not valid JSON: ${(err as Error).message}`,
      "context-invalid-json",
    );
  }
}

/** Probes the pool nodes on a resync tick (the probe runs on ticks only); undefined when it did not. */
async function probe(
  io: RunIO,
  settings: Settings,
  parsed: ParsedBindingContext,
  log: Logger,
): Promise<ProbeObservation[] | undefined> {
  if (!settings.probe || !io.probe || !isTick(parsed)) return undefined;
  const targets = probeTargets(parsed);
  if (targets.length === 0) return undefined;
  const p = settings.probe;
  const outcomes = await io.probe(targets, {
    ports: p.ports,
    timeoutMs: p.timeoutMs,
    attempts: p.failures,
    mode: p.mode,
  });
  if (log.enabled("debug"))
    log.debug("probe", { outcomes: outcomes.map((o) => ({ node: o.node, answer: o.answer, rttMs: o.rttMs })) });
  return outcomes.map((o) => ({
    node: o.node,
    answer: o.answer,
    silent: o.silent,
    silentSince: o.silentSince === null ? null : new Date(o.silentSince).toISOString(),
  }));
}

/**
 * Reads what earlier runs left (and its text). A missing file starts afresh; an unreadable one
 * loses the memory; an oversized or malformed one is discarded (and replaced by this run).
 */
export async function loadState(io: RunIO, path: string): Promise<Loaded> {
  const problems: Condition[] = [];
  const lost = "running without memory, so the Lease and agent signals are unavailable";
  let memory: Loaded["memory"] = "kept";
  let text: string | null = null;
  try {
    text = await io.readState(path);
  } catch (err) {
    const code = codeOf(err);
    memory = "lost";
    const msg = `${(err as Error).message}; ${code === "TOO_LARGE" ? `discarded, so ${lost.replace("running ", "")}` : lost}`;
    problems.push(fileCondition(ENV.stateFile, code, msg));
  }
  const unsaved = io.stateUnsaved?.() ?? null;
  // The same problem may stop both reading and writing (a directory that is not the hook's own).
  if (unsaved && !problems.some((p) => p.fingerprint === unsaved.code)) {
    if (unsaved.code !== "LOCKED") memory = "lost";
    const consequence = unsaved.code === "LOCKED" ? "this run's updates are not saved" : lost;
    problems.push(fileCondition(ENV.stateFile, unsaved.code, `${unsaved.message}; ${consequence}`));
  }
  // The last run's memory was not saved: what this one read is older than it seems.
  if (io.lastSaveFailed?.()) {
    memory = "lost";
    const msg = `${ENV.stateFile} ${path}: an earlier run could not save its state; ${lost} until a save succeeds`;
    problems.push(fileCondition(ENV.stateFile, "UNSAVED", msg));
  }
  let state = EMPTY_STATE;
  let version = STATE_VERSION;
  if (text !== null) {
    try {
      ({ state, version } = readStateText(text));
    } catch (err) {
      // A truncated or foreign file: what it remembered is lost, whatever replaced it.
      memory = "lost";
      const msg = `${ENV.stateFile} ${path}: ${(err as Error).message}; discarded, so ${lost.replace("running ", "")}`;
      problems.push(fileCondition(ENV.stateFile, "INVALID", msg));
    }
  }
  return { state, text, memory, writable: unsaved === null, problems: problems.slice(0, 1), version };
}

async function readProberFile(io: RunIO, path: string): Promise<string | null | { error: string }> {
  if (!io.readProberFile) return null;
  try {
    return await io.readProberFile(path);
  } catch (err) {
    return { error: `${(err as Error).message} (${codeOf(err)})` };
  }
}

/** The prober's heartbeat and targets, and whether this run takes its evidence. */
async function readProber(
  io: RunIO,
  settings: Settings,
  doc: unknown,
  writer: string | undefined,
): Promise<ProberRead | null> {
  if (!settings.prober) return null;
  const dir = settings.prober.dir;
  const beat = await readProberFile(io, `${dir}/${HEARTBEAT_FILE}`);
  const heartbeat: Heartbeat | null | { error: string } =
    beat === null || typeof beat === "object" ? beat : (parseHeartbeat(beat) ?? { error: "not a heartbeat" });
  const targets = await readProberFile(io, `${dir}/${TARGETS_FILE}`);
  const gate = await readProberFile(io, `${dir}/${TICK_GATE_FILE}`);
  const use = proberUse(settings, heartbeat, readEvidence(doc, writer), writer, io.now());
  return {
    use,
    leases: heartbeat !== null && "leases" in heartbeat ? heartbeat.leases : null,
    targets: typeof targets === "string" ? targets : null,
    gate: typeof gate === "string" ? gate : null,
  };
}

/**
 * Reads the binding context, the prober's heartbeat, probes (on a tick, when the prober's
 * evidence is not used; before the clock is read, so its silence counts), reads the clock and
 * loads the state.
 */
export async function gather(io: RunIO, settings: Settings, log: Logger): Promise<Gathered> {
  const contextPath = requireEnv(io.env, "BINDING_CONTEXT_PATH");
  const patchPath = requireEnv(io.env, "KUBERNETES_PATCH_PATH");
  const doc = await readContext(io, contextPath);
  const parsed = parseContext(doc, settings, { strict: true });
  const writer = io.env.HOSTNAME?.trim() || undefined;
  const prober = await readProber(io, settings, doc, writer);
  const evidence = prober?.use.use ? prober.use.evidence : undefined;
  const probed =
    evidence !== undefined && settings.probe
      ? observationsOf(
          evidence,
          probeTargets(parsed).map((t) => t.node),
          settings.probe.failures,
        )
      : await probe(io, settings, parsed, log);
  const now = io.now();
  const loaded = await loadState(io, settings.stateFile);
  if (evidence) loaded.state = withLastSightings(loaded.state, evidence, now);
  const metricsPath = io.env.METRICS_PATH;
  return {
    settings,
    patchPath,
    metricsPath: metricsPath === undefined || metricsPath === "" ? null : metricsPath,
    doc,
    parsed,
    probed,
    now,
    loaded,
    writer,
    prober,
    stateCap: io.stateCapBytes ?? MAX_STATE_BYTES,
  };
}

/**
 * The policy index, when it is the one the state recorded (`expected`, its hash); otherwise why
 * it cannot be used. Read only by a resync tick that must decide the policies.
 */
export async function readPolicyIndex(
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
