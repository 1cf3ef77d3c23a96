/** Lease staleness, cilium-agent readiness, the stale-lease guard and recovery hysteresis. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { PolicyDecision } from "../src/engine/decide.js";
import type { EngineMemory } from "../src/engine/memory.js";
import { evaluate } from "../src/hook/pipeline.js";
import { EMPTY_STATE, type RunState } from "../src/hook/state.js";
import type { UnhealthyMemory } from "../src/model/node-health.js";
import { renderReason } from "../src/model/reason.js";
import { agent, type ClusterObjects, groupContext, lease, NOW, node, policy } from "./support/builders.js";
import { assertReason, facts, type Pattern } from "./support/reasons.js";
import { withEngine } from "./support/state.js";

type Memory = Record<string, UnhealthyMemory>;

const SIGNALS_ON = { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "true" };
const AGENT_TAINT = "node.cilium.io/agent-not-ready";

/**
 * Sightings as if the hook had seen every Lease the moment it was renewed: Lease ages then equal
 * now − renewTime, which is what these tables are written in.
 */
function sightedAtRenewal(leases: Record<string, unknown>[] | undefined): EngineMemory["leaseSeen"] {
  const seen: EngineMemory["leaseSeen"] = {};
  for (const l of leases ?? []) {
    const { metadata, spec } = l as { metadata: { name: string }; spec: { renewTime: string } };
    seen[metadata.name] = { renewTime: spec.renewTime, seenAt: spec.renewTime };
  }
  return seen;
}

/**
 * Agent sightings as if the hook had seen each agent go down the moment its pod or taint says (the
 * grace is timed by the hook's own sightings), which is what these tables are written in.
 */
function sightedWhenDown(cluster: ClusterObjects): EngineMemory["agentDown"] {
  const seen: EngineMemory["agentDown"] = {};
  const sight = (node: string, at: string | undefined): void => {
    if (at !== undefined && (seen[node] === undefined || at < seen[node])) seen[node] = at;
  };
  for (const n of Object.values(cluster.pools).flat()) {
    const { metadata, spec } = n as {
      metadata: { name: string };
      spec: { taints?: { key: string; timeAdded?: string }[] };
    };
    for (const t of spec.taints ?? []) if (t.key === AGENT_TAINT) sight(metadata.name, t.timeAdded);
  }
  for (const a of cluster.agents ?? []) {
    const { spec, status } = a as { spec: { nodeName: string }; status: { conditions: Record<string, string>[] } };
    const ready = status.conditions.find((c) => c.type === "Ready");
    if (ready?.status === "False") sight(spec.nodeName, ready.lastTransitionTime);
  }
  return seen;
}

function runWith(cluster: ClusterObjects, env: Record<string, string>, state: RunState, now = NOW) {
  const result = evaluate(groupContext(cluster), readSettings({ ...SIGNALS_ON, ...env }), now, { strict: true, state });
  assert.ok(result.plan);
  return result;
}

