/**
 * Incremental resync ticks (hook/tick.ts): merging contexts of different shapes, when a tick may
 * skip the policies (tickNeed, healthDigest), the policy index, and whole hook runs with an
 * in-memory state directory: a quiet tick writes nothing but its state, a tick after a node's
 * health changed writes exactly what a full run would, and a tick without a usable index says so.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { readSettings } from "../src/config/settings.js";
import { parseContext } from "../src/hook/assessment.js";
import { conditionsToLog } from "../src/hook/conditions.js";
import { evaluate } from "../src/hook/pipeline.js";
import { indexPath, MAX_INDEX_BYTES, parseIndex, serializeIndex } from "../src/hook/policy-index.js";
import { type RunIO, runHook } from "../src/hook/run.js";
import { EMPTY_STATE, parseState, type RunState, strongHash } from "../src/hook/state.js";
import { CARRIED_ON_TICKS, type TickNeed, tickNeed } from "../src/hook/tick.js";
import { checkTick } from "../src/hook/tick-check.js";
import type { PolicyPatchOperation } from "../src/patch/operations.js";
import { ContractError, parseBindingContext } from "../src/protocol/binding-context.js";
import { projectPolicy } from "../src/protocol/projections.js";
import { agent, groupContext, lease, NOW, node, policy, snapshots, tickContext } from "./support/builders.js";
import { applyPatch } from "./support/json-patch.js";
import { memoryRunIO } from "./support/memory-io.js";

const TICK_RUNS = Number(process.env.SEQUENCE_RUNS ?? 200);
const at = (s: number): Date => new Date(NOW.getTime() + s * 1000);
const ENV = { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "true", EGRESS_HA_PROBE: "false" };
const SETTINGS = readSettings(ENV);
const POOL = ["a", "b", "c"];

/** The cluster at `t` seconds: every kubelet renewed its Lease 2 s ago, except those in `stale`, which stopped at 0 s. */
function cluster(
  t: number,
  opts: { stale?: string[]; notReady?: string[]; policies?: Record<string, unknown>[] } = {},
) {
  return {
    pools: {
      egress: POOL.map((name) => node({ name, ...(opts.notReady?.includes(name) ? { ready: "False" as const } : {}) })),
    },
    policies: opts.policies ?? [
      policy({ name: "p1", pool: "egress", hostname: "a" }),
      policy({ name: "p2", pool: "egress", hostname: "b" }),
      policy({ name: "legacy", hostname: "a" }),
    ],
    leases: POOL.map((n) => lease(n, opts.stale?.includes(n) ? 2 : 2 - t)),
    agents: POOL.map((n) => agent({ node: n })),
  };
}

describe("contexts of different shapes merge per binding", () => {
  const one = cluster(0);
  const other = cluster(0, { notReady: ["a"] });
  const readyOf = (doc: unknown[]) =>
    parseBindingContext(doc, ["egress"]).snapshot?.pools.get("egress")?.[0]?.ready?.status;
  const cases: { name: string; doc: unknown[]; policiesKnown: boolean; readyA: string }[] = [
    { name: "a tick alone", doc: tickContext(one), policiesKnown: false, readyA: "True" },
    { name: "a group context alone", doc: groupContext(one), policiesKnown: true, readyA: "True" },
    {
      name: "group, then tick",
      doc: [...groupContext(one), ...tickContext(other)],
      policiesKnown: true,
      readyA: "False",
    },
    {
      name: "tick, then group",
      doc: [...tickContext(other), ...groupContext(one)],
      policiesKnown: true,
      readyA: "True",
    },
    {
      name: "ticks only, twice",
      doc: [...tickContext(one), ...tickContext(other)],
      policiesKnown: false,
      readyA: "False",
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const parsed = parseBindingContext(c.doc, ["egress"]);
      assert.equal(parsed.policiesKnown, c.policiesKnown);
      assert.equal(readyOf(c.doc), c.readyA, "each binding's snapshot comes from the last context that carries it");
      assert.equal(parsed.snapshot?.policies.length, c.policiesKnown ? 3 : 0);
      assert.equal(parsed.contexts.length, c.doc.length);
    });

  test("only a tick may come without the policies", () => {
    const { policies: _p, ...rest } = snapshots(one);
    assert.throws(
      () => parseBindingContext([{ binding: "nodes-egress", type: "Group", snapshots: rest }], ["egress"]),
      (err: unknown) => err instanceof ContractError && /no context has a "policies" snapshot/.test(err.message),
    );
    assert.throws(
      () => evaluate(tickContext(one), SETTINGS, NOW),
      (err: unknown) => err instanceof ContractError && /no policies snapshot \(a resync tick\)/.test(err.message),
    );
  });
});

