/**
 * The pure steps of a hook run (hook/run.ts): the decision step, the write plan and the next state,
 * and the log lines. Each is a function of what the gather step read, so they are table-tested
 * here without files or a clock; whole runs are in ticks.test.ts and the goldens.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import { parseContext } from "../src/hook/assessment.js";
import {
  conditionsToLog,
  fileCondition,
  repeatDue,
  SUPPORTED_POLICIES,
  sizeCondition,
} from "../src/hook/conditions.js";
import { assessTick, decideRun } from "../src/hook/decide-run.js";
import type { Gathered, Loaded } from "../src/hook/gather.js";
import { runLines } from "../src/hook/log-lines.js";
import { indexPath, serializeIndex } from "../src/hook/policy-index.js";
import { EMPTY_STATE, MAX_STATE_BYTES, metricsDue, type RunState, strongHash } from "../src/hook/state.js";
import { nextState, planWrites } from "../src/hook/writes.js";
import { projectPolicy } from "../src/protocol/projections.js";
import { groupContext, NOW, node, policy, tickContext } from "./support/builders.js";

const ENV = {
  EGRESS_HA_LEASE_SIGNAL: "false",
  EGRESS_HA_AGENT_SIGNAL: "false",
  EGRESS_HA_PROBE: "false",
  EGRESS_HA_POOLS: "egress=node-restriction.kubernetes.io/egress-pool=egress",
  EGRESS_HA_STATE_FILE: "/s/state.json",
};
const at = (s: number): Date => new Date(NOW.getTime() + s * 1000);

function cluster(down: string[] = []) {
  return {
    pools: {
      egress: ["a", "b"].map((name) => node({ name, ...(down.includes(name) ? { ready: "False" as const } : {}) })),
    },
    policies: [policy({ name: "p1", pool: "egress", hostname: "a" })],
  };
}

function gathered(
  doc: unknown,
  opts: { state?: RunState; metricsPath?: string | null; loaded?: Partial<Loaded>; env?: Record<string, string> } = {},
): Gathered {
  const settings = readSettings({ ...ENV, ...opts.env });
  return {
    settings,
    patchPath: "/patch",
    metricsPath: opts.metricsPath === undefined ? "/metrics" : opts.metricsPath,
    doc,
    parsed: parseContext(doc, settings, { strict: true }),
    probed: undefined,
    now: NOW,
    loaded: {
      state: opts.state ?? EMPTY_STATE,
      text: null,
      memory: "kept",
      writable: true,
      version: 2,
      problems: [],
      ...opts.loaded,
    },
    writer: "replica-1",
    stateCap: MAX_STATE_BYTES,
  };
}

describe("the decision step", () => {
  test("a run with the policies decides them all, and is no tick", () => {
    const g = gathered(groupContext(cluster(["a"])));
    assert.equal(assessTick(g), null);
    const d = decideRun(g, null, null);
    assert.equal(d.evaluation.plan?.decisions[0]?.action, "move");
    assert.deepEqual(d.problems, []);
  });

  test("a tick that must decide and cannot read the index is blind, forgets the index and says why once", () => {
    const g = gathered(tickContext(cluster(["a"])), { state: { ...EMPTY_STATE, decided: "before", index: "h" } });
    const tick = assessTick(g);
    assert.equal(tick?.need, "nodes-changed");
    const d = decideRun(g, tick, { code: "STALE", message: "not the index the state recorded" });
    assert.equal(d.evaluation.tick, "blind");
    assert.equal(d.evaluation.state.index, null);
    assert.deepEqual(
      d.problems.map((p) => [p.key, p.fingerprint]),
      [["file:policy index", "UNUSABLE"]],
    );
  });

  test("a tick that must decide decides from the index exactly as a full run would", () => {
    const c = cluster(["a"]);
    const full = decideRun(gathered(groupContext(c)), null, null).evaluation;
    const g = gathered(tickContext(c), { state: { ...EMPTY_STATE, decided: "before" } });
    const ticked = decideRun(g, assessTick(g), c.policies.map(projectPolicy)).evaluation;
    assert.deepEqual(ticked.operations, full.operations);
    assert.equal(ticked.tick, undefined);
  });
});

describe("the write plan", () => {
  const e = (g: Gathered) => decideRun(g, assessTick(g), null).evaluation;
  const cases: {
    name: string;
    g: Gathered;
    metrics: boolean;
    patch: boolean;
    index: boolean;
    save: boolean;
  }[] = [
    {
      name: "a full run that moves writes everything",
      g: gathered(groupContext(cluster(["a"]))),
      metrics: true,
      patch: true,
      index: true,
      save: true,
    },
    {
      name: "no METRICS_PATH, no metrics",
      g: gathered(groupContext(cluster())),
      metrics: false,
      patch: false,
      index: true,
      save: true,
    },
    {
      name: "a locked state: no index, no state",
      g: gathered(groupContext(cluster())), // replaced below
      metrics: true,
      patch: false,
      index: false,
      save: false,
    },
    {
      name: "a dry run writes no patch",
      g: gathered(groupContext(cluster(["a"])), { env: { EGRESS_HA_DRY_RUN: "true" } }),
      metrics: true,
      patch: false,
      index: true,
      save: true,
    },
  ];
  (cases[1] as { g: Gathered }).g = gathered(groupContext(cluster()), { metricsPath: null });
  (cases[2] as { g: Gathered }).g = gathered(groupContext(cluster()), { loaded: { writable: false } });
  for (const c of cases)
    test(c.name, () => {
      const plan = planWrites(c.g, e(c.g), [], { keepsIndex: true });
      assert.equal(plan.metrics !== null, c.metrics, "metrics");
      assert.equal(plan.patch !== null, c.patch, "patch");
      assert.equal(plan.index !== null, c.index, "index");
      assert.equal(plan.saveState, c.save, "state");
      if (plan.index) assert.equal(plan.index.path, indexPath("/s/state.json"));
    });

  test("an index that did not change is not written again, and the state keeps its hash", () => {
    const c = cluster();
    const hash = strongHash(serializeIndex(c.policies.map(projectPolicy)));
    const g = gathered(groupContext(c), { state: { ...EMPTY_STATE, index: hash } });
    const plan = planWrites(g, e(g), [], { keepsIndex: true });
    assert.equal(plan.index, null);
    assert.equal(plan.state.index, hash);
  });

  test("a failed metrics write keeps the last write's demand; a failed index write forgets the index", () => {
    const g = gathered(groupContext(cluster(["a"])));
    const plan = planWrites(g, e(g), [], { keepsIndex: true });
    const ok = nextState(plan, { metrics: false, index: false }, {});
    assert.equal(ok.metricsWritten?.force, true, "a run with operations makes the next one write its metrics");
    assert.equal(ok.index, plan.index?.hash);
    const failed = nextState(plan, { metrics: true, index: true }, {});
    assert.equal(failed.metricsWritten, null, "no metrics were ever written");
    assert.equal(failed.index, null);
  });

  test("the problems known before writing come first, in order: the state's, the tick's index", () => {
    const state = fileCondition("EGRESS_HA_STATE_FILE", "EACCES", "x");
    const idx = fileCondition("policy index", "UNUSABLE", "y");
    const g = gathered(groupContext(cluster()), { loaded: { problems: [state] } });
    assert.deepEqual(planWrites(g, e(g), [idx], { keepsIndex: true }).conditions, [state, idx]);
  });
});

describe("the log lines", () => {
  const lines = (g: Gathered, files = [] as ReturnType<typeof fileCondition>[]) =>
    runLines(g, decideRun(g, assessTick(g), null).evaluation, files, {}, true);

  test("every warn and error line carries a condition key or a code", () => {
    const g = gathered(groupContext({ ...cluster(["a", "b"]) }));
    const out = lines(g, [fileCondition("METRICS_PATH", "ENOSPC", "cannot write")]);
    const loud = out.lines.filter((l) => l.level === "warn" || l.level === "error");
    assert.ok(loud.length >= 2, "the stuck policy and the metrics file");
    for (const l of loud) assert.ok(l.fields?.condition ?? l.fields?.code, l.msg);
    assert.deepEqual(
      loud.map((l) => l.fields?.condition),
      ["stuck:p1", "file:METRICS_PATH"],
    );
    assert.ok(out.notices["stuck:p1"], "the state remembers what was logged");
  });

  test("a quiet run says its summary at debug, an eventful one at info", () => {
    const quiet = lines(gathered(groupContext(cluster())));
    assert.equal(quiet.lines.at(-1)?.level, "debug");
    const moving = lines(gathered(groupContext(cluster(["a"]))));
    assert.equal(moving.lines.at(-1)?.level, "info");
    assert.match(moving.lines.at(-1)?.msg ?? "", /^decided 1 policies: 0 keep, 1 move/);
  });

  test("settings warnings are keyed by the variable they name, not by their text", () => {
    const g = gathered(groupContext(cluster()), { env: { EGRESS_HA_POOLS: "egress=node.kubernetes.io/role=egress" } });
    const e = decideRun(g, null, null).evaluation;
    const keys = runLines(g, e, [], { EGRESS_HA_PROBES: "true", EGRESS_HA_POOL: "x" }, false)
      .lines.map((l) => l.fields?.condition)
      .filter((k) => typeof k === "string" && k.startsWith("settings:"));
    assert.deepEqual(keys, ["settings:EGRESS_HA_POOL:0", "settings:EGRESS_HA_PROBES:0", "settings:EGRESS_HA_POOLS:0"]);
  });
});

describe("beyond the supported size", () => {
  test("the size condition: none up to the supported size, an error naming the count above it", () => {
    assert.equal(SUPPORTED_POLICIES, 20_000);
    for (const [policies, fires] of [
      [0, false],
      [1, false],
      [20_000, false],
      [20_001, true],
      [150_000, true],
    ] as const) {
      const c = sizeCondition(policies);
      assert.equal(c !== null, fires, `${policies} policies`);
      if (c === null) continue;
      assert.equal(c.key, "size:policies");
      assert.equal(c.level, "error");
      assert.deepEqual(c.fields, { code: "over-supported-size", policies, supported: 20_000 });
      assert.match(c.msg, new RegExp(`^${policies} policies, more than the 20000 .*resources\\.limits\\.memory`));
      // One fingerprint whatever the count: a growing count is not logged as a new condition.
      assert.equal(c.fingerprint, sizeCondition(policies + 1)?.fingerprint);
    }
  });

  /** A run whose snapshot carries `n` policies (one decision repeated: the count is what matters). */
  const runOf = (n: number, state?: RunState) => {
    const g = gathered(groupContext(cluster()), state ? { state } : {});
    const e = decideRun(g, null, null).evaluation;
    const plan = e.plan;
    assert.ok(plan);
    const decisions = Array.from({ length: n }, () => plan.decisions[0] as (typeof plan.decisions)[number]);
    return runLines(g, { ...e, plan: { ...plan, decisions } }, [], {}, false);
  };
  const sizeLines = (out: ReturnType<typeof runOf>) => out.lines.filter((l) => l.fields?.condition === "size:policies");

  test("a run with more policies than supported logs it once as an error, with its code; 20 000 do not", () => {
    assert.deepEqual(sizeLines(runOf(20_000)), []);
    const over = runOf(20_001);
    const [line] = sizeLines(over);
    assert.equal(line?.level, "error");
    assert.equal(line?.fields?.code, "over-supported-size");
    assert.equal(line?.fields?.policies, 20_001);
    assert.ok(over.notices["size:policies"], "remembered, so the next run does not repeat it at once");
    const next = runOf(20_002, { ...EMPTY_STATE, notices: over.notices });
    assert.deepEqual(sizeLines(next), [], "not repeated within the minute");
  });

  test("a tick that decided no policy carries the condition; a run back at the supported size clears it", () => {
    const over = runOf(20_001);
    const g = gathered(tickContext(cluster()), { state: { ...EMPTY_STATE, notices: over.notices } });
    const e = decideRun(g, assessTick(g), null).evaluation;
    assert.ok(e.tick, "a tick that decided no policy");
    assert.ok(runLines(g, e, [], {}, false).notices["size:policies"], "carried over by the tick");
    const back = runOf(20_000, { ...EMPTY_STATE, notices: over.notices });
    assert.ok(back.lines.some((l) => l.msg === "condition cleared: size:policies"));
  });
});

