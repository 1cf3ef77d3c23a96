/**
 * The jqFilters the built hook sends in `--config`, run through real jq on full objects, must
 * give exactly what the TypeScript mirrors (projectNode/projectPolicy) give: the fixtures and
 * `plan` rely on the mirrors, shell-operator relies on the filters.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import * as projections from "../src/protocol/projections.js";
import {
  ANNOTATION_EGRESS_IP,
  ANNOTATION_LAST_MOVE,
  projectInventory,
  projectNode,
  projectPolicy,
} from "../src/protocol/projections.js";
import { node, policy } from "./support/builders.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cilium-egress-ha.cjs");

const jqVersion = spawnSync("jq", ["--version"], { encoding: "utf8" });
const JQ_MISSING = jqVersion.error !== undefined || jqVersion.status !== 0;

type Obj = Record<string, unknown>;

interface Binding {
  name: string;
  kind: string;
  jqFilter?: string;
}

function hookBindings(env: Record<string, string> = {}): Binding[] {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [CLI, "--config"], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  assert.equal(r.status, 0, `--config failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { kubernetes: Binding[] }).kubernetes;
}

/** Runs `filter` over each object with `jq -c`; one output line per input. */
function jq(filter: string, objects: readonly unknown[]): unknown[] {
  const r = spawnSync("jq", ["-c", filter], {
    encoding: "utf8",
    input: objects.map((o) => JSON.stringify(o)).join("\n"),
  });
  assert.equal(r.status, 0, `jq failed: ${r.stderr}`);
  const lines = r.stdout.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, objects.length, "jq gave one result per object");
  return lines.map((l) => JSON.parse(l));
}

function edit(obj: Obj, change: (o: Obj & { metadata: Obj; spec: Obj; status: Obj }) => void): Obj {
  const copy = structuredClone(obj) as Obj & { metadata: Obj; spec: Obj; status: Obj };
  change(copy);
  return copy;
}

const NODE_SAMPLES: [string, Obj][] = [
  ["ready", node({ name: "ready" })],
  ["not ready", node({ name: "not-ready", ready: "False", readySince: "2026-11-26T11:55:00Z" })],
  ["ready unknown", node({ name: "unknown", ready: "Unknown" })],
  ["no Ready condition", node({ name: "no-ready", ready: null })],
  ["no status at all", edit(node({ name: "no-status" }), (o) => delete (o as Obj).status)],
  [
    "conditions null",
    edit(node({ name: "cond-null" }), (o) => {
      o.status.conditions = null;
    }),
  ],
  [
    "Ready without lastTransitionTime",
    edit(node({ name: "no-ltt" }), (o) => {
      for (const c of o.status.conditions as Obj[]) delete c.lastTransitionTime;
    }),
  ],
  [
    "two Ready conditions (first wins)",
    edit(node({ name: "two-ready" }), (o) => {
      (o.status.conditions as Obj[]).push({
        type: "Ready",
        status: "False",
        lastTransitionTime: "2026-11-26T11:00:00Z",
      });
    }),
  ],
  [
    "tainted, duplicate and unsorted keys",
    node({ name: "tainted", taints: ["node.kubernetes.io/unreachable", "ToBeDeletedByClusterAutoscaler", "a", "a"] }),
  ],
  ["cordoned", node({ name: "cordoned", unschedulable: true })],
  [
    "unschedulable false",
    edit(node({ name: "unsched-false" }), (o) => {
      o.spec.unschedulable = false;
    }),
  ],
  ["deleting", node({ name: "deleting", deleting: true })],
  ["egress-ip annotation", node({ name: "annotated", egressIP: "192.0.2.7" })],
  ["no annotations", edit(node({ name: "no-annotations" }), (o) => delete o.metadata.annotations)],
  [
    "annotations null",
    edit(node({ name: "annotations-null" }), (o) => {
      o.metadata.annotations = null;
    }),
  ],
  ["no labels", edit(node({ name: "no-labels" }), (o) => delete o.metadata.labels)],
  [
    "labels null",
    edit(node({ name: "labels-null" }), (o) => {
      o.metadata.labels = null;
    }),
  ],
  ["no spec", edit(node({ name: "no-spec" }), (o) => delete (o as Obj).spec)],
  [
    "agent-not-ready taint with timeAdded",
    node({ name: "agent-tainted", taints: ["node.cilium.io/agent-not-ready", "dedicated"] }),
  ],
  [
    "agent-not-ready taint without timeAdded",
    node({ name: "agent-tainted-bare", taints: ["node.cilium.io/agent-not-ready"], taintsAdded: null }),
  ],
  ["other taints with timeAdded only", node({ name: "other-tainted", taints: ["node.kubernetes.io/unreachable"] })],
  [
    "two agent-not-ready taints, the first without timeAdded",
    edit(node({ name: "agent-tainted-twice" }), (o) => {
      o.spec.taints = [
        { key: "node.cilium.io/agent-not-ready", effect: "NoSchedule" },
        { key: "node.cilium.io/agent-not-ready", effect: "NoExecute", timeAdded: "2026-11-26T11:59:00Z" },
      ];
    }),
  ],
  ["no hostname label", node({ name: "no-hostname", labels: { "kubernetes.io/hostname": null } })],
  [
    "hostname label differs from the name",
    node({ name: "ip-10-0-1-1.ec2.internal", labels: { "kubernetes.io/hostname": "ip-10-0-1-1" } }),
  ],
  [
    "everything at once",
    node({
      name: "worst",
      ready: "Unknown",
      taints: ["node.kubernetes.io/not-ready"],
      unschedulable: true,
      deleting: true,
      labels: { zone: "x" },
      egressIP: "not-an-ip",
    }),
  ],
];