describe("tickNeed: when a tick must decide the policies", () => {
  const base: RunState = {
    ...EMPTY_STATE,
    decided: "d1",
    metricsWritten: { hash: "h", at: at(0).toISOString(), force: false },
  };
  const cases: { name: string; state: RunState; now: number; metrics?: boolean; need: TickNeed }[] = [
    { name: "nothing changed", state: base, now: 10, need: null },
    { name: "no full decision yet", state: { ...base, decided: null }, now: 10, need: "first-decision" },
    { name: "the digest changed", state: { ...base, decided: "d0" }, now: 10, need: "nodes-changed" },
    {
      name: "a move is unconfirmed",
      state: {
        ...base,
        pending: [{ id: "x", policy: "p", pool: "egress", at: "", slots: 1, from: ["a"], to: ["b"], code: "move" }],
      },
      now: 10,
      need: "moves-pending",
    },
    { name: "metrics a minute old", state: base, now: 60, need: "metrics-due" },
    { name: "metrics 59 s old", state: base, now: 59, need: null },
    { name: "metrics a minute old, no METRICS_PATH", state: base, now: 60, metrics: false, need: null },
    {
      name: "the last run's operations may have dropped its metrics",
      state: { ...base, metricsWritten: { hash: "h", at: at(0).toISOString(), force: true } },
      now: 1,
      need: "metrics-due",
    },
    { name: "metrics never written", state: { ...base, metricsWritten: null }, now: 1, need: "metrics-due" },
    {
      name: "metrics written in the future",
      state: { ...base, metricsWritten: { hash: "h", at: at(30).toISOString(), force: false } },
      now: 1,
      need: "metrics-due",
    },
    {
      name: "a stuck policy's error is due again",
      state: { ...base, notices: { "stuck:p": { text: "x", at: at(0).toISOString() } } },
      now: 59.9 + 0.1,
      metrics: false,
      need: "stuck-repeat",
    },
    {
      name: "a stuck policy logged 30 s ago",
      state: { ...base, notices: { "stuck:p": { text: "x", at: at(0).toISOString() } } },
      now: 30,
      need: null,
    },
    {
      name: "an invalid policy's warning is never repeated",
      state: { ...base, notices: { "invalid:p": { text: "x", at: at(-600).toISOString() } } },
      now: 30,
      need: null,
    },
  ];
  for (const c of cases)
    test(c.name, () => assert.equal(tickNeed(c.state, "d1", at(c.now), c.metrics ?? true), c.need));
});

describe("healthDigest: what a tick compares", () => {
  const check = (c: ReturnType<typeof cluster>, t: number, state: RunState = EMPTY_STATE) =>
    checkTick(SETTINGS, at(t), { state, parsed: parseContext(tickContext(c), SETTINGS, { strict: true }) }, false);
  const full = (c: ReturnType<typeof cluster>, t: number, state: RunState = EMPTY_STATE) =>
    evaluate(groupContext(c), SETTINGS, at(t), { state });

  test("a full run records the digest a tick of the same cluster computes, whatever the clock", () => {
    const first = full(cluster(0), 0, { ...EMPTY_STATE });
    assert.ok(first.state.decided);
    for (const t of [1, 5, 9]) assert.equal(check(cluster(t), t, first.state).need, null, `tick at ${t}s`);
  });

  test("it changes when a node's state changes, and on nothing else", () => {
    const first = full(cluster(0), 0, { ...EMPTY_STATE });
    assert.equal(check(cluster(5, { notReady: ["c"] }), 5, first.state).need, "nodes-changed", "Ready=False");
    assert.equal(check(cluster(60, { stale: ["b"] }), 60, first.state).need, "nodes-changed", "a stale Lease");
    const relabelled = cluster(5);
    (relabelled.pools.egress[0] as { metadata: { labels: Record<string, string> } }).metadata.labels.zone = "z1";
    assert.equal(check(relabelled, 5, first.state).need, "nodes-changed", "a label");
    const ticked = check(cluster(5, { notReady: ["c"] }), 5, first.state);
    assert.equal(ticked.quiet.plan?.pools[0]?.nodes.find((n) => n.name === "c")?.state, "unhealthy");
  });
});

