/**
 * The pure middle of a run, shared by the hook and `plan`: binding-context document + state →
 * decisions → patch operations, Events, metrics and the next state.
 */
import { formatLabelSelector } from "../config/label-selector.js";
import type { Settings } from "../config/settings.js";
import { assess, type DecisionOptions, decide, type Plan, planOf } from "../engine/decide.js";
import { inFlight, type LastMove, moveSummary, type PendingMove, type Settled, settleMoves } from "../engine/moves.js";
import type { ProbeObservation } from "../engine/probe.js";
import type { Observations } from "../engine/signals.js";
import type { PolicyObject } from "../model/objects.js";
import { renderReason } from "../model/reason.js";
import { type EventCreateOperation, toEventOperations } from "../patch/events.js";
import { type MetricOperation, toMetrics } from "../patch/metrics.js";
import { type MoveWrite, type PolicyPatchOperation, toOperations } from "../patch/operations.js";
import {
  type ContextSummary,
  ContractError,
  type ParsedBindingContext,
  type Problem,
  parseBindingContext,
  RESYNC_BINDING,
} from "../protocol/binding-context.js";
import { EMPTY_STATE, type RunState } from "./state.js";
import { healthDigest, type TickNeed, tickNeed } from "./tick.js";

export interface Evaluation {
  contexts: ContextSummary[];
  problems: Problem[];
  /** null when the binding context was an empty array. */
  plan: Plan | null;
  /** Policy patches first, then Events: what goes to $KUBERNETES_PATCH_PATH. */
  operations: (PolicyPatchOperation | EventCreateOperation)[];
  /** Empty and not to be written on a tick that decided no policy (see `tick`). */
  metrics: MetricOperation[];
  state: RunState;
  /** Moves written this run (pending until a later run confirms them). */
  written: PendingMove[];
  /** Moves decided again while an identical patch is still in flight: not written twice. */
  held: string[];
  /** Earlier moves settled this run: confirmed ones are reported, dropped ones never took effect. */
  settled: Settled;
  /**
   * Set on a resync tick that decided no policy (hook/tick.ts): "quiet" when nothing a decision
   * reads changed, "blind" when something did but the policy index could not be read. The plan
   * then has no decisions, no metrics are written, and policy conditions carry over.
   */
  tick?: "quiet" | "blind";
}

export interface EvaluateOptions {
  /** Take the pools from the context's snapshots instead of `settings` (plan on a foreign context). */
  poolsFromContext?: boolean;
  /** Require the snapshots of every enabled signal (hook runs: our --config always provides them). */
  strict?: boolean;
  /**
   * What the previous run left. Without it (`plan` with no --state), nothing is remembered and a
   * Lease's age is now − renewTime.
   */
  state?: RunState;
  /** This writer's identity, recorded in the last-move annotation (the pod name). */
  writer?: string;
  /** The document already parsed (see `parseContext`), so a probing run parses it once. */
  parsed?: ParsedBindingContext;
  /** This run's probe outcomes; absent when it did not probe. */
  probed?: readonly ProbeObservation[];
  /**
   * "lost" when the hook cannot carry its memory from run to run (EGRESS_HA_STATE_FILE cannot be
   * read or written): the Lease and agent signals, which time what the hook itself saw, are then
   * reported unavailable.
   */
  memory?: "kept" | "lost";
  /** The policies, when the context carries none (a resync tick): from the policy index. */
  policies?: readonly PolicyObject[];
}

/** Parses a binding context for these settings (hook runs are strict: see EvaluateOptions). */
export function parseContext(
  doc: unknown,
  settings: Settings,
  options: Pick<EvaluateOptions, "poolsFromContext" | "strict"> = {},
): ParsedBindingContext {
  return parseBindingContext(
    doc,
    options.poolsFromContext ? null : settings.pools.map((p) => p.name),
    options.strict ? { leases: settings.leaseSignal, agents: settings.agentSignal } : { leases: false, agents: false },
  );
}

/** Whether this run is a resync tick: the probe runs on ticks only. */
export function isTick(parsed: ParsedBindingContext): boolean {
  return parsed.contexts.some((c) => c.type === "Schedule" || c.binding === RESYNC_BINDING);
}

