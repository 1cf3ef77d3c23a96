/**
 * The pin's shape (issue 19 item 9): a move pins a slot with its pool's own terms as well as the
 * hostname, so that a node outside the pool that copies a gateway's hostname never matches the
 * pin; the hook owns the pool terms it wrote (recorded in the pool-terms annotation) and replaces
 * them with the current pool's on every move; hostname-only pins keep working until they move.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { PolicyDecision } from "../src/engine/decide.js";
import { evaluate } from "../src/hook/pipeline.js";
import { ANNOTATION_POOL_TERMS } from "../src/model/objects.js";
import type { PolicyPatchOperation } from "../src/patch/operations.js";
import { type ClusterObjects, groupContext, NOW, node, policy } from "./support/builders.js";
import { appliedCluster } from "./support/json-patch.js";
import { assertReason } from "./support/reasons.js";

const RESTRICTED = "node-restriction.kubernetes.io/egress-pool";
const ENV = { EGRESS_HA_EVENTS: "false", EGRESS_HA_POOLS: `egress=${RESTRICTED}=egress` };
/** A pool node under the restricted label (the builders' nodes also carry the fallback label). */
const member = (name: string, extra: Parameters<typeof node>[0] = { name }) =>
  node({ ...extra, name, labels: { [RESTRICTED]: "egress", ...extra.labels } });
/** A worker outside the pool whose kubelet copied `hostname`. */
const impostor = (name: string, hostname: string) =>
  node({ name, labels: { "kubernetes.io/hostname": hostname, "node.kubernetes.io/role": null } });

function run(cluster: ClusterObjects, env: Record<string, string> = ENV) {
  return evaluate(groupContext(cluster), readSettings(env), NOW);
}

function decisionOf(cluster: ClusterObjects, name = "p", env = ENV): PolicyDecision {
  const d = run(cluster, env).plan?.decisions.find((x) => x.policy === name);
  assert.ok(d, `no decision for ${name}`);
  return d;
}

type Obj = Record<string, unknown>;
const spec = (p: Obj) => p.spec as { egressGateway: { nodeSelector: Obj }; egressGateways: { nodeSelector: Obj }[] };
const annotations = (p: Obj) => ((p.metadata as Obj).annotations ?? {}) as Record<string, string>;

/** Runs once, applies the run's patches as the API server would, and returns the policy after. */
function movedPolicy(cluster: ClusterObjects, env = ENV): { after: Obj; ops: PolicyPatchOperation[] } {
  const ops = run(cluster, env).operations as PolicyPatchOperation[];
  assert.equal(ops.length, 1, "one patch");
  const after = appliedCluster(cluster, ops).policies[0] as Obj;
  return { after, ops };
}

test("a move pins the new gateway by its hostname and the pool's terms, and records the terms as the hook's", () => {
  const cluster = {
    pools: { egress: [member("egress-a", { name: "egress-a", ready: "False" }), member("egress-b")] },
    policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
  };
  const { after } = movedPolicy(cluster);
  assert.deepEqual(spec(after).egressGateway.nodeSelector, {
    matchLabels: { "kubernetes.io/hostname": "egress-b", [RESTRICTED]: "egress" },
  });
  assert.deepEqual(JSON.parse(annotations(after)[ANNOTATION_POOL_TERMS] as string), [`${RESTRICTED}=egress`]);
  // The next run, on the patched policy, keeps it: the pool terms are the hook's, and the gateway matches them.
  const next = appliedCluster(cluster, run(cluster).operations);
  const again = decisionOf(next);
  assert.equal(again.action, "keep");
  assert.deepEqual(run(next).operations, []);
});

test("a worker outside the pool copying a healthy gateway's hostname does not move a pin that carries the pool's terms", () => {
  const pinned = policy({
    name: "p",
    pool: "egress",
    hostname: "egress-a",
    extraLabels: { [RESTRICTED]: "egress" },
    annotations: { [ANNOTATION_POOL_TERMS]: JSON.stringify([`${RESTRICTED}=egress`]) },
  });
  const cluster = {
    pools: { egress: [member("egress-a"), member("egress-b")] },
    nodes: [impostor("worker-9", "egress-a")],
    policies: [pinned],
  };
  const d = decisionOf(cluster);
  assert.equal(d.action, "keep");
  assertReason(d.reason, { code: "gateway-healthy", gateway: "egress-a" });
  // A hostname-only pin is matched by the impostor too (Cilium takes the first node by name): it is
  // re-pinned, to the same healthy gateway, with the pool's terms, which the impostor does not match.
  const legacy = { ...cluster, policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })] };
  assertReason(decisionOf(legacy).reason, { code: "move", cause: { code: "gateway-ambiguous" }, node: "egress-a" });
  const { after } = movedPolicy(legacy);
  assert.deepEqual(spec(after).egressGateway.nodeSelector, {
    matchLabels: { "kubernetes.io/hostname": "egress-a", [RESTRICTED]: "egress" },
  });
  assert.equal(decisionOf({ ...legacy, policies: [after] }).action, "keep");
});

test("a candidate whose hostname only a worker outside the pool shares still fits: the pin's pool terms exclude the worker", () => {
  const cluster = {
    pools: { egress: [member("egress-a", { name: "egress-a", ready: "False" }), member("egress-b")] },
    nodes: [impostor("worker-9", "egress-b")],
    policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
  };
  const d = decisionOf(cluster);
  assert.equal(d.action, "move");
  assertReason(d.reason, { code: "move", node: "egress-b" });
});