test("a tick that decided no policy neither repeats nor clears what it cannot judge", () => {
  const previous = {
    "stuck:p": { text: "a", at: at(0).toISOString() },
    "invalid:q": { text: "b", at: at(0).toISOString() },
    "file:policy index": { text: "UNUSABLE", at: at(0).toISOString() },
    "signal:lease": { text: "suspended", at: at(0).toISOString() },
  };
  const c = conditionsToLog(previous, [], at(10), CARRIED_ON_TICKS);
  assert.deepEqual(c.cleared, ["signal:lease"], "a signal is judged by every run");
  assert.deepEqual(Object.keys(c.next).sort(), ["file:policy index", "invalid:q", "stuck:p"]);
  assert.deepEqual(c.log, []);
});

describe("the policy index", () => {
  const policies = cluster(0).policies.map(projectPolicy);
  test("round-trips, and refuses what it does not know", () => {
    assert.deepEqual(parseIndex(serializeIndex(policies)), policies);
    const bad: [string, string | RegExp][] = [
      ["{", "not valid JSON"],
      ['{"version":2,"policies":[]}', "unknown index version (2)"],
      ['{"version":1}', "policies is not a list"],
      ['{"version":1,"policies":[{"name":"x"}]}', /^policies\[0\]: /],
      [" ".repeat(MAX_INDEX_BYTES + 1), /over the limit/],
    ];
    for (const [text, message] of bad) assert.throws(() => parseIndex(text), { message });
  });
});

/** An in-memory state directory and outputs, as hook-process.ts gives them on disk. */
function memoryIO(files: Map<string, string>, now: Date, context: unknown, log: string[], withIndex = true): RunIO {
  const io = memoryRunIO(files, { env: ENV, now, context, log });
  if (withIndex) return io;
  const { readIndex: _read, writeIndex: _write, ...withoutIndex } = io;
  return withoutIndex;
}

