/** Events on policies and Prometheus metrics: what the hook reports, computed in-process at a fixed time. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import { evaluate } from "../src/hook/pipeline.js";
import { EMPTY_STATE, parseState, type RunState, serializeState } from "../src/hook/state.js";
import type { MetricOperation } from "../src/patch/metrics.js";
import { type ClusterObjects, groupContext, NOW, node, policy } from "./support/builders.js";
import { appliedCluster } from "./support/json-patch.js";

const ENV = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "false" };
const work = mkdtempSync(join(tmpdir(), "observability-"));
after(() => rmSync(work, { recursive: true, force: true }));

function run(cluster: ClusterObjects, state: RunState = EMPTY_STATE, env: Record<string, string> = {}, now = NOW) {
  return evaluate(groupContext(cluster), readSettings({ ...ENV, ...env }), now, { strict: true, state });
}
/** Past the 30 s recovery delay, so nodes remembered as unhealthy are settled again. */
const LATER = new Date(NOW.getTime() + 60_000);
/** The next resync tick. */
const TICK = new Date(NOW.getTime() + 2_000);

const applied = appliedCluster;

const failing: ClusterObjects = {
  pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
  policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
};
const allDown: ClusterObjects = {
  pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b", unschedulable: true })] },
  policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
};

type EventOp = {
  operation: string;
  object: Record<string, unknown> & { metadata: { name: string; namespace: string } };
};
const eventsOf = (ops: unknown[]) => ops.filter((o) => (o as EventOp).operation === "Create") as EventOp[];

test("a move creates a Normal GatewayMoved Event on the policy once it took effect, naming its pins and cause", () => {
  // Run 1 writes the guarded patch, and claims nothing yet.
  const first = run(failing);
  const decision = first.plan?.decisions[0];
  assert.equal(decision?.action, "move");
  assert.deepEqual(
    first.operations.map((o) => (o as { operation: string }).operation),
    ["JSONPatch"],
  );
  assert.deepEqual(
    first.state.pending.map((m) => [m.policy, m.to]),
    [["payments", ["egress-b"]]],
  );
  // Run 2 sees its own move id on the policy: now the Event.
  const result = run(applied(failing, first.operations), first.state, {}, TICK);
  assert.equal(result.plan?.decisions[0]?.action, "keep");
  assert.deepEqual(
    result.settled.confirmed.map((m) => m.id),
    first.written.map((m) => m.id),
  );
  assert.deepEqual(result.state.pending, []);
  const [event, ...rest] = eventsOf(result.operations);
  assert.equal(rest.length, 0);
  assert.deepEqual(event?.object, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `payments.gatewaymoved.${TICK.getTime().toString(16)}`, namespace: "default" },
    involvedObject: {
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: "payments",
      uid: "uid-payments",
    },
    reason: "GatewayMoved",
    type: "Normal",
    // A pending move keeps ids, pins and codes (about 150 bytes), not the rendered reason.
    message: "gateway moved from egress-a to egress-b (gateway-unhealthy: node-not-ready)",
    source: { component: "cilium-egress-ha" },
    firstTimestamp: "2026-11-26T12:00:02Z",
    lastTimestamp: "2026-11-26T12:00:02Z",
    count: 1,
  });
  // Once confirmed, it is not reported again.
  assert.deepEqual(run(applied(failing, first.operations), result.state, {}, LATER).operations, []);
});

test("a refused patch leaves no Event and no count; it is not written twice while in flight", () => {
  const first = run(failing);
  // The patch was refused (a concurrent edit): the policy is unchanged on the next tick.
  const second = run(failing, first.state, {}, TICK);
  assert.deepEqual(second.held, ["payments"], "an identical move is in flight");
  assert.deepEqual(second.operations, []);
  assert.deepEqual(series(second.metrics, "failovers"), [[{ pool: "egress" }, 0]]);
  // Past the hold, the move is written again under a new id; still no Event.
  const third = run(failing, second.state, {}, new Date(NOW.getTime() + 20_000));
  assert.deepEqual(
    third.operations.map((o) => (o as { operation: string }).operation),
    ["JSONPatch"],
  );
  assert.notEqual(third.written[0]?.id, first.written[0]?.id);
  assert.deepEqual(eventsOf(third.operations), []);
  // Past the expiry the old move is dropped, never counted.
  const late = run(failing, third.state, {}, new Date(NOW.getTime() + 400_000));
  assert.deepEqual(
    late.settled.dropped.map((x) => x.why),
    ["expired", "expired"],
  );
  assert.deepEqual(eventsOf(late.operations), []);
  assert.deepEqual(series(late.metrics, "failovers"), [[{ pool: "egress" }, 0]]);
});

