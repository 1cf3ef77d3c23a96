/**
 * Decision inputs (src/engine/inputs.ts): what a policy decision reads of the nodes, and what a
 * resync tick hashes. The decisions must not depend on anything else of the nodes: the
 * explanations (why a node is unhealthy or waiting, with ages) only go into reasons.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { REQUIRED_BLOCKING_TAINTS } from "../src/config/settings.js";
import { assess, type DecisionOptions, decide, decideFrom, decidePolicies } from "../src/engine/decide.js";
import type { PolicyDecision } from "../src/engine/decide-policy.js";
import type { Explanations } from "../src/engine/inputs.js";
import type { ClusterSnapshot } from "../src/model/objects.js";
import { reason } from "../src/model/reason.js";
import { parseBindingContext } from "../src/protocol/binding-context.js";
import { agent, type ClusterObjects, groupContext, LONG_AGO, NOW, node, policy } from "./support/builders.js";

const OPTIONS: DecisionOptions = {
  pools: ["egress"],
  cordonDrains: true,
  recoveryDelaySeconds: 60,
  blockingTaints: REQUIRED_BLOCKING_TAINTS,
  lease: null,
  agent: { source: "k8s-app=cilium in kube-system", graceSeconds: 30 },
  probe: null,
};
const NAMES = ["n0", "n1", "n2", "n3", "n4"];
const ago = (seconds: number, from = NOW): string => new Date(from.getTime() - seconds * 1000).toISOString();

function snapshotOf(cluster: ClusterObjects): ClusterSnapshot {
  const parsed = parseBindingContext(groupContext(cluster), ["egress"], { leases: false, agents: false });
  assert.ok(parsed.snapshot, "the context has snapshots");
  return parsed.snapshot;
}

/** Everything of a decision but its reasons' facts: what it does, and each reason's code. */
function actions(decisions: readonly PolicyDecision[]): unknown[] {
  return decisions.map((d) => ({
    policy: d.policy,
    pool: d.pool,
    action: d.action,
    code: d.reason.code,
    slots: d.slots.map((s) => [s.action, s.from, s.to, s.egressIP, s.reason.code]),
  }));
}

const nodeArb = fc.record({
  ready: fc.constantFrom("True", "False"),
  readyFor: fc.constantFrom(10, 20, 100, 86400),
  cordoned: fc.boolean(),
  agentDownFor: fc.constantFrom(null, null, 10, 100),
  egressIP: fc.constantFrom(undefined, "192.0.2.1", "2001:db8::1", "not-an-ip"),
  zone: fc.constantFrom("a", "b"),
});
const slotArb = fc.record({
  hostname: fc.constantFrom(null, "gone", ...NAMES),
  egressIP: fc.constantFrom(undefined, "192.0.2.9", "2001:db8::9"),
  zone: fc.constantFrom(undefined, "a", "b"),
});
const worldArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: NAMES.length, maxLength: NAMES.length }),
  policies: fc.array(fc.array(slotArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
});

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;
type Slot = World["policies"][number][number];

function clusterOf(w: World): ClusterObjects {
  const nodes = w.nodes.map((n, i) =>
    node({
      name: NAMES[i] as string,
      ready: n.ready as "True" | "False",
      readySince: ago(n.readyFor),
      unschedulable: n.cordoned,
      labels: { zone: n.zone },
      ...(n.egressIP !== undefined ? { egressIP: n.egressIP } : {}),
    }),
  );
  const agents = w.nodes.map((n, i) =>
    n.agentDownFor === null
      ? agent({ node: NAMES[i] as string, readySince: LONG_AGO })
      : agent({ node: NAMES[i] as string, ready: false, readySince: ago(n.agentDownFor) }),
  );
  const gateway = (s: Slot) => ({
    hostname: s.hostname,
    ...(s.egressIP !== undefined ? { egressIP: s.egressIP } : {}),
    ...(s.zone !== undefined ? { extraLabels: { zone: s.zone } } : {}),
  });
  const policies = w.policies.map((slots, i) =>
    slots.length === 1
      ? policy({ name: `p${i}`, pool: "egress", ...gateway(slots[0] as Slot) })
      : policy({ name: `p${i}`, pool: "egress", ...gateway(slots[0] as Slot), gateways: slots.map(gateway) }),
  );
  return { pools: { egress: nodes }, policies, agents };
}

