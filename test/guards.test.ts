/**
 * Issue 19, the guards on a bad day: a guard must never blind a failover. Table tests on the
 * engine (through `evaluate`, with the state carried from run to run as one operator pod carries
 * it) for: the probe's partition guard and the Lease guard leave out nodes whose state Kubernetes
 * already explains; what the probe learned about its port comes from history; two slots share a
 * node only when no node, settled or recovering, is free; the agent grace is timed by the
 * operator's own sightings. Hook runs with carried state are in test/guard-runs.test.ts.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { ProbeObservation } from "../src/engine/probe.js";
import { type Evaluation, evaluate } from "../src/hook/pipeline.js";
import { EMPTY_STATE, type RunState } from "../src/hook/state.js";
import { RESYNC_BINDING } from "../src/protocol/binding-context.js";
import { agent, type ClusterObjects, groupContext, lease, NOW, node, policy } from "./support/builders.js";

const at = (s: number): Date => new Date(NOW.getTime() + s * 1000);
const ago = (s: number): string => new Date(NOW.getTime() - s * 1000).toISOString();
const PROBE_ON = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "true" };

function run(
  cluster: ClusterObjects,
  env: Record<string, string>,
  now: Date,
  state: RunState,
  probed?: ProbeObservation[],
) {
  return evaluate(groupContext(cluster, RESYNC_BINDING), readSettings(env), now, {
    state,
    ...(probed ? { probed } : {}),
  });
}

/** Every node answers `open` unless named: silent (three attempts since `since`) or refused. */
function answers(nodes: string[], since: Date, silent: string[], refused: string[] = []): ProbeObservation[] {
  return nodes.map((n) =>
    silent.includes(n)
      ? { node: n, answer: "silent", silent: 3, silentSince: since.toISOString() }
      : { node: n, answer: refused.includes(n) ? "refused" : "open", silent: 0, silentSince: null },
  );
}

const decision = (e: Evaluation, name = "p") => e.plan?.decisions.find((d) => d.policy === name);
/** Where each slot of the policy is after the run's decision. */
const after = (e: Evaluation, name = "p") => decision(e, name)?.slots.map((s) => (s.action === "move" ? s.to : s.from));
const status = (e: Evaluation, signal: string) => e.plan?.signals.find((s) => s.signal === signal);
const stateOf = (e: Evaluation, name: string) =>
  e.plan?.pools.flatMap((p) => p.nodes).find((n) => n.name === name)?.state;

describe("item 1: the probe's partition guard leaves out nodes Kubernetes reports dead", () => {
  const pool = ["a", "b", "c"];
  const cluster = (c: Record<string, unknown>): ClusterObjects => ({
    pools: { egress: [node({ name: "a" }), node({ name: "b" }), c] },
    policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    agents: pool.map((n) => agent({ node: n })),
  });
  const dead: [string, Record<string, unknown>][] = [
    ["NotReady", node({ name: "c", ready: "False" })],
    ["Ready Unknown", node({ name: "c", ready: "Unknown" })],
    ["unreachable taint", node({ name: "c", taints: ["node.kubernetes.io/unreachable"] })],
    ["not-ready taint", node({ name: "c", taints: ["node.kubernetes.io/not-ready"] })],
    ["being deleted", node({ name: "c", deleting: true })],
  ];
  for (const [why, c] of dead) {
    test(`a crashed gateway in a pool with one node long dead (${why}) moves at once`, () => {
      const e = run(cluster(c), PROBE_ON, NOW, EMPTY_STATE, answers(pool, at(-1.5), ["a", "c"]));
      assert.equal(status(e, "probe")?.state, "active");
      assert.equal(decision(e)?.action, "move");
      assert.deepEqual(after(e), ["b"]);
    });
  }

  test("a node only the probe judged silent still counts: a partition that grows one node per tick trips the guard", () => {
    const five = ["a", "b", "c", "d", "e"];
    const c5: ClusterObjects = {
      pools: { egress: five.map((name) => node({ name })) },
      policies: [policy({ name: "p", pool: "egress", hostname: "e" })],
      agents: five.map((n) => agent({ node: n })),
    };
    const one = run(c5, PROBE_ON, NOW, EMPTY_STATE, answers(five, at(-1.5), ["a", "b"]));
    assert.equal(status(one, "probe")?.state, "active");
    assert.equal(stateOf(one, "a"), "unhealthy");
    const two = run(c5, PROBE_ON, at(1), one.state, answers(five, at(-0.5), ["a", "b", "c"]));
    assert.equal(status(two, "probe")?.state, "suspended");
  });
});

