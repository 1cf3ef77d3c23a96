/**
 * Writes the binding contexts under examples/ and test/fixtures/ from the builders, so every
 * fixture has the exact shape shell-operator sends with this hook's --config.
 * Run: npx tsx test/support/write-fixtures.ts (then UPDATE_GOLDEN=1 npm test, and review).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { agent, type ClusterObjects, groupContext, lease, node, policy } from "./builders.js";

const DOWN = {
  ready: "Unknown" as const,
  taints: ["node.kubernetes.io/unreachable"],
  readySince: "2026-11-26T11:58:50Z",
};

const pool3 = (a: Parameters<typeof node>[0]) => [a, { name: "egress-b" }, { name: "egress-c" }].map(node);

/**
 * The examples carry everything the default bindings select: every pool node's Lease (renewed
 * 5 s before the examples' time, or 2 minutes for a node that stopped reporting) and cilium agent
 * pod, so `plan` and a hook run work on them with the default settings.
 */
function withSignals(cluster: ClusterObjects): ClusterObjects {
  const nodes = Object.values(cluster.pools).flat();
  const name = (n: Record<string, unknown>) => (n.metadata as { name: string }).name;
  const reporting = (n: Record<string, unknown>) =>
    ((n.status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === "Ready")
      ?.status ?? "Unknown") !== "Unknown";
  return {
    ...cluster,
    leases: cluster.leases ?? nodes.map((n) => lease(name(n), reporting(n) ? 5 : 120)),
    agents: cluster.agents ?? nodes.filter(reporting).map((n) => agent({ node: name(n) })),
  };
}

/** `clock`: the story depends on the time, so it is told by `plan --now` (test/cli.test.ts), not a golden hook run. */
const examples: Record<string, { about: string; cluster: ClusterObjects; clock?: true }> = {
  "all-healthy": {
    about: "Three healthy egress nodes, two managed policies and one unrelated policy: no patch.",
    cluster: {
      pools: { egress: pool3({ name: "egress-a" }) },
      policies: [
        policy({ name: "payments", pool: "egress", hostname: "egress-a" }),
        policy({ name: "reports", hostname: "egress-b" }),
        policy({ name: "unrelated", hostname: "worker-7" }),
      ],
    },
  },
  "gateway-unreachable": {
    about:
      "egress-a stopped reporting (Ready=Unknown, tainted unreachable): both its policies move, spread over egress-b and egress-c.",
    cluster: {
      pools: { egress: pool3({ name: "egress-a", ...DOWN }) },
      policies: [
        policy({ name: "payments", pool: "egress", hostname: "egress-a" }),
        policy({ name: "reports", hostname: "egress-a" }),
        policy({ name: "unrelated", hostname: "worker-7" }),
      ],
    },
  },
  "gateway-deleted": {
    about: "The Node egress-a was deleted; the annotated policy pinned to it moves to egress-b.",
    cluster: {
      pools: { egress: [node({ name: "egress-b" }), node({ name: "egress-c" })] },
      policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
    },
  },
  "all-down": {
    about:
      "Every egress node is down: the policy is left alone and the hook logs an error naming the pool and each node.",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", ...DOWN }),
          node({ name: "egress-b", ready: "False", taints: ["node.kubernetes.io/not-ready"] }),
          node({ name: "egress-c", unschedulable: true }),
        ],
      },
      policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
    },
  },
  "egress-gateways-slot": {
    about:
      "A Cilium 1.18 multi-gateway policy: only the slot on dead egress-b is replaced, by egress-c, which no other slot uses.",
    cluster: {
      pools: {
        egress: [node({ name: "egress-a" }), node({ name: "egress-b", ready: "False" }), node({ name: "egress-c" })],
      },
      policies: [
        policy({
          name: "batch",
          pool: "egress",
          hostname: "egress-a",
          gateways: [{ hostname: "egress-a" }, { hostname: "egress-b" }],
        }),
      ],
    },
  },
  "whole-pool-back": {
    about:
      "After a whole-pool outage egress-b came back 5 s ago, still inside its recovery delay: the policy on dead egress-a moves to it at once (tier recovering).",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", ...DOWN }),
          node({ name: "egress-b", readySince: "2026-11-26T11:59:55Z" }),
          node({ name: "egress-c", ...DOWN }),
        ],
      },
      policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
    },
    clock: true,
  },
  "agent-restart": {
    about:
      "egress-a's cilium agent restarts (pod not Ready for 10 s, node tainted agent-not-ready): inside the grace it keeps its gateway, so nothing moves.",
    cluster: {
      pools: {
        egress: [
          node({ name: "egress-a", taints: ["node.cilium.io/agent-not-ready"], taintsAdded: "2026-11-26T11:59:50Z" }),
          node({ name: "egress-b" }),
          node({ name: "egress-c" }),
        ],
      },
      policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
      agents: [
        agent({ node: "egress-a", ready: false, readySince: "2026-11-26T11:59:50Z" }),
        agent({ node: "egress-b" }),
        agent({ node: "egress-c" }),
      ],
    },
    clock: true,
  },
};

