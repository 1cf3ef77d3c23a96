import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDurationSeconds } from "../src/config/env.js";
import { parseLabelSelector } from "../src/config/label-selector.js";
import { readSettings, SettingsError } from "../src/config/settings.js";

test("defaults: one pool with the prior art's label, cordon drains, 30s recovery", () => {
  const s = readSettings({});
  assert.deepEqual(s.pools, [{ name: "egress", selector: { matchLabels: { "node.kubernetes.io/role": "egress" } } }]);
  assert.equal(s.cordonDrains, true);
  assert.equal(s.recoveryDelaySeconds, 30);
  // The probe is on by default, and with it the tick is 1 s; without it, 2 s.
  assert.equal(s.resyncIntervalSeconds, 1);
  assert.equal(readSettings({ EGRESS_HA_PROBE: "false" }).resyncIntervalSeconds, 2);
  assert.deepEqual(s.probe, { ports: [4240], timeoutMs: 500, failures: 3, windowSeconds: 1, mode: "tcp" });
  assert.equal(s.leaseSignal, true);
  assert.equal(s.leaseStaleAfterSeconds, null);
  assert.equal(s.agentSignal, true);
  assert.deepEqual(s.agentSelector, { matchLabels: { "k8s-app": "cilium" } });
  assert.equal(s.dryRun, false);
  assert.ok(s.blockingTaints.includes("node.kubernetes.io/not-ready"));
});

const selectors: { text: string; want: unknown }[] = [
  { text: "role=egress", want: { matchLabels: { role: "egress" } } },
  { text: "role==egress, zone=a", want: { matchLabels: { role: "egress", zone: "a" } } },
  { text: "tier!=db", want: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["db"] }] } },
  {
    text: "topology.kubernetes.io/zone in (a, b),!spot",
    want: {
      matchExpressions: [
        { key: "topology.kubernetes.io/zone", operator: "In", values: ["a", "b"] },
        { key: "spot", operator: "DoesNotExist" },
      ],
    },
  },
  {
    text: "egress,x notin (y)",
    want: {
      matchExpressions: [
        { key: "egress", operator: "Exists" },
        { key: "x", operator: "NotIn", values: ["y"] },
      ],
    },
  },
];

for (const c of selectors) {
  test(`label selector: ${c.text}`, () => assert.deepEqual(parseLabelSelector(c.text), c.want));
}