test("a move written by another replica is not confirmed by this one: no double Event, no double count", () => {
  const mine = run(failing);
  // Another replica (another pod name) moved the policy first; its patch is what the API server applied.
  const theirs = evaluate(groupContext(failing), readSettings(ENV), NOW, {
    strict: true,
    state: EMPTY_STATE,
    writer: "cilium-egress-ha-other",
  });
  const next = run(applied(failing, theirs.operations), mine.state, {}, TICK);
  assert.deepEqual(eventsOf(next.operations), []);
  assert.deepEqual(
    next.settled.dropped.map((x) => [x.move.id, x.why]),
    [[mine.written[0]?.id, "superseded"]],
  );
  assert.deepEqual(series(next.metrics, "failovers"), [[{ pool: "egress" }, 0]]);
  // The other replica confirms it itself.
  const theirNext = evaluate(groupContext(applied(failing, theirs.operations)), readSettings(ENV), TICK, {
    strict: true,
    state: theirs.state,
    writer: "cilium-egress-ha-other",
  });
  assert.deepEqual(
    eventsOf(theirNext.operations).map((e) => e.object.reason),
    ["GatewayMoved"],
  );
});

test("a policy that becomes stuck gets one Warning Event, not one per run", () => {
  const first = run(allDown);
  const events = eventsOf(first.operations);
  assert.deepEqual(
    events.map((e) => [e.object.type, e.object.reason]),
    [["Warning", "NoEligibleGateway"]],
  );
  assert.deepEqual({ ...first.state.stuck }, { payments: NOW.toISOString() });
  const second = run(allDown, parseState(serializeState(first.state)));
  assert.deepEqual(eventsOf(second.operations), []);
  assert.deepEqual({ ...second.state.stuck }, { ...first.state.stuck }, "stuck since the first run");
  // Once it recovers it is forgotten, so a later outage is reported again.
  const third = run(failing, second.state, {}, LATER);
  assert.deepEqual({ ...third.state.stuck }, {});
});

test("EGRESS_HA_EVENTS=false creates no Events", () => {
  assert.deepEqual(eventsOf(run(failing, EMPTY_STATE, { EGRESS_HA_EVENTS: "false" }).operations), []);
});

function series(metrics: MetricOperation[], name: string): [Record<string, string>, number][] {
  return metrics.filter((m) => m.name === `cilium_egress_ha_${name}`).map((m) => [m.labels, m.value]);
}

test("metrics: nodes per pool and state, gateways per node, the gateway of each policy, stuck policies", () => {
  const m = run(failing).metrics;
  assert.ok(
    m.every((x) => x.group === "cilium_egress_ha" && x.action === "set"),
    "one explicit group, gauges",
  );
  assert.deepEqual(series(m, "pool_nodes"), [
    [{ pool: "egress", state: "settled" }, 1],
    [{ pool: "egress", state: "recovering" }, 0],
    [{ pool: "egress", state: "grace" }, 0],
    [{ pool: "egress", state: "unhealthy" }, 1],
  ]);
  assert.deepEqual(series(m, "node_gateways"), [
    [{ pool: "egress", node: "egress-a" }, 0],
    [{ pool: "egress", node: "egress-b" }, 1],
  ]);
  assert.deepEqual(series(m, "policy_gateway"), [
    [{ policy: "payments", pool: "egress", slot: "egressGateway", node: "egress-b" }, 1],
  ]);
  assert.deepEqual(series(m, "policy_stuck"), [], "no series while nothing is stuck");
  assert.deepEqual(
    series(m, "signal_state").filter(([, v]) => v === 1),
    [
      [{ signal: "lease", state: "off" }, 1],
      [{ signal: "agent", state: "off" }, 1],
      [{ signal: "probe", state: "active" }, 1],
    ],
  );
  const stuck = run(allDown).metrics;
  assert.deepEqual(series(stuck, "policy_stuck"), [[{ policy: "payments", pool: "egress" }, 1]]);
});

test("metrics: the failover count counts confirmed moves and survives runs through the state, since shell-operator expires counters", () => {
  const first = run(failing);
  assert.deepEqual(series(first.metrics, "failovers"), [[{ pool: "egress" }, 0]], "not before it took effect");
  const afterFirst = applied(failing, first.operations);
  const confirmed = run(afterFirst, first.state, {}, TICK);
  assert.deepEqual(series(confirmed.metrics, "failovers"), [[{ pool: "egress" }, 1]]);
  // Later egress-b fails and egress-a, back for longer than the delay, takes over.
  const moved: ClusterObjects = {
    pools: { egress: [node({ name: "egress-a" }), node({ name: "egress-b", ready: "False" })] },
    policies: afterFirst.policies,
  };
  const second = run(moved, confirmed.state, {}, LATER);
  assert.deepEqual(
    second.plan?.decisions.map((d) => [d.action, d.slots[0]?.to]),
    [["move", "egress-a"]],
  );
  assert.deepEqual(series(second.metrics, "failovers"), [[{ pool: "egress" }, 1]]);
  const afterSecond = applied(moved, second.operations);
  const third = run(afterSecond, second.state, {}, new Date(LATER.getTime() + 2_000));
  assert.deepEqual(series(third.metrics, "failovers"), [[{ pool: "egress" }, 2]]);
  const quiet = run(afterSecond, third.state, {}, new Date(LATER.getTime() + 4_000));
  assert.deepEqual(quiet.operations, []);
  assert.deepEqual(series(quiet.metrics, "failovers"), [[{ pool: "egress" }, 2]]);
  // And through the state file's text.
  const reread = run(afterSecond, parseState(serializeState(quiet.state)), {}, new Date(LATER.getTime() + 6_000));
  assert.deepEqual(series(reread.metrics, "failovers"), [[{ pool: "egress" }, 2]]);
});