test("a pool change: the hook replaces its own old terms with the new pool's on the move, and keeps the user's", () => {
  const old = "node.kubernetes.io/role";
  // The old pool's term and the user's zone term in the pin; the annotation says which are the hook's.
  const pinned = policy({
    name: "p",
    pool: "egress",
    hostname: "egress-a",
    extraLabels: { [old]: "egress", "topology.kubernetes.io/zone": "z1" },
    annotations: { [ANNOTATION_POOL_TERMS]: JSON.stringify([`${old}=egress`]) },
  });
  // The new pool's nodes no longer carry the old pool label.
  const fresh = (name: string, ready?: "False") =>
    member(name, { name, ...(ready ? { ready } : {}), labels: { [old]: null, "topology.kubernetes.io/zone": "z1" } });
  const cluster = { pools: { egress: [fresh("egress-a", "False"), fresh("egress-b")] }, policies: [pinned] };
  const d = decisionOf(cluster);
  assert.equal(d.action, "move", "not stuck on the old pool's term");
  const { after } = movedPolicy(cluster);
  assert.deepEqual(spec(after).egressGateway.nodeSelector, {
    matchLabels: { "kubernetes.io/hostname": "egress-b", "topology.kubernetes.io/zone": "z1", [RESTRICTED]: "egress" },
  });
  assert.deepEqual(JSON.parse(annotations(after)[ANNOTATION_POOL_TERMS] as string), [`${RESTRICTED}=egress`]);
});

test("without the annotation every non-hostname term is the user's: a pool member that lacks it does not fit", () => {
  const pinned = policy({ name: "p", pool: "egress", hostname: "egress-a", extraLabels: { team: "blue" } });
  const cluster = {
    pools: { egress: [member("egress-a", { name: "egress-a", ready: "False" }), member("egress-b")] },
    policies: [pinned],
  };
  assert.equal(decisionOf(cluster).action, "stuck");
});

test("a gateway that no longer matches the hook's own terms in its pin is re-pinned with the pool's current terms", () => {
  // The pool was re-defined and the old label removed from the live gateway: Cilium matches nothing.
  const pinned = policy({
    name: "p",
    pool: "egress",
    hostname: "egress-a",
    extraLabels: { "node.kubernetes.io/role": "egress" },
    annotations: { [ANNOTATION_POOL_TERMS]: JSON.stringify(["node.kubernetes.io/role=egress"]) },
  });
  const bare = (name: string) => member(name, { name, labels: { "node.kubernetes.io/role": null } });
  const cluster = { pools: { egress: [bare("egress-a")] }, policies: [pinned] };
  const d = decisionOf(cluster);
  assertReason(d.reason, { code: "move", cause: { code: "gateway-selector-mismatch" }, node: "egress-a" });
  const { after } = movedPolicy(cluster);
  assert.deepEqual(spec(after).egressGateway.nodeSelector, {
    matchLabels: { "kubernetes.io/hostname": "egress-a", [RESTRICTED]: "egress" },
  });
});

test("multi-slot: only the moving slot is re-pinned; the annotation keeps the terms a kept slot still carries", () => {
  const old = "node.kubernetes.io/role=egress";
  const pinned = policy({
    name: "p",
    pool: "egress",
    hostname: "egress-a",
    gateways: [
      { hostname: "egress-a", extraLabels: { "node.kubernetes.io/role": "egress" } },
      { hostname: "egress-b", extraLabels: { "node.kubernetes.io/role": "egress" } },
    ],
    annotations: { [ANNOTATION_POOL_TERMS]: JSON.stringify([old]) },
  });
  const cluster = {
    pools: {
      egress: [member("egress-a", { name: "egress-a", ready: "False" }), member("egress-b"), member("egress-c")],
    },
    policies: [pinned],
  };
  const { after } = movedPolicy(cluster);
  const slots = spec(after).egressGateways.map((g) => g.nodeSelector);
  assert.deepEqual(slots[0], { matchLabels: { "kubernetes.io/hostname": "egress-c", [RESTRICTED]: "egress" } });
  assert.deepEqual(slots[1], {
    matchLabels: { "kubernetes.io/hostname": "egress-b", "node.kubernetes.io/role": "egress" },
  });
  assert.deepEqual(JSON.parse(annotations(after)[ANNOTATION_POOL_TERMS] as string), [`${RESTRICTED}=egress`, old]);
});

test("a pool defined by expressions pins with those expressions", () => {
  const env = { ...ENV, EGRESS_HA_POOLS: `egress=${RESTRICTED} in (egress,spare)` };
  const cluster = {
    pools: { egress: [member("egress-a", { name: "egress-a", ready: "False" }), member("egress-b")] },
    policies: [policy({ name: "p", pool: "egress", hostname: "egress-a" })],
  };
  const { after } = movedPolicy(cluster, env);
  assert.deepEqual(spec(after).egressGateway.nodeSelector, {
    matchLabels: { "kubernetes.io/hostname": "egress-b" },
    matchExpressions: [{ key: RESTRICTED, operator: "In", values: ["egress", "spare"] }],
  });
  assert.deepEqual(JSON.parse(annotations(after)[ANNOTATION_POOL_TERMS] as string), [
    `${RESTRICTED} In (egress,spare)`,
  ]);
});
