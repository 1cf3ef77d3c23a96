import assert from "node:assert/strict";
import { test } from "node:test";
import { REQUIRED_BLOCKING_TAINTS } from "../src/config/settings.js";
import { Clock } from "../src/engine/clock.js";
import { noObservations, readSignals } from "../src/engine/signals.js";
import { assessNode, type HealthOptions, type NodeHealth, type NodeState } from "../src/model/node-health.js";
import type { Reason } from "../src/model/reason.js";
import { projectNode } from "../src/protocol/projections.js";
import { NOW, type NodeSpec, node } from "./support/builders.js";
import { assertReason, facts, type Pattern } from "./support/reasons.js";

const opts: HealthOptions = { cordonDrains: true, recoveryDelaySeconds: 30, blockingTaints: REQUIRED_BLOCKING_TAINTS };

/**
 * Assesses one node as `decide` does: its times go through the signals' clock check first (a
 * time later than now is taken as now, with a notice), with the Lease and agent signals off.
 */
function assess(spec: NodeSpec, options: Partial<HealthOptions> = {}): { h: NodeHealth; notices: Reason[] } {
  const obj = projectNode(node(spec));
  const clock = new Clock(NOW.getTime());
  const readings = readSignals(
    { leases: null, agents: null },
    { lease: null, agent: null },
    clock,
    noObservations(),
    new Map([
      [
        obj.name,
        {
          agentTaint: obj.taints.includes("node.cilium.io/agent-not-ready"),
          agentTaintAdded: obj.agentTaintAdded ?? null,
          readySince: obj.ready?.status === "True" ? obj.ready.since : null,
        },
      ],
    ]),
  );
  return {
    h: assessNode(obj, { ...opts, ...options }, clock.now, readings.byNode.get(obj.name)),
    notices: clock.notices,
  };
}

