/**
 * The pure middle of a run, shared by the hook and `plan`: binding-context document →
 * parsed snapshots → decisions → operations.
 */
import type { Settings } from "../config/settings.js";
import { decide, type Plan } from "../engine/decide.js";
import { type PolicyPatchOperation, toOperations } from "../patch/operations.js";
import { type ContextSummary, type Problem, parseBindingContext } from "../protocol/binding-context.js";

export interface Evaluation {
  contexts: ContextSummary[];
  problems: Problem[];
  /** null when the binding context was an empty array. */
  plan: Plan | null;
  operations: PolicyPatchOperation[];
}

/**
 * @param poolsFromContext take the pools from the context's snapshots instead of `settings`
 *   (for `plan` on a context recorded elsewhere).
 */
export function evaluate(doc: unknown, settings: Settings, now: Date, poolsFromContext = false): Evaluation {
  const parsed = parseBindingContext(doc, poolsFromContext ? null : settings.pools.map((p) => p.name));
  if (parsed.snapshot === null)
    return { contexts: parsed.contexts, problems: parsed.problems, plan: null, operations: [] };
  const pools = poolsFromContext ? [...parsed.snapshot.pools.keys()] : settings.pools.map((p) => p.name);
  const plan = decide(
    parsed.snapshot,
    {
      pools,
      cordonDrains: settings.cordonDrains,
      recoveryDelaySeconds: settings.recoveryDelaySeconds,
      blockingTaints: settings.blockingTaints,
    },
    now,
  );
  return { contexts: parsed.contexts, problems: parsed.problems, plan, operations: toOperations(plan.decisions) };
}