describe("item 2: the Lease guard leaves out Leases of nodes Kubernetes reports dead or gone", () => {
  const ENV = { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "false", EGRESS_HA_PROBE: "false" };
  /** At `t` s: a, b and the worker w renew every 2 s unless `stopped`; c and w0 were powered off long ago. */
  function cluster(t: number, stopped: string[], extra: Record<string, unknown>[] = []): ClusterObjects {
    const renewing = (n: string) => lease(n, stopped.includes(n) ? 2 : 2 - t);
    return {
      pools: { egress: [node({ name: "a" }), node({ name: "b" }), node({ name: "c", ready: "Unknown" })] },
      nodes: [node({ name: "w0", ready: "False", labels: { "node.kubernetes.io/role": "worker" } })],
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
      leases: [renewing("a"), renewing("b"), lease("c", 3600), lease("w0", 3600), ...extra],
    };
  }

  test("with a pool node and a worker powered off, one more stopped kubelet is found, not a control-plane fault", () => {
    const first = run(cluster(0, []), ENV, NOW, EMPTY_STATE);
    const later = run(cluster(20, ["a"]), ENV, at(20), first.state);
    assert.equal(status(later, "lease")?.state, "active");
    assert.equal(stateOf(later, "a"), "unhealthy");
    assert.deepEqual(after(later), ["b"]);
  });

  test("the Lease of a node that is gone is left out too", () => {
    const gone = [lease("old-1", 3600), lease("old-2", 3600)];
    const first = run(cluster(0, [], gone), ENV, NOW, EMPTY_STATE);
    const later = run(cluster(20, ["a"], gone), ENV, at(20), first.state);
    assert.equal(status(later, "lease")?.state, "active");
    assert.deepEqual(after(later), ["b"]);
  });

  test("most live kubelets stopping at once still suspends the signal", () => {
    const first = run(cluster(0, []), ENV, NOW, EMPTY_STATE);
    const later = run(cluster(20, ["a", "b"]), ENV, at(20), first.state);
    assert.equal(status(later, "lease")?.state, "suspended");
    assert.equal(decision(later)?.action, "keep");
  });
});

describe("item 3: what the probe learned about its port comes from history", () => {
  const pool = ["a", "b"];
  const cluster: ClusterObjects = {
    pools: { egress: pool.map((name) => node({ name })) },
    policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    agents: pool.map((n) => agent({ node: n })),
  };

  test("two nodes, port refused everywhere: when the gateway goes silent, the survivor takes it", () => {
    const first = run(cluster, PROBE_ON, NOW, EMPTY_STATE, answers(pool, NOW, [], ["a", "b"]));
    assert.equal(stateOf(first, "b"), "settled", "refusals everywhere are ignored");
    const silent = run(cluster, PROBE_ON, at(3), first.state, answers(pool, at(1.5), ["a"], ["b"]));
    assert.equal(stateOf(silent, "a"), "unhealthy", "silence is still silence");
    assert.equal(stateOf(silent, "b"), "settled", "the survivor's refusal is the port, not its agent");
    assert.deepEqual(after(silent), ["b"]);
  });

  test("where the port is served, a lone refusal is still the agent restarting", () => {
    const first = run(cluster, PROBE_ON, NOW, EMPTY_STATE, answers(pool, NOW, []));
    const silent = run(cluster, PROBE_ON, at(3), first.state, answers(pool, at(1.5), ["a"], ["b"]));
    assert.equal(stateOf(silent, "b"), "grace");
  });

  test("the port counts as served again once most nodes answer on it", () => {
    const three = ["a", "b", "c"];
    const c3: ClusterObjects = { ...cluster, pools: { egress: three.map((name) => node({ name })) } };
    const refusedAll = run(c3, PROBE_ON, NOW, EMPTY_STATE, answers(three, NOW, [], three));
    const served = run(c3, PROBE_ON, at(1), refusedAll.state, answers(three, NOW, [], ["c"]));
    assert.equal(stateOf(served, "c"), "grace");
  });
});

describe("item 4: two slots share a node only when no other node fits", () => {
  test("slots on [A, B], A dead, C recovering: A's slot goes to C, not to B", () => {
    const e = run(
      {
        pools: {
          egress: [node({ name: "a", ready: "False" }), node({ name: "b" }), node({ name: "c", readySince: ago(5) })],
        },
        policies: [policy({ name: "p", pool: "egress", gateways: [{ hostname: "a" }, { hostname: "b" }] })],
      },
      { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "false", EGRESS_HA_PROBE: "false" },
      NOW,
      EMPTY_STATE,
    );
    assert.deepEqual(after(e), ["c", "b"]);
  });
});

describe("item 6: the agent grace is timed by the operator's own sightings", () => {
  const ENV = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "true", EGRESS_HA_PROBE: "false" };
  const GRACE = 60;
  const cluster = (aNode: Record<string, unknown>, aAgent: Record<string, unknown>): ClusterObjects => ({
    pools: { egress: [aNode, node({ name: "b" })] },
    policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    agents: [aAgent, agent({ node: "b" })],
  });
  const skewed: [string, ClusterObjects][] = [
    ["pod NotReady since", cluster(node({ name: "a" }), agent({ node: "a", ready: false, readySince: ago(300) }))],
    [
      "taint timeAdded",
      cluster(
        node({ name: "a", taints: ["node.cilium.io/agent-not-ready"], taintsAdded: ago(300) }),
        agent({ node: "a", ready: false, readySince: ago(300) }),
      ),
    ],
  ];
  for (const [what, c] of skewed) {
    test(`a kubelet clock 5 minutes behind (${what}) does not use up the grace`, () => {
      const first = run(c, ENV, NOW, EMPTY_STATE);
      assert.equal(stateOf(first, "a"), "grace");
      assert.equal(decision(first)?.action, "keep");
      const inside = run(c, ENV, at(GRACE - 1), first.state);
      assert.equal(decision(inside)?.action, "keep");
      const past = run(c, ENV, at(GRACE), inside.state);
      assert.equal(stateOf(past, "a"), "unhealthy");
      assert.deepEqual(after(past), ["b"]);
    });
  }

  test("without a state (plan), the pod's own time is all there is", () => {
    const c = skewed[0]?.[1] as ClusterObjects;
    const e = evaluate(groupContext(c), readSettings(ENV), NOW, {});
    assert.equal(stateOf(e, "a"), "unhealthy");
  });
});
