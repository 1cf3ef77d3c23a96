/**
 * Table tests for issue 8's items: placement tiers, the agent-not-ready taint, ambiguous
 * hostnames, egress IP checks, remembered policies, hostname labels on targets, agent
 * down-time, clamped times, `plan`/`capture` and confirmed moves. They assert reason codes and
 * facts, never prose.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { PolicyDecision } from "../src/engine/decide.js";
import { type Evaluation, evaluate } from "../src/hook/pipeline.js";
import { EMPTY_STATE, parseState, type RunState, serializeState } from "../src/hook/state.js";
import { captureContext } from "../src/kube/capture.js";
import type { Reason } from "../src/model/reason.js";
import type { PolicyPatchOperation } from "../src/patch/operations.js";
import { INVENTORY_BINDING } from "../src/protocol/binding-context.js";
import { BINDING_GROUP } from "../src/protocol/hook-config.js";
import { projectInventory } from "../src/protocol/projections.js";
import { agent, type ClusterObjects, lease, NOW, node, policy, snapshots } from "./support/builders.js";
import { applyPatch } from "./support/json-patch.js";
import { facts } from "./support/reasons.js";

const SIGNALS_OFF = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "false" };
const AGENT_ONLY = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "true" };
const ago = (s: number): string => new Date(NOW.getTime() - s * 1000).toISOString();
const later = (s: number): Date => new Date(NOW.getTime() + s * 1000);

interface World extends ClusterObjects {
  /** Nodes outside every pool (they only show in the hostname inventory). */
  others?: Record<string, unknown>[];
  /** Leave the hostname inventory out of the context. */
  noInventory?: boolean;
}

function context(w: World): unknown[] {
  const snaps = snapshots(w) as Record<string, unknown[]>;
  if (w.noInventory) delete snaps[INVENTORY_BINDING];
  else {
    const all = new Map<string, Record<string, unknown>>();
    for (const nodes of Object.values(w.pools))
      for (const n of nodes) all.set((n.metadata as { name: string }).name, n);
    for (const n of w.others ?? []) all.set((n.metadata as { name: string }).name, n);
    snaps[INVENTORY_BINDING] = [...all.keys()].sort().map((k) => ({ filterResult: projectInventory(all.get(k)) }));
  }
  return [{ binding: "policies", groupName: BINDING_GROUP, snapshots: snaps, type: "Group" }];
}

function run(
  w: World,
  env: Record<string, string> = SIGNALS_OFF,
  now = NOW,
  state?: RunState,
  writer?: string,
): Evaluation {
  return evaluate(context(w), readSettings({ EGRESS_HA_EVENTS: "true", ...env }), now, {
    ...(state ? { state } : {}),
    ...(writer ? { writer } : {}),
  });
}

function decision(e: Evaluation, name: string): PolicyDecision {
  const d = e.plan?.decisions.find((x) => x.policy === name);
  assert.ok(d, `no decision for ${name}`);
  return d;
}

const cause = (d: PolicyDecision): Reason => facts((d.slots[0] as { reason: Reason }).reason).cause as Reason;
const patches = (e: Evaluation): PolicyPatchOperation[] =>
  e.operations.filter((o): o is PolicyPatchOperation => o.operation === "JSONPatch");
const events = (e: Evaluation, reason: string) =>
  e.operations.filter((o) => o.operation === "Create" && (o.object as { reason: string }).reason === reason);

/** Plays the run's patches against the world's policies, as the API server would. */
function apply(w: World, e: Evaluation): World {
  const policies = w.policies.map((p) => {
    const name = (p.metadata as { name: string }).name;
    const ops = patches(e).filter((o) => o.name === name);
    return ops.reduce((doc, op) => applyPatch(doc, op.jsonPatch), structuredClone(p));
  });
  return { ...w, policies };
}