/** The pool nodes the probe should reach this run, with their InternalIP. */
export function probeTargets(parsed: ParsedBindingContext): { node: string; address: string }[] {
  const seen = new Map<string, string>();
  for (const nodes of parsed.snapshot?.pools.values() ?? [])
    for (const n of nodes) if (n.address) seen.set(n.name, n.address);
  return [...seen].map(([node, address]) => ({ node, address }));
}

function decisionOptions(settings: Settings, pools: string[]): DecisionOptions {
  return {
    pools,
    cordonDrains: settings.cordonDrains,
    recoveryDelaySeconds: settings.recoveryDelaySeconds,
    blockingTaints: settings.blockingTaints,
    lease: settings.leaseSignal ? { staleAfterSeconds: settings.leaseStaleAfterSeconds } : null,
    agent: settings.agentSignal
      ? {
          source: `${formatLabelSelector(settings.agentSelector)} in ${settings.agentNamespace}`,
          graceSeconds: settings.agentGraceSeconds,
        }
      : null,
    probe: settings.probe
      ? { failures: settings.probe.failures, windowSeconds: settings.probe.windowSeconds, ports: settings.probe.ports }
      : null,
  };
}

function observationsOf(state: RunState, options: EvaluateOptions): Observations {
  return {
    unhealthy: state.nodes,
    // Lease ages by the hook's own sightings whenever there is a state to keep them in.
    leaseSeen: options.state ? state.leaseSeen : undefined,
    agentDown: state.agentDown,
    remembered: state.remembered,
    clamped: state.clamped,
    probe: state.probe,
    probed: options.probed ?? null,
  };
}

/** Lease and agent signals time what the hook itself saw: without a kept state they cannot be trusted. */
function withMemory<T extends Pick<Plan, "signals">>(plan: T, memory: EvaluateOptions["memory"]): T {
  if (memory !== "lost") return plan;
  return {
    ...plan,
    signals: plan.signals.map((s) =>
      (s.signal === "lease" || s.signal === "agent") && s.state === "active"
        ? { ...s, state: "unavailable", detail: `${s.detail}, but the hook's state file cannot be kept` }
        : s,
    ),
  };
}

export interface TickCheck {
  /** Why the policies must be decided; null on a quiet tick. */
  need: TickNeed;
  /** This tick's result when it decides no policy (run.ts marks it "blind" when the index cannot be used). */
  quiet: Evaluation;
}

/**
 * A resync tick without policies (hook/tick.ts): assesses the nodes and says whether the
 * policies must be decided. When they need not be, `quiet` is the whole run.
 */
export function checkTick(
  settings: Settings,
  now: Date,
  options: EvaluateOptions & { parsed: ParsedBindingContext },
  metricsExpected: boolean,
): TickCheck {
  const state = options.state ?? EMPTY_STATE;
  const parsed = options.parsed;
  const snapshot = parsed.snapshot;
  if (snapshot === null) throw new ContractError("a resync tick without snapshots");
  const pools = settings.pools.map((p) => p.name);
  const opts = decisionOptions(settings, pools);
  const a = withMemory(assess(snapshot, opts, now, observationsOf(state, options)), options.memory);
  const digest = healthDigest(a, settings.dryRun);
  const plan = planOf(a, [], state.remembered);
  return {
    need: tickNeed(state, digest, now, metricsExpected),
    quiet: {
      contexts: parsed.contexts,
      problems: parsed.problems,
      plan,
      operations: [],
      metrics: [],
      state: {
        ...state,
        nodes: plan.memory,
        leaseSeen: plan.leaseSeen ?? state.leaseSeen,
        agentDown: plan.agentDown,
        clamped: plan.clamped,
        probe: plan.probe,
      },
      written: [],
      held: [],
      settled: NOTHING_SETTLED,
      tick: "quiet",
    },
  };
}

export const DEFAULT_WRITER = "cilium-egress-ha";
/** With EGRESS_HA_POLICY_METRICS=auto, per-policy series are written up to this many managed policies. */
export const POLICY_METRICS_AUTO_LIMIT = 1000;

const NOTHING_SETTLED: Settled = { confirmed: [], dropped: [], pending: [] };

