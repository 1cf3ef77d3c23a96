import assert from "node:assert/strict";
import { test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { PolicyDecision } from "../src/engine/decide.js";
import { parseLastMove } from "../src/engine/moves.js";
import { evaluate } from "../src/hook/pipeline.js";
import { type Reason, renderReason } from "../src/model/reason.js";
import type { JsonPatchOp, PolicyPatchOperation } from "../src/patch/operations.js";
import { type ClusterObjects, groupContext, NOW, node, policy } from "./support/builders.js";
import { applyPatch } from "./support/json-patch.js";
import { assertReason, facts, mismatch, type Pattern } from "./support/reasons.js";

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
  /** The decision's reason: its code and the facts that matter. */
  reason: Pattern;
}

const healthy3 = [node({ name: "egress-a" }), node({ name: "egress-b" }), node({ name: "egress-c" })];

const cases: Case[] = [
  {
    name: "healthy gateway stays",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", pool: "egress", hostname: "egress-b" })] },
    policy: "p",
    action: "keep",
    gateways: ["egress-b"],
    reason: { code: "gateway-healthy", gateway: "egress-b" },
  },
  {
    name: "Ready=False gateway moves to the first settled node by name",
    cluster: {
      pools: {
        egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" }), node({ name: "egress-c" })],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-b"],
    reason: {
      code: "move",
      cause: {
        code: "gateway-unhealthy",
        gateway: "egress-a",
        node: "egress-a",
        problems: [{ code: "node-not-ready", status: "False", since: "2026-11-25T12:00:00Z" }],
      },
      node: "egress-b",
      hostname: "egress-b",
      tier: "settled",
      load: 0,
      shared: false,
      egressIP: null,
    },
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
    reason: {
      code: "move",
      cause: {
        code: "gateway-unhealthy",
        problems: [
          { code: "node-not-ready", status: "Unknown" },
          { code: "node-tainted", taint: "node.kubernetes.io/unreachable" },
        ],
      },
      node: "egress-b",
      tier: "settled",
    },
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
    reason: {
      code: "move",
      cause: { code: "gateway-not-in-pool", gateway: "egress-a", pool: "egress" },
      node: "egress-b",
      tier: "settled",
    },
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
    reason: { code: "move", cause: { code: "gateway-unhealthy", problems: [{ code: "node-cordoned" }] } },
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
    reason: { code: "gateway-healthy", gateway: "egress-a" },
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
    reason: {
      code: "no-node-fits",
      cause: { code: "gateway-unhealthy", gateway: "egress-a" },
      pool: "egress",
      rejections: [
        {
          node: "egress-a",
          reason: {
            code: "unhealthy",
            problems: [
              { code: "node-not-ready", status: "Unknown" },
              { code: "node-tainted", taint: "node.kubernetes.io/unreachable" },
            ],
          },
        },
        { node: "egress-b", reason: { code: "unhealthy", problems: [{ code: "node-not-ready", status: "False" }] } },
      ],
    },
  },
  {
    name: "empty pool: stuck",
    cluster: { pools: { egress: [] }, policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })] },
    policy: "p",
    action: "stuck",
    gateways: ["egress-a"],
    reason: { code: "no-node-fits", cause: { code: "gateway-not-in-pool" }, pool: "egress", rejections: [] },
  },
  {
    // Issue 8 item 1: a slot on a dead node has no connections left to protect, so it does not
    // wait out the recovery delay when no settled node fits.
    name: "no settled node: a recovering node takes the slot that must move",
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
    action: "move",
    gateways: ["egress-b"],
    reason: { code: "move", cause: { code: "gateway-unhealthy" }, node: "egress-b", tier: "recovering" },
  },
  {
    name: "among recovering nodes, the one healthy the longest wins (not the first by name)",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", ready: "False" }),
          node({ name: "egress-b", readySince: "2026-11-26T11:59:45Z" }),
          node({ name: "egress-c", readySince: "2026-11-26T11:59:40Z" }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-c"],
    reason: { code: "move", node: "egress-c", tier: "recovering" },
  },
  {
    name: "a settled node is preferred over a recovering one, even one earlier by name",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", ready: "False" }),
          node({ name: "egress-b", readySince: "2026-11-26T11:59:45Z" }),
          node({ name: "egress-c" }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "move",
    gateways: ["egress-c"],
    reason: { code: "move", node: "egress-c", tier: "settled" },
  },
  {
    name: "once the recovery delay has passed, it is settled",
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
    reason: { code: "move", node: "egress-b", tier: "settled" },
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
    reason: { code: "gateway-healthy", gateway: "egress-a" },
  },
  {
    name: "no failback: the original node is back, the policy stays",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", pool: "egress", hostname: "egress-c" })] },
    policy: "p",
    action: "keep",
    gateways: ["egress-c"],
    reason: { code: "gateway-healthy", gateway: "egress-c" },
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
    reason: { code: "move", cause: { code: "gateway-unhealthy", gateway: "egress-a" }, node: "egress-b" },
  },
  {
    name: "unannotated policy pinned to a non-pool node is not touched",
    cluster: {
      pools: { egress: healthy3 },
      nodes: [node({ name: "worker-1" })],
      policies: [policy({ name: "p", hostname: "worker-1" })],
    },
    policy: "p",
    action: "ignore",
    reason: { code: "not-managed", because: "no-pool-pin" },
  },
  {
    name: "unannotated, unpinned policy is not touched",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", extraLabels: { role: "x" } })] },
    policy: "p",
    action: "ignore",
    reason: { code: "not-managed", because: "no-pool-pin" },
  },
  {
    name: "annotated with an unknown pool: reported as invalid, not managed",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", pool: "gpu", hostname: "egress-a" })] },
    policy: "p",
    action: "invalid",
    reason: { code: "unknown-pool", pool: "gpu", configured: ["egress"] },
  },
  {
    name: "annotated but unpinned policy gets pinned",
    cluster: { pools: { egress: healthy3 }, policies: [policy({ name: "p", pool: "egress" })] },
    policy: "p",
    action: "move",
    gateways: ["egress-a"],
    reason: { code: "move", cause: { code: "not-pinned" }, node: "egress-a", tier: "settled" },
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
    reason: { code: "move", cause: { code: "gateway-not-in-pool", gateway: "other-1", pool: "egress" } },
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
    reason: { code: "move", node: "egress-c" },
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
    reason: {
      code: "move",
      cause: { code: "gateway-selector-mismatch", gateway: "egress-a", terms: ["zone=a"] },
      node: "egress-c",
    },
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
    reason: { code: "move", node: "egress-c", egressIP: { from: "192.0.2.1", to: "192.0.2.3" } },
  },
  {
    name: "egressIP policy with no annotated node is stuck, and says so",
    cluster: {
      pools: {
        egress: [node({ name: "egress-a", ready: "False", egressIP: "192.0.2.1" }), node({ name: "egress-b" })],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a", egressIP: "192.0.2.1" })],
    },
    policy: "p",
    action: "stuck",
    reason: {
      code: "no-node-fits",
      rejections: [
        { node: "egress-a", reason: { code: "unhealthy" } },
        { node: "egress-b", reason: { code: "egress-ip-missing" } },
      ],
    },
  },
  {
    // Issue 8 item 4: the CRD refuses IPv4-mapped IPv6, and the family must match.
    name: "egressIP policy refuses a node with an invalid or other-family egress IP",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", ready: "False", egressIP: "192.0.2.1" }),
          node({ name: "egress-b", egressIP: "::ffff:10.0.0.2" }),
          node({ name: "egress-c", egressIP: "2001:db8::3" }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a", egressIP: "192.0.2.1" })],
    },
    policy: "p",
    action: "stuck",
    reason: {
      code: "no-node-fits",
      rejections: [
        { node: "egress-a", reason: { code: "unhealthy" } },
        { node: "egress-b", reason: { code: "egress-ip-invalid", value: "::ffff:10.0.0.2" } },
        { node: "egress-c", reason: { code: "egress-ip-family", value: "2001:db8::3", got: "IPv6", want: "IPv4" } },
      ],
    },
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
    reason: { code: "move", node: "egress-b", egressIP: null },
  },
  {
    // Issue 8 item 6: a pin to a node without the label would match nothing.
    name: "a node without a kubernetes.io/hostname label is never a target",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", ready: "False" }),
          node({ name: "egress-b", labels: { "kubernetes.io/hostname": null } }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
    },
    policy: "p",
    action: "stuck",
    reason: {
      code: "no-node-fits",
      rejections: [
        { node: "egress-a", reason: { code: "unhealthy" } },
        { node: "egress-b", reason: { code: "no-hostname-label" } },
      ],
    },
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
    reason: {
      code: "slots",
      parts: [
        {
          slot: "egressGateways[1]",
          reason: { code: "move", cause: { code: "gateway-unhealthy", gateway: "egress-b" }, node: "egress-c" },
        },
      ],
    },
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
    reason: {
      code: "slots",
      parts: [{ slot: "egressGateways[1]", reason: { code: "move", node: "egress-a", shared: true } }],
    },
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
    reason: { code: "all-healthy", gateways: ["egress-a", "egress-c"] },
  },
  {
    name: "a policy being deleted is left alone",
    cluster: {
      pools: { egress: healthy3 },
      policies: [policy({ name: "p", pool: "egress", hostname: "gone", deleting: true })],
    },
    policy: "p",
    action: "ignore",
    reason: { code: "deleting" },
  },
];

for (const c of cases) {
  test(`engine: ${c.name}`, () => {
    const d = decisionOf(c.cluster, c.policy, c.env);
    assert.equal(d.action, c.action, renderReason(d.reason));
    assertReason(d.reason, c.reason);
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
    assertReason(d?.reason, { code: "invalid-policy", field: d?.field ?? "", message: /./ });
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

/** Splits a move's patch into its slot operations and the last-move annotation it writes last. */
function splitPatch(op: PolicyPatchOperation): { slots: JsonPatchOp[]; lastMove: ReturnType<typeof parseLastMove> } {
  const last = op.jsonPatch[op.jsonPatch.length - 1];
  assert.equal(last?.op, "add", "the annotation comes last");
  if (last?.path !== "/metadata/annotations")
    assert.equal(last?.path, "/metadata/annotations/cilium-egress-ha~1last-move");
  const value =
    last?.path === "/metadata/annotations"
      ? (last.value as Record<string, string>)["cilium-egress-ha/last-move"]
      : (last?.value as string);
  // The slots' ops: everything but the annotations (pool-terms, then last-move, or the map that creates both).
  const slots = op.jsonPatch.filter((o) => !(o.op === "add" && o.path.startsWith("/metadata/annotations")));
  return { slots, lastMove: parseLastMove(value) };
}

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
  const ops = run(cluster).operations as PolicyPatchOperation[];
  const pin = (hostname: string) => ({
    matchLabels: { "kubernetes.io/hostname": hostname, "node.kubernetes.io/role": "egress" },
  });
  assert.deepEqual(
    ops.map((o) => [o.operation, o.apiVersion, o.kind, o.name]),
    [
      ["JSONPatch", "cilium.io/v2", "CiliumEgressGatewayPolicy", "ip"],
      ["JSONPatch", "cilium.io/v2", "CiliumEgressGatewayPolicy", "multi"],
      ["JSONPatch", "cilium.io/v2", "CiliumEgressGatewayPolicy", "unpinned"],
    ],
  );
  const [ip, multi, unpinned] = ops.map(splitPatch);
  // A moved slot's selector is replaced whole by its pin (hostname and the pool's terms), guarded by a test of it.
  assert.deepEqual(ip?.slots, [
    {
      op: "test",
      path: "/spec/egressGateway/nodeSelector",
      value: { matchLabels: { "kubernetes.io/hostname": "egress-a" } },
    },
    { op: "test", path: "/spec/egressGateway/egressIP", value: "192.0.2.1" },
    { op: "replace", path: "/spec/egressGateway/nodeSelector", value: pin("egress-b") },
    { op: "replace", path: "/spec/egressGateway/egressIP", value: "192.0.2.2" },
  ]);
  assert.deepEqual(multi?.slots, [
    {
      op: "test",
      path: "/spec/egressGateways/1/nodeSelector",
      value: { matchLabels: { "kubernetes.io/hostname": "egress-a" } },
    },
    { op: "replace", path: "/spec/egressGateways/1/nodeSelector", value: pin("egress-b") },
  ]);
  // The user's own copy of the pool's term stays, once.
  assert.deepEqual(unpinned?.slots, [
    {
      op: "test",
      path: "/spec/egressGateway/nodeSelector",
      value: { matchLabels: { "node.kubernetes.io/role": "egress" } },
    },
    { op: "replace", path: "/spec/egressGateway/nodeSelector", value: pin("egress-b") },
  ]);
  // Each patch records the move, attributed to its writer, so that writer can confirm it later,
  // with why the (first) moved slot had to leave and which placement tier chose its new node.
  const at = NOW.toISOString();
  const by = "cilium-egress-ha";
  const strip = (m: ReturnType<typeof parseLastMove>) => ({ ...m, id: typeof m?.id });
  assert.deepEqual(strip(ip?.lastMove ?? null), {
    id: "string",
    by,
    at,
    reason: "gateway-unhealthy",
    tier: "settled",
    from: ["egress-a"],
    to: ["egress-b"],
  });
  assert.deepEqual(strip(multi?.lastMove ?? null), {
    id: "string",
    by,
    at,
    reason: "gateway-unhealthy",
    tier: "settled",
    from: ["egress-b", "egress-a"],
    to: ["egress-b", "egress-b"],
  });
  assert.deepEqual(strip(unpinned?.lastMove ?? null), {
    id: "string",
    by,
    at,
    reason: "not-pinned",
    tier: "settled",
    from: [null],
    to: ["egress-b"],
  });
  const ids = [ip, multi, unpinned].map((p) => p?.lastMove?.id);
  assert.equal(new Set(ids).size, 3, `move ids are unique: ${ids.join(", ")}`);
});

test("patches: the annotation is added to the policy's annotations, or creates them, and applies cleanly", () => {
  const annotated = policy({ name: "annotated", pool: "egress", hostname: "egress-a" });
  const bare = policy({ name: "bare", hostname: "egress-a" });
  const cluster = {
    pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
    policies: [annotated, bare],
  };
  const ops = run(cluster).operations as PolicyPatchOperation[];
  assert.deepEqual(
    ops.map((o) => [o.name, o.jsonPatch[o.jsonPatch.length - 1]?.path]),
    [
      ["annotated", "/metadata/annotations/cilium-egress-ha~1last-move"],
      ["bare", "/metadata/annotations"],
    ],
  );
  for (const [obj, op] of [
    [annotated, ops[0]],
    [bare, ops[1]],
  ] as const) {
    const patched = applyPatch(obj, (op as PolicyPatchOperation).jsonPatch) as {
      metadata: { annotations: Record<string, string> };
    };
    const lm = parseLastMove(patched.metadata.annotations["cilium-egress-ha/last-move"]);
    assert.deepEqual(lm?.to, ["egress-b"]);
    if (obj === annotated) assert.equal(patched.metadata.annotations["cilium-egress-ha/pool"], "egress", "kept");
  }
});

test("patches: a selector without matchLabels gets one beside its expressions, guarded by a test of the whole selector", () => {
  const p = policy({ name: "p", pool: "egress" });
  const gw = (p.spec as Record<string, Record<string, unknown>>).egressGateway as Record<string, unknown>;
  gw.nodeSelector = { matchExpressions: [{ key: "zone", operator: "Exists" }] };
  const ops = run({ pools: { egress: [node({ name: "egress-a", labels: { zone: "x" } })] }, policies: [p] }).operations;
  assert.deepEqual(splitPatch(ops[0] as PolicyPatchOperation).slots, [
    {
      op: "test",
      path: "/spec/egressGateway/nodeSelector",
      value: { matchExpressions: [{ key: "zone", operator: "Exists" }] },
    },
    {
      op: "replace",
      path: "/spec/egressGateway/nodeSelector",
      value: {
        matchLabels: { "kubernetes.io/hostname": "egress-a", "node.kubernetes.io/role": "egress" },
        matchExpressions: [{ key: "zone", operator: "Exists" }],
      },
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
  assert.equal(kept?.action, "keep");
  assertReason(kept?.reason, { code: "gateway-healthy", gateway: "ip-10-0-1-2" });
  const moved = result.plan?.decisions.find((d) => d.policy === "moved");
  assert.equal(moved?.action, "move");
  assert.deepEqual(finalGateways(moved as PolicyDecision), ["ip-10-0-1-2"], "the patch writes the label value");
  assertReason(moved?.reason, {
    code: "move",
    cause: { code: "gateway-unhealthy", gateway: "ip-10-0-1-1", node: "ip-10-0-1-1.ec2.internal" },
    node: "ip-10-0-1-2.ec2.internal",
    hostname: "ip-10-0-1-2",
  });
  // The rendered reason names both, once.
  assert.match(
    renderReason(moved?.reason as PolicyDecision["reason"]),
    /moving to ip-10-0-1-2\.ec2\.internal \(kubernetes\.io\/hostname=ip-10-0-1-2\)/,
  );
  const op = result.operations[0] as PolicyPatchOperation;
  assert.equal(
    (op.jsonPatch[1] as { value: { matchLabels: Record<string, string> } }).value.matchLabels["kubernetes.io/hostname"],
    "ip-10-0-1-2",
  );
});

test("engine: an unannotated policy's slots outside the pool are someone else's and stay", () => {
  const cluster = {
    pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
    policies: [policy({ name: "p", gateways: [{ hostname: "egress-a" }, { hostname: "worker-9" }] })],
  };
  const d = decisionOf(cluster, "p");
  assert.equal(d.action, "move");
  assert.deepEqual(finalGateways(d), ["egress-b", "worker-9"]);
  assertReason(d.slots[1]?.reason, { code: "foreign-slot", gateway: "worker-9", pool: "egress" });
  assert.equal(d.slots[1]?.action, "keep");
});

test("engine: an unannotated policy of a shape the hook cannot manage is ignored, not reported", () => {
  const other = policy({ name: "other-team" });
  const gw = (other.spec as Record<string, Record<string, unknown>>).egressGateway as Record<string, unknown>;
  gw.nodeSelector = { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["worker-3"] }] };
  const d = decisionOf({ pools: { egress: healthy3 }, policies: [other] }, "other-team");
  assert.equal(d.action, "ignore");
  assertReason(d.reason, {
    code: "not-managed",
    because: "unmanageable",
    field: "spec.egressGateway.nodeSelector.matchExpressions[0]",
  });
});

/** One rendered text per reason family: the log line, the `plan` row and the Event all show it. */
const rendered: [string, RegExp][] = [
  [
    "Ready=False gateway moves to the first settled node by name",
    /^gateway egress-a is unhealthy \(Ready=False since 2026-11-25T12:00:00Z\); moving to egress-b, the settled node serving the fewest gateways \(0\)$/,
  ],
  [
    "no settled node: a recovering node takes the slot that must move",
    /; moving to egress-b, no settled node fits, so the recovering node healthy the longest \(0\)$/,
  ],
  [
    "all pool nodes down: stuck, nothing changes, every node says why",
    /no node of pool egress can take over: egress-a: Ready=Unknown.*; egress-b: Ready=False since/,
  ],
  ["empty pool: stuck", /pool egress has no nodes$/],
  [
    "egressIP policy moves only to an annotated node, and takes its IP",
    /moving to egress-c, .*, egressIP 192\.0\.2\.1 → 192\.0\.2\.3$/,
  ],
  [
    "egressIP policy with no annotated node is stuck, and says so",
    /egress-b: has no cilium-egress-ha\/egress-ip annotation, which the policy's egressIP needs/,
  ],
  [
    "egressGateways: slots share a node only when there are not enough",
    /^egressGateways\[1\]: gateway egress-b is unhealthy .*sharing it with another slot for lack of fitting nodes$/,
  ],
  ["egressGateways all healthy", /^all 2 gateways are healthy \(egress-a, egress-c\)$/],
  [
    "annotated with an unknown pool: reported as invalid, not managed",
    /^names pool "gpu", which is not configured \(configured: egress\)$/,
  ],
  ["unannotated policy pinned to a non-pool node is not touched", /^not managed: no cilium-egress-ha\/pool annotation/],
  ["a policy being deleted is left alone", /being deleted/],
];

for (const [name, text] of rendered) {
  test(`engine: rendered reason (${name})`, () => {
    const c = cases.find((x) => x.name === name);
    assert.ok(c, `no case named ${name}`);
    assert.match(renderReason(decisionOf(c.cluster, c.policy, c.env).reason), text);
  });
}

test("engine: the reason matcher fails on a wrong code, a wrong fact or a missing fact (so the cases can fail)", () => {
  const r = {
    code: "move",
    node: "egress-b",
    cause: { code: "gateway-unhealthy", problems: [{ code: "node-cordoned" }] },
  } as const;
  assert.equal(mismatch(r, { code: "move", node: "egress-b" }), null);
  assert.notEqual(mismatch(r, { code: "no-node-fits" }), null);
  assert.notEqual(mismatch(r, { code: "move", node: "egress-c" }), null);
  assert.notEqual(mismatch(r, { code: "move", tier: "settled" }), null);
  assert.notEqual(mismatch(r, { cause: { problems: [] } }), null);
  assert.notEqual(mismatch(r, { cause: { problems: [{ code: "node-deleting" }] } }), null);
  assert.throws(
    () => assertReason(r as unknown as Reason, { code: "stuck" }),
    /reason\.code: expected "stuck", got "move"/,
  );
});

test("engine: a hostname label shared by a dead and a live node is ambiguous: the pin moves, and is never a target", () => {
  // Issue 8 item 3: Cilium takes the first node that matches the label, which may be the dead one.
  const shared = { "kubernetes.io/hostname": "shared" };
  const cluster = {
    pools: {
      egress: [
        node({ name: "egress-a", ready: "False", labels: shared }),
        node({ name: "egress-b", labels: shared }),
        node({ name: "egress-c" }),
      ],
    },
    policies: [
      policy({ name: "p", pool: "egress", hostname: "shared" }),
      policy({ name: "q", pool: "egress", hostname: "egress-c", gateways: [{ hostname: "egress-c" }, {}] }),
    ],
  };
  const result = run(cluster);
  const p = result.plan?.decisions.find((d) => d.policy === "p");
  assert.equal(p?.action, "move");
  assertReason(p?.reason, {
    code: "move",
    cause: { code: "gateway-ambiguous", gateway: "shared", nodes: ["egress-a", "egress-b"], unhealthy: ["egress-a"] },
    node: "egress-c",
    hostname: "egress-c",
  });
  // The unpinned slot of q shares egress-c rather than take the ambiguous pin.
  const q = result.plan?.decisions.find((d) => d.policy === "q");
  assert.deepEqual(finalGateways(q as PolicyDecision), ["egress-c", "egress-c"]);
  assert.deepEqual(
    result.plan?.notices.map((n) => [n.code, facts(n).hostname, facts(n).nodes]),
    [["hostnames-ambiguous", "shared", ["egress-a", "egress-b"]]],
  );
  // With nowhere else to go it is stuck: no no-op patch `shared → shared`.
  const alone = run({
    ...cluster,
    pools: { egress: cluster.pools.egress.slice(0, 2) },
    policies: [cluster.policies[0] as Record<string, unknown>],
  });
  const d = alone.plan?.decisions[0];
  assert.equal(d?.action, "stuck");
  assertReason(d?.reason, {
    code: "no-node-fits",
    rejections: [
      { node: "egress-a", reason: { code: "unhealthy" } },
      { node: "egress-b", reason: { code: "hostname-ambiguous", hostname: "shared", nodes: ["egress-a", "egress-b"] } },
    ],
  });
  assert.deepEqual(alone.operations, []);
});

test("engine: a hostname shared only with a node outside the pool is a target for a pin with the pool's terms, not without them", () => {
  const cluster: ClusterObjects = {
    pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
    nodes: [
      node({ name: "worker-1", labels: { "kubernetes.io/hostname": "egress-b", "node.kubernetes.io/role": null } }),
    ],
    policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
  };
  // The pin a move writes carries the pool's terms, which worker-1 does not match.
  assertReason(decisionOf(cluster, "p").reason, { code: "move", node: "egress-b" });
  // With the pools read from a context (`plan`), their terms are unknown: the pin would be ambiguous.
  const settings = readSettings({ EGRESS_HA_EVENTS: "false" });
  const d = evaluate(groupContext(cluster), settings, NOW, { poolsFromContext: true }).plan?.decisions[0];
  assert.ok(d);
  assert.equal(d.action, "stuck");
  assertReason(d.reason, {
    code: "no-node-fits",
    rejections: [
      { node: "egress-a", reason: { code: "unhealthy" } },
      { node: "egress-b", reason: { code: "hostname-ambiguous", nodes: ["egress-b", "worker-1"] } },
    ],
  });
  // Without the inventory the hook cannot know, and moves.
  const blind = evaluate(groupContext({ ...cluster, inventory: false }), settings, NOW, { poolsFromContext: true });
  assert.equal(blind.plan?.decisions[0]?.action, "move");
});

test("patches: the last-move annotation records the recovering tier when no settled node fits", () => {
  const c = cases.find((x) => x.name === "no settled node: a recovering node takes the slot that must move");
  assert.ok(c);
  const [op] = run(c.cluster).operations as PolicyPatchOperation[];
  const { lastMove } = splitPatch(op as PolicyPatchOperation);
  assert.deepEqual([lastMove?.reason, lastMove?.tier, lastMove?.to], ["gateway-unhealthy", "recovering", ["egress-b"]]);
});
