/** Lease staleness, cilium-agent readiness, the stale-lease guard and recovery hysteresis. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { Memory, PolicyDecision } from "../src/engine/decide.js";
import { evaluate } from "../src/hook/pipeline.js";
import { EMPTY_STATE, type RunState } from "../src/hook/state.js";
import { agent, type ClusterObjects, groupContext, lease, NOW, node, policy } from "./support/builders.js";

const SIGNALS_ON = { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "true" };

/**
 * Sightings as if the hook had seen every Lease the moment it was renewed: Lease ages then equal
 * now − renewTime, which is what these tables are written in.
 */
function sightedAtRenewal(leases: Record<string, unknown>[] | undefined): RunState["leaseSeen"] {
  const seen: RunState["leaseSeen"] = {};
  for (const l of leases ?? []) {
    const { metadata, spec } = l as { metadata: { name: string }; spec: { renewTime: string } };
    seen[metadata.name] = { renewTime: spec.renewTime, seenAt: spec.renewTime };
  }
  return seen;
}

function runWith(cluster: ClusterObjects, env: Record<string, string>, state: RunState, now = NOW) {
  const result = evaluate(groupContext(cluster), readSettings({ ...SIGNALS_ON, ...env }), now, { strict: true, state });
  assert.ok(result.plan);
  return result;
}

function run(cluster: ClusterObjects, env: Record<string, string> = {}, memory: Memory = {}, now = NOW) {
  const state = { ...EMPTY_STATE, nodes: memory, leaseSeen: sightedAtRenewal(cluster.leases) };
  return runWith(cluster, env, state, now).plan as NonNullable<ReturnType<typeof runWith>["plan"]>;
}

const names = ["egress-a", "egress-b", "egress-c"];
const healthyAgents = () => names.map((n) => agent({ node: n }));
const freshLeases = () => names.map((n) => lease(n, 3));
const pinnedToA = [policy({ name: "p", pool: "egress", hostname: "egress-a" })];
const nodes3 = () => names.map((name) => node({ name }));

function decision(plan: ReturnType<typeof run>, name = "p"): PolicyDecision {
  const d = plan.decisions.find((x) => x.policy === name);
  assert.ok(d);
  return d;
}

function nodeHealth(plan: ReturnType<typeof run>, name: string) {
  const h = plan.pools.flatMap((p) => p.nodes).find((n) => n.name === name);
  assert.ok(h);
  return h;
}

const leaseCases: { name: string; aAge: number | null; env?: Record<string, string>; action: string; why?: RegExp }[] =
  [
    // Renewed 3 s ago: fine.
    { name: "fresh lease keeps the gateway", aAge: 3, action: "keep" },
    // Auto threshold is 0.4 × 40 s = 16 s.
    { name: "15 s old is still fresh", aAge: 15, action: "keep" },
    { name: "17 s old is stale", aAge: 17, action: "move", why: /Lease not renewed for 17s \(stale after 16s\)/ },
    { name: "a configured threshold wins", aAge: 17, env: { EGRESS_HA_LEASE_STALE_AFTER: "30s" }, action: "keep" },
    { name: "a missing lease counts as stale", aAge: null, action: "move", why: /has no Lease in kube-node-lease/ },
    {
      name: "lease signal off: the stale lease is ignored",
      aAge: 60,
      env: { EGRESS_HA_LEASE_SIGNAL: "false" },
      action: "keep",
    },
  ];

for (const c of leaseCases) {
  test(`lease: ${c.name}`, () => {
    const leases = [lease("egress-b", 2), lease("egress-c", 4), lease("worker-1", 1), lease("worker-2", 5)];
    if (c.aAge !== null) leases.push(lease("egress-a", c.aAge));
    const plan = run({ pools: { egress: nodes3() }, policies: pinnedToA, leases, agents: healthyAgents() }, c.env);
    const d = decision(plan);
    assert.equal(d.action, c.action, d.reason);
    if (c.why) assert.match(d.reason, c.why);
    if (c.action === "move") {
      assert.deepEqual(nodeHealth(plan, "egress-a").signals, ["lease"], "plan names the lease as the signal");
    }
  });
}

test("lease: the auto threshold follows each Lease's own duration", () => {
  const leases = [lease("egress-a", 5, 10), lease("egress-b", 2), lease("egress-c", 2), lease("w", 1)];
  const plan = run({ pools: { egress: nodes3() }, policies: pinnedToA, leases, agents: healthyAgents() });
  // 0.4 × 10 s = 4 s, but never below 5 s: 5 s old is not yet stale.
  assert.equal(decision(plan).action, "keep");
  const later = run({
    pools: { egress: nodes3() },
    policies: pinnedToA,
    leases: [lease("egress-a", 6, 10), ...leases.slice(1)],
    agents: healthyAgents(),
  });
  assert.equal(decision(later).action, "move");
});