const cases: {
  name: string;
  spec: Omit<NodeSpec, "name">;
  options?: Partial<HealthOptions>;
  state: NodeState;
  /** Each problem's signal and reason, in order; empty when healthy. */
  problems?: { signal: string; reason: Pattern }[];
  /** Why a healthy node is not settled; null when settled (or unhealthy). */
  waiting?: Pattern | null;
}[] = [
  // The baseline: Ready for a day, nothing else.
  { name: "ready", spec: {}, state: "settled" },
  // The prior art only looked at the unreachable taint; Ready=False alone must be enough.
  {
    name: "Ready=False",
    spec: { ready: "False" },
    state: "unhealthy",
    problems: [{ signal: "node", reason: { code: "node-not-ready", status: "False", since: "2026-11-25T12:00:00Z" } }],
  },
  {
    name: "Ready=Unknown",
    spec: { ready: "Unknown" },
    state: "unhealthy",
    problems: [{ signal: "node", reason: { code: "node-not-ready", status: "Unknown" } }],
  },
  {
    name: "no Ready condition",
    spec: { ready: null },
    state: "unhealthy",
    problems: [{ signal: "node", reason: { code: "node-not-ready", status: null } }],
  },
  {
    name: "unreachable taint",
    spec: { taints: ["node.kubernetes.io/unreachable"] },
    state: "unhealthy",
    problems: [{ signal: "node", reason: { code: "node-tainted", taint: "node.kubernetes.io/unreachable" } }],
  },
  {
    name: "not-ready taint",
    spec: { taints: ["node.kubernetes.io/not-ready"] },
    state: "unhealthy",
    problems: [{ signal: "node", reason: { code: "node-tainted", taint: "node.kubernetes.io/not-ready" } }],
  },
  // With the agent signal off (as here), the agent-not-ready taint still blocks at once.
  {
    name: "cilium agent-not-ready taint, agent signal off",
    spec: { taints: ["node.cilium.io/agent-not-ready"] },
    state: "unhealthy",
    problems: [{ signal: "node", reason: { code: "node-tainted", taint: "node.cilium.io/agent-not-ready" } }],
  },
  {
    name: "cluster-autoscaler deletion taint",
    spec: { taints: ["ToBeDeletedByClusterAutoscaler"] },
    state: "unhealthy",
    problems: [{ signal: "node", reason: { code: "node-tainted", taint: "ToBeDeletedByClusterAutoscaler" } }],
  },
  // An unrelated taint (dedicated nodes) does not matter.
  { name: "unrelated taint", spec: { taints: ["dedicated"] }, state: "settled" },
  {
    name: "cordoned",
    spec: { unschedulable: true },
    state: "unhealthy",
    problems: [{ signal: "node", reason: { code: "node-cordoned" } }],
  },
  {
    name: "cordoned, cordon handling off",
    spec: { unschedulable: true },
    options: { cordonDrains: false },
    state: "settled",
  },
  {
    name: "being deleted",
    spec: { deleting: true },
    state: "unhealthy",
    problems: [{ signal: "node", reason: { code: "node-deleting" } }],
  },
  // Recovered 10 s ago: may keep serving; takes a slot only when no settled node fits.
  {
    name: "recovering",
    spec: { readySince: "2026-11-26T11:59:50Z" },
    state: "recovering",
    waiting: { code: "recovery-delay", what: "Ready", forSeconds: 10, delaySeconds: 30 },
  },
  // Exactly at the delay it counts as settled.
  { name: "settled at the boundary", spec: { readySince: "2026-11-26T11:59:30Z" }, state: "settled" },
  {
    name: "recovery delay 0",
    spec: { readySince: "2026-11-26T11:59:59Z" },
    options: { recoveryDelaySeconds: 0 },
    state: "settled",
  },
  // A clock ahead of ours: taken as now, so recovering for the whole delay and no longer.
  {
    name: "transition in the future",
    spec: { readySince: "2026-11-26T12:00:20Z" },
    state: "recovering",
    waiting: { code: "recovery-delay", what: "Ready", forSeconds: 0, delaySeconds: 30 },
  },
  // Several problems are all reported, in order.
  {
    name: "everything wrong",
    spec: { ready: "Unknown", taints: ["node.kubernetes.io/unreachable"], unschedulable: true, deleting: true },
    state: "unhealthy",
    problems: [
      { signal: "node", reason: { code: "node-not-ready", status: "Unknown" } },
      { signal: "node", reason: { code: "node-tainted", taint: "node.kubernetes.io/unreachable" } },
      { signal: "node", reason: { code: "node-cordoned" } },
      { signal: "node", reason: { code: "node-deleting" } },
    ],
  },
];

for (const c of cases) {
  test(`node health: ${c.name}`, () => {
    const { h } = assess({ name: "n", ...c.spec }, c.options);
    assert.equal(h.state, c.state, "state");
    assert.equal(h.healthy, c.state !== "unhealthy", "healthy");
    const problems = c.problems ?? [];
    assert.deepEqual(
      h.problems.map((p) => p.signal),
      problems.map((p) => p.signal),
      "problem signals",
    );
    problems.forEach((p, i) => {
      assertReason(h.problems[i]?.reason, p.reason, `problem ${i}`);
    });
    if (c.waiting === undefined || c.waiting === null) assert.equal(h.waiting, null, "waiting");
    else assertReason(h.waiting, c.waiting, "waiting");
    // healthySince is known exactly when the node is healthy (the builder always sets Ready's time).
    assert.equal(h.healthySince !== null, h.healthy, "healthySince");
  });
}

test("node health: a Ready time in the future is clamped to now, with one notice", () => {
  const { h, notices } = assess({ name: "n", readySince: "2026-11-26T12:00:20Z" });
  assert.equal(h.healthySince, NOW.getTime());
  assert.deepEqual(
    notices.map((n) => [n.code, facts(n).object, facts(n).field, facts(n).value]),
    [["time-in-future", "Node n", "Ready lastTransitionTime", "2026-11-26T12:00:20Z"]],
  );
  assert.deepEqual(assess({ name: "n" }).notices, [], "a time in the past is no notice");
});