const badPolicy = policy({
  name: "broken",
  pool: "egress",
  hostname: "egress-a",
  egressIP: "192.0.2.9",
  interface: "eth1",
});

const fixtures: Record<string, { about: string; context: unknown }> = {
  "gateway-not-ready": {
    about: "The kubelet reports Ready=False (taint not-ready, which the prior art ignored): the policy moves.",
    context: groupContext({
      pools: { egress: pool3({ name: "egress-a", ready: "False", taints: ["node.kubernetes.io/not-ready"] }) },
      policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
    }),
  },
  "gateway-cordoned": {
    about: "kubectl cordon egress-a drains its policy to egress-b.",
    context: groupContext({
      pools: { egress: pool3({ name: "egress-a", unschedulable: true }) },
      policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
    }),
  },
  "policy-without-pin": {
    about: "An annotated policy that selects the pool label but no hostname gets pinned.",
    context: groupContext({
      pools: { egress: pool3({ name: "egress-a" }) },
      policies: [policy({ name: "payments", pool: "egress", extraLabels: { "node.kubernetes.io/role": "egress" } })],
    }),
  },
  "egress-ip": {
    about: "A policy with egressIP moves to the node annotated with an egress IP and takes that IP.",
    context: groupContext({
      pools: {
        egress: [
          node({ name: "egress-a", ...DOWN, egressIP: "192.0.2.1" }),
          node({ name: "egress-b" }),
          node({ name: "egress-c", egressIP: "192.0.2.3" }),
        ],
      },
      policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a", egressIP: "192.0.2.1" })],
    }),
  },
  "malformed-policy": {
    about: "A policy that sets both egressIP and interface is skipped with a warning; the other policy still moves.",
    context: groupContext({
      pools: { egress: pool3({ name: "egress-a", ...DOWN }) },
      policies: [badPolicy, policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
    }),
  },
  "malformed-node": {
    about: "A snapshot item that is not a node projection is skipped with a warning naming its place.",
    context: (() => {
      const ctx = groupContext({
        pools: { egress: pool3({ name: "egress-a", ...DOWN }) },
        policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
      }) as { snapshots: Record<string, unknown[]> }[];
      (ctx[0] as { snapshots: Record<string, unknown[]> }).snapshots["nodes-egress"]?.push({
        filterResult: { name: 42 },
      });
      return ctx;
    })(),
  },
  "combined-contexts": {
    about: "shell-operator combined an older Event with a newer Group context: the newest snapshots decide.",
    context: [
      { binding: "nodes-egress", type: "Event", watchEvent: "Modified", filterResult: {}, object: null },
      ...(
        groupContext({
          pools: { egress: pool3({ name: "egress-a" }) },
          policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
        }) as object[]
      ).map((c) => ({ ...c, binding: "nodes-egress" })),
      ...(
        groupContext({
          pools: { egress: pool3({ name: "egress-a", ...DOWN }) },
          policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
        }) as object[]
      ).map((c) => ({ ...c, binding: "resync" })),
    ],
  },
  "empty-array": { about: "An empty binding context: exit 0, no patch.", context: [] },
  "not-an-array": {
    about: "A binding context that is an object: contract break, exit 1, no output.",
    context: { binding: "x" },
  },
  "no-snapshots": {
    about: "An ungrouped context without snapshots: contract break, exit 1.",
    context: [{ binding: "nodes-egress", type: "Synchronization", objects: [] }],
  },
  "missing-pool-snapshot": {
    about: "The context lacks the configured pool's snapshot: contract break, exit 1, naming the key.",
    context: [{ binding: "policies", type: "Group", groupName: "cilium-egress-ha", snapshots: { policies: [] } }],
  },
};

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
mkdirSync("examples", { recursive: true });
for (const [name, ex] of Object.entries(examples)) {
  writeFileSync(join("examples", `${name}.json`), json(groupContext(withSignals(ex.cluster))));
  if (ex.clock) continue;
  mkdirSync(join("test/fixtures", name), { recursive: true });
  writeFileSync(join("test/fixtures", name, "README.md"), `${ex.about} Context: examples/${name}.json.\n`);
}
for (const [name, fx] of Object.entries(fixtures)) {
  mkdirSync(join("test/fixtures", name), { recursive: true });
  writeFileSync(join("test/fixtures", name, "context.json"), json(fx.context));
  writeFileSync(join("test/fixtures", name, "README.md"), `${fx.about}\n`);
}
