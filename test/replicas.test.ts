/**
 * Several replicas and concurrent writers (docs/design.md "Running several replicas"): every op of
 * a patch is guarded or cannot clobber a concurrent edit, a move that lost the race is dropped as
 * soon as the policy shows it, probe evidence only one replica holds does not move a slot off a
 * node another writer chose moments ago, and slots that share a node are reported.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { ProbeObservation } from "../src/engine/probe.js";
import { type Evaluation, evaluate } from "../src/hook/pipeline.js";
import { type RunIO, runHook } from "../src/hook/run.js";
import { EMPTY_STATE, parseState, type RunState } from "../src/hook/state.js";
import { tickNeed } from "../src/hook/tick.js";
import type { PolicyPatchOperation } from "../src/patch/operations.js";
import { RESYNC_BINDING } from "../src/protocol/binding-context.js";
import { groupContext, NOW, node, policy, tickContext } from "./support/builders.js";
import { applyPatch, JsonPatchError } from "./support/json-patch.js";

const ENV = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "false" };
const SETTINGS = readSettings(ENV);
const at = (s: number): Date => new Date(NOW.getTime() + s * 1000);
const POOL = ["a", "b", "c", "d"];

/** The last-move annotation another writer left: it moved the policy `from` → `to`, stamped by its own clock. */
function theirMove(to: string, from: string, by = "replica-2", clock = at(-3600)) {
  const id = `${clock.getTime().toString(36)}-0`;
  const move = { id, by, at: clock.toISOString(), reason: "probe-silent", tier: "settled", from: [from], to: [to] };
  return { "cilium-egress-ha/last-move": JSON.stringify(move) };
}

function pool(notReady: string[] = []) {
  return POOL.map((name) => node({ name, ...(notReady.includes(name) ? { ready: "False" as const } : {}) }));
}

test("patches: a policy without annotations is patched only while it still has none", () => {
  const bare = policy({ name: "bare", hostname: "egress-a" });
  const cluster = {
    pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
    policies: [bare],
  };
  const [op] = evaluate(groupContext(cluster), SETTINGS, NOW).operations as PolicyPatchOperation[];
  assert.ok(op);
  // Every op that creates or replaces a value is preceded by a test of what it overwrites.
  assert.ok(
    op.jsonPatch.some((o) => o.op === "test" && o.path === "/metadata/annotations" && o.value === null),
    JSON.stringify(op.jsonPatch),
  );
  const patched = applyPatch(bare, op.jsonPatch) as { metadata: { annotations: Record<string, string> } };
  assert.ok(patched.metadata.annotations["cilium-egress-ha/last-move"]);
  // A user annotates the policy meanwhile: the patch is refused instead of erasing the annotation.
  const edited = structuredClone(bare) as { metadata: Record<string, unknown> };
  edited.metadata.annotations = { team: "payments" };
  assert.throws(() => applyPatch(edited, op.jsonPatch), JsonPatchError);
});

describe("a move that lost the race", () => {
  const mine = () => ({
    pools: { egress: pool(["a"]) },
    policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
  });

  function lost(other: Record<string, unknown>): { next: Evaluation; first: Evaluation } {
    const first = evaluate(groupContext(mine()), SETTINGS, NOW, { writer: "replica-1" });
    assert.equal(first.written.length, 1);
    // Refused: the policy now shows what the other writer did instead.
    const next = evaluate(groupContext({ pools: { egress: pool(["a"]) }, policies: [other] }), SETTINGS, at(2), {
      writer: "replica-1",
      state: first.state,
    });
    return { next, first };
  }

  test("is dropped quietly once the policy shows another writer's move, even from a clock behind ours", () => {
    const other = policy({
      name: "p",
      pool: "egress",
      hostname: "c",
      annotations: theirMove("c", "a", "replica-2", at(-60)),
    });
    const { next } = lost(other);
    assert.deepEqual(next.state.pending, []);
    assert.deepEqual(
      next.settled.dropped.map((d) => d.why),
      ["superseded"],
    );
  });

  test("is dropped once the policy's pins differ from those it was patched from (a person re-pinned it)", () => {
    const { next } = lost(policy({ name: "p", pool: "egress", hostname: "d" }));
    assert.deepEqual(next.state.pending, []);
  });

  test("stays pending while the policy still shows the pins it was patched from", () => {
    const { next } = lost(policy({ name: "p", pool: "egress", hostname: "a" }));
    assert.equal(next.state.pending.length, 1);
  });
});

