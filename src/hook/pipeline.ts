/**
 * The pure middle of a run, shared by the hook and `plan`: binding-context document →
 * parsed snapshots → decisions → operations.
 */

import { formatLabelSelector } from "../config/label-selector.js";
import type { Settings } from "../config/settings.js";
import { decide, type Memory, type Plan } from "../engine/decide.js";
import { type PolicyPatchOperation, toOperations } from "../patch/operations.js";
import { type ContextSummary, type Problem, parseBindingContext } from "../protocol/binding-context.js";

export interface Evaluation {
  contexts: ContextSummary[];
  problems: Problem[];
  /** null when the binding context was an empty array. */
  plan: Plan | null;
  operations: PolicyPatchOperation[];
}

export interface EvaluateOptions {
  /** Take the pools from the context's snapshots instead of `settings` (plan on a foreign context). */
  poolsFromContext?: boolean;
  /** Require the snapshots of every enabled signal (hook runs: our --config always provides them). */
  strict?: boolean;
  /** What the previous run remembered. */
  memory?: Memory;
}

export function evaluate(doc: unknown, settings: Settings, now: Date, options: EvaluateOptions = {}): Evaluation {
  const { poolsFromContext = false, strict = false, memory = {} } = options;
  const parsed = parseBindingContext(
    doc,
    poolsFromContext ? null : settings.pools.map((p) => p.name),
    strict ? { leases: settings.leaseSignal, agents: settings.agentSignal } : { leases: false, agents: false },
  );
  if (parsed.snapshot === null) {
    return { contexts: parsed.contexts, problems: parsed.problems, plan: null, operations: [] };
  }
  const pools = poolsFromContext ? [...parsed.snapshot.pools.keys()] : settings.pools.map((p) => p.name);
  const plan = decide(
    parsed.snapshot,
    {
      pools,
      cordonDrains: settings.cordonDrains,
      recoveryDelaySeconds: settings.recoveryDelaySeconds,
      blockingTaints: settings.blockingTaints,
      lease: settings.leaseSignal ? { staleAfterSeconds: settings.leaseStaleAfterSeconds } : null,
      agent: settings.agentSignal
        ? { source: `${formatLabelSelector(settings.agentSelector)} in ${settings.agentNamespace}` }
        : null,
    },
    now,
    memory,
  );
  return { contexts: parsed.contexts, problems: parsed.problems, plan, operations: toOperations(plan.decisions) };
}