export function evaluate(doc: unknown, settings: Settings, now: Date, options: EvaluateOptions = {}): Evaluation {
  const { poolsFromContext = false, strict = false, writer = DEFAULT_WRITER } = options;
  const state = options.state ?? EMPTY_STATE;
  const parsed = options.parsed ?? parseContext(doc, settings, { poolsFromContext, strict });
  if (parsed.snapshot === null) {
    return {
      contexts: parsed.contexts,
      problems: parsed.problems,
      plan: null,
      operations: [],
      metrics: [],
      state,
      written: [],
      held: [],
      settled: NOTHING_SETTLED,
    };
  }
  let snapshot = parsed.snapshot;
  if (!parsed.policiesKnown) {
    if (options.policies === undefined)
      throw new ContractError(
        "the binding context carries no policies snapshot (a resync tick); decide it with the policies of the hook's policy index",
      );
    snapshot = { ...snapshot, policies: [...options.policies] };
  }
  const pools = poolsFromContext ? [...snapshot.pools.keys()] : settings.pools.map((p) => p.name);
  const opts = decisionOptions(settings, pools);
  const plan = withMemory(decide(snapshot, opts, now, observationsOf(state, options)), options.memory);

  const ms = now.getTime();
  const settled = settleMoves(state.pending, snapshot.policies, writer, ms);
  // Null-prototype records: policy and pool names are keys, and "constructor" is a valid name.
  const failovers: Record<string, number> = Object.assign(Object.create(null), state.failovers);
  for (const m of settled.confirmed)
    failovers[m.pool] = (Object.hasOwn(failovers, m.pool) ? (failovers[m.pool] as number) : 0) + m.slots;

  const byName = new Map(snapshot.policies.map((p) => [p.name, p]));
  const stuck: Record<string, string> = Object.create(null);
  const writes: MoveWrite[] = [];
  const written: PendingMove[] = [];
  const held: string[] = [];
  const at = now.toISOString();
  const stamp = ms.toString(36);
  for (const d of plan.decisions) {
    // A policy with one stuck slot is stuck even while another slot moves.
    if (d.slots.some((s) => s.action === "stuck")) {
      stuck[d.policy] = Object.hasOwn(state.stuck, d.policy) ? (state.stuck[d.policy] as string) : at;
    }
    // A dry run writes nothing, so it has nothing to confirm.
    if (d.action !== "move" || d.pool === null || settings.dryRun) continue;
    const from = d.slots.map((s) => s.from);
    const to = d.slots.map((s) => s.to ?? s.from);
    if (inFlight(settled.pending, d.policy, from, to, ms)) {
      held.push(d.policy);
      continue;
    }
    const id = `${stamp}-${written.length}`;
    const lastMove: LastMove = { id, by: writer, at, ...moveSummary(d), from, to };
    const object = byName.get(d.policy);
    writes.push({ decision: d, lastMove, hasAnnotations: object?.hasAnnotations ?? object?.pool != null });
    written.push({
      id,
      policy: d.policy,
      pool: d.pool,
      at,
      slots: d.slots.filter((s) => s.action === "move").length,
      from,
      to,
      code: moveSummary(d).reason,
      message: renderReason(d.reason),
    });
  }
  const uids = new Map(snapshot.policies.map((p) => [p.name, p.uid ?? null]));
  const hostToNode = new Map<string, string>();
  for (const pool of plan.pools)
    for (const n of pool.nodes) if (n.hostname !== null) hostToNode.set(n.hostname, n.name);
  const events = settings.events
    ? toEventOperations(settled.confirmed, plan.decisions, uids, state.stuck, now, settings.eventLimit, hostToNode)
    : [];
  // Per-policy gateway series: above 1000 managed policies they dominate every write, so opt-in.
  const managed = plan.decisions.filter((d) => d.pool !== null).length;
  const perPolicy = settings.policyMetrics ?? managed <= POLICY_METRICS_AUTO_LIMIT;
  return {
    contexts: parsed.contexts,
    problems: parsed.problems,
    plan,
    operations: [...toOperations(writes), ...events],
    metrics: toMetrics(plan, failovers, !settings.dryRun, perPolicy),
    state: {
      nodes: plan.memory,
      stuck,
      failovers,
      leaseSeen: plan.leaseSeen ?? state.leaseSeen,
      agentDown: plan.agentDown,
      remembered: plan.remembered,
      pending: [...settled.pending, ...written],
      clamped: plan.clamped,
      probe: plan.probe,
      metricsWritten: state.metricsWritten,
      notices: state.notices,
      decided: healthDigest(plan, settings.dryRun),
      index: state.index,
    },
    written,
    held,
    settled,
  };
}