/** An in-memory state directory, as hook-process.ts gives it on disk. */
function memoryIO(files: Map<string, string>, now: Date, context: unknown, log: string[], writer: string): RunIO {
  files.set("/ctx", JSON.stringify(context));
  files.delete("/patch");
  return {
    env: {
      ...ENV,
      EGRESS_HA_PROBE: "false",
      BINDING_CONTEXT_PATH: "/ctx",
      KUBERNETES_PATCH_PATH: "/patch",
      METRICS_PATH: "/metrics",
      EGRESS_HA_STATE_FILE: "/s/state.json",
      HOSTNAME: writer,
    },
    readFile: async (p) => files.get(p) ?? "",
    writeFile: async (p, d) => void files.set(p, d),
    readState: async (p) => files.get(p) ?? null,
    writeState: async (p, d) => void files.set(p, d),
    readIndex: async (p: string) => files.get(p) ?? null,
    writeIndex: async (p: string, d: string) => void files.set(p, d),
    stderr: (t) => void log.push(...t.split("\n").filter((l) => l !== "")),
    now: () => now,
  };
}

test("hook runs: a replica whose patch lost the race stops deciding on ticks and never warns", async () => {
  const files = new Map<string, string>();
  const log: string[] = [];
  const start = { pools: { egress: pool(["a"]) }, policies: [policy({ name: "p", pool: "egress", hostname: "a" })] };
  assert.equal(await runHook(memoryIO(files, NOW, groupContext(start), log, "replica-1")), 0);
  assert.ok(files.get("/patch")?.includes('"name":"p"'));
  // replica-2 won: its move shows, stamped by a clock a minute behind.
  const won = policy({
    name: "p",
    pool: "egress",
    hostname: "b",
    annotations: theirMove("b", "a", "replica-2", at(-60)),
  });
  const after = { pools: { egress: pool(["a"]) }, policies: [won] };
  assert.equal(await runHook(memoryIO(files, at(2), groupContext(after), log, "replica-1")), 0);
  assert.deepEqual(parseState(files.get("/s/state.json") as string).pending, []);
  // The next ticks are quiet: nothing written, nothing logged, up to and past the 5-minute expiry.
  for (const t of [3, 4, 400]) {
    const tickLog: string[] = [];
    assert.equal(await runHook(memoryIO(files, at(t), tickContext(after), tickLog, "replica-1")), 0);
    assert.equal(files.has("/patch"), false, `tick at ${t}s`);
    assert.deepEqual(
      tickLog.filter((l) => /"level":"(warn|error|info)"/.test(l)),
      [],
      `tick at ${t}s`,
    );
  }
  const warnings = log.filter((l) => /"level":"(warn|error)"/.test(l) && !l.includes('"condition":"settings:'));
  assert.deepEqual(warnings, []);
});