describe("hook runs with resync ticks", () => {
  const INDEX = indexPath("/s/state.json");

  async function synced() {
    const files = new Map<string, string>();
    const log: string[] = [];
    assert.equal(await runHook(memoryIO(files, at(0), groupContext(cluster(0)), log)), 0);
    assert.ok(files.has(INDEX), "a full run writes the policy index");
    assert.ok(files.has("/metrics"));
    return files;
  }

  test("a quiet tick decides no policy and writes nothing but its state", async () => {
    const files = await synced();
    const index = files.get(INDEX);
    const log: string[] = [];
    assert.equal(await runHook(memoryIO(files, at(5), tickContext(cluster(5)), log)), 0);
    assert.equal(files.has("/patch"), false);
    assert.equal(files.has("/metrics"), false);
    assert.equal(files.get(INDEX), index);
    assert.deepEqual(log, []);
  });

  test("a tick that finds a stale Lease writes exactly what a full run would", async () => {
    const files = await synced();
    const state = files.get("/s/state.json") as string;
    const log: string[] = [];
    assert.equal(await runHook(memoryIO(files, at(60), tickContext(cluster(60, { stale: ["a"] })), log)), 0);
    const ticked = files.get("/patch");
    assert.ok(ticked?.includes('"name":"p1"') && ticked.includes('"name":"legacy"'), "both policies on a move");
    // The same run with full snapshots, from the same state.
    const again = await synced();
    again.set("/s/state.json", state);
    assert.equal(await runHook(memoryIO(again, at(60), groupContext(cluster(60, { stale: ["a"] })), [])), 0);
    assert.equal(ticked, again.get("/patch"));
    const after = parseState(files.get("/s/state.json") as string);
    assert.equal(after.pending.length, 2);
    assert.ok(files.has("/metrics"), "a tick that decided writes its metrics");
  });

  test("a tick without a usable policy index says why, and decides nothing", async () => {
    for (const spoil of ["missing", "stale", "none kept"] as const) {
      const files = await synced();
      if (spoil === "missing") files.delete(INDEX);
      if (spoil === "stale") files.set(INDEX, serializeIndex([]));
      const log: string[] = [];
      const io = memoryIO(files, at(60), tickContext(cluster(60, { stale: ["a"] })), log, spoil !== "none kept");
      assert.equal(await runHook(io), 0);
      assert.equal(files.has("/patch"), false, spoil);
      const line = log.find((l) => l.includes("cannot decide the policies"));
      assert.ok(line, `${spoil}: ${log.join("\n")}`);
      assert.equal(JSON.parse(line).level, "error");
      // The next tick is as blind, and says nothing more within the minute.
      const quiet: string[] = [];
      const ioAt = (t: number, ctx: unknown, log: string[]) => memoryIO(files, at(t), ctx, log, spoil !== "none kept");
      assert.equal(await runHook(ioAt(60.5, tickContext(cluster(60.5, { stale: ["a"] })), quiet)), 0);
      assert.ok(!quiet.some((l) => l.includes("policy index")), `${spoil}: ${quiet.join("\n")}`);
      if (spoil === "none kept") continue;
      // The next full run decides, writes the index again (the policies did not change) and clears the condition.
      const next: string[] = [];
      assert.equal(await runHook(ioAt(61, groupContext(cluster(61, { stale: ["a"] })), next)), 0);
      assert.ok(files.get("/patch")?.includes('"name":"p1"'), spoil);
      assert.ok(
        next.some((l) => l.includes("condition cleared: file:policy index")),
        next.join("\n"),
      );
      const state = parseState(files.get("/s/state.json") as string);
      assert.equal(state.index, strongHash(files.get(INDEX) as string), `${spoil}: the index is repaired`);
      // And a later tick that must decide (the moves are unconfirmed) decides from it.
      const later: string[] = [];
      assert.equal(await runHook(ioAt(62, tickContext(cluster(62, { stale: ["a"] })), later)), 0);
      assert.ok(!later.some((l) => l.includes("cannot decide the policies")), later.join("\n"));
    }
  });

  test("a tick that cannot read the index keeps what the metrics need, and does not log for nothing", async () => {
    const files = await synced();
    // A run with operations: its metrics may be dropped with them, so the next run must write them.
    assert.equal(await runHook(memoryIO(files, at(5), groupContext(cluster(5, { notReady: ["b"] })), [])), 0);
    assert.equal(parseState(files.get("/s/state.json") as string).metricsWritten?.force, true);
    files.delete(INDEX);
    // Moves are pending: the tick must decide, cannot, and says so; the metrics stay due.
    const log: string[] = [];
    assert.equal(await runHook(memoryIO(files, at(6), tickContext(cluster(6, { notReady: ["b"] })), log)), 0);
    assert.ok(
      log.some((l) => l.includes("resync tick (moves-pending) cannot decide the policies")),
      log.join("\n"),
    );
    assert.equal(parseState(files.get("/s/state.json") as string).metricsWritten?.force, true);
    // Only metrics due (no move pending, nodes unchanged): a tick without an index waits quietly.
    const files2 = await synced();
    files2.delete(INDEX);
    const log2: string[] = [];
    assert.equal(await runHook(memoryIO(files2, at(61), tickContext(cluster(61)), log2)), 0);
    assert.deepEqual(log2, []);
    assert.equal(files2.has("/metrics"), false);
  });

  test("a move whose run was dropped is written again by a tick, after the hold", async () => {
    const files = await synced();
    assert.equal(await runHook(memoryIO(files, at(5), groupContext(cluster(5, { notReady: ["b"] })), [])), 0);
    const first = files.get("/patch");
    assert.ok(first?.includes('"name":"p2"'));
    // shell-operator dropped that run (allowFailure): the policy never changed, no event comes.
    assert.equal(await runHook(memoryIO(files, at(8), tickContext(cluster(8, { notReady: ["b"] })), [])), 0);
    assert.equal(files.has("/patch"), false, "held: an identical move is in flight");
    assert.equal(await runHook(memoryIO(files, at(20), tickContext(cluster(20, { notReady: ["b"] })), [])), 0);
    assert.ok(files.get("/patch")?.includes('"name":"p2"'), "written again once the hold is over");
  });
});