test("guard: most leases stale at once means the control plane is at fault; do not fail over", () => {
  const leases = [lease("egress-a", 60), lease("egress-b", 60), lease("egress-c", 60), lease("worker-1", 2)];
  const plan = run({ pools: { egress: nodes3() }, policies: pinnedToA, leases, agents: healthyAgents() });
  assert.equal(decision(plan).action, "keep");
  const status = plan.signals.find((s) => s.signal === "lease");
  assert.equal(status?.state, "suspended");
  assert.match(status?.detail ?? "", /^3 of 4 node Leases are stale at once/);
});

test("guard: one stale lease among many is a dead node, not a control-plane problem", () => {
  const leases = [lease("egress-a", 60), lease("egress-b", 2), lease("egress-c", 2), lease("worker-1", 2)];
  const plan = run({ pools: { egress: nodes3() }, policies: pinnedToA, leases, agents: healthyAgents() });
  assert.equal(decision(plan).action, "move");
  assert.equal(plan.signals.find((s) => s.signal === "lease")?.state, "active");
});

test("guard: half stale (not most) still fails over", () => {
  const leases = [lease("egress-a", 60), lease("egress-b", 2)];
  const plan = run({
    pools: { egress: [node({ name: "egress-a" }), node({ name: "egress-b" })] },
    policies: pinnedToA,
    leases,
    agents: [agent({ node: "egress-a" }), agent({ node: "egress-b" })],
  });
  assert.equal(decision(plan).action, "move");
});

const agentCases: { name: string; agents: Record<string, unknown>[]; action: string; why?: RegExp }[] = [
  { name: "ready agent keeps the gateway", agents: healthyAgents(), action: "keep" },
  {
    name: "agent not Ready moves it",
    agents: [agent({ node: "egress-a", ready: false }), agent({ node: "egress-b" }), agent({ node: "egress-c" })],
    action: "move",
    why: /cilium agent cilium-egress-a not Ready/,
  },
  {
    // Missing or terminating: an agent restart (an upgrade) must not move gateways at once.
    name: "an agent just gone keeps the gateway within the grace",
    agents: [agent({ node: "egress-b" }), agent({ node: "egress-c" })],
    action: "keep",
  },
  {
    name: "a terminating agent keeps the gateway within the grace",
    agents: [agent({ node: "egress-a", deleting: true }), agent({ node: "egress-b" }), agent({ node: "egress-c" })],
    action: "keep",
  },
  {
    name: "an agent NotReady for less than the grace keeps it",
    agents: [
      agent({ node: "egress-a", ready: false, readySince: "2026-11-26T11:59:30Z" }),
      agent({ node: "egress-b" }),
      agent({ node: "egress-c" }),
    ],
    action: "keep",
  },
  {
    name: "a new agent replacing a terminating one keeps it",
    agents: [
      agent({ node: "egress-a", deleting: true }),
      agent({ node: "egress-a", name: "cilium-new" }),
      agent({ node: "egress-b" }),
      agent({ node: "egress-c" }),
    ],
    action: "keep",
  },
];

for (const c of agentCases) {
  test(`cilium agent: ${c.name}`, () => {
    const plan = run({ pools: { egress: nodes3() }, policies: pinnedToA, leases: freshLeases(), agents: c.agents });
    const d = decision(plan);
    assert.equal(d.action, c.action, d.reason);
    if (c.why) assert.match(d.reason, c.why);
  });
}

test("cilium agent: no agent on any pool node means a wrong selector; the signal is ignored, not every node", () => {
  const plan = run({
    pools: { egress: nodes3() },
    policies: pinnedToA,
    leases: freshLeases(),
    agents: [agent({ node: "worker-1" })],
  });
  assert.equal(decision(plan).action, "keep");
  const status = plan.signals.find((s) => s.signal === "agent");
  assert.equal(status?.state, "unavailable");
  assert.match(status?.detail ?? "", /no cilium agent pod \(k8s-app=cilium in kube-system\) runs on any pool node/);
});

test("cilium agent: a freshly Ready agent makes the node wait out the recovery delay", () => {
  const agents = [
    agent({ node: "egress-a", ready: false }),
    agent({ node: "egress-b", readySince: "2026-11-26T11:59:50Z" }),
    agent({ node: "egress-c", readySince: "2026-11-26T11:59:40Z" }),
  ];
  const plan = run({ pools: { egress: nodes3() }, policies: pinnedToA, leases: freshLeases(), agents });
  const d = decision(plan);
  assert.equal(d.action, "stuck");
  assert.match(d.reason, /egress-b: cilium agent Ready for 10s of the 30s recovery delay/);
});

