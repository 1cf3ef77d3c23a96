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

const ENV = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "false" };
const work = mkdtempSync(join(tmpdir(), "observability-"));
after(() => rmSync(work, { recursive: true, force: true }));

function run(cluster: ClusterObjects, state: RunState = EMPTY_STATE, env: Record<string, string> = {}, now = NOW) {
  return evaluate(groupContext(cluster), readSettings({ ...ENV, ...env }), now, { strict: true, state });
}
/** Past the 30 s recovery delay, so nodes remembered as unhealthy are candidates again. */
const LATER = new Date(NOW.getTime() + 60_000);

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

test("a move creates a Normal GatewayMoved Event on the policy, carrying the decision's reason", () => {
  const result = run(failing);
  const decision = result.plan?.decisions[0];
  const [event, ...rest] = eventsOf(result.operations);
  assert.equal(rest.length, 0);
  assert.deepEqual(event?.object, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `payments.gatewaymoved.${NOW.getTime().toString(16)}`, namespace: "default" },
    involvedObject: {
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: "payments",
      uid: "uid-payments",
    },
    reason: "GatewayMoved",
    type: "Normal",
    message: decision?.reason,
    source: { component: "cilium-egress-ha" },
    firstTimestamp: "2026-11-26T12:00:00Z",
    lastTimestamp: "2026-11-26T12:00:00Z",
    count: 1,
  });
  // The patch comes first, so the Event follows the change it reports.
  assert.equal((result.operations[0] as { operation: string }).operation, "JSONPatch");
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
    [{ pool: "egress", state: "eligible" }, 1],
    [{ pool: "egress", state: "recovering" }, 0],
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
    ],
  );
  const stuck = run(allDown).metrics;
  assert.deepEqual(series(stuck, "policy_stuck"), [[{ policy: "payments", pool: "egress" }, 1]]);
});

test("metrics: the failover count survives runs through the state, since shell-operator expires counters", () => {
  const first = run(failing);
  assert.deepEqual(series(first.metrics, "failovers_total"), [[{ pool: "egress" }, 1]]);
  const moved: ClusterObjects = {
    pools: { egress: [node({ name: "egress-a" }), node({ name: "egress-b", ready: "False" })] },
    policies: [policy({ name: "payments", pool: "egress", hostname: "egress-b" })],
  };
  const second = run(moved, first.state, {}, LATER);
  assert.deepEqual(series(second.metrics, "failovers_total"), [[{ pool: "egress" }, 2]]);
  const quiet = run(
    { ...moved, policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })] },
    second.state,
    {},
    LATER,
  );
  assert.deepEqual(series(quiet.metrics, "failovers_total"), [[{ pool: "egress" }, 2]]);
});

test("the hook writes metrics to $METRICS_PATH and keeps its state in EGRESS_HA_STATE_FILE", () => {
  const context = join(work, "context.json");
  writeFileSync(context, JSON.stringify(groupContext(failing)));
  const files = { patch: join(work, "patch"), metrics: join(work, "metrics"), state: join(work, "state", "s.json") };
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
  const metrics = readFileSync(files.metrics, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as MetricOperation);
  assert.ok(metrics.some((x) => x.name === "cilium_egress_ha_policy_gateway" && x.labels.node === "egress-b"));
  const state = parseState(readFileSync(files.state, "utf8"));
  assert.equal(state.failovers.egress, 1);
  assert.ok(state.nodes["egress-a"], "the unhealthy node is remembered");
  const ops = readFileSync(files.patch, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { operation: string });
  assert.deepEqual(
    ops.map((o) => o.operation),
    ["JSONPatch", "Create"],
  );
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
  assert.deepEqual(series(first.metrics, "failovers_total"), [[{ pool: "constructor" }, 0]]);
  assert.equal(eventsOf(first.operations).length, 1, "stuck: one Event");
  const second = run(cluster, parseState(serializeState(first.state)), env);
  assert.equal(eventsOf(second.operations).length, 0, "and not again");
});

test("a dry run counts no failover and reports the gateways as they are", () => {
  const dry = run(failing, EMPTY_STATE, { EGRESS_HA_DRY_RUN: "true" });
  assert.deepEqual(series(dry.metrics, "failovers_total"), [[{ pool: "egress" }, 0]]);
  assert.deepEqual(series(dry.metrics, "policy_gateway"), [
    [{ policy: "payments", pool: "egress", slot: "egressGateway", node: "egress-a" }, 1],
  ]);
});

test("Event names stay valid for the longest policy names", () => {
  const name = `${"a".repeat(200)}.${"b".repeat(52)}`;
  const result = run({ ...failing, policies: [policy({ name, pool: "egress", hostname: "egress-a" })] });
  const [event] = eventsOf(result.operations);
  const eventName = event?.object.metadata.name ?? "";
  assert.ok(eventName.length <= 253, `${eventName.length} chars`);
  assert.match(eventName, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
});
