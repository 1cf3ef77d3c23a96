/**
 * What the hook carries from one run to the next, in EGRESS_HA_STATE_FILE, in two parts: the
 * engine's memory (engine/memory.ts: recovery times, signal records, remembered policies), passed
 * to the engine and kept as it comes back, and the hook's own (HookMemory: stuck policies, so a
 * stuck policy gets one Event, not one per run; failover counts, since shell-operator expires hook
 * metrics on every run; pending moves, logged conditions). Losing it is safe: it only forgets
 * recent history.
 */
import { createHash } from "node:crypto";
import { due as dueAt } from "../engine/clock.js";
import { type EngineMemory, emptyEngineMemory } from "../engine/memory.js";
import type { PendingMove, Sightings } from "../engine/moves.js";

/** A condition the log reported: its fingerprint's hash (textHash) and when it was last written. */
export interface Notice {
  text: string;
  at: string;
}

/** The hook's own memory: the state file's `hook` part, per-policy records and the hook's small ones. */
export interface HookMemory {
  /** Policy name → since when it has been stuck. */
  stuck: Record<string, string>;
  /** Pool name → slots moved by this hook since the state was created. */
  failovers: Record<string, number>;
  /** Moves this writer patched and has not seen take effect yet (see engine/moves.ts). */
  pending: PendingMove[];
  /** Conditions already logged: key → what was logged and when, so a lasting one is not repeated every run. */
  notices: Record<string, Notice>;
  /** The metrics last written (see metricsStale); null when none were. */
  metricsWritten: MetricsWritten | null;
  /** The health digest of the last run that decided every policy (hook/tick.ts); null before any. */
  decided: string | null;
  /** The hash of the policy index last written (hook/policy-index.ts); null when none was. */
  index: string | null;
  /** When this replica first saw each batch of last moves the policies show (engine/moves.ts). */
  sightings: Sightings;
  /** When the earliest deferral to another writer's choice ends (engine/moves.ts); null when none. */
  deferUntil: string | null;
}

/** The state: the engine's memory, which the hook passes to the engine and keeps as it comes back, beside the hook's own. */
export interface RunState extends HookMemory {
  engine: EngineMemory;
}

/** What the last metrics write was: a hash of its text, when, and whether the next run must write again. */
export interface MetricsWritten {
  hash: string;
  at: string;
  /** That run also wrote operations; if one failed, shell-operator dropped its metrics. */
  force: boolean;
}

/** Metrics are rewritten at least this often, in case shell-operator restarted and lost them. */
export const METRICS_REFRESH_SECONDS = 60;

/**
 * SHA-256 of a text, for what must never collide: the health digest a quiet tick trusts, and the
 * policy index's identity (node:crypto is part of Node's own start-up, so it costs no load).
 */
export function strongHash(text: string): string {
  return createHash("sha256").update(text).digest("base64");
}

/** FNV-1a over UTF-16 code units: cheap, and enough to tell one metrics text from the next. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(16)}-${text.length}`;
}

/**
 * Whether this run must write its metrics. shell-operator keeps a group's series until the next
 * batch for that group (metrics-storage ApplyBatchOperations expires a group only when a batch
 * carries it), so a run whose metrics did not change can write none; but a run whose operations
 * failed had its metrics dropped, so the run after any run with operations writes again.
 */
export function metricsStale(last: MetricsWritten | null, text: string, now: Date): boolean {
  return metricsDue(last, now) || last?.hash !== textHash(text);
}

/**
 * Whether the metrics must be written whatever they say: none were, the last run's may have been
 * dropped, or they are a minute old (or from a clock that has since stepped back). The one rule,
 * for full runs (metricsStale) and resync ticks (hook/tick.ts) alike.
 */
export function metricsDue(last: MetricsWritten | null, now: Date): boolean {
  return last === null || last.force || due(last.at, now, METRICS_REFRESH_SECONDS);
}

/** Whether `seconds` have passed since `at`, a time this hook stored (engine/clock.ts's rule). */
export const due = (at: string, now: Date, seconds: number): boolean => dueAt(at, now.getTime(), seconds);

/** Records keyed by node, policy and pool names have no prototype: "constructor" is a valid name. */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function emptyState(): RunState {
  return {
    engine: emptyEngineMemory(),
    stuck: record(),
    failovers: record(),
    pending: [],
    notices: record(),
    metricsWritten: null,
    decided: null,
    index: null,
    sightings: record(),
    deferUntil: null,
  };
}

export const EMPTY_STATE: RunState = Object.freeze(emptyState());