test("node health: the hostname label is what pins select; a node without one has none", () => {
  assert.equal(assess({ name: "n" }).h.hostname, "n");
  assert.equal(assess({ name: "n", labels: { "kubernetes.io/hostname": "short" } }).h.hostname, "short");
  const bare = assess({ name: "n", labels: { "kubernetes.io/hostname": null } }).h;
  assert.equal(bare.hostname, null);
  // It is still healthy and settled: placement, not health, refuses it as a target.
  assert.equal(bare.state, "settled");
});

test("node health: the agent signal's verdict (down within the grace, past it, Ready lately)", () => {
  const obj = projectNode(node({ name: "n" }));
  const now = NOW.getTime();
  const grace = assessNode(obj, opts, now, {
    agent: { down: { since: now - 20_000, detail: "x" }, readySince: null, graceSeconds: 60 },
  });
  assert.equal(grace.state, "grace");
  assert.equal(grace.healthy, true);
  assertReason(grace.waiting, { code: "agent-grace", forSeconds: 20, graceSeconds: 60 });
  const down = assessNode(obj, opts, now, {
    agent: { down: { since: now - 60_000, detail: "x" }, readySince: null, graceSeconds: 60 },
  });
  assert.equal(down.state, "unhealthy");
  assert.deepEqual(
    down.problems.map((p) => [p.signal, p.reason.code, facts(p.reason).forSeconds]),
    [["agent", "agent-down", 60]],
  );
  const fresh = assessNode(obj, opts, now, { agent: { down: null, readySince: now - 5_000, graceSeconds: 60 } });
  assert.equal(fresh.state, "recovering");
  assertReason(fresh.waiting, { code: "recovery-delay", what: "cilium agent Ready", forSeconds: 5 });
  assert.equal(fresh.healthySince, now - 5_000);
});

test("node health: egress-ip annotation is parsed and validated", () => {
  const ip = (egressIP?: string) =>
    assessNode(projectNode(node({ name: "n", ...(egressIP === undefined ? {} : { egressIP }) })), opts, NOW.getTime())
      .egressIP;
  assert.deepEqual(ip(" 192.0.2.7 "), { kind: "valid", ip: "192.0.2.7", family: "IPv4" });
  assert.deepEqual(ip("2001:db8::7"), { kind: "valid", ip: "2001:db8::7", family: "IPv6" });
  assert.deepEqual(ip("192.0.2.300"), { kind: "invalid", raw: "192.0.2.300", problem: "is not an IP address" });
  // The CRD's CEL isIP refuses IPv4-mapped IPv6, and egressIP has maxLength 39.
  assert.deepEqual(ip("::ffff:10.0.0.2"), {
    kind: "invalid",
    raw: "::ffff:10.0.0.2",
    problem: "is an IPv4-mapped IPv6 address, which the CRD refuses",
  });
  const long = "2001:0db8:0000:0000:0000:0000:0000:0001%e";
  assert.deepEqual(ip(long), { kind: "invalid", raw: long, problem: "is longer than 39 characters" });
  assert.deepEqual(ip("  "), { kind: "none" });
  assert.deepEqual(ip(), { kind: "none" });
});

test("IP address syntax agrees with node:net on a spread of inputs", async () => {
  const { isIP } = await import("node:net");
  const { isIPAddress } = await import("../src/model/ip-address.js");
  const inputs = [
    "192.0.2.1",
    "0.0.0.0",
    "255.255.255.255",
    "256.0.0.1",
    "01.2.3.4",
    "1.2.3",
    "1.2.3.4.5",
    "1.2.3.4 ",
    "2001:db8::1",
    "::",
    "::1",
    "2001:db8::192.0.2.1",
    "::ffff:192.0.2.1",
    "2001:db8:::1",
    "2001:db8::g",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
    "[::1]",
    "",
    "example.com",
    "10.0.0.1/32",
  ];
  for (const input of inputs) assert.equal(isIPAddress(input), isIP(input) !== 0, input);
  // node:net accepts a zone id; an egress IP cannot carry one.
  assert.equal(isIPAddress("fe80::1%eth0"), false);
});