const bad: { env: Record<string, string>; error: RegExp }[] = [
  { env: { EGRESS_HA_POOLS: "" }, error: /^EGRESS_HA_POOLS: no pool is defined/ },
  { env: { EGRESS_HA_POOLS: "egress=" }, error: /^EGRESS_HA_POOLS: pool "egress": the selector is empty/ },
  { env: { EGRESS_HA_POOLS: "Egress=a=b" }, error: /^EGRESS_HA_POOLS: pool name "Egress" must be a DNS label/ },
  { env: { EGRESS_HA_POOLS: "a=x=1;a=y=2" }, error: /pool "a" is defined twice/ },
  {
    env: { EGRESS_HA_POOLS: "a=role=bad value" },
    error: /pool "a": "role=bad value": "bad value" is not a valid label value/,
  },
  { env: { EGRESS_HA_POOLS: "{bad json" }, error: /^EGRESS_HA_POOLS: not valid JSON/ },
  { env: { EGRESS_HA_POOLS: '{"a":{}}' }, error: /pool "a": the selector is empty/ },
  {
    env: { EGRESS_HA_POOLS: '{"a":{"matchExpressions":[{"key":"k","operator":"In"}]}}' },
    error: /matchExpressions\[0\]\.values must be a non-empty list/,
  },
  { env: { EGRESS_HA_RECOVERY_DELAY: "soon" }, error: /^EGRESS_HA_RECOVERY_DELAY: "soon" is not a duration/ },
  { env: { EGRESS_HA_CORDON_DRAINS: "maybe" }, error: /^EGRESS_HA_CORDON_DRAINS: "maybe" is not a boolean/ },
  {
    env: { EGRESS_HA_RESYNC_INTERVAL: "1.5s" },
    error: /^EGRESS_HA_RESYNC_INTERVAL: must be 0 \(off\) or a whole number/,
  },
  { env: { EGRESS_HA_RUN_TIMEOUT: "0" }, error: /^EGRESS_HA_RUN_TIMEOUT: 0 is below the minimum of 1s/ },
  { env: { EGRESS_HA_LOG_LEVEL: "loud" }, error: /^EGRESS_HA_LOG_LEVEL/ },
  { env: { EGRESS_HA_RUN_TIMEOUT: "600h" }, error: /^EGRESS_HA_RUN_TIMEOUT: 600h is above the maximum of 24 days/ },
  { env: { EGRESS_HA_EXTRA_BLOCKING_TAINTS: "ok,bad key" }, error: /"bad key" is not a valid taint key/ },
  {
    env: { EGRESS_HA_PROBER: "true", EGRESS_HA_PROBER_CONFIRM: "0" },
    error: /^EGRESS_HA_PROBER_CONFIRM: "0" must be a whole number from 1 to 8/,
  },
  {
    env: { EGRESS_HA_PROBER: "true", EGRESS_HA_PROBER_CONFIRM: "9" },
    error: /^EGRESS_HA_PROBER_CONFIRM: "9" must be a whole number from 1 to 8/,
  },
  {
    env: { EGRESS_HA_PROBER: "true", EGRESS_HA_PROBER_CONFIRM: "two" },
    error: /^EGRESS_HA_PROBER_CONFIRM: "two" must be a whole number/,
  },
  // Settings that parse but cannot work together.
  {
    env: { EGRESS_HA_RESYNC_INTERVAL: "0" },
    error:
      /^EGRESS_HA_RESYNC_INTERVAL: 0 turns off the resync tick, which EGRESS_HA_PROBE and EGRESS_HA_LEASE_SIGNAL need/,
  },
  {
    env: { EGRESS_HA_RESYNC_INTERVAL: "0", EGRESS_HA_PROBE: "false" },
    error: /^EGRESS_HA_RESYNC_INTERVAL: 0 turns off the resync tick, which EGRESS_HA_LEASE_SIGNAL needs/,
  },
  {
    env: { EGRESS_HA_RESYNC_INTERVAL: "0s", EGRESS_HA_LEASE_SIGNAL: "false" },
    error: /^EGRESS_HA_RESYNC_INTERVAL: 0 turns off the resync tick, which EGRESS_HA_PROBE needs/,
  },
  {
    env: { EGRESS_HA_LEASE_STALE_AFTER: "14s" },
    error: /^EGRESS_HA_LEASE_STALE_AFTER: 14s is below the minimum of 15s/,
  },
  { env: { EGRESS_HA_LEASE_STALE_AFTER: "1s" }, error: /^EGRESS_HA_LEASE_STALE_AFTER: 1s is below the minimum of 15s/ },
  {
    // 3 × 10 s of silence plus the run's own 5 s cannot end within the default 30 s.
    env: { EGRESS_HA_PROBE_TIMEOUT: "10s" },
    error:
      /^EGRESS_HA_PROBE_FAILURES × EGRESS_HA_PROBE_TIMEOUT: 3 × 10s = 30s of probing a silent node, plus 5s for the run's own work, does not fit in EGRESS_HA_RUN_TIMEOUT \(30s\)/,
  },
  {
    env: { EGRESS_HA_RUN_TIMEOUT: "6s" },
    error: /^EGRESS_HA_PROBE_FAILURES × EGRESS_HA_PROBE_TIMEOUT: 3 × 0\.5s = 1\.5s .* EGRESS_HA_RUN_TIMEOUT \(6s\)/,
  },
  {
    env: { EGRESS_HA_PROBE_FAILURES: "10", EGRESS_HA_PROBE_TIMEOUT: "2600ms" },
    error: /^EGRESS_HA_PROBE_FAILURES × EGRESS_HA_PROBE_TIMEOUT: 10 × 2\.6s = 26s/,
  },
];

