import assert from "node:assert/strict";
import { test } from "node:test";
import { REQUIRED_BLOCKING_TAINTS } from "../src/config/settings.js";
import { assessNode, describeHealth } from "../src/model/node-health.js";
import { projectNode } from "../src/protocol/projections.js";
import { NOW, type NodeSpec, node } from "./support/builders.js";

const opts = { cordonDrains: true, recoveryDelaySeconds: 30, blockingTaints: REQUIRED_BLOCKING_TAINTS };

const cases: {
  name: string;
  spec: Omit<NodeSpec, "name">;
  options?: Partial<typeof opts>;
  healthy: boolean;
  candidate: boolean;
  why: string | RegExp;
}[] = [
  // The baseline: Ready for a day, nothing else.
  { name: "ready", spec: {}, healthy: true, candidate: true, why: "eligible" },
  // The prior art only looked at the unreachable taint; Ready=False alone must be enough.
  { name: "Ready=False", spec: { ready: "False" }, healthy: false, candidate: false, why: /^Ready=False since / },
  {
    name: "Ready=Unknown",
    spec: { ready: "Unknown" },
    healthy: false,
    candidate: false,
    why: /^Ready=Unknown \(kubelet stopped reporting\)/,
  },
  {
    name: "no Ready condition",
    spec: { ready: null },
    healthy: false,
    candidate: false,
    why: "has no Ready condition",
  },
  {
    name: "unreachable taint",
    spec: { taints: ["node.kubernetes.io/unreachable"] },
    healthy: false,
    candidate: false,
    why: "tainted node.kubernetes.io/unreachable",
  },
  {
    name: "not-ready taint",
    spec: { taints: ["node.kubernetes.io/not-ready"] },
    healthy: false,
    candidate: false,
    why: "tainted node.kubernetes.io/not-ready",
  },
  {
    name: "cilium agent-not-ready taint",
    spec: { taints: ["node.cilium.io/agent-not-ready"] },
    healthy: false,
    candidate: false,
    why: "tainted node.cilium.io/agent-not-ready",
  },
  {
    name: "cluster-autoscaler deletion taint",
    spec: { taints: ["ToBeDeletedByClusterAutoscaler"] },
    healthy: false,
    candidate: false,
    why: "tainted ToBeDeletedByClusterAutoscaler",
  },
  // An unrelated taint (dedicated nodes) does not matter.
  { name: "unrelated taint", spec: { taints: ["dedicated"] }, healthy: true, candidate: true, why: "eligible" },
  { name: "cordoned", spec: { unschedulable: true }, healthy: false, candidate: false, why: "cordoned" },
  {
    name: "cordoned, cordon handling off",
    spec: { unschedulable: true },
    options: { cordonDrains: false },
    healthy: true,
    candidate: true,
    why: "eligible",
  },
  { name: "being deleted", spec: { deleting: true }, healthy: false, candidate: false, why: "being deleted" },
  // Recovered 10 s ago: may keep serving, may not become a new gateway yet.
  {
    name: "recovering",
    spec: { readySince: "2026-11-26T11:59:50Z" },
    healthy: true,
    candidate: false,
    why: "Ready for 10s of the 30s recovery delay",
  },
  // Exactly at the delay it counts as settled.
  {
    name: "settled at the boundary",
    spec: { readySince: "2026-11-26T11:59:30Z" },
    healthy: true,
    candidate: true,
    why: "eligible",
  },
  {
    name: "recovery delay 0",
    spec: { readySince: "2026-11-26T11:59:59Z" },
    options: { recoveryDelaySeconds: 0 },
    healthy: true,
    candidate: true,
    why: "eligible",
  },
  // A clock ahead of ours: not settled until our clock passes the delay.
  {
    name: "transition in the future",
    spec: { readySince: "2026-11-26T12:00:20Z" },
    healthy: true,
    candidate: false,
    why: /^Ready for 0s/,
  },
  // Several problems are all reported.
  {
    name: "everything wrong",
    spec: { ready: "Unknown", taints: ["node.kubernetes.io/unreachable"], unschedulable: true, deleting: true },
    healthy: false,
    candidate: false,
    why: /Ready=Unknown.*, tainted node\.kubernetes\.io\/unreachable, cordoned, being deleted$/,
  },
];

for (const c of cases) {
  test(`node health: ${c.name}`, () => {
    const h = assessNode(projectNode(node({ name: "n", ...c.spec })), { ...opts, ...c.options }, NOW);
    assert.equal(h.healthy, c.healthy, "healthy");
    assert.equal(h.candidate, c.candidate, "candidate");
    const why = describeHealth(h);
    if (typeof c.why === "string") assert.equal(why, c.why);
    else assert.match(why, c.why);
  });
}

test("node health: egress-ip annotation is parsed and validated", () => {
  const valid = assessNode(projectNode(node({ name: "n", egressIP: " 192.0.2.7 " })), opts, NOW);
  assert.deepEqual(valid.egressIP, { kind: "valid", ip: "192.0.2.7" });
  const v6 = assessNode(projectNode(node({ name: "n", egressIP: "2001:db8::7" })), opts, NOW);
  assert.deepEqual(v6.egressIP, { kind: "valid", ip: "2001:db8::7" });
  const bad = assessNode(projectNode(node({ name: "n", egressIP: "192.0.2.300" })), opts, NOW);
  assert.deepEqual(bad.egressIP, { kind: "invalid", raw: "192.0.2.300" });
  const none = assessNode(projectNode(node({ name: "n" })), opts, NOW);
  assert.deepEqual(none.egressIP, { kind: "none" });
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