describe("decision inputs", () => {
  test("the decisions do not depend on the explanations: replacing them changes no action, target or code", () => {
    const blank: Explanations = new Map();
    const other = reason("node-cordoned");
    fc.assert(
      fc.property(worldArb, (w) => {
        const snapshot = snapshotOf(clusterOf(w));
        const a = assess(snapshot, OPTIONS, NOW);
        const real = decidePolicies(a.inputs, a.explanations, snapshot.policies, {});
        const swapped = new Map([...a.explanations.keys()].map((n) => [n, { problems: [other], waiting: other }]));
        for (const explanations of [blank, swapped]) {
          const again = decidePolicies(a.inputs, explanations, snapshot.policies, {});
          assert.deepEqual(actions(again.decisions), actions(real.decisions));
          assert.deepEqual(again.remembered, real.remembered);
        }
      }),
      { numRuns: 200 },
    );
  });

  test("the generator reaches moves, stuck slots, grace and recovering nodes (so the property is not vacuous)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(worldArb, (w) => {
        const plan = decide(snapshotOf(clusterOf(w)), OPTIONS, NOW);
        for (const d of plan.decisions) for (const s of d.slots) seen.add(s.action);
        for (const n of plan.inputs.pools[0]?.nodes ?? []) seen.add(n.state);
      }),
      { numRuns: 200 },
    );
    for (const kind of ["keep", "move", "stuck", "settled", "recovering", "grace", "unhealthy"])
      assert.ok(seen.has(kind), `never saw ${kind}`);
  });

  test("decide is assess then decideFrom", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const snapshot = snapshotOf(clusterOf(w));
        const once = decideFrom(assess(snapshot, OPTIONS, NOW), snapshot.policies);
        assert.deepEqual(once, decide(snapshot, OPTIONS, NOW));
      }),
      { numRuns: 50 },
    );
  });

  test("they hold no ages: the same cluster seconds later has the same inputs, while the explanations age", () => {
    const cluster = clusterOf({
      nodes: [
        { ready: "False", readyFor: 100, cordoned: false, agentDownFor: null, egressIP: undefined, zone: "a" },
        { ready: "True", readyFor: 10, cordoned: false, agentDownFor: null, egressIP: undefined, zone: "a" },
        { ready: "True", readyFor: 20, cordoned: false, agentDownFor: null, egressIP: undefined, zone: "a" },
        { ready: "True", readyFor: 86400, cordoned: false, agentDownFor: 10, egressIP: undefined, zone: "a" },
        { ready: "True", readyFor: 86400, cordoned: false, agentDownFor: 100, egressIP: undefined, zone: "a" },
      ],
      policies: [[{ hostname: "n0", egressIP: undefined, zone: undefined }]],
    });
    const snapshot = snapshotOf(cluster);
    const a = assess(snapshot, OPTIONS, NOW);
    const b = assess(snapshot, OPTIONS, new Date(NOW.getTime() + 5000));
    assert.deepEqual(
      a.inputs.pools[0]?.nodes.map((n) => [n.name, n.state, n.recoveringRank]),
      [
        ["n0", "unhealthy", null],
        ["n1", "recovering", 1],
        ["n2", "recovering", 0],
        ["n3", "grace", null],
        ["n4", "unhealthy", null],
      ],
    );
    assert.deepEqual(b.inputs, a.inputs);
    assert.notDeepEqual(b.explanations, a.explanations, "the ages in the explanations moved on");
  });
});