describe("item 1: placement in two tiers", () => {
  test("every healthy node is recovering: the slot on the dead node moves to the one healthy the longest", () => {
    const w: World = {
      pools: {
        egress: [
          node({ name: "a", ready: "False" }),
          node({ name: "b", readySince: ago(5) }),
          node({ name: "c", readySince: ago(20) }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    };
    const d = decision(run(w), "p");
    assert.equal(d.action, "move");
    assert.equal(d.slots[0]?.to, "c");
    assert.equal(d.reason.code, "move");
    assert.equal(facts(d.reason).tier, "recovering");
    assert.equal(cause(d).code, "gateway-unhealthy");
  });

  test("a settled node is preferred over a recovering one", () => {
    const w: World = {
      pools: {
        egress: [node({ name: "a", ready: "False" }), node({ name: "b", readySince: ago(5) }), node({ name: "c" })],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    };
    const d = decision(run(w), "p");
    assert.equal(d.slots[0]?.to, "c");
    assert.equal(facts(d.reason).tier, "settled");
  });

  test("whole-pool outage: the first node back takes the policies on the next run", () => {
    const down: World = {
      pools: { egress: [node({ name: "a", ready: "False" }), node({ name: "b", ready: "False" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    };
    const first = run(down, SIGNALS_OFF, NOW, EMPTY_STATE);
    assert.equal(decision(first, "p").action, "stuck");
    const back: World = {
      ...down,
      pools: { egress: [node({ name: "a", ready: "False" }), node({ name: "b", readySince: ago(0) })] },
    };
    const second = run(back, SIGNALS_OFF, later(2), first.state);
    const d = decision(second, "p");
    assert.equal(d.action, "move");
    assert.equal(d.slots[0]?.to, "b");
    assert.equal(facts(d.reason).tier, "recovering");
  });

  test("Cilium upgrade: every agent Ready for less than the delay; the dead gateway's slot still moves", () => {
    const w: World = {
      pools: { egress: [node({ name: "a", ready: "Unknown" }), node({ name: "b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
      agents: [agent({ node: "a" }), agent({ node: "b", readySince: ago(3) })],
    };
    const d = decision(run(w, AGENT_ONLY), "p");
    assert.equal(d.slots[0]?.to, "b");
    assert.equal(facts(d.reason).tier, "recovering");
  });

  test("a healthy gateway never moves to make room, recovering nodes or not", () => {
    const w: World = {
      pools: { egress: [node({ name: "a", readySince: ago(1) }), node({ name: "b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    };
    const d = decision(run(w), "p");
    assert.equal(d.action, "keep");
    assert.equal(d.reason.code, "gateway-healthy");
  });
});

describe("item 2: the agent-not-ready taint belongs to the agent signal", () => {
  const tainted = (since: string | undefined) => {
    const n = node({ name: "a", taints: ["node.cilium.io/agent-not-ready"] });
    const taints = (n.spec as { taints: Record<string, unknown>[] }).taints;
    if (since === undefined) delete taints[0]?.timeAdded;
    else if (taints[0]) taints[0].timeAdded = since;
    return n;
  };
  const agents = [agent({ node: "a", ready: false, readySince: ago(10) }), agent({ node: "b" }), agent({ node: "c" })];

  test("inside the grace the node keeps its gateways, and takes no new one", () => {
    const w: World = {
      pools: { egress: [tainted(ago(10)), node({ name: "b", ready: "False" }), node({ name: "c" })] },
      policies: [
        policy({ name: "on-a", pool: "egress", hostname: "a" }),
        policy({ name: "on-b", pool: "egress", hostname: "b" }),
      ],
      agents,
    };
    const e = run(w, AGENT_ONLY);
    const onA = decision(e, "on-a");
    assert.equal(onA.action, "keep");
    assert.equal(onA.reason.code, "gateway-in-grace");
    const onB = decision(e, "on-b");
    assert.equal(onB.slots[0]?.to, "c", "the node in its grace is never a target");
    assert.equal(e.plan?.pools[0]?.nodes.find((n) => n.name === "a")?.state, "grace");
  });

  test("past the grace it is unhealthy, and its gateways move", () => {
    const w: World = {
      pools: { egress: [tainted(ago(90)), node({ name: "c" })] },
      policies: [policy({ name: "on-a", pool: "egress", hostname: "a" })],
      agents: [agent({ node: "a", ready: false, readySince: ago(90) }), agent({ node: "c" })],
    };
    const d = decision(run(w, AGENT_ONLY), "on-a");
    assert.equal(d.action, "move");
    assert.equal(cause(d).code, "gateway-unhealthy");
    assert.equal(((facts(cause(d)).problems as Reason[])[0] as Reason).code, "agent-down");
  });

  test("a taint without timeAdded is timed by the hook's own sightings", () => {
    const w: World = {
      pools: { egress: [tainted(undefined), node({ name: "c" })] },
      policies: [policy({ name: "on-a", pool: "egress", hostname: "a" })],
      agents: [agent({ node: "a" }), agent({ node: "c" })],
    };
    const first = run(w, AGENT_ONLY, NOW, EMPTY_STATE);
    assert.equal(decision(first, "on-a").action, "keep");
    const second = run(w, AGENT_ONLY, later(61), first.state);
    assert.equal(decision(second, "on-a").action, "move");
  });

  test("with the agent signal off, the taint blocks at once", () => {
    const w: World = {
      pools: { egress: [tainted(ago(1)), node({ name: "c" })] },
      policies: [policy({ name: "on-a", pool: "egress", hostname: "a" })],
    };
    const d = decision(run(w, SIGNALS_OFF), "on-a");
    assert.equal(d.action, "move");
    assert.equal(((facts(cause(d)).problems as Reason[])[0] as Reason).code, "node-tainted");
  });
});

describe("item 3: a hostname label shared by two nodes", () => {
  const shared = (name: string, ready: "True" | "False" = "True") =>
    node({ name, ready, labels: { "kubernetes.io/hostname": "shared" } });

  test("a pin to an ambiguous hostname with a dead node moves to an unambiguous node; never shared → shared", () => {
    const w: World = {
      pools: { egress: [shared("egress-a", "False"), shared("egress-b"), node({ name: "egress-c" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "shared" })],
    };
    const e = run(w);
    const d = decision(e, "p");
    assert.equal(cause(d).code, "gateway-ambiguous");
    assert.deepEqual(facts(cause(d)).nodes, ["egress-a", "egress-b"]);
    assert.equal(d.slots[0]?.to, "egress-c");
    assert.ok(e.plan?.notices.some((n) => n.code === "hostnames-ambiguous"));
  });

  test("with no unambiguous node left it is stuck, and writes nothing", () => {
    const w: World = {
      pools: { egress: [shared("egress-a", "False"), shared("egress-b")] },
      policies: [policy({ name: "p", pool: "egress", hostname: "shared" })],
    };
    const e = run(w);
    assert.equal(decision(e, "p").action, "stuck");
    assert.equal(patches(e).length, 0);
    const rejections = facts(decision(e, "p").reason).rejections as { node: string; reason: Reason }[];
    assert.equal(rejections.find((r) => r.node === "egress-b")?.reason.code, "hostname-ambiguous");
  });

  test("an ambiguous pin whose nodes are all healthy stays (a healthy gateway never moves)", () => {
    const w: World = {
      pools: { egress: [shared("egress-a"), shared("egress-b"), node({ name: "egress-c" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "shared" })],
    };
    assert.equal(decision(run(w), "p").action, "keep");
  });

  test("a pool node sharing its hostname with a node outside the pool still fits: the pin carries the pool's terms", () => {
    const w: World = {
      pools: { egress: [node({ name: "a", ready: "False" }), node({ name: "b" })] },
      others: [node({ name: "x", labels: { "kubernetes.io/hostname": "b", "node.kubernetes.io/role": "worker" } })],
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    };
    const d = decision(run(w), "p");
    assert.equal(d.action, "move");
    assert.deepEqual(d.slots[0]?.pin, {
      matchLabels: { "kubernetes.io/hostname": "b", "node.kubernetes.io/role": "egress" },
    });
  });
});

describe("item 4: egress IP annotations", () => {
  test("an IPv4-mapped IPv6 annotation is refused, with a notice naming the node", () => {
    const w: World = {
      pools: {
        egress: [
          node({ name: "a", ready: "False", egressIP: "10.0.0.1" }),
          node({ name: "b", egressIP: "::ffff:10.0.0.2" }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "a", egressIP: "10.0.0.1" })],
    };
    const e = run(w);
    const d = decision(e, "p");
    assert.equal(d.action, "stuck");
    const rejections = facts(d.reason).rejections as { node: string; reason: Reason }[];
    assert.equal(rejections.find((r) => r.node === "b")?.reason.code, "egress-ip-invalid");
    const notice = e.plan?.notices.find((n) => n.code === "egress-ip-annotation-invalid");
    assert.equal(notice?.node, "b");
    assert.equal(notice?.value, "::ffff:10.0.0.2");
  });

  test("an annotation over 39 characters is refused", () => {
    const w: World = {
      pools: {
        egress: [
          node({ name: "a", ready: "False", egressIP: "10.0.0.1" }),
          node({ name: "b", egressIP: "2001:0db8:0000:0000:0000:0000:0000:0001:1" }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "a", egressIP: "10.0.0.1" })],
    };
    assert.equal(decision(run(w), "p").action, "stuck");
  });

  test("an IPv4 egressIP never moves to a node whose address is IPv6, and takes the IPv4 one", () => {
    const w: World = {
      pools: {
        egress: [
          node({ name: "a", ready: "False", egressIP: "10.0.0.1" }),
          node({ name: "b", egressIP: "2001:db8::2" }),
          node({ name: "c", egressIP: "10.0.0.3" }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "a", egressIP: "10.0.0.1" })],
    };
    const d = decision(run(w), "p");
    assert.equal(d.slots[0]?.to, "c");
    assert.deepEqual(d.slots[0]?.egressIP, { from: "10.0.0.1", to: "10.0.0.3" });
  });
});

describe("two pool nodes claiming one egress IP (a kubelet can set the annotation on itself)", () => {
  // a serves 10.0.0.1; c claims it too. d, the gateway of p (10.0.0.4), fails.
  const world = (withB = true): World => ({
    pools: {
      egress: [
        node({ name: "a", egressIP: "10.0.0.1" }),
        ...(withB ? [node({ name: "b", egressIP: "10.0.0.2" })] : []),
        node({ name: "c", egressIP: "10.0.0.1" }),
        node({ name: "d", ready: "False", egressIP: "10.0.0.4" }),
      ],
    },
    policies: [policy({ name: "p", pool: "egress", hostname: "d", egressIP: "10.0.0.4" })],
  });

  test("neither claimant takes a policy (its traffic would leave as the other's address); a node that fits does", () => {
    const e = run(world());
    const d = decision(e, "p");
    assert.equal(d.slots[0]?.to, "b");
    assert.deepEqual(d.slots[0]?.egressIP, { from: "10.0.0.4", to: "10.0.0.2" });
    const notices = (e.plan?.notices ?? []).filter((n) => n.code === "egress-ip-annotation-conflict");
    assert.deepEqual(
      notices.map((n) => facts(n).node),
      ["a", "c"],
      "a notice names each claimant",
    );
    const metric = e.metrics.filter((m) => m.name === "cilium_egress_ha_egress_ip_conflicts");
    assert.deepEqual(
      metric.map((m) => [m.labels.pool, m.value]),
      [["egress", 2]],
    );
  });

  test("with no other node, the policy is stuck and says why for each claimant", () => {
    const d = decision(run(world(false)), "p");
    assert.equal(d.action, "stuck");
    const rejections = facts(d.reason).rejections as { node: string; reason: Reason }[];
    assert.deepEqual(
      rejections.filter((r) => r.reason.code === "egress-ip-conflict").map((r) => r.node),
      ["a", "c"],
    );
  });

  test("a claimant that is down serves nothing: the address may move to another node", () => {
    const w = world(false);
    w.pools.egress = [
      node({ name: "a", ready: "False", egressIP: "10.0.0.1" }),
      node({ name: "c", egressIP: "10.0.0.1" }),
    ];
    w.policies = [policy({ name: "p", pool: "egress", hostname: "a", egressIP: "10.0.0.1" })];
    const e = run(w);
    assert.equal(decision(e, "p").slots[0]?.to, "c");
    assert.equal(
      e.plan?.notices.some((n) => n.code === "egress-ip-annotation-conflict"),
      false,
    );
  });
});

describe("item 5: remembered prior-art policies", () => {
  const remembered = (pool = "egress"): RunState => {
    const s = parseState(serializeState(EMPTY_STATE));
    s.engine.remembered.p = pool;
    return s;
  };
  const leasesOf = (...names: string[]) => names.map((n) => lease(n, 1));
  const LEASE_ON = { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "false" };

  test("a pin to an existing non-pool node whose hostname differs from its name is left alone", () => {
    const w: World = {
      pools: { egress: [node({ name: "b" })] },
      others: [
        node({
          name: "ip-10-0-0-9.ec2.internal",
          labels: { "kubernetes.io/hostname": "ip-10-0-0-9", "node.kubernetes.io/role": "worker" },
        }),
      ],
      policies: [policy({ name: "p", hostname: "ip-10-0-0-9" })],
      leases: leasesOf("b", "ip-10-0-0-9.ec2.internal"),
    };
    const e = run(w, LEASE_ON, NOW, remembered());
    assert.equal(decision(e, "p").action, "ignore");
    assert.equal(patches(e).length, 0);
  });

  test("a pin to a node that is gone moves", () => {
    const w: World = {
      pools: { egress: [node({ name: "b" })] },
      policies: [policy({ name: "p", hostname: "gone" })],
      leases: leasesOf("b"),
    };
    const d = decision(run(w, LEASE_ON, NOW, remembered()), "p");
    assert.equal(d.action, "move");
    assert.equal(cause(d).code, "gateway-not-in-pool");
  });

  test("a policy whose owner removed the hostname pin gets no pin back", () => {
    const w: World = {
      pools: { egress: [node({ name: "b" })] },
      policies: [policy({ name: "p", hostname: null })],
      leases: leasesOf("b"),
    };
    const e = run(w, LEASE_ON, NOW, remembered());
    const d = decision(e, "p");
    assert.equal(d.action, "ignore");
    assert.equal(facts(d.reason).because, "remembered-unpinned");
    assert.equal(patches(e).length, 0);
  });

  test("nothing happens to remembered policies while Leases are unavailable, and they stay remembered", () => {
    const w: World = {
      pools: { egress: [node({ name: "b" })] },
      policies: [policy({ name: "p", hostname: "gone" })],
      leases: [],
    };
    const e = run(w, LEASE_ON, NOW, remembered());
    assert.equal(decision(e, "p").action, "ignore");
    assert.equal(facts(decision(e, "p").reason).because, "inventory-unknown");
    assert.equal(e.state.engine.remembered.p, "egress");
  });

  test("nothing happens either without the node inventory", () => {
    const w: World = {
      pools: { egress: [node({ name: "b" })] },
      policies: [policy({ name: "p", hostname: "gone" })],
      leases: leasesOf("b"),
      noInventory: true,
    };
    assert.equal(decision(run(w, LEASE_ON, NOW, remembered()), "p").action, "ignore");
  });
});

describe("item 6: targets need a hostname label", () => {
  test("a node without kubernetes.io/hostname is never a target, and its detail says so", () => {
    const bare = node({ name: "b" });
    delete (bare.metadata as { labels: Record<string, string> }).labels["kubernetes.io/hostname"];
    const w: World = {
      pools: { egress: [node({ name: "a", ready: "False" }), bare] },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    };
    const e = run(w);
    const d = decision(e, "p");
    assert.equal(d.action, "stuck");
    const rejections = facts(d.reason).rejections as { node: string; reason: Reason }[];
    assert.equal(rejections.find((r) => r.node === "b")?.reason.code, "no-hostname-label");
    assert.equal(e.plan?.pools[0]?.nodes.find((n) => n.name === "b")?.hostname, null);
  });
});

describe("item 7: agent down-time runs from the earliest sighting", () => {
  test("a replacement pod that is slow to start does not restart the grace", () => {
    const pool = { egress: [node({ name: "a" }), node({ name: "b" })] };
    const policies = [policy({ name: "p", pool: "egress", hostname: "a" })];
    const first = run(
      { pools: pool, policies, agents: [agent({ node: "a", ready: false, readySince: ago(0) }), agent({ node: "b" })] },
      AGENT_ONLY,
      NOW,
      EMPTY_STATE,
    );
    assert.equal(decision(first, "p").action, "keep");
    // 40 s later the old pod is gone and the new one is not Ready yet, since its own start.
    const replaced = [
      agent({ node: "a", name: "cilium-new", ready: false, readySince: later(40).toISOString() }),
      agent({ node: "b" }),
    ];
    const second = run({ pools: pool, policies, agents: replaced }, AGENT_ONLY, later(61), first.state);
    assert.equal(decision(second, "p").action, "move");
  });
});

describe("item 8: times from the future are clamped", () => {
  test("a Ready time later than the clock does not hold the only other node back", () => {
    const w: World = {
      pools: {
        egress: [node({ name: "a", ready: "False" }), node({ name: "b", readySince: later(3600).toISOString() })],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    };
    const e = run(w, SIGNALS_OFF, NOW, EMPTY_STATE);
    assert.equal(decision(e, "p").slots[0]?.to, "b");
    const notice = e.plan?.notices.find((n) => n.code === "time-in-future");
    assert.ok(notice, "a notice names the bad time");
    // And it is settled once the delay has passed from the first sighting, not the future time.
    const after = run(w, SIGNALS_OFF, later(31), e.state);
    assert.equal(after.plan?.pools[0]?.nodes.find((n) => n.name === "b")?.state, "settled");
  });

  test("a bad time in the state file does not blind the Lease signal", () => {
    const w: World = {
      pools: { egress: [node({ name: "a" }), node({ name: "b" }), node({ name: "c" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
      leases: [lease("a", 100), lease("b", 1), lease("c", 1)],
    };
    const state = parseState(serializeState(EMPTY_STATE));
    const renew = (context(w)[0] as { snapshots: { leases: { filterResult: { renewTime: string } }[] } }).snapshots
      .leases[0]?.filterResult.renewTime as string;
    state.engine.leaseSeen.a = { renewTime: renew, seenAt: "2999-01-01T00:00:00Z" };
    const LEASE_ON = { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "false" };
    const first = run(w, LEASE_ON, NOW, state);
    assert.ok(first.plan?.notices.some((n) => n.code === "time-in-future"));
    // b and c renew meanwhile; a does not.
    const renewed = { ...w, leases: [lease("a", 100), lease("b", -19), lease("c", -19)] };
    const second = run(renewed, LEASE_ON, later(20), first.state);
    assert.equal(decision(second, "p").action, "move", "the Lease ages from the clamped sighting");
  });
});

describe("item 9: plan and capture", () => {
  test("without a state, Leases age by renewTime against now", () => {
    const w: World = {
      pools: { egress: [node({ name: "a" }), node({ name: "b" }), node({ name: "c" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
      leases: [lease("a", 60), lease("b", 1), lease("c", 1)],
    };
    const d = decision(run(w, { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "false" }), "p");
    assert.equal(d.action, "move");
    assert.equal(((facts(cause(d)).problems as Reason[])[0] as Reason).code, "lease-stale");
  });

  test("capture records nodes, the hostname inventory, policies, Leases and agent pods", () => {
    const settings = readSettings({});
    const doc = captureContext(settings, {
      nodesByPool: new Map([["egress", [node({ name: "a" })]]]),
      allNodes: [node({ name: "a" }), node({ name: "w", labels: { "node.kubernetes.io/role": "worker" } })],
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
      leases: [lease("a", 1), lease("w", 1)],
      agents: [agent({ node: "a" })],
    }) as { snapshots: Record<string, unknown[]> }[];
    const snaps = doc[0]?.snapshots ?? {};
    assert.deepEqual(Object.keys(snaps).sort(), ["agents", "hostnames", "leases", "nodes-egress", "policies"]);
    assert.equal(snaps.hostnames?.length, 2);
    // And a hook with no prior state decides the same from it, Lease and agent signals included.
    const e = evaluate(doc, settings, NOW, { strict: true, state: EMPTY_STATE });
    assert.equal(e.plan?.signals.find((s) => s.signal === "lease")?.state, "active");
    assert.equal(e.plan?.signals.find((s) => s.signal === "agent")?.state, "active");
  });
});

describe("item 10: only confirmed moves are reported", () => {
  const w: World = {
    pools: { egress: [node({ name: "a", ready: "False" }), node({ name: "b" })] },
    policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
  };

  test("the Event and the count come in the run that sees the move take effect", () => {
    const first = run(w, SIGNALS_OFF, NOW, EMPTY_STATE, "replica-1");
    assert.equal(patches(first).length, 1);
    assert.equal(events(first, "GatewayMoved").length, 0);
    assert.equal(first.state.failovers.egress ?? 0, 0);
    const moved = apply(w, first);
    const second = run(moved, SIGNALS_OFF, later(1), first.state, "replica-1");
    assert.equal(events(second, "GatewayMoved").length, 1);
    assert.equal(second.state.failovers.egress, 1);
    assert.equal(patches(second).length, 0, "nothing moves twice");
    const third = run(moved, SIGNALS_OFF, later(2), second.state, "replica-1");
    assert.equal(events(third, "GatewayMoved").length, 0, "one Event per move");
    assert.equal(third.state.failovers.egress, 1);
  });

  test("a refused patch leaves no Event and no count, and an identical move is not rewritten at once", () => {
    const first = run(w, SIGNALS_OFF, NOW, EMPTY_STATE, "replica-1");
    const second = run(w, SIGNALS_OFF, later(1), first.state, "replica-1");
    assert.equal(events(second, "GatewayMoved").length, 0);
    assert.equal(second.state.failovers.egress ?? 0, 0);
    assert.deepEqual(second.held, ["p"]);
    assert.equal(patches(second).length, 0);
    // Past the hold it is written again, and the expired first try is never reported.
    const third = run(w, SIGNALS_OFF, later(11), second.state, "replica-1");
    assert.equal(patches(third).length, 1);
    const fourth = run(w, SIGNALS_OFF, later(400), third.state, "replica-1");
    assert.ok(fourth.settled.dropped.some((x) => x.why === "expired"));
    assert.equal(fourth.state.failovers.egress ?? 0, 0);
  });

  test("a pending move from other pins does not hold a new one (the policy was edited meanwhile)", () => {
    const first = run(w, SIGNALS_OFF, NOW, EMPTY_STATE, "replica-1");
    // Someone re-pins the policy to another dead node before the patch lands.
    const edited: World = {
      ...w,
      pools: {
        egress: [node({ name: "a", ready: "False" }), node({ name: "b" }), node({ name: "x", ready: "False" })],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "x" })],
    };
    const second = run(edited, SIGNALS_OFF, later(1), first.state, "replica-1");
    assert.deepEqual(second.held, []);
    assert.equal(patches(second).length, 1);
  });

  test("two replicas: only the writer whose patch landed reports the move", () => {
    const one = run(w, SIGNALS_OFF, NOW, EMPTY_STATE, "replica-1");
    const two = run(w, SIGNALS_OFF, NOW, EMPTY_STATE, "replica-2");
    const moved = apply(w, one);
    // replica-2's guarded patch now fails its test op: the API server refuses it.
    assert.throws(() => apply(moved, two));
    const oneNext = run(moved, SIGNALS_OFF, later(1), one.state, "replica-1");
    const twoNext = run(moved, SIGNALS_OFF, later(1), two.state, "replica-2");
    assert.equal(events(oneNext, "GatewayMoved").length + events(twoNext, "GatewayMoved").length, 1);
    assert.equal((oneNext.state.failovers.egress ?? 0) + (twoNext.state.failovers.egress ?? 0), 1);
    assert.ok(twoNext.settled.dropped.some((x) => x.why === "superseded"));
  });

  test("the move annotation says who moved the policy, when and why", () => {
    const first = run(w, SIGNALS_OFF, NOW, EMPTY_STATE, "replica-1");
    const moved = apply(w, first);
    const raw = ((moved.policies[0] as { metadata: unknown }).metadata as { annotations: Record<string, string> })
      .annotations["cilium-egress-ha/last-move"];
    const lm = JSON.parse(raw as string);
    assert.equal(lm.by, "replica-1");
    assert.equal(lm.reason, "gateway-unhealthy");
    assert.equal(lm.tier, "settled");
    assert.deepEqual(lm.to, ["b"]);
    assert.equal(lm.at, NOW.toISOString());
  });

  test("an unannotated policy with no annotations map gets one created by the patch", () => {
    const bare: World = { ...w, policies: [policy({ name: "p", hostname: "a" })] };
    const first = run(bare, SIGNALS_OFF, NOW, EMPTY_STATE, "replica-1");
    const moved = apply(bare, first);
    const second = run(moved, SIGNALS_OFF, later(1), first.state, "replica-1");
    assert.equal(second.state.failovers.egress, 1);
  });
});
