/**
 * The run's decision step, pure. A run with the policies decides every one of them from its
 * snapshots; a resync tick (hook/tick.ts) assesses the nodes first and decides the policies only
 * when something they depend on changed, from the policy index the last full run left.
 */
import type { PolicyObject } from "../model/objects.js";
import { type Condition, fileCondition } from "./conditions.js";
import { proberMetric } from "./evidence.js";
import type { Gathered } from "./gather.js";
import { type EvaluateOptions, type Evaluation, evaluate } from "./pipeline.js";
import { DEFERRABLE } from "./tick.js";
import { checkTick, type TickCheck } from "./tick-check.js";

/** The policy index as the gather step found it: its policies, or why they cannot be used. */
export type IndexRead = PolicyObject[] | { code: string; message: string };

export interface RunDecision {
  evaluation: Evaluation;
  /** The policy index's condition, when a tick needed it and could not use it. */
  problems: Condition[];
}

function optionsOf(g: Gathered): EvaluateOptions {
  return {
    strict: true,
    state: g.loaded.state,
    memory: g.loaded.memory,
    stateCap: g.stateCap,
    stateBytes: g.loaded.text === null ? 0 : Buffer.byteLength(g.loaded.text),
    parsed: g.parsed,
    ...(g.probed ? { probed: g.probed } : {}),
    ...(g.writer ? { writer: g.writer } : {}),
  };
}

/** A resync tick's assessment and why it must decide the policies; null on a run with the policies. */
export function assessTick(g: Gathered): TickCheck | null {
  if (g.parsed.snapshot === null || g.parsed.policiesKnown) return null;
  const tick = checkTick(g.settings, g.now, { ...optionsOf(g), parsed: g.parsed }, g.metricsPath !== null);
  // The prober went down or came back since the last run (its condition is judged every run): the
  // metrics must say so now, and only a tick that decides writes them.
  if (tick.need === null && g.prober && !g.prober.use.use !== Object.hasOwn(g.loaded.state.notices, "prober"))
    return { ...tick, need: "prober-changed" };
  return tick;
}

/**
 * Decides this run. `tick` is assessTick's answer; `index` is the policy index, read only when
 * the tick must decide.
 */
export function decideRun(g: Gathered, tick: TickCheck | null, index: IndexRead | null): RunDecision {
  const decided = decideEvaluation(g, tick, index);
  // With the prober on, every run's metrics say whether this run took its evidence.
  if (!g.prober) return decided;
  const metrics = [...decided.evaluation.metrics, proberMetric(g.prober.use)];
  return { ...decided, evaluation: { ...decided.evaluation, metrics } };
}

function decideEvaluation(g: Gathered, tick: TickCheck | null, index: IndexRead | null): RunDecision {
  const options = optionsOf(g);
  if (tick === null) return { evaluation: evaluate(g.doc, g.settings, g.now, options), problems: [] };
  if (tick.need === null) return { evaluation: tick.quiet, problems: [] };
  if (Array.isArray(index))
    return {
      evaluation: evaluate(g.doc, g.settings, g.now, { ...options, policies: index, assessment: tick.assessment }),
      problems: [],
    };
  // Nothing would move: the metrics and a stuck policy's reminder wait for the next full run.
  if (DEFERRABLE.has(tick.need)) return { evaluation: tick.quiet, problems: [] };
  const why = index ?? { code: "ENOENT", message: "the policy index was not read" };
  return {
    // Forget the index, so that the next full run writes it again even if the policies did not change.
    evaluation: { ...tick.quiet, tick: "blind", state: { ...tick.quiet.state, index: null } },
    // One condition whatever the cause (the message says which), so it is not logged anew as it changes.
    problems: [
      fileCondition(
        "policy index",
        "UNUSABLE",
        `resync tick (${tick.need}) cannot decide the policies: ${why.message} (${why.code}); the next full run (an object event, or the refresh within a minute) will`,
      ),
    ],
  };
}