const POLICY_SAMPLES: [string, Obj][] = [
  ["pinned, annotated", policy({ name: "annotated", pool: "egress", hostname: "n1" })],
  ["pinned, no annotations", policy({ name: "plain", hostname: "n1" })],
  [
    "other annotations only",
    edit(policy({ name: "other-annotations", hostname: "n1" }), (o) => {
      o.metadata.annotations = { "example.com/x": "y" };
    }),
  ],
  [
    "annotation and other annotations",
    edit(policy({ name: "both-annotations", pool: "a" }), (o) => {
      (o.metadata.annotations as Obj)[ANNOTATION_EGRESS_IP] = "ignored-on-policies";
    }),
  ],
  ["unpinned", policy({ name: "unpinned", pool: "egress", hostname: null })],
  [
    "egressIP and extra labels",
    policy({ name: "ip", hostname: "n1", egressIP: "192.0.2.1", extraLabels: { zone: "x" } }),
  ],
  [
    "egressGateways",
    policy({
      name: "multi",
      pool: "egress",
      gateways: [{ hostname: "n1" }, { hostname: "n2", egressIP: "192.0.2.2" }, { interface: "eth1" }],
    }),
  ],
  ["deleting", policy({ name: "deleting", pool: "egress", hostname: "n1", deleting: true })],
  [
    "last-move annotation",
    policy({
      name: "moved",
      pool: "egress",
      hostname: "n2",
      annotations: {
        [ANNOTATION_LAST_MOVE]:
          '{"id":"x-0","by":"cilium-egress-ha","at":"2026-11-26T12:00:00.000Z","reason":"move","from":["n1"],"to":["n2"]}',
      },
    }),
  ],
  [
    "policy annotations null",
    edit(policy({ name: "annotations-null", hostname: "n1" }), (o) => {
      o.metadata.annotations = null;
    }),
  ],
  [
    "empty annotations",
    edit(policy({ name: "annotations-empty", hostname: "n1" }), (o) => {
      o.metadata.annotations = {};
    }),
  ],
  [
    "egressGateways null",
    edit(policy({ name: "multi-null" }), (o) => {
      o.spec.egressGateways = null;
    }),
  ],
  ["egressGateways absent", edit(policy({ name: "multi-absent" }), (o) => delete o.spec.egressGateways)],
  [
    "egressGateway null",
    edit(policy({ name: "single-null" }), (o) => {
      o.spec.egressGateway = null;
    }),
  ],
  ["no spec", edit(policy({ name: "no-spec" }), (o) => delete (o as Obj).spec)],
  [
    "spec null",
    edit(policy({ name: "spec-null" }), (o) => {
      (o as Obj).spec = null;
    }),
  ],
  [
    "matchExpressions",
    edit(policy({ name: "exprs", hostname: "n1" }), (o) => {
      (o.spec.egressGateway as { nodeSelector: Obj }).nodeSelector.matchExpressions = [
        { key: "zone", operator: "In", values: ["x"] },
      ];
    }),
  ],
];