for (const c of bad) {
  test(`invalid setting is refused with its name: ${JSON.stringify(c.env)}`, () => {
    assert.throws(
      () => readSettings(c.env),
      (err: Error) => err instanceof SettingsError && c.error.test(err.message),
    );
  });
}

const good: { env: Record<string, string>; check: (s: ReturnType<typeof readSettings>) => void }[] = [
  {
    env: { EGRESS_HA_RESYNC_INTERVAL: "0", EGRESS_HA_PROBE: "false", EGRESS_HA_LEASE_SIGNAL: "false" },
    check: (s) => assert.equal(s.resyncIntervalSeconds, 0),
  },
  { env: { EGRESS_HA_LEASE_STALE_AFTER: "15s" }, check: (s) => assert.equal(s.leaseStaleAfterSeconds, 15) },
  { env: { EGRESS_HA_LEASE_STALE_AFTER: "auto" }, check: (s) => assert.equal(s.leaseStaleAfterSeconds, null) },
  // The boundary: 3 × 0.5 s + 5 s is exactly the run timeout.
  { env: { EGRESS_HA_RUN_TIMEOUT: "6.5s" }, check: (s) => assert.equal(s.runTimeoutSeconds, 6.5) },
  { env: { EGRESS_HA_RUN_TIMEOUT: "1s", EGRESS_HA_PROBE: "false" }, check: (s) => assert.equal(s.probe, null) },
  {
    env: { EGRESS_HA_PROBE_TIMEOUT: "10s", EGRESS_HA_PROBE_FAILURES: "10", EGRESS_HA_RUN_TIMEOUT: "105s" },
    check: (s) => assert.equal(s.probe?.timeoutMs, 10_000),
  },
  {
    env: { EGRESS_HA_PROBE_TIMEOUT: "100ms", EGRESS_HA_PROBE_FAILURES: "3", EGRESS_HA_RUN_TIMEOUT: "5.3s" },
    check: (s) => assert.equal(s.probe?.failures, 3),
  },
];

test("the prober's defaults: rounds every 400ms, a verdict after two silent rounds, 5 confirmation attempts", () => {
  const p = readSettings({ EGRESS_HA_PROBER: "true" }).prober;
  assert.deepEqual(
    { intervalMs: p?.intervalMs, timeoutMs: p?.timeoutMs, failures: p?.failures, confirm: p?.confirm },
    { intervalMs: 400, timeoutMs: 100, failures: 2, confirm: 5 },
  );
  assert.equal(readSettings({ EGRESS_HA_PROBER: "true", EGRESS_HA_PROBER_CONFIRM: "8" }).prober?.confirm, 8);
});

for (const c of good) {
  test(`settings that work together are taken: ${JSON.stringify(c.env)}`, () => c.check(readSettings(c.env)));
}

test("multiple pools parse in both forms and come out sorted", () => {
  const short = readSettings({ EGRESS_HA_POOLS: "b=role=b; a=role=a" });
  const json = readSettings({ EGRESS_HA_POOLS: '{"b":"role=b","a":{"matchLabels":{"role":"a"}}}' });
  assert.deepEqual(short.pools, json.pools);
  assert.deepEqual(
    short.pools.map((p) => p.name),
    ["a", "b"],
  );
});

test("durations", () => {
  assert.equal(parseDurationSeconds("90"), 90);
  assert.equal(parseDurationSeconds("1m30s"), 90);
  assert.equal(parseDurationSeconds("1.5h"), 5400);
  assert.equal(parseDurationSeconds("500ms"), 0.5);
  assert.equal(parseDurationSeconds("5x"), null);
  assert.equal(parseDurationSeconds(""), null);
});