test("the hook writes metrics to $METRICS_PATH and keeps its state in EGRESS_HA_STATE_FILE", () => {
  const context = join(work, "context.json");
  const files = { patch: join(work, "patch"), metrics: join(work, "metrics"), state: join(work, "state", "s.json") };
  const hook = (cluster: ClusterObjects) => {
    writeFileSync(context, JSON.stringify(groupContext(cluster)));
    writeFileSync(files.patch, "");
    writeFileSync(files.metrics, "");
    const res = spawnSync(join(import.meta.dirname, "..", "hooks", "cilium-egress-ha"), [], {
      env: {
        PATH: process.env.PATH ?? "",
        ...ENV,
        BINDING_CONTEXT_PATH: context,
        KUBERNETES_PATCH_PATH: files.patch,
        METRICS_PATH: files.metrics,
        EGRESS_HA_STATE_FILE: files.state,
      },
      encoding: "utf8",
    });
    assert.equal(res.status, 0, res.stderr);
    const lines = (file: string) =>
      readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as unknown);
    return {
      metrics: lines(files.metrics) as MetricOperation[],
      ops: lines(files.patch) as { operation: string }[],
      state: parseState(readFileSync(files.state, "utf8")),
    };
  };
  // Run 1: the patch, no Event and no count yet; the move is pending in the state file.
  const first = hook(failing);
  assert.ok(first.metrics.some((x) => x.name === "cilium_egress_ha_policy_gateway" && x.labels.node === "egress-b"));
  assert.deepEqual(
    first.ops.map((o) => o.operation),
    ["JSONPatch"],
  );
  assert.equal(first.state.failovers.egress, undefined);
  assert.deepEqual(
    first.state.pending.map((m) => m.policy),
    ["payments"],
  );
  assert.ok(first.state.engine.unhealthy["egress-a"], "the unhealthy node is remembered");
  // Run 2, after the API server applied the patch: the Event, and the count.
  const second = hook(applied(failing, first.ops));
  assert.deepEqual(
    second.ops.map((o) => o.operation),
    ["Create"],
  );
  assert.equal(second.state.failovers.egress, 1);
  assert.deepEqual(second.state.pending, []);
  assert.ok(second.metrics.some((x) => x.name === "cilium_egress_ha_failovers" && x.value === 1));
});

test("names that are also Object.prototype keys (a pool or policy named constructor) work", () => {
  const env = { EGRESS_HA_POOLS: "constructor=node.kubernetes.io/role=egress" };
  const cluster: ClusterObjects = {
    pools: {
      constructor: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b", unschedulable: true })],
    },
    policies: [policy({ name: "constructor", pool: "constructor", hostname: "egress-a" })],
  };
  const first = run(cluster, EMPTY_STATE, env);
  assert.deepEqual(series(first.metrics, "failovers"), [[{ pool: "constructor" }, 0]]);
  assert.equal(eventsOf(first.operations).length, 1, "stuck: one Event");
  const second = run(cluster, parseState(serializeState(first.state)), env);
  assert.equal(eventsOf(second.operations).length, 0, "and not again");
});

test("a dry run counts no failover and reports the gateways as they are", () => {
  const dry = run(failing, EMPTY_STATE, { EGRESS_HA_DRY_RUN: "true" });
  assert.deepEqual(series(dry.metrics, "failovers"), [[{ pool: "egress" }, 0]]);
  assert.deepEqual(series(dry.metrics, "policy_gateway"), [
    [{ policy: "payments", pool: "egress", slot: "egressGateway", node: "egress-a" }, 1],
  ]);
});

test("Event names stay valid for the longest policy names", () => {
  const name = `${"a".repeat(200)}.${"b".repeat(52)}`;
  const long = { ...failing, policies: [policy({ name, pool: "egress", hostname: "egress-a" })] };
  const first = run(long);
  const moved = run(applied(long, first.operations), first.state, {}, TICK);
  const stuck = run({ ...allDown, policies: long.policies });
  const names = [...eventsOf(moved.operations), ...eventsOf(stuck.operations)].map((e) => e.object.metadata.name);
  assert.equal(names.length, 2, "a GatewayMoved and a NoEligibleGateway Event");
  for (const eventName of names) {
    assert.ok(eventName.length <= 253, `${eventName.length} chars`);
    assert.match(eventName, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  }
});