function run(cluster: ClusterObjects, env: Record<string, string> = {}, memory: Memory = {}, now = NOW) {
  const state = withEngine(EMPTY_STATE, {
    unhealthy: memory,
    leaseSeen: sightedAtRenewal(cluster.leases),
    agentDown: sightedWhenDown(cluster),
  });
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

const leaseCases: { name: string; aAge: number | null; env?: Record<string, string>; action: string; why?: Pattern }[] =
  [
    // Renewed 3 s ago: fine.
    { name: "fresh lease keeps the gateway", aAge: 3, action: "keep" },
    // Auto threshold is 0.4 × 40 s = 16 s.
    { name: "15 s old is still fresh", aAge: 15, action: "keep" },
    {
      name: "17 s old is stale",
      aAge: 17,
      action: "move",
      why: { code: "lease-stale", ageSeconds: 17, staleAfterSeconds: 16 },
    },
    { name: "a configured threshold wins", aAge: 17, env: { EGRESS_HA_LEASE_STALE_AFTER: "30s" }, action: "keep" },
    { name: "a missing lease counts as stale", aAge: null, action: "move", why: { code: "lease-missing" } },
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
    assert.equal(d.action, c.action, renderReason(d.reason));
    if (c.why)
      assertReason(d.reason, {
        code: "move",
        cause: { code: "gateway-unhealthy", gateway: "egress-a", problems: [c.why] },
        node: "egress-b",
      });
    else assertReason(d.reason, { code: "gateway-healthy", gateway: "egress-a" });
    if (c.action === "move") {
      assert.deepEqual(
        nodeHealth(plan, "egress-a").problems.map((p) => p.signal),
        ["lease"],
        "plan names the lease as the signal",
      );
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
  const worker = node({ name: "worker-1", labels: { "node.kubernetes.io/role": "worker" } });
  const plan = run({
    pools: { egress: nodes3() },
    nodes: [worker],
    policies: pinnedToA,
    leases,
    agents: healthyAgents(),
  });
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

const agentCases: {
  name: string;
  agents: Record<string, unknown>[];
  action: string;
  /** egress-a's state. */
  state: string;
  why: Pattern;
}[] = [
  {
    name: "ready agent keeps the gateway",
    agents: healthyAgents(),
    action: "keep",
    state: "settled",
    why: { code: "gateway-healthy", gateway: "egress-a" },
  },
  {
    name: "agent not Ready (for a day) moves it",
    agents: [agent({ node: "egress-a", ready: false }), agent({ node: "egress-b" }), agent({ node: "egress-c" })],
    action: "move",
    state: "unhealthy",
    why: {
      code: "move",
      cause: {
        code: "gateway-unhealthy",
        problems: [{ code: "agent-down", detail: "cilium agent cilium-egress-a not Ready", graceSeconds: 60 }],
      },
      node: "egress-b",
    },
  },
  {
    // Missing or terminating: an agent restart (an upgrade) must not move gateways at once.
    name: "an agent just gone keeps the gateway within the grace",
    agents: [agent({ node: "egress-b" }), agent({ node: "egress-c" })],
    action: "keep",
    state: "grace",
    why: {
      code: "gateway-in-grace",
      gateway: "egress-a",
      grace: { code: "agent-grace", detail: "no cilium agent pod on the node", forSeconds: 0, graceSeconds: 60 },
    },
  },
  {
    name: "a terminating agent keeps the gateway within the grace",
    agents: [agent({ node: "egress-a", deleting: true }), agent({ node: "egress-b" }), agent({ node: "egress-c" })],
    action: "keep",
    state: "grace",
    why: {
      code: "gateway-in-grace",
      grace: { code: "agent-grace", detail: "cilium agent cilium-egress-a terminating" },
    },
  },
  {
    name: "an agent NotReady for less than the grace keeps it",
    agents: [
      agent({ node: "egress-a", ready: false, readySince: "2026-11-26T11:59:30Z" }),
      agent({ node: "egress-b" }),
      agent({ node: "egress-c" }),
    ],
    action: "keep",
    state: "grace",
    why: { code: "gateway-in-grace", grace: { code: "agent-grace", forSeconds: 30, graceSeconds: 60 } },
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
    state: "settled",
    why: { code: "gateway-healthy", gateway: "egress-a" },
  },
];

for (const c of agentCases) {
  test(`cilium agent: ${c.name}`, () => {
    const plan = run({ pools: { egress: nodes3() }, policies: pinnedToA, leases: freshLeases(), agents: c.agents });
    const d = decision(plan);
    assert.equal(d.action, c.action, renderReason(d.reason));
    assertReason(d.reason, c.why);
    assert.equal(nodeHealth(plan, "egress-a").state, c.state);
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

test("cilium agent: a freshly Ready agent makes the node recovering; with no settled node, the one Ready longest takes over", () => {
  // A Cilium upgrade: every agent has been Ready for less than the recovery delay (issue 8 item 1).
  const agents = [
    agent({ node: "egress-a", ready: false }),
    agent({ node: "egress-b", readySince: "2026-11-26T11:59:50Z" }),
    agent({ node: "egress-c", readySince: "2026-11-26T11:59:40Z" }),
  ];
  const plan = run({ pools: { egress: nodes3() }, policies: pinnedToA, leases: freshLeases(), agents });
  assertReason(nodeHealth(plan, "egress-b").waiting, {
    code: "recovery-delay",
    what: "cilium agent Ready",
    forSeconds: 10,
    delaySeconds: 30,
  });
  assert.equal(nodeHealth(plan, "egress-b").state, "recovering");
  const d = decision(plan);
  assert.equal(d.action, "move", renderReason(d.reason));
  assertReason(d.reason, {
    code: "move",
    cause: { code: "gateway-unhealthy", problems: [{ code: "agent-down" }] },
    node: "egress-c",
    tier: "recovering",
  });
});

test("hysteresis: a node whose lease just came back is remembered and waits out the delay", () => {
  const base = { pools: { egress: nodes3() }, policies: pinnedToA, agents: healthyAgents() };
  // Run 1: egress-b's lease is stale (its kubelet hiccuped); egress-a is the gateway and dies later.
  const first = run({
    ...base,
    leases: [lease("egress-a", 2), lease("egress-b", 30), lease("egress-c", 2), lease("w", 1)],
  });
  assert.equal(decision(first).action, "keep");
  assert.equal(first.memory.unhealthy["egress-b"]?.why, "lease-stale");
  assert.equal(first.memory.unhealthy["egress-b"]?.at, NOW.toISOString());
  // Run 2, 10 s later: egress-b renewed again, egress-a went stale. egress-b must not take the gateway yet.
  const later = new Date(NOW.getTime() + 10_000);
  const second = run(
    { ...base, leases: [lease("egress-a", 40), lease("egress-b", -8), lease("egress-c", -8), lease("w", -9)] },
    {},
    first.memory.unhealthy,
    later,
  );
  const d = decision(second);
  assert.equal(d.action, "move");
  assert.deepEqual(
    d.slots.map((s) => s.to),
    ["egress-c"],
    renderReason(d.reason),
  );
  assertReason(d.reason, { code: "move", node: "egress-c", tier: "settled" });
  assert.equal(nodeHealth(second, "egress-b").state, "recovering");
  assertReason(nodeHealth(second, "egress-b").waiting, {
    code: "recovery-delay",
    what: "healthy again",
    forSeconds: 10,
    delaySeconds: 30,
    was: "lease-stale",
  });
  // Run 3, 31 s after the hiccup: remembered no more.
  const third = run(
    { ...base, leases: [lease("egress-a", 40), lease("egress-b", 2), lease("egress-c", 2), lease("w", 1)] },
    {},
    second.memory.unhealthy,
    new Date(NOW.getTime() + 31_000),
  );
  assert.equal(nodeHealth(third, "egress-b").state, "settled");
  assert.equal(third.memory.unhealthy["egress-b"], undefined, "memory is pruned after the delay");
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
    memory = plan.memory.unhealthy;
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
    /no context has a "leases" snapshot, which the enabled leases signal needs/,
  );
});

test("cilium agent: gone longer than the grace (remembered across runs) moves the gateway; meanwhile no new gateways", () => {
  const cluster = {
    pools: { egress: nodes3() },
    policies: [
      ...pinnedToA,
      policy({ name: "q", pool: "egress", hostname: "egress-b" }),
      policy({ name: "q2", pool: "egress", hostname: "egress-c" }),
      // Pinned to a deleted node: it moves now, and egress-a (first by name, equally loaded) is no target.
      policy({ name: "r", pool: "egress", hostname: "gone" }),
    ],
    leases: freshLeases(),
    agents: [agent({ node: "egress-b" }), agent({ node: "egress-c" })],
  };
  const first = runWith(
    cluster,
    { EGRESS_HA_AGENT_GRACE: "60s" },
    withEngine(EMPTY_STATE, { leaseSeen: sightedAtRenewal(cluster.leases) }),
  );
  assert.equal(first.plan?.decisions.find((d) => d.policy === "p")?.action, "keep");
  const a = first.plan?.pools[0]?.nodes.find((n) => n.name === "egress-a");
  assert.equal(a?.state, "grace", "takes no new gateway while its agent is down");
  assertReason(a?.waiting, {
    code: "agent-grace",
    detail: "no cilium agent pod on the node",
    forSeconds: 0,
    graceSeconds: 60,
  });
  const r = first.plan?.decisions.find((d) => d.policy === "r");
  assert.equal(r?.action, "move");
  assertReason(r?.reason, { code: "move", node: "egress-b", tier: "settled" });
  assert.equal(first.state.engine.agentDown["egress-a"], NOW.toISOString());
  // 61 s later, the agent is still gone.
  const later = new Date(NOW.getTime() + 61_000);
  const leases = names.map((n) => lease(n, -58));
  const second = runWith(
    { ...cluster, leases },
    { EGRESS_HA_AGENT_GRACE: "60s" },
    withEngine(first.state, { leaseSeen: sightedAtRenewal(leases) }),
    later,
  );
  const d = second.plan?.decisions.find((x) => x.policy === "p");
  assert.equal(d?.action, "move");
  assertReason(d?.reason, {
    code: "move",
    cause: {
      code: "gateway-unhealthy",
      problems: [{ code: "agent-down", detail: "no cilium agent pod on the node", forSeconds: 61, graceSeconds: 60 }],
    },
  });
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
  assert.equal(d?.action, "move");
  assertReason(d?.reason, {
    code: "move",
    cause: { code: "gateway-unhealthy", problems: [{ code: "lease-stale", ageSeconds: 17, staleAfterSeconds: 16 }] },
  });
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
  const first = runWith(before, {}, withEngine(EMPTY_STATE, { leaseSeen: sightedAtRenewal(before.leases) }));
  assert.equal(first.plan?.decisions[0]?.action, "keep");
  assert.deepEqual({ ...first.state.engine.remembered }, { legacy: "egress" });
  // Run 2: the Node egress-a is deleted (its Lease goes with it). Nothing else ties the policy to
  // the pool, but the hook remembers managing it.
  const after = { ...before, pools: { egress: nodes3().slice(1) }, leases: leases(["egress-b", "egress-c", "w"]) };
  const second = runWith(after, {}, withEngine(first.state, { leaseSeen: sightedAtRenewal(after.leases) }));
  const d = second.plan?.decisions[0];
  assert.equal(d?.action, "move");
  assertReason(d?.reason, {
    code: "move",
    cause: { code: "gateway-not-in-pool", gateway: "egress-a", pool: "egress" },
    node: "egress-b",
  });
  // Without that memory (a fresh state), the policy is not the hook's business.
  const fresh = runWith(after, {}, withEngine(EMPTY_STATE, { leaseSeen: sightedAtRenewal(after.leases) }));
  assert.equal(fresh.plan?.decisions[0]?.action, "ignore");
});

test("a remembered prior-art policy re-pinned to a node that still exists outside the pool is left alone", () => {
  const leases = ["egress-a", "egress-b", "egress-c", "worker-1"].map((n) => lease(n, 2));
  const cluster = {
    pools: { egress: nodes3() },
    // worker-1 is known from the node inventory, not from its Lease.
    nodes: [node({ name: "worker-1" })],
    policies: [policy({ name: "legacy", hostname: "worker-1" })],
    leases,
    agents: healthyAgents(),
  };
  const state = withEngine(EMPTY_STATE, { remembered: { legacy: "egress" }, leaseSeen: sightedAtRenewal(leases) });
  const result = runWith(cluster, {}, state);
  assert.equal(result.plan?.decisions[0]?.action, "ignore");
  assertReason(result.plan?.decisions[0]?.reason, { code: "not-managed", because: "no-pool-pin" });
  assert.deepEqual({ ...result.state.engine.remembered }, {}, "and forgotten");
});

// ---- the agent-not-ready taint belongs to the agent signal (issue 8 item 2) ----

test("agent taint: within the grace the node keeps its gateways and takes no new one; past it, it is unhealthy", () => {
  // The Cilium operator taints a node while its agent restarts; the agent pod is not Ready yet.
  const tainted = (added: string) => [
    node({ name: "egress-a", taints: [AGENT_TAINT], taintsAdded: added }),
    node({ name: "egress-b" }),
    node({ name: "egress-c" }),
  ];
  const cluster = (added: string): ClusterObjects => ({
    pools: { egress: tainted(added) },
    policies: [...pinnedToA, policy({ name: "r", pool: "egress", hostname: "gone" })],
    leases: freshLeases(),
    agents: healthyAgents(),
  });
  // Tainted 20 s ago, the pod still says Ready (the taint comes first): grace.
  const within = run(cluster("2026-11-26T11:59:40Z"));
  assert.equal(nodeHealth(within, "egress-a").state, "grace");
  assertReason(decision(within).reason, {
    code: "gateway-in-grace",
    gateway: "egress-a",
    grace: { code: "agent-grace", detail: `tainted ${AGENT_TAINT}`, forSeconds: 20, graceSeconds: 60 },
  });
  // egress-a, first by name and serving one gateway like no other, is no target while in grace.
  assertReason(decision(within, "r").reason, { code: "move", node: "egress-b" });
  // Tainted 2 minutes ago: past the grace.
  const past = run(cluster("2026-11-26T11:58:00Z"));
  assert.equal(nodeHealth(past, "egress-a").state, "unhealthy");
  assertReason(decision(past).reason, {
    code: "move",
    cause: {
      code: "gateway-unhealthy",
      problems: [{ code: "agent-down", detail: `tainted ${AGENT_TAINT}`, forSeconds: 120 }],
    },
  });
  assert.deepEqual(
    nodeHealth(past, "egress-a").problems.map((p) => p.signal),
    ["agent"],
    "the agent signal's evidence, not a node taint",
  );
});

test("agent taint: without timeAdded, the grace runs from the hook's own first sighting", () => {
  const cluster: ClusterObjects = {
    pools: {
      egress: [node({ name: "egress-a", taints: [AGENT_TAINT], taintsAdded: null }), node({ name: "egress-b" })],
    },
    policies: pinnedToA,
    leases: [lease("egress-a", 2), lease("egress-b", 2)],
    agents: [agent({ node: "egress-a" }), agent({ node: "egress-b" })],
  };
  const first = runWith(cluster, {}, withEngine(EMPTY_STATE, { leaseSeen: sightedAtRenewal(cluster.leases) }));
  assert.equal(first.plan?.decisions[0]?.action, "keep");
  assert.equal(first.state.engine.agentDown["egress-a"], NOW.toISOString());
  const later = new Date(NOW.getTime() + 61_000);
  const leases = [lease("egress-a", -59), lease("egress-b", -59)];
  const second = runWith(
    { ...cluster, leases },
    {},
    withEngine(first.state, { leaseSeen: sightedAtRenewal(leases) }),
    later,
  );
  const d = second.plan?.decisions[0];
  assert.equal(d?.action, "move");
  assertReason(d?.reason, { code: "move", cause: { problems: [{ code: "agent-down", forSeconds: 61 }] } });
  // Without the memory, the first sighting is now: still in grace.
  const fresh = runWith(
    { ...cluster, leases },
    {},
    withEngine(EMPTY_STATE, { leaseSeen: sightedAtRenewal(leases) }),
    later,
  );
  assert.equal(fresh.plan?.decisions[0]?.action, "keep");
});

test("agent taint: with the agent signal off it blocks at once, as a node taint", () => {
  const plan = run(
    {
      pools: {
        egress: [
          node({ name: "egress-a", taints: [AGENT_TAINT], taintsAdded: "2026-11-26T11:59:59Z" }),
          node({ name: "egress-b" }),
        ],
      },
      policies: pinnedToA,
      leases: [lease("egress-a", 2), lease("egress-b", 2)],
    },
    { EGRESS_HA_AGENT_SIGNAL: "false" },
  );
  assertReason(decision(plan).reason, {
    code: "move",
    cause: { code: "gateway-unhealthy", problems: [{ code: "node-tainted", taint: AGENT_TAINT }] },
  });
});

test("cilium agent: the down-time runs from the earliest sighting; a replacement pod does not restart it", () => {
  // Issue 8 item 7: a slow termination followed by a slow start.
  const base = { pools: { egress: nodes3() }, policies: pinnedToA };
  const at = (s: number) => new Date(NOW.getTime() + s * 1000);
  const leasesAt = (s: number) => names.map((n) => lease(n, 2 - s));
  const others = [agent({ node: "egress-b" }), agent({ node: "egress-c" })];
  const go = (agents: Record<string, unknown>[], s: number, state: RunState) =>
    runWith(
      { ...base, leases: leasesAt(s), agents },
      {},
      withEngine(state, { leaseSeen: sightedAtRenewal(leasesAt(s)) }),
      at(s),
    );
  // t=0: terminating.
  const t0 = go([agent({ node: "egress-a", deleting: true }), ...others], 0, EMPTY_STATE);
  assert.equal(t0.plan?.decisions[0]?.action, "keep");
  // t=40: the replacement pod exists, not Ready since t=35.
  const replacement = agent({ node: "egress-a", name: "cilium-new", ready: false, readySince: at(35).toISOString() });
  const t40 = go([replacement, ...others], 40, t0.state);
  assertReason(t40.plan?.decisions[0]?.reason, { code: "gateway-in-grace", grace: { forSeconds: 40 } });
  // t=61: still not Ready: 61 s since the first sighting, past the grace.
  const t61 = go([replacement, ...others], 61, t40.state);
  assert.equal(t61.plan?.decisions[0]?.action, "move");
  assertReason(t61.plan?.decisions[0]?.reason, {
    code: "move",
    cause: { problems: [{ code: "agent-down", forSeconds: 61 }] },
  });
});

test("bad times: a state-file time in the future is taken as now, with a notice, and blinds nothing", () => {
  // Issue 8 item 8: an agentDown sighting "from the future" must not restart the grace forever.
  const cluster = {
    pools: { egress: nodes3() },
    policies: pinnedToA,
    leases: freshLeases(),
    agents: [agent({ node: "egress-b" }), agent({ node: "egress-c" })],
  };
  const future = new Date(NOW.getTime() + 3_600_000).toISOString();
  const result = runWith(
    cluster,
    {},
    withEngine(EMPTY_STATE, { agentDown: { "egress-a": future }, leaseSeen: sightedAtRenewal(cluster.leases) }),
  );
  assert.equal(result.state.engine.agentDown["egress-a"], NOW.toISOString(), "clamped to now");
  assert.deepEqual(
    result.plan?.notices.map((n) => [n.code, facts(n).object, facts(n).field, facts(n).value]),
    [["time-in-future", "state file", 'agentDown["egress-a"]', future]],
  );
  // And a Ready time in the future holds a node back no longer than the delay.
  const ahead = run({
    pools: {
      egress: [
        node({ name: "egress-a", ready: "False" }),
        node({ name: "egress-b", readySince: future }),
        node({ name: "egress-c" }),
      ],
    },
    policies: pinnedToA,
    leases: freshLeases(),
    agents: healthyAgents(),
  });
  assertReason(nodeHealth(ahead, "egress-b").waiting, { code: "recovery-delay", forSeconds: 0, delaySeconds: 30 });
  assertReason(decision(ahead).reason, { code: "move", node: "egress-c", tier: "settled" });
});

// ---- remembered prior-art policies (issue 8 item 5) ----

test("remembered: a pin to a non-pool node whose hostname label differs from its name is not 'gone'", () => {
  const leases = ["egress-a", "egress-b", "egress-c", "worker-1.internal"].map((n) => lease(n, 2));
  const cluster = {
    pools: { egress: nodes3() },
    nodes: [node({ name: "worker-1.internal", labels: { "kubernetes.io/hostname": "worker-1" } })],
    policies: [policy({ name: "legacy", hostname: "worker-1" })],
    leases,
    agents: healthyAgents(),
  };
  const state = withEngine(EMPTY_STATE, { remembered: { legacy: "egress" }, leaseSeen: sightedAtRenewal(leases) });
  const result = runWith(cluster, {}, state);
  assert.equal(result.plan?.decisions[0]?.action, "ignore");
  assert.deepEqual(result.operations, []);
  // Had the node really gone (no node carries the label), the remembered policy would move.
  const gone = runWith({ ...cluster, nodes: [] }, {}, state);
  assert.equal(gone.plan?.decisions[0]?.action, "move");
});

test("remembered: a policy whose owner removed the hostname pin is left alone", () => {
  const cluster = {
    pools: { egress: nodes3() },
    policies: [policy({ name: "legacy", extraLabels: { role: "mine" } })],
    leases: freshLeases(),
    agents: healthyAgents(),
  };
  const state = withEngine(EMPTY_STATE, {
    remembered: { legacy: "egress" },
    leaseSeen: sightedAtRenewal(cluster.leases),
  });
  const d = runWith(cluster, {}, state).plan?.decisions[0];
  assert.equal(d?.action, "ignore");
  assertReason(d?.reason, { code: "not-managed", because: "remembered-unpinned" });
});

test("remembered: nothing is done with a remembered policy while which nodes exist is unknown", () => {
  const cluster: ClusterObjects = {
    pools: { egress: nodes3().slice(1) },
    policies: [policy({ name: "legacy", hostname: "egress-a" })],
    leases: [],
    agents: healthyAgents(),
  };
  const state = withEngine(EMPTY_STATE, { remembered: { legacy: "egress" } });
  // No Lease at all: the Lease signal is unavailable.
  const noLeases = runWith(cluster, {}, state);
  assert.equal(noLeases.plan?.signals.find((s) => s.signal === "lease")?.state, "unavailable");
  assertReason(noLeases.plan?.decisions[0]?.reason, { code: "not-managed", because: "inventory-unknown" });
  assert.deepEqual({ ...noLeases.state.engine.remembered }, { legacy: "egress" }, "still remembered");
  // No node inventory.
  const leases = ["egress-b", "egress-c"].map((n) => lease(n, 2));
  const noInventory = runWith(
    { ...cluster, leases, inventory: false },
    {},
    withEngine(state, { leaseSeen: sightedAtRenewal(leases) }),
  );
  assertReason(noInventory.plan?.decisions[0]?.reason, { code: "not-managed", because: "inventory-unknown" });
  // Both known: egress-a is gone, the policy moves.
  const known = runWith({ ...cluster, leases }, {}, withEngine(state, { leaseSeen: sightedAtRenewal(leases) }));
  assert.equal(known.plan?.decisions[0]?.action, "move");
});

test("without a state (plan with no --state), Leases age by renewTime against now", () => {
  // Issue 8 item 9: every Lease used to count as first seen now, so none was ever stale.
  const cluster = {
    pools: { egress: nodes3() },
    policies: pinnedToA,
    leases: [lease("egress-a", 30), lease("egress-b", 2), lease("egress-c", 2), lease("w", 2)],
    agents: healthyAgents(),
  };
  const result = evaluate(groupContext(cluster), readSettings(SIGNALS_ON), NOW);
  assertReason(result.plan?.decisions[0]?.reason, {
    code: "move",
    cause: { problems: [{ code: "lease-stale", ageSeconds: 30, staleAfterSeconds: 16 }] },
  });
  assert.deepEqual({ ...result.plan?.memory.leaseSeen }, {}, "no sightings kept");
  // With a state, a Lease seen for the first time is fresh by definition.
  const withState = evaluate(groupContext(cluster), readSettings(SIGNALS_ON), NOW, { state: EMPTY_STATE });
  assert.equal(withState.plan?.decisions[0]?.action, "keep");
});