describe("two replicas whose probes disagree", () => {
  const silent = (node: string, t: Date): ProbeObservation[] =>
    POOL.map((n) =>
      n === node
        ? { node: n, answer: "silent", silent: 3, silentSince: new Date(t.getTime() - 1500).toISOString() }
        : { node: n, answer: "open", silent: 0, silentSince: null },
    );
  const PROBING = readSettings({ ...ENV, EGRESS_HA_PROBE: "true" });
  /** A tick of replica-1, whose probe cannot reach `b`. */
  function tick(policies: Record<string, unknown>[], t: Date, state: RunState, notReady: string[] = []): Evaluation {
    const cluster = { pools: { egress: pool(notReady) }, policies };
    return evaluate(groupContext(cluster, RESYNC_BINDING), PROBING, t, {
      state,
      writer: "replica-1",
      probed: silent("b", t),
    });
  }
  const chosenByOther = [policy({ name: "p", pool: "egress", hostname: "b", annotations: theirMove("b", "a") })];
  const action = (e: Evaluation) => e.plan?.decisions.find((d) => d.policy === "p");

  test("only this replica's probe does not move a slot off a node another writer chose moments ago", () => {
    // replica-2's clock stamped its move an hour ago; replica-1 first sees it now, and times the deferral from that.
    const e = tick(chosenByOther, NOW, EMPTY_STATE);
    assert.equal(action(e)?.action, "keep", JSON.stringify(action(e)?.reason));
    assert.equal(action(e)?.reason.code, "gateway-deferred");
    assert.deepEqual(e.operations, []);
    // Still deferred a little later; moved once the deferral, 5 minutes from the first sighting, is over.
    const later = tick(chosenByOther, at(299), e.state);
    assert.equal(action(later)?.action, "keep");
    const over = tick(chosenByOther, at(300), later.state);
    assert.equal(action(over)?.action, "move");
  });

  test("a last-move annotation written in another key order is read all the same", () => {
    const move = JSON.parse(theirMove("b", "a")["cilium-egress-ha/last-move"]) as Record<string, unknown>;
    const { id, by, ...rest } = move;
    const reordered = { "cilium-egress-ha/last-move": JSON.stringify({ ...rest, by, id }) };
    const e = tick([policy({ name: "p", pool: "egress", hostname: "b", annotations: reordered })], NOW, EMPTY_STATE);
    assert.equal(action(e)?.reason.code, "gateway-deferred");
  });

  test("evidence every replica shares moves it at once", () => {
    const e = tick(chosenByOther, NOW, EMPTY_STATE, ["b"]);
    assert.equal(action(e)?.action, "move");
    assert.equal(e.written.length, 1);
  });

  test("the writer that chose the node may still move it", () => {
    const mine = [policy({ name: "p", pool: "egress", hostname: "b", annotations: theirMove("b", "a", "replica-1") })];
    assert.equal(action(tick(mine, NOW, EMPTY_STATE))?.action, "move");
  });

  test("a quiet tick is not quiet once a deferral ends", () => {
    const e = tick(chosenByOther, NOW, EMPTY_STATE);
    assert.equal(e.state.deferUntil, at(300).toISOString());
    const digest = e.state.decided as string;
    assert.equal(tickNeed(e.state, digest, at(299), false), null);
    assert.equal(tickNeed(e.state, digest, at(300), false), "deferral-ends");
  });
});

test("slots already sharing a node are reported: a condition per policy and a metric", async () => {
  const shared = policy({ name: "p", pool: "egress", gateways: [{ hostname: "b" }, { hostname: "b" }] });
  const spread = policy({ name: "q", pool: "egress", gateways: [{ hostname: "c" }, { hostname: "d" }] });
  const cluster = { pools: { egress: pool() }, policies: [shared, spread] };
  const e = evaluate(groupContext(cluster), SETTINGS, NOW);
  const series = e.metrics.filter((m) => m.name === "cilium_egress_ha_policy_shared_gateway");
  assert.deepEqual(
    series.map((m) => [m.labels, m.value]),
    [[{ policy: "p", pool: "egress", node: "b" }, 2]],
  );
  const files = new Map<string, string>();
  const log: string[] = [];
  assert.equal(await runHook(memoryIO(files, NOW, groupContext(cluster), log, "replica-1")), 0);
  const lines = log.map((l) => JSON.parse(l) as { level: string; condition?: string });
  assert.deepEqual(
    lines.filter((l) => l.condition?.startsWith("shared:")).map((l) => [l.level, l.condition]),
    [["warn", "shared:p"]],
  );
  // A tick that decides no policy keeps the condition as it is.
  const quiet: string[] = [];
  assert.equal(await runHook(memoryIO(files, at(1), tickContext(cluster), quiet, "replica-1")), 0);
  assert.ok(!quiet.some((l) => l.includes("condition cleared")), quiet.join("\n"));
  // Once a person spreads the slots again, the condition clears.
  const fixed = {
    ...cluster,
    policies: [policy({ name: "p", pool: "egress", gateways: [{ hostname: "a" }, { hostname: "b" }] }), spread],
  };
  const after: string[] = [];
  assert.equal(await runHook(memoryIO(files, at(2), groupContext(fixed), after, "replica-1")), 0);
  assert.ok(
    after.some((l) => l.includes('"condition":"shared:p"') && l.includes("cleared")),
    after.join("\n"),
  );
});