/** kube-node-lease Leases, as the kubelet keeps them. */
function lease(name: string, spec: Obj | undefined): Obj {
  const obj: Obj = {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name, namespace: "kube-node-lease", resourceVersion: "3000" },
  };
  if (spec !== undefined) obj.spec = spec;
  return obj;
}

const LEASE_SAMPLES: [string, Obj][] = [
  [
    "renewed",
    lease("n1", { holderIdentity: "n1", leaseDurationSeconds: 40, renewTime: "2026-11-26T11:59:58.123456Z" }),
  ],
  ["never renewed", lease("n2", { holderIdentity: "n2", leaseDurationSeconds: 40 })],
  ["no duration", lease("n3", { renewTime: "2026-11-26T11:59:58.000000Z" })],
  ["no spec", lease("n4", undefined)],
];

/** cilium-agent pods. */
function agent(name: string, nodeName: string | null, ready: string | null, extra: (o: Obj) => void = () => {}): Obj {
  const obj: Obj = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "kube-system", labels: { "k8s-app": "cilium" } },
    spec: nodeName === null ? { containers: [] } : { nodeName, containers: [] },
    status: {
      phase: "Running",
      conditions:
        ready === null
          ? [{ type: "PodScheduled", status: "True" }]
          : [
              { type: "Initialized", status: "True", lastTransitionTime: "2026-11-25T00:00:00Z" },
              { type: "Ready", status: ready, lastTransitionTime: "2026-11-26T11:00:00Z" },
            ],
    },
  };
  extra(obj);
  return obj;
}

const AGENT_SAMPLES: [string, Obj][] = [
  ["ready", agent("cilium-a", "n1", "True")],
  ["not ready", agent("cilium-b", "n2", "False")],
  ["no Ready condition", agent("cilium-c", "n3", null)],
  ["not scheduled", agent("cilium-d", null, null)],
  [
    "deleting",
    agent("cilium-e", "n4", "True", (o) => {
      (o.metadata as Obj).deletionTimestamp = "2026-11-26T11:59:00Z";
    }),
  ],
  [
    "no status",
    agent("cilium-f", "n5", "True", (o) => {
      delete o.status;
    }),
  ],
];

const EVIDENCE_SAMPLES: [string, Obj][] = [
  [
    "evidence",
    {
      metadata: { name: "op-0", labels: { "cilium-egress-ha.io/evidence": "probe" }, resourceVersion: "7" },
      spec: { changed: "2026-11-26T12:00:00Z", intervalMs: 100, timeoutMs: 150, failures: 3, nodes: [] },
    },
  ],
  ["no spec", { metadata: { name: "op-1" } }],
];

/** Bindings whose projection is not their kind's usual one: the node inventory watches Nodes too. */
const BY_NAME: Record<string, { mirror: string; samples: [string, Obj][] }> = {
  hostnames: { mirror: "projectInventory", samples: NODE_SAMPLES },
};

/** Samples and the name of the TypeScript mirror for each kind a binding may watch with a jqFilter. */
const BY_KIND: Record<string, { mirror: string; samples: [string, Obj][] }> = {
  Node: { mirror: "projectNode", samples: NODE_SAMPLES },
  CiliumEgressGatewayPolicy: { mirror: "projectPolicy", samples: POLICY_SAMPLES },
  Lease: { mirror: "projectLease", samples: LEASE_SAMPLES },
  Pod: { mirror: "projectAgent", samples: AGENT_SAMPLES },
  ProbeEvidence: { mirror: "projectEvidence", samples: EVIDENCE_SAMPLES },
};