function fields(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * The largest state file the hook reads or writes. Lease sightings for 5000 nodes (Kubernetes'
 * supported maximum) take about 0.6 MB; anything past 4 MiB is a broken or hostile file, and
 * reading it would cost every run seconds and hundreds of MB.
 */
export const MAX_STATE_BYTES = 4 * 1024 * 1024;

/** The marker beside the state file that says the last save failed (RunIO.markUnsaved). */
export const unsavedMarker = (stateFile: string): string => `${stateFile}.unsaved`;

/** The state file's layout: the engine's memory and the hook's, apart (version 1 was one flat object). */
export const STATE_VERSION = 2;

/** Reads the per-policy records both versions share; `h` is where the hook's records are. */
function readHook(state: RunState, h: Record<string, unknown>, version: number): void {
  for (const [name, since] of Object.entries(fields(h.stuck))) {
    if (typeof since === "string") state.stuck[name] = since;
  }
  for (const [pool, n] of Object.entries(fields(h.failovers))) {
    if (typeof n === "number" && Number.isInteger(n) && n >= 0) state.failovers[pool] = n;
  }
  if (Array.isArray(h.pending)) {
    for (const entry of h.pending) {
      const e = fields(entry);
      const pins = (v: unknown) => Array.isArray(v) && v.every((x) => x === null || typeof x === "string");
      if (
        typeof e.id === "string" &&
        typeof e.policy === "string" &&
        typeof e.pool === "string" &&
        typeof e.at === "string" &&
        typeof e.slots === "number" &&
        pins(e.from) &&
        pins(e.to) &&
        typeof e.code === "string"
      ) {
        // Ids, pins and codes only: a version-1 move also kept its rendered reason.
        const { id, policy, pool, at, slots, from, to, code } = e as unknown as PendingMove;
        const problems = Array.isArray(e.problems) ? e.problems.filter((p) => typeof p === "string") : [];
        state.pending.push({
          id,
          policy,
          pool,
          at,
          slots,
          from,
          to,
          code,
          ...(problems.length > 0 ? { problems: problems as PendingMove["code"][] } : {}),
        });
      }
    }
  }
  for (const [key, entry] of Object.entries(fields(h.notices))) {
    const e = fields(entry);
    // Version 1 kept a condition's whole fingerprint; version 2 keeps its hash (conditions.ts).
    if (typeof e.text === "string" && typeof e.at === "string")
      state.notices[key] = { text: version === 1 ? textHash(e.text) : e.text, at: e.at };
  }
  const mw = fields(h.metricsWritten);
  if (typeof mw.hash === "string" && typeof mw.at === "string" && typeof mw.force === "boolean")
    state.metricsWritten = { hash: mw.hash, at: mw.at, force: mw.force };
  if (typeof h.decided === "string") state.decided = h.decided;
  if (typeof h.index === "string") state.index = h.index;
  for (const [key, at] of Object.entries(fields(h.sightings))) if (typeof at === "string") state.sightings[key] = at;
  if (typeof h.deferUntil === "string") state.deferUntil = h.deferUntil;
}

/** Reads the engine's memory (memory.ts); `e` is where it is, `unhealthy` its per-node recovery times. */
function readEngine(e: Record<string, unknown>, unhealthy: unknown): EngineMemory {
  const m = emptyEngineMemory();
  for (const [name, pool] of Object.entries(fields(e.remembered))) {
    if (typeof pool === "string") m.remembered[name] = pool;
  }
  for (const [name, entry] of Object.entries(fields(e.leaseSeen))) {
    const x = fields(entry);
    if (typeof x.renewTime === "string" && typeof x.seenAt === "string") {
      m.leaseSeen[name] = { renewTime: x.renewTime, seenAt: x.seenAt };
    }
  }
  for (const [name, since] of Object.entries(fields(e.agentDown))) {
    if (typeof since === "string") m.agentDown[name] = since;
  }
  for (const [name, entry] of Object.entries(fields(unhealthy))) {
    const x = fields(entry);
    if (typeof x.at === "string" && typeof x.why === "string") m.unhealthy[name] = { at: x.at, why: x.why };
  }
  for (const [node, entry] of Object.entries(fields(e.probe))) {
    const x = fields(entry);
    const time = (v: unknown) => (typeof v === "string" ? v : null);
    if (typeof x.failures === "number" && Number.isInteger(x.failures) && x.failures >= 0)
      m.probe[node] = {
        failures: x.failures,
        since: time(x.since),
        refusedSince: time(x.refusedSince),
        ...(x.refuses === true ? { refuses: true } : {}),
      };
  }
  for (const [key, entry] of Object.entries(fields(e.clamped))) {
    const x = fields(entry);
    if (typeof x.value === "string" && typeof x.at === "string") m.clamped[key] = { value: x.value, at: x.at };
  }
  return m;
}

/**
 * Reads a state file, of this version or of version 1 (converted: its records are read into the
 * new layout, a pending move loses its rendered reason, a notice's fingerprint becomes its hash);
 * throws on a format it does not know. Error messages never quote the file: it may not be ours
 * (V8's JSON errors quote the text around the error).
 */
export function readStateText(text: string): { state: RunState; version: number } {
  if (text.length > MAX_STATE_BYTES) throw new Error(`${text.length} characters, over the limit of ${MAX_STATE_BYTES}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error("not valid JSON");
  }
  const doc = fields(parsed);
  if (doc.version !== 1 && doc.version !== STATE_VERSION) {
    const v = typeof doc.version === "number" ? String(doc.version) : typeof doc.version;
    throw new Error(`unknown state version (${v})`);
  }
  const version = doc.version;
  const state = emptyState();
  const engine = version === 1 ? doc : fields(doc.engine);
  state.engine = readEngine(engine, version === 1 ? doc.nodes : engine.unhealthy);
  readHook(state, version === 1 ? doc : fields(doc.hook), version);
  return { state, version };
}

export const parseState = (text: string): RunState => readStateText(text).state;

/** The engine's memory as the state file keeps it, in the file's order of records. */
export function engineRecord(memory: EngineMemory): Record<string, unknown> {
  const { unhealthy, leaseSeen, agentDown, clamped, probe, remembered } = memory;
  return { unhealthy, leaseSeen, agentDown, clamped, probe, remembered };
}

export function serializeState(state: RunState): string {
  const { stuck, failovers, pending, notices, metricsWritten, decided, index, sightings, deferUntil } = state;
  const hook = { stuck, failovers, pending, notices, metricsWritten, decided, index, sightings, deferUntil };
  return `${JSON.stringify({ version: STATE_VERSION, engine: engineRecord(state.engine), hook })}\n`;
}
