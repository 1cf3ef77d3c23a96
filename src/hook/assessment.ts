/**
 * What a run knows of the nodes before it decides any policy: the binding context parsed for
 * these settings, the probe's targets, and the assessment of every pool node from the snapshots,
 * this run's probe and what earlier runs remembered. Pure.
 */
import { formatLabelSelector, type LabelSelector } from "../config/label-selector.js";
import type { Settings } from "../config/settings.js";
import { type Assessment, assess, type DecisionOptions, type Plan } from "../engine/decide.js";
import type { ProbeObservation } from "../engine/probe.js";
import type { Observations } from "../engine/signals.js";
import { isIPAddress } from "../model/ip-address.js";
import type { ClusterSnapshot } from "../model/objects.js";
import { type ParsedBindingContext, parseBindingContext, RESYNC_BINDING } from "../protocol/binding-context.js";
import { signalMemoryFits } from "./budget.js";
import type { RunState } from "./state.js";

/** What the run carries from earlier runs, and how well. */
export interface RunMemory {
  /**
   * What the previous run left. Without it (`plan` with no --state), nothing is remembered and a
   * Lease's age is now − renewTime.
   */
  state?: RunState;
  /** This run's probe outcomes; absent when it did not probe. */
  probed?: readonly ProbeObservation[];
  /** "lost" when the hook cannot carry its memory: the Lease and agent signals are then unavailable. */
  memory?: "kept" | "lost";
  /** The state's cap: a signal memory that cannot fit it is lost this run already (hook/budget.ts). */
  stateCap?: number;
}

/** Parses a binding context for these settings (hook runs are strict: every enabled signal's snapshot is required). */
export function parseContext(
  doc: unknown,
  settings: Settings,
  options: { poolsFromContext?: boolean; strict?: boolean } = {},
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

/**
 * The pool nodes the probe should reach this run, with their InternalIP: IP literals only, never a
 * name for the resolver (the assessment's node-address-invalid notice names the others).
 */
export function probeTargets(parsed: ParsedBindingContext): { node: string; address: string }[] {
  const seen = new Map<string, string>();
  for (const nodes of parsed.snapshot?.pools.values() ?? [])
    for (const n of nodes) if (n.address && isIPAddress(n.address)) seen.set(n.name, n.address);
  return [...seen].map(([node, address]) => ({ node, address }));
}

function decisionOptions(settings: Settings, pools: string[]): DecisionOptions {
  // The configured pools' own terms, which a pin carries; a pool named only by the context (`plan`) has none known.
  const poolTerms: Record<string, LabelSelector> = Object.create(null);
  for (const p of settings.pools) if (pools.includes(p.name)) poolTerms[p.name] = p.selector;
  return {
    pools,
    poolTerms,
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

function observationsOf(state: RunState, options: RunMemory): Observations {
  return {
    memory: state.engine,
    // Lease ages and agent grace by the hook's own sightings whenever there is a state to keep them in.
    keepSightings: options.state !== undefined,
    probed: options.probed ?? null,
  };
}

/** Lease and agent signals time what the hook itself saw: without a kept state they cannot be trusted. */
function withMemory<T extends Pick<Plan, "signals">>(plan: T, memory: RunMemory["memory"]): T {
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

/** Assesses every pool node for these settings (engine/assess.ts), with the run's memory applied. */
export function assessRun(
  snapshot: ClusterSnapshot,
  settings: Settings,
  pools: string[],
  now: Date,
  state: RunState,
  options: RunMemory,
): Assessment {
  const opts = decisionOptions(settings, pools);
  const a = assess(snapshot, opts, now, observationsOf(state, options));
  const fits = options.stateCap === undefined || signalMemoryFits(a, options.stateCap);
  return withMemory(a, fits ? options.memory : "lost");
}
