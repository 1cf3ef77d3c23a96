/**
 * A resync tick without policies (hook/tick.ts): it assesses the nodes, compares what the
 * decisions would read with the last full decision, and says whether the policies must be
 * decided. When they need not be, its quiet result is the whole run; when they must, the same
 * assessment is decided (pipeline.ts). Pure.
 */
import type { Settings } from "../config/settings.js";
import { type Assessment, planOf } from "../engine/decide.js";
import { ContractError, type ParsedBindingContext } from "../protocol/binding-context.js";
import { assessRun, type RunMemory } from "./assessment.js";
import { type Evaluation, NOTHING_SETTLED } from "./pipeline.js";
import { EMPTY_STATE } from "./state.js";
import { healthDigest, type TickNeed, tickNeed } from "./tick.js";

export interface TickCheck {
  /** Why the policies must be decided; null on a quiet tick. */
  need: TickNeed;
  /** This tick's result when it decides no policy (decide-run.ts marks it "blind" when the index cannot be used). */
  quiet: Evaluation;
  /** The nodes as this tick assessed them, for the decision when it must decide. */
  assessment: Assessment;
}

/**
 * A resync tick without policies (hook/tick.ts): assesses the nodes and says whether the
 * policies must be decided. When they need not be, `quiet` is the whole run.
 */
export function checkTick(
  settings: Settings,
  now: Date,
  options: RunMemory & { parsed: ParsedBindingContext },
  metricsExpected: boolean,
): TickCheck {
  const state = options.state ?? EMPTY_STATE;
  const parsed = options.parsed;
  const snapshot = parsed.snapshot;
  if (snapshot === null) throw new ContractError("a resync tick without snapshots");
  const pools = settings.pools.map((p) => p.name);
  const a = assessRun(snapshot, settings, pools, now, state, options);
  const digest = healthDigest(a, settings.dryRun);
  const plan = planOf(a, [], a.memory.remembered);
  return {
    need: tickNeed(state, digest, now, metricsExpected),
    assessment: a,
    quiet: {
      contexts: parsed.contexts,
      problems: parsed.problems,
      plan,
      operations: [],
      metrics: [],
      state: { ...state, engine: plan.memory },
      written: [],
      held: [],
      settled: NOTHING_SETTLED,
      tick: "quiet",
    },
  };
}