function mirrorNamed(name: string): ((o: unknown) => unknown) | undefined {
  const fn = (projections as Record<string, unknown>)[name];
  return typeof fn === "function" ? (fn as (o: unknown) => unknown) : undefined;
}

function checkAll(filter: string, samples: readonly [string, Obj][], mirror: (o: unknown) => unknown): void {
  const results = jq(
    filter,
    samples.map(([, o]) => o),
  );
  samples.forEach(([label, o], i) => {
    assert.deepEqual(results[i], mirror(o), `${label}: jq and the TypeScript mirror disagree`);
  });
}

describe("jqFilters from --config agree with their TypeScript mirrors under real jq", () => {
  const envs: [string, Record<string, string>][] = [
    ["default settings", {}],
    ["with the prober", { EGRESS_HA_PROBER: "true" }],
    [
      "two pools",
      { EGRESS_HA_POOLS: '{"a":"role=a","b":{"matchExpressions":[{"key":"zone","operator":"In","values":["x"]}]}}' },
    ],
  ];
  for (const [label, env] of envs) {
    test(`every binding's jqFilter (${label})`, async (t) => {
      if (JQ_MISSING) return t.skip("jq not found: apt-get install jq");
      const bindings = hookBindings(env);
      assert.ok(
        bindings.some((b) => b.kind === "Node"),
        "no Node binding in --config",
      );
      assert.equal(bindings.filter((b) => b.kind === "CiliumEgressGatewayPolicy").length, 1);
      assert.deepEqual(
        bindings.filter((b) => b.name === "hostnames").map((b) => b.kind),
        ["Node"],
        "one node inventory binding",
      );
      for (const b of bindings) {
        if (b.jqFilter === undefined) continue;
        await t.test(`${b.name} (${b.kind})`, () => {
          const suite = BY_NAME[b.name] ?? BY_KIND[b.kind];
          assert.ok(suite, `no samples for kind ${b.kind}: add them (and its mirror) to test/jq-filters.test.ts`);
          const mirror = mirrorNamed(suite.mirror);
          assert.ok(mirror, `src/protocol/projections.ts exports no ${suite.mirror} for kind ${b.kind}`);
          checkAll(b.jqFilter as string, suite.samples, mirror);
        });
      }
    });
  }

  test("the node and policy samples exercise the fields that matter", () => {
    const nodes = NODE_SAMPLES.map(([, o]) => projectNode(o));
    assert.ok(nodes.some((n) => n.ready === null));
    assert.ok(nodes.some((n) => n.ready?.since === null));
    assert.ok(nodes.some((n) => n.taints.length > 1));
    assert.ok(nodes.some((n) => n.unschedulable) && nodes.some((n) => n.deleting));
    assert.ok(nodes.some((n) => n.egressIP !== null) && nodes.some((n) => Object.keys(n.labels).length === 0));
    const agentTainted = nodes.filter((n) => n.taints.includes("node.cilium.io/agent-not-ready"));
    assert.ok(agentTainted.some((n) => typeof n.agentTaintAdded === "string"));
    assert.ok(agentTainted.some((n) => n.agentTaintAdded === null));
    assert.ok(nodes.some((n) => n.taints.length > 0 && !agentTainted.includes(n) && n.agentTaintAdded === null));
    const inventory = NODE_SAMPLES.map(([, o]) => projectInventory(o));
    assert.ok(inventory.some((n) => n.hostname === null) && inventory.some((n) => n.hostname !== n.name));
    const policies = POLICY_SAMPLES.map(([, o]) => projectPolicy(o));
    assert.ok(policies.some((p) => p.pool !== null) && policies.some((p) => p.pool === null));
    assert.ok(policies.some((p) => p.egressGateways === null) && policies.some((p) => p.egressGateway === null));
    assert.ok(policies.some((p) => Array.isArray(p.egressGateways) && p.egressGateways.length > 1));
    assert.ok(POLICY_SAMPLES.some(([, o]) => (o.metadata as Obj).annotations === undefined));
    assert.ok(policies.some((p) => typeof p.lastMove === "string") && policies.some((p) => p.lastMove === null));
    assert.ok(policies.some((p) => p.hasAnnotations === true) && policies.some((p) => p.hasAnnotations === false));
  });
});
