/**
 * Reason codes (src/model/reason.ts): every code of REASON_CODES renders from its facts, and
 * the facts are checked per code by the compiler (the @ts-expect-error lines fail `npm run
 * typecheck` the day a wrong fact name compiles).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  REASON_CODES,
  REASON_GROUPS,
  type Reason,
  type ReasonCode,
  type ReasonFacts,
  reason,
  renderReason,
} from "../src/model/reason.js";

const cordoned = reason("node-cordoned");
const grace = reason("agent-grace", { detail: "cilium agent cilium-x not Ready", forSeconds: 12, graceSeconds: 30 });
const unhealthy = reason("gateway-unhealthy", { gateway: "n1", node: "n1", problems: [cordoned] });

/** Example facts for every code: the table. A code without an entry does not compile. */
const EXAMPLES: { [C in ReasonCode]: ReasonFacts[C] } = {
  "node-not-ready": { status: "Unknown", since: "2026-11-26T11:59:00Z" },
  "node-tainted": { taint: "node.kubernetes.io/unreachable" },
  "node-cordoned": {},
  "node-deleting": {},
  "lease-missing": {},
  "lease-no-renew-time": {},
  "lease-stale": { ageSeconds: 20, staleAfterSeconds: 16 },
  "agent-down": { detail: "no cilium agent pod on the node", forSeconds: 45, graceSeconds: 30 },
  "probe-silent": { failures: 3, forSeconds: 10, port: "4240" },
  "recovery-delay": { what: "Ready", forSeconds: 10, delaySeconds: 60, was: "node-not-ready" },
  "agent-grace": { detail: "tainted node.cilium.io/agent-not-ready", forSeconds: 5, graceSeconds: 30 },
  "not-a-member": { pool: "egress" },
  unhealthy: { problems: [cordoned] },
  "no-hostname-label": {},
  "hostname-ambiguous": { hostname: "h", nodes: ["n1", "n2"] },
  "selector-mismatch": { terms: ["zone=a"] },
  "egress-ip-missing": {},
  "egress-ip-invalid": { value: "x", problem: "is not an IP address" },
  "egress-ip-family": { value: "192.0.2.1", got: "IPv4", want: "IPv6" },
  "egress-ip-conflict": { value: "192.0.2.1", nodes: ["n1", "n2"] },
  "gateway-healthy": { gateway: "n1" },
  "gateway-in-grace": { gateway: "n1", grace },
  "gateway-deferred": {
    gateway: "n1",
    problems: [reason("probe-silent", { failures: 3, forSeconds: 2, port: "4240" })],
    by: "replica-2",
    forSeconds: 40,
    deferSeconds: 300,
  },
  "foreign-slot": { gateway: null, pool: "egress" },
  "not-pinned": {},
  "gateway-not-in-pool": { gateway: "n1", pool: "egress" },
  "gateway-unhealthy": { gateway: "n1", node: "n1", problems: [cordoned] },
  "gateway-ambiguous": { gateway: "h", nodes: ["n1", "n2"], unhealthy: ["n2"] },
  "gateway-selector-mismatch": { gateway: "n1", terms: ["zone=a"] },
  move: {
    cause: unhealthy,
    node: "n2",
    hostname: "h2",
    tier: "recovering",
    load: 1,
    shared: true,
    egressIP: { from: "192.0.2.1", to: "192.0.2.2" },
  },
  "no-node-fits": { cause: unhealthy, pool: "egress", rejections: [{ node: "n2", reason: grace }] },
  "all-healthy": { gateways: ["n1", "n2"] },
  slots: { parts: [{ slot: "egressGateways[0]", reason: unhealthy }] },
  "not-managed": { because: "unmanageable", field: "spec.egressGateway", message: "has no nodeSelector" },
  deleting: {},
  "invalid-policy": { field: "spec.egressGateway", message: "has no nodeSelector" },
  "unknown-pool": { pool: "other", configured: ["egress"] },
  "time-in-future": { object: "Node n1", field: "Ready", value: "2027-01-01T00:00:00Z", now: "2026-11-26T12:00:00Z" },
  "time-unparsable": { object: "Node n1", field: "Ready", value: "yesterday" },
  "hostnames-ambiguous": { hostname: "h", nodes: ["n1", "n2"] },
  "egress-ip-annotation-invalid": { node: "n1", value: "x", problem: "is not an IP address" },
  "egress-ip-annotation-conflict": { node: "n1", value: "192.0.2.1", others: ["n2"] },
  "node-address-invalid": { node: "n1", field: "status.addresses InternalIP", value: "n1.example" },
};

test("REASON_CODES lists every code once, in the order of REASON_GROUPS", () => {
  assert.equal(new Set(REASON_CODES).size, REASON_CODES.length, "no code twice");
  assert.deepEqual(
    REASON_CODES,
    REASON_GROUPS.flatMap((g) => g.codes),
  );
  assert.deepEqual([...REASON_CODES].sort(), Object.keys(EXAMPLES).sort(), "the table covers exactly the codes");
  for (const g of REASON_GROUPS)
    assert.ok(g.title.length > 0 && g.codes.length > 0, "every group has a title and codes");
});

for (const code of REASON_CODES) {
  test(`renders ${code}`, () => {
    assert.ok(Object.hasOwn(EXAMPLES, code), `no example facts for ${code}`);
    const r = { code, ...EXAMPLES[code] } as Reason;
    const text = renderReason(r);
    assert.equal(typeof text, "string", `${code} renders to a string`);
    assert.ok(text.length > 0, `${code} renders to some text`);
    assert.doesNotMatch(text, /undefined|NaN|\[object Object\]/, `${code}: ${text}`);
  });
}

test("every variant of the facts renders", () => {
  const variants: Reason[] = [
    reason("node-not-ready", { status: null }),
    reason("node-not-ready", { status: "False", since: null }),
    reason("not-managed", { because: "remembered-unpinned" }),
    reason("not-managed", { because: "inventory-unknown" }),
    reason("not-managed", { because: "no-pool-pin" }),
    reason("no-node-fits", { cause: cordoned, pool: "egress", rejections: [] }),
    reason("move", { ...EXAMPLES.move, tier: "settled", shared: false, egressIP: null }),
    reason("recovery-delay", { what: "Ready", forSeconds: 1, delaySeconds: 60 }),
  ];
  for (const r of variants) assert.doesNotMatch(renderReason(r), /undefined|NaN|\[object Object\]/);
});

test("a wrong or missing fact does not compile", () => {
  const bad = [
    // @ts-expect-error: a misspelled fact
    () => reason("lease-stale", { ageSecond: 20, staleAfterSeconds: 16 }),
    // @ts-expect-error: a missing fact
    () => reason("gateway-healthy", {}),
    // @ts-expect-error: facts left out of a code that has some
    () => reason("not-a-member"),
    // @ts-expect-error: an unknown code
    () => reason("node-on-fire"),
    // @ts-expect-error: a fact of the wrong type
    () => reason("move", { ...EXAMPLES.move, tier: "fastest" }),
  ];
  assert.equal(bad.length, 5);
});