describe("the due rules, one for full runs and ticks alike", () => {
  test("a lasting error logged 'in the future' (the clock stepped back) is due again, not held", () => {
    const notice = { text: "x", at: at(3600).toISOString() };
    assert.equal(repeatDue(notice, at(0)), true);
    const c = conditionsToLog({ k: notice }, [{ key: "k", level: "error", fingerprint: "x", msg: "m" }], at(0));
    assert.equal(c.log.length, 1, "logged again at once, instead of an hour later");
    assert.equal(c.next.k?.at, at(0).toISOString());
  });

  const cases: [string, Parameters<typeof metricsDue>[0], number, boolean][] = [
    ["never written", null, 0, true],
    ["forced", { hash: "h", at: at(0).toISOString(), force: true }, 1, true],
    ["59 s old", { hash: "h", at: at(0).toISOString(), force: false }, 59, false],
    ["60 s old", { hash: "h", at: at(0).toISOString(), force: false }, 60, true],
    ["from the future", { hash: "h", at: at(30).toISOString(), force: false }, 0, true],
    ["unreadable time", { hash: "h", at: "yesterday", force: false }, 0, true],
  ];
  for (const [name, last, now, want] of cases)
    test(`metricsDue: ${name}`, () => assert.equal(metricsDue(last, at(now)), want));
});