test("hysteresis: a node whose lease just came back is remembered and waits out the delay", () => {
  const base = { pools: { egress: nodes3() }, policies: pinnedToA, agents: healthyAgents() };
  // Run 1: egress-b's lease is stale (its kubelet hiccuped); egress-a is the gateway and dies later.
  const first = run({
    ...base,
    leases: [lease("egress-a", 2), lease("egress-b", 30), lease("egress-c", 2), lease("w", 1)],
  });
  assert.equal(decision(first).action, "keep");
  assert.match(first.memory["egress-b"]?.why ?? "", /^Lease not renewed for 30s/);
  // Run 2, 10 s later: egress-b renewed again, egress-a went stale. egress-b must not take the gateway yet.
  const later = new Date(NOW.getTime() + 10_000);
  const second = run(
    { ...base, leases: [lease("egress-a", 40), lease("egress-b", -8), lease("egress-c", -8), lease("w", -9)] },
    {},
    first.memory,
    later,
  );
  const d = decision(second);
  assert.equal(d.action, "move");
  assert.deepEqual(
    d.slots.map((s) => s.to),
    ["egress-c"],
    d.reason,
  );
  assert.match(
    nodeHealth(second, "egress-b").settling ?? "",
    /^healthy again for 10s of the 30s recovery delay \(was: Lease not renewed/,
  );
  // Run 3, 31 s after the hiccup: remembered no more.
  const third = run(
    { ...base, leases: [lease("egress-a", 40), lease("egress-b", 2), lease("egress-c", 2), lease("w", 1)] },
    {},
    second.memory,
    new Date(NOW.getTime() + 31_000),
  );
  assert.equal(nodeHealth(third, "egress-b").candidate, true);
  assert.equal(third.memory["egress-b"], undefined, "memory is pruned after the delay");
});

test("hysteresis: a flickering lease does not pull the gateway back and forth", () => {
  let memory: Memory = {};
  const gateways: string[] = [];
  let current = "egress-a";
  // egress-a's lease flickers stale/fresh every 10 s; egress-b and egress-c stay healthy.
  for (let step = 0; step < 8; step++) {
    const now = new Date(NOW.getTime() + step * 10_000);
    const aAge = step % 2 === 0 ? 30 : 1;
    const offset = step * 10;
    const plan = run(
      {
        pools: { egress: nodes3() },
        policies: [policy({ name: "p", pool: "egress", hostname: current })],
        leases: [
          lease("egress-a", aAge - offset),
          lease("egress-b", 2 - offset),
          lease("egress-c", 2 - offset),
          lease("w", 1 - offset),
        ],
        agents: healthyAgents(),
      },
      {},
      memory,
      now,
    );
    memory = plan.memory;
    const d = decision(plan);
    current = d.slots[0]?.to ?? current;
    gateways.push(current);
  }
  // One failover away from the flickering node, then it stays put.
  assert.deepEqual(gateways, [
    "egress-b",
    "egress-b",
    "egress-b",
    "egress-b",
    "egress-b",
    "egress-b",
    "egress-b",
    "egress-b",
  ]);
  // And egress-a never becomes a candidate while it keeps flickering.
  assert.ok(memory["egress-a"]);
});

test("strict hook runs require the snapshots of enabled signals", () => {
  assert.throws(
    () =>
      evaluate(groupContext({ pools: { egress: nodes3() }, policies: [] }), readSettings({}), NOW, { strict: true }),
    /has no "leases" snapshot, which the enabled leases signal needs/,
  );
});

test("cilium agent: gone longer than the grace (remembered across runs) moves the gateway; meanwhile no new gateways", () => {
  const cluster = {
    pools: { egress: nodes3() },
    policies: [...pinnedToA, policy({ name: "q", pool: "egress", hostname: "egress-b" })],
    leases: freshLeases(),
    agents: [agent({ node: "egress-b" }), agent({ node: "egress-c" })],
  };
  const first = runWith(
    cluster,
    { EGRESS_HA_AGENT_GRACE: "60s" },
    { ...EMPTY_STATE, leaseSeen: sightedAtRenewal(cluster.leases) },
  );
  assert.equal(first.plan?.decisions.find((d) => d.policy === "p")?.action, "keep");
  const a = first.plan?.pools[0]?.nodes.find((n) => n.name === "egress-a");
  assert.equal(a?.candidate, false, "takes no new gateway while its agent is down");
  assert.match(a?.settling ?? "", /^no cilium agent pod on the node for 0s \(a gateway moves away after 60s\)/);
  assert.equal(first.state.agentDown["egress-a"], NOW.toISOString());
  // 61 s later, the agent is still gone.
  const later = new Date(NOW.getTime() + 61_000);
  const leases = names.map((n) => lease(n, -58));
  const second = runWith(
    { ...cluster, leases },
    { EGRESS_HA_AGENT_GRACE: "60s" },
    { ...first.state, leaseSeen: sightedAtRenewal(leases) },
    later,
  );
  const d = second.plan?.decisions.find((x) => x.policy === "p");
  assert.equal(d?.action, "move", d?.reason);
  assert.match(d?.reason ?? "", /no cilium agent pod on the node for 61s/);
});

test("lease: a node whose clock is off is judged by when the hook saw its Lease change, not by renewTime", () => {
  // egress-a's clock runs 5 minutes slow: its renewTime looks 5 minutes old, but it keeps changing.
  const skewed = (age: number) => lease("egress-a", 300 + age);
  const base = { pools: { egress: nodes3() }, policies: pinnedToA, agents: healthyAgents() };
  // The other kubelets keep renewing: their renewTimes move with the clock.
  const others = (offset: number) => [
    lease("egress-b", 2 - offset),
    lease("egress-c", 2 - offset),
    lease("w", 1 - offset),
  ];
  // First sighting: fresh by definition (the hook has not watched it go quiet).
  const first = runWith({ ...base, leases: [skewed(0), ...others(0)] }, {}, EMPTY_STATE);
  assert.equal(first.plan?.decisions[0]?.action, "keep");
  // 10 s later it renewed again: still fresh, although renewTime says 5 minutes.
  const t1 = new Date(NOW.getTime() + 10_000);
  const second = runWith({ ...base, leases: [skewed(-10), ...others(10)] }, {}, first.state, t1);
  assert.equal(second.plan?.decisions[0]?.action, "keep");
  // Then it stops: once the hook has seen the same renewTime for more than 16 s, it is stale.
  const t2 = new Date(NOW.getTime() + 27_000);
  const third = runWith({ ...base, leases: [skewed(-10), ...others(27)] }, {}, second.state, t2);
  const d = third.plan?.decisions[0];
  assert.equal(d?.action, "move", d?.reason);
  assert.match(d?.reason ?? "", /Lease not renewed for 17s \(stale after 16s\)/);
});

test("a prior-art policy whose pinned node is deleted stays managed (remembered), and moves", () => {
  // Run 1: the unannotated policy is pinned to pool node egress-a: managed through the pin.
  const leases = (names: string[]) => names.map((n) => lease(n, 2));
  const before = {
    pools: { egress: nodes3() },
    policies: [policy({ name: "legacy", hostname: "egress-a" })],
    leases: leases(["egress-a", "egress-b", "egress-c", "w"]),
    agents: healthyAgents(),
  };
  const first = runWith(before, {}, { ...EMPTY_STATE, leaseSeen: sightedAtRenewal(before.leases) });
  assert.equal(first.plan?.decisions[0]?.action, "keep");
  assert.deepEqual({ ...first.state.remembered }, { legacy: "egress" });
  // Run 2: the Node egress-a is deleted (its Lease goes with it). Nothing else ties the policy to
  // the pool, but the hook remembers managing it.
  const after = { ...before, pools: { egress: nodes3().slice(1) }, leases: leases(["egress-b", "egress-c", "w"]) };
  const second = runWith(after, {}, { ...first.state, leaseSeen: sightedAtRenewal(after.leases) });
  const d = second.plan?.decisions[0];
  assert.equal(d?.action, "move", d?.reason);
  assert.match(d?.reason ?? "", /^gateway egress-a is not a node of pool egress/);
  // Without that memory (a fresh state), the policy is not the hook's business.
  const fresh = runWith(after, {}, { ...EMPTY_STATE, leaseSeen: sightedAtRenewal(after.leases) });
  assert.equal(fresh.plan?.decisions[0]?.action, "ignore");
});

test("a remembered prior-art policy re-pinned to a node that still exists outside the pool is left alone", () => {
  const leases = ["egress-a", "egress-b", "egress-c", "worker-1"].map((n) => lease(n, 2));
  const cluster = {
    pools: { egress: nodes3() },
    policies: [policy({ name: "legacy", hostname: "worker-1" })],
    leases,
    agents: healthyAgents(),
  };
  const state = { ...EMPTY_STATE, remembered: { legacy: "egress" }, leaseSeen: sightedAtRenewal(leases) };
  const result = runWith(cluster, {}, state);
  assert.equal(result.plan?.decisions[0]?.action, "ignore");
  assert.deepEqual({ ...result.state.remembered }, {}, "and forgotten");
});