/**
 * The signals only ticks see: Leases (their events never run the hook) and the probe. Random
 * sequences of renewals, silences, refusals and time, with the default settings (Lease, agent and
 * probe signals on): at every tick, the tick decides exactly as a full run on the same state would
 * (the same operations and the same next state), or, when quiet, that full run would write
 * nothing, confirm nothing and find no new stuck policy. Patches land as the API server would;
 * the policy event that follows is a full run.
 */
test(`${TICK_RUNS} random sequences of Lease renewals and probe answers: every tick decides as a full run`, () => {
  const settings = readSettings({});
  const nodes = ["a", "b", "c", "d"];
  const stepArb = fc.record({
    seconds: fc.integer({ min: 1, max: 20 }),
    renew: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    answers: fc.array(fc.constantFrom("open", "open", "open", "refused", "silent"), { minLength: 4, maxLength: 4 }),
  });
  const counts = { quiet: 0, decided: 0, writes: 0 };
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 2, maxLength: 16 }), (steps) => {
      let t = 0;
      const renewed = nodes.map(() => 0);
      let policies = [
        policy({ name: "p1", pool: "egress", hostname: "a" }),
        policy({ name: "p2", pool: "egress", hostname: "b" }),
        policy({ name: "p3", pool: "egress", gateways: [{ hostname: "c" }, { hostname: "d" }] }),
      ];
      const build = () => ({
        pools: { egress: nodes.map((name) => node({ name, address: `10.0.0.${name.charCodeAt(0)}` })) },
        policies,
        leases: nodes.map((n, i) => lease(n, -(renewed[i] as number))),
        agents: nodes.map((n) => agent({ node: n })),
      });
      let state: RunState = evaluate(groupContext(build()), settings, at(0), { state: EMPTY_STATE }).state;
      let index = policies.map(projectPolicy);
      let changed = false;
      for (const s of steps) {
        t += s.seconds;
        s.renew.forEach((r, i) => {
          if (r) renewed[i] = t;
        });
        const probed = s.answers.map((answer, i) => ({
          node: nodes[i] as string,
          answer: answer as "open" | "refused" | "silent",
          silent: answer === "silent" ? (settings.probe?.failures ?? 3) : 0,
          silentSince: answer === "silent" ? at(t).toISOString() : null,
        }));
        const cluster = build();
        const opts = { state, writer: "r1", probed };
        const full = evaluate(groupContext(cluster), settings, at(t), opts);
        let e = full;
        if (changed) {
          index = policies.map(projectPolicy);
          changed = false;
        } else {
          const tick = tickContext(cluster);
          const parsed = parseContext(tick, settings, { strict: true });
          const check = checkTick(settings, at(t), { ...opts, parsed }, false);
          if (check.need === null) {
            counts.quiet++;
            e = check.quiet;
            assert.deepEqual(full.operations, [], "a quiet tick where a full run would write");
            assert.deepEqual(full.settled.confirmed, []);
            assert.deepEqual(Object.keys(full.state.stuck), Object.keys(state.stuck));
            // What a quiet tick keeps is what the full run would keep, but for what only deciding writes.
            const { notices: _n, metricsWritten: _m, ...kept } = e.state;
            const { notices: _fn, metricsWritten: _fm, ...fullKept } = full.state;
            assert.deepEqual(kept, fullKept);
          } else {
            counts.decided++;
            e = evaluate(tick, settings, at(t), { ...opts, parsed, policies: index });
            assert.deepEqual(e.operations, full.operations, `a tick (${check.need}) decided unlike a full run`);
            assert.deepEqual(e.state, full.state);
          }
        }
        const patches = e.operations.filter((o): o is PolicyPatchOperation => o.operation === "JSONPatch");
        if (patches.length > 0) {
          counts.writes++;
          policies = policies.map((p) =>
            patches
              .filter((o) => o.name === (p.metadata as { name: string }).name)
              .reduce((doc, op) => applyPatch(doc, op.jsonPatch), p),
          );
          changed = true;
        }
        state = e.state;
      }
    }),
    { numRuns: TICK_RUNS, seed: Number(process.env.SEQUENCE_SEED ?? 20261130) },
  );
  assert.ok(counts.quiet > 0 && counts.decided > 0 && counts.writes > 0, JSON.stringify(counts));
});
