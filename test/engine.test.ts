import assert from "node:assert/strict";
import { test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { PolicyDecision } from "../src/engine/decide.js";
import { evaluate } from "../src/hook/pipeline.js";
import type { PolicyPatchOperation } from "../src/patch/operations.js";
import { type ClusterObjects, groupContext, NOW, node, policy } from "./support/builders.js";

const UNREACHABLE = { ready: "Unknown" as const, taints: ["node.kubernetes.io/unreachable"] };

function run(cluster: ClusterObjects, env: Record<string, string> = {}) {
  return evaluate(groupContext(cluster), readSettings({ EGRESS_HA_EVENTS: "false", ...env }), NOW);
}

function decisionOf(cluster: ClusterObjects, name: string, env: Record<string, string> = {}): PolicyDecision {
  const d = run(cluster, env).plan?.decisions.find((x) => x.policy === name);
  assert.ok(d, `no decision for ${name}`);
  return d;
}

/** Final node of each slot after the decision is carried out. */
function finalGateways(d: PolicyDecision): (string | null)[] {
  return d.slots.map((s) => s.to ?? s.from);
}

interface Case {
  name: string;
  cluster: ClusterObjects;
  env?: Record<string, string>;
  policy: string;
  action: PolicyDecision["action"];
  gateways?: (string | null)[];
  reason: RegExp;
}

const healthy3 = [node({ name: "egress-a" }), node({ name: "egress-b" }), node({ name: "egress-c" })];

const cases: Case[] = [
  {
    name: "healthy gateway stays",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", pool: "egress", hostname: "egress-b" })] },
    policy: "p",
    action: "keep",
    gateways: ["egress-b"],
    reason: /^gateway egress-b is healthy$/,
  },
  {
    name: "Ready=False gateway moves to the first eligible node by name",
    cluster: {
      pools: {
        egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" }), node({ name: "egress-c" })],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-b"],
    reason:
      /^gateway egress-a is not eligible \(Ready=False since .*\); moving to egress-b, the eligible node serving the fewest gateways \(0\)$/,
  },
  {
    name: "unreachable gateway moves",
    cluster: {
      pools: { egress: [node({ name: "egress-a", ...UNREACHABLE }), node({ name: "egress-b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-b"],
    reason: /tainted node\.kubernetes\.io\/unreachable\); moving to egress-b/,
  },
  {
    name: "deleted gateway (gone from the snapshot) moves",
    cluster: {
      pools: { egress: [node({ name: "egress-b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-b"],
    reason:
      /^gateway egress-a is not a node of pool egress \(deleted, or no longer selected by the pool\); moving to egress-b/,
  },
  {
    name: "cordoned gateway is drained",
    cluster: {
      pools: { egress: [node({ name: "egress-a", unschedulable: true }), node({ name: "egress-b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-b"],
    reason: /not eligible \(cordoned\)/,
  },
  {
    name: "cordon ignored when EGRESS_HA_CORDON_DRAINS=false",
    cluster: {
      pools: { egress: [node({ name: "egress-a", unschedulable: true }), node({ name: "egress-b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    env: { EGRESS_HA_CORDON_DRAINS: "false" },
    policy: "p",
    action: "keep",
    gateways: ["egress-a"],
    reason: /healthy/,
  },
  {
    name: "all pool nodes down: stuck, nothing changes, every node says why",
    cluster: {
      pools: { egress: [node({ name: "egress-a", ...UNREACHABLE }), node({ name: "egress-b", ready: "False" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "stuck",
    gateways: ["egress-a"],
    reason: /no node of pool egress can take over: egress-a: Ready=Unknown.*; egress-b: Ready=False since/,
  },
  {
    name: "empty pool: stuck",
    cluster: { pools: { egress: [] }, policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })] },
    policy: "p",
    action: "stuck",
    reason: /pool egress has no nodes$/,
  },
  {
    name: "a recovering node is not a new gateway yet",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", ready: "False" }),
          node({ name: "egress-b", readySince: "2026-11-26T11:59:45Z" }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "stuck",
    reason: /egress-b: Ready for 15s of the 30s recovery delay/,
  },
  {
    name: "once the recovery delay has passed, it is",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", ready: "False" }),
          node({ name: "egress-b", readySince: "2026-11-26T11:59:45Z" }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    env: { EGRESS_HA_RECOVERY_DELAY: "10s" },
    policy: "p",
    action: "move",
    gateways: ["egress-b"],
    reason: /moving to egress-b/,
  },
  {
    name: "sticky: a gateway that just recovered keeps its policy",
    cluster: {
      pools: { egress: [node({ name: "egress-a", readySince: "2026-11-26T11:59:55Z" }), node({ name: "egress-b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "keep",
    gateways: ["egress-a"],
    reason: /healthy/,
  },
  {
    name: "no failback: the original node is back, the policy stays",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", pool: "egress", hostname: "egress-c" })] },
    policy: "p",
    action: "keep",
    gateways: ["egress-c"],
    reason: /healthy/,
  },
  {
    name: "prior-art compatibility: unannotated policy pinned to a pool node is managed",
    cluster: {
      pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
      policies: [policy({ name: "p", hostname: "egress-a" })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-b"],
    reason: /moving to egress-b/,
  },
  {
    name: "unannotated policy pinned to a non-pool node is not touched",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", hostname: "worker-1" })] },
    policy: "p",
    action: "ignore",
    reason: /^not managed: no cilium-egress-ha\/pool annotation/,
  },
  {
    name: "unannotated, unpinned policy is not touched",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", extraLabels: { role: "x" } })] },
    policy: "p",
    action: "ignore",
    reason: /not managed/,
  },
  {
    name: "annotated with an unknown pool: reported as invalid, not managed",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", pool: "gpu", hostname: "egress-a" })] },
    policy: "p",
    action: "invalid",
    reason:
      /metadata\.annotations\["cilium-egress-ha\/pool"\] names pool "gpu", which is not configured \(configured: egress\)/,
  },
  {
    name: "annotated but unpinned policy gets pinned",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", pool: "egress" })] },
    policy: "p",
    action: "move",
    gateways: ["egress-a"],
    reason: /^not pinned to a node; moving to egress-a/,
  },
  {
    name: "annotated policy pinned outside its pool is brought into the pool",
    cluster: {
      pools: { egress: [node({ name: "egress-a" })], other: [node({ name: "other-1" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "other-1" })],
    },
    env: { EGRESS_HA_POOLS: "egress=node.kubernetes.io/role=egress;other=role=other" },
    policy: "p",
    action: "move",
    gateways: ["egress-a"],
    reason: /gateway other-1 is not a node of pool egress/,
  },
  {
    name: "other selector terms are kept, and a replacement must match them",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", ready: "False", labels: { zone: "a" } }),
          node({ name: "egress-b", labels: { zone: "b" } }),
          node({ name: "egress-c", labels: { zone: "a" } }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a", extraLabels: { zone: "a" } })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-c"],
    reason: /moving to egress-c/,
  },
  {
    name: "a gateway that no longer matches the other terms selects nothing, so it moves",
    cluster: {
      pools: {
        egress: [node({ name: "egress-a", labels: { zone: "b" } }), node({ name: "egress-c", labels: { zone: "a" } })],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a", extraLabels: { zone: "a" } })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-c"],
    reason: /^gateway egress-a no longer matches the policy's selector \(zone=a\)/,
  },
  {
    name: "egressIP policy moves only to an annotated node, and takes its IP",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", ready: "False", egressIP: "192.0.2.1" }),
          node({ name: "egress-b" }),
          node({ name: "egress-c", egressIP: "192.0.2.3" }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a", egressIP: "192.0.2.1" })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-c"],
    reason: /moving to egress-c, .*, egressIP 192\.0\.2\.1 → 192\.0\.2\.3$/,
  },
  {
    name: "egressIP policy with no annotated candidate is stuck, and says so",
    cluster: {
      pools: {
        egress: [node({ name: "egress-a", ready: "False", egressIP: "192.0.2.1" }), node({ name: "egress-b" })],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a", egressIP: "192.0.2.1" })],
    },
    policy: "p",
    action: "stuck",
    reason: /egress-b: has no cilium-egress-ha\/egress-ip annotation, which the policy's egressIP needs/,
  },
  {
    name: "interface policy needs no IP",
    cluster: {
      pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a", interface: "eth1" })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-b"],
    reason: /moving to egress-b/,
  },
  {
    name: "egressGateways: only the dead slot is replaced, by a node no other slot uses",
    cluster: {
      pools: {
        egress: [node({ name: "egress-a" }), node({ name: "egress-b", ready: "False" }), node({ name: "egress-c" })],
      },
      policies: [policy({ name: "p", pool: "egress", gateways: [{ hostname: "egress-a" }, { hostname: "egress-b" }] })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-a", "egress-c"],
    reason: /^egressGateways\[1\]: gateway egress-b is not eligible .*moving to egress-c/,
  },
  {
    name: "egressGateways: slots share a node only when there are not enough",
    cluster: {
      pools: { egress: [node({ name: "egress-a" }), node({ name: "egress-b", ready: "False" })] },
      policies: [policy({ name: "p", pool: "egress", gateways: [{ hostname: "egress-a" }, { hostname: "egress-b" }] })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-a", "egress-a"],
    reason: /sharing it with another slot for lack of eligible nodes/,
  },
  {
    name: "egressGateways all healthy",
    cluster: {
      pools: { egress: healthy3 },
      policies: [policy({ name: "p", pool: "egress", gateways: [{ hostname: "egress-a" }, { hostname: "egress-c" }] })],
    },
    policy: "p",
    action: "keep",
    gateways: ["egress-a", "egress-c"],
    reason: /^all 2 gateways are healthy \(egress-a, egress-c\)$/,
  },
  {
    name: "a policy being deleted is left alone",
    cluster: {
      pools: { egress: healthy3 },
      policies: [policy({ name: "p", pool: "egress", hostname: "gone", deleting: true })],
    },
    policy: "p",
    action: "ignore",
    reason: /being deleted/,
  },
];

for (const c of cases) {
  test(`engine: ${c.name}`, () => {
    const d = decisionOf(c.cluster, c.policy, c.env);
    assert.equal(d.action, c.action, d.reason);
    assert.match(d.reason, c.reason);
    if (c.gateways) assert.deepEqual(finalGateways(d), c.gateways);
  });
}

const invalid: { name: string; spec: Record<string, unknown>; field: RegExp }[] = [
  {
    name: "both egressIP and interface",
    spec: { egressIP: "192.0.2.1", interface: "eth0" },
    field: /^spec\.egressGateway$/,
  },
  { name: "no nodeSelector", spec: { nodeSelector: undefined }, field: /^spec\.egressGateway\.nodeSelector$/ },
  {
    name: "hostname pinned with an expression",
    spec: {
      nodeSelector: { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["egress-a"] }] },
    },
    field: /^spec\.egressGateway\.nodeSelector\.matchExpressions\[0\]$/,
  },
  {
    name: "non-string label value",
    spec: { nodeSelector: { matchLabels: { "kubernetes.io/hostname": 7 } } },
    field: /matchLabels\["kubernetes\.io\/hostname"\]$/,
  },
];

for (const c of invalid) {
  test(`engine: a policy with a bad shape is skipped with the field named (${c.name}), others still handled`, () => {
    const bad = policy({ name: "bad", pool: "egress", hostname: "egress-a" });
    const spec = bad.spec as Record<string, Record<string, unknown>>;
    Object.assign(spec.egressGateway as Record<string, unknown>, c.spec);
    const cluster = {
      pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
      policies: [bad, policy({ name: "good", pool: "egress", hostname: "egress-a" })],
    };
    const result = run(cluster);
    const d = result.plan?.decisions.find((x) => x.policy === "bad");
    assert.equal(d?.action, "invalid");
    assert.match(d?.field ?? "", c.field);
    assert.match(d?.reason ?? "", /^skipped: spec\./);
    assert.deepEqual(
      result.operations.map((o) => (o as PolicyPatchOperation).name),
      ["good"],
    );
  });
}

test("engine: moving policies spread over the least-loaded nodes, counting this run's moves", () => {
  const cluster = {
    pools: {
      egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" }), node({ name: "egress-c" })],
    },
    policies: [
      policy({ name: "p1", pool: "egress", hostname: "egress-a" }),
      policy({ name: "p2", pool: "egress", hostname: "egress-a" }),
      policy({ name: "p3", pool: "egress", hostname: "egress-a" }),
      policy({ name: "p4", pool: "egress", hostname: "egress-c" }),
    ],
  };
  const decisions = run(cluster).plan?.decisions ?? [];
  // egress-c already serves p4, so p1 takes egress-b; then both have 1: ties go by name.
  assert.deepEqual(
    decisions.map((d) => [d.policy, finalGateways(d)[0]]),
    [
      ["p1", "egress-b"],
      ["p2", "egress-b"],
      ["p3", "egress-c"],
      ["p4", "egress-c"],
    ],
  );
});

test("engine: a node in two pools counts its gateways once across pools", () => {
  const shared = node({ name: "shared", labels: { role: "other" } });
  const cluster = {
    pools: {
      egress: [node({ name: "egress-a", ready: "False" }), shared, node({ name: "egress-z" })],
      other: [shared],
    },
    policies: [
      policy({ name: "o1", pool: "other", hostname: "shared" }),
      policy({ name: "p1", pool: "egress", hostname: "egress-a" }),
    ],
  };
  const d = decisionOf(cluster, "p1", { EGRESS_HA_POOLS: "egress=node.kubernetes.io/role=egress;other=role=other" });
  assert.deepEqual(finalGateways(d), ["egress-z"]);
});

test("patches: test the replaced value, then change it; one operation per moving policy", () => {
  const cluster = {
    pools: {
      egress: [
        node({ name: "egress-a", ready: "False", egressIP: "192.0.2.1" }),
        node({ name: "egress-b", egressIP: "192.0.2.2" }),
      ],
    },
    policies: [
      policy({ name: "ip", pool: "egress", hostname: "egress-a", egressIP: "192.0.2.1" }),
      policy({ name: "multi", pool: "egress", gateways: [{ hostname: "egress-b" }, { hostname: "egress-a" }] }),
      policy({ name: "unpinned", pool: "egress", extraLabels: { "node.kubernetes.io/role": "egress" } }),
    ],
  };
  const ops = run(cluster).operations;
  const h = "kubernetes.io~1hostname";
  assert.deepEqual(ops, [
    {
      operation: "JSONPatch",
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: "ip",
      jsonPatch: [
        { op: "test", path: `/spec/egressGateway/nodeSelector/matchLabels/${h}`, value: "egress-a" },
        { op: "test", path: "/spec/egressGateway/egressIP", value: "192.0.2.1" },
        { op: "replace", path: `/spec/egressGateway/nodeSelector/matchLabels/${h}`, value: "egress-b" },
        { op: "replace", path: "/spec/egressGateway/egressIP", value: "192.0.2.2" },
      ],
    },
    {
      operation: "JSONPatch",
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: "multi",
      jsonPatch: [
        { op: "test", path: `/spec/egressGateways/1/nodeSelector/matchLabels/${h}`, value: "egress-a" },
        { op: "replace", path: `/spec/egressGateways/1/nodeSelector/matchLabels/${h}`, value: "egress-b" },
      ],
    },
    {
      operation: "JSONPatch",
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: "unpinned",
      jsonPatch: [
        {
          op: "test",
          path: "/spec/egressGateway/nodeSelector/matchLabels",
          value: { "node.kubernetes.io/role": "egress" },
        },
        { op: "add", path: `/spec/egressGateway/nodeSelector/matchLabels/${h}`, value: "egress-b" },
      ],
    },
  ]);
});

test("patches: a selector without matchLabels gets one, guarded by a test of the whole selector", () => {
  const p = policy({ name: "p", pool: "egress" });
  const gw = (p.spec as Record<string, Record<string, unknown>>).egressGateway as Record<string, unknown>;
  gw.nodeSelector = { matchExpressions: [{ key: "zone", operator: "Exists" }] };
  const ops = run({ pools: { egress: [node({ name: "egress-a", labels: { zone: "x" } })] }, policies: [p] }).operations;
  assert.deepEqual((ops[0] as PolicyPatchOperation | undefined)?.jsonPatch, [
    {
      op: "test",
      path: "/spec/egressGateway/nodeSelector",
      value: { matchExpressions: [{ key: "zone", operator: "Exists" }] },
    },
    {
      op: "add",
      path: "/spec/egressGateway/nodeSelector/matchLabels",
      value: { "kubernetes.io/hostname": "egress-a" },
    },
  ]);
});

test("patches: nothing when nothing changes", () => {
  const result = run({
    pools: { egress: healthy3 },
    policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
  });
  assert.deepEqual(result.operations, []);
});

test("engine: policies pin the kubernetes.io/hostname label, which may differ from the node's name", () => {
  // AWS in-tree: the Node is named by its private DNS name, the hostname label is shorter.
  const aws = (name: string, host: string, ready: "True" | "False" = "True") =>
    node({ name, ready, labels: { "kubernetes.io/hostname": host } });
  const cluster = {
    pools: {
      egress: [aws("ip-10-0-1-1.ec2.internal", "ip-10-0-1-1", "False"), aws("ip-10-0-1-2.ec2.internal", "ip-10-0-1-2")],
    },
    policies: [
      policy({ name: "kept", pool: "egress", hostname: "ip-10-0-1-2" }),
      policy({ name: "moved", pool: "egress", hostname: "ip-10-0-1-1" }),
    ],
  };
  const result = run(cluster);
  const kept = result.plan?.decisions.find((d) => d.policy === "kept");
  assert.equal(kept?.action, "keep", kept?.reason);
  const moved = result.plan?.decisions.find((d) => d.policy === "moved");
  assert.equal(moved?.action, "move", moved?.reason);
  assert.deepEqual(finalGateways(moved as PolicyDecision), ["ip-10-0-1-2"], "the patch writes the label value");
  assert.match(moved?.reason ?? "", /moving to ip-10-0-1-2\.ec2\.internal \(kubernetes\.io\/hostname=ip-10-0-1-2\)/);
  const op = result.operations[0] as PolicyPatchOperation;
  assert.equal(op.jsonPatch[1]?.value, "ip-10-0-1-2");
});

test("engine: an unannotated policy's slots outside the pool are someone else's and stay", () => {
  const cluster = {
    pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
    policies: [policy({ name: "p", gateways: [{ hostname: "egress-a" }, { hostname: "worker-9" }] })],
  };
  const d = decisionOf(cluster, "p");
  assert.equal(d.action, "move");
  assert.deepEqual(finalGateways(d), ["egress-b", "worker-9"]);
  assert.match(d.slots[1]?.reason ?? "", /worker-9 is not a node of pool egress; left alone/);
});

test("engine: an unannotated policy of a shape the hook cannot manage is ignored, not reported", () => {
  const other = policy({ name: "other-team" });
  const gw = (other.spec as Record<string, Record<string, unknown>>).egressGateway as Record<string, unknown>;
  gw.nodeSelector = { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["worker-3"] }] };
  const d = decisionOf({ pools: { egress: healthy3 }, policies: [other] }, "other-team");
  assert.equal(d.action, "ignore");
  assert.match(d.reason, /^not managed: no cilium-egress-ha\/pool annotation/);
});
