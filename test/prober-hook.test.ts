/**
 * The prober's evidence as the hook's probe signal (src/hook/evidence.ts): when the hook takes it
 * and when it falls back to its own tick probe, the observations and recovery sightings it makes,
 * and whole hook runs: a silent verdict moves the gateway at once (an object event, no tick), a
 * stale prober leaves the probe to the tick and says so in a condition and a metric.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import { observationsOf, proberUse, readEvidence, withLastSightings } from "../src/hook/evidence.js";
import { runHook } from "../src/hook/run.js";
import { EMPTY_STATE } from "../src/hook/state.js";
import type { Evidence } from "../src/model/evidence.js";
import { EVIDENCE_BINDING } from "../src/protocol/binding-context.js";
import { buildHookConfig } from "../src/protocol/hook-config.js";
import { agent, groupContext, lease, NOW, node, policy, tickContext } from "./support/builders.js";
import { withEngine } from "./support/state.js";

const ENV = {
  EGRESS_HA_LEASE_SIGNAL: "false",
  EGRESS_HA_AGENT_SIGNAL: "true",
  EGRESS_HA_PROBER: "true",
  EGRESS_HA_PROBER_DIR: "/shared",
  EGRESS_HA_PROBER_NAMESPACE: "ops",
};
const SETTINGS = readSettings(ENV);
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const POOL = ["a", "b", "c", "d"];
const cluster = {
  pools: { egress: POOL.map((name, i) => node({ name, address: `10.0.0.${i + 1}` })) },
  policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
  agents: POOL.map((n) => agent({ node: n })),
};
const evidence = (nodes: Evidence["nodes"]): Evidence => ({
  changed: ago(300),
  intervalMs: 100,
  timeoutMs: 150,
  failures: 3,
  nodes,
  leases: [],
});
const silentA = evidence([
  { node: "a", verdict: "silent", since: ago(600), failures: 3, lastSilence: ago(400), lastRefusal: null },
]);

/** The group context with the evidence snapshot (this pod's object and another replica's). */
function withEvidence(mine: Evidence | null, binding = EVIDENCE_BINDING): unknown[] {
  const ctx = groupContext(cluster, binding) as { snapshots: Record<string, unknown> }[];
  const items = [{ filterResult: { name: "other-pod", spec: evidence([]) } }];
  if (mine) items.push({ filterResult: { name: "pod-a", spec: mine } });
  (ctx[0] as { snapshots: Record<string, unknown> }).snapshots[EVIDENCE_BINDING] = items;
  return ctx;
}

const beat = (ageMs: number, published = true, blind = false) => ({
  at: ago(ageMs),
  published,
  leases: "off" as const,
  blind,
});

describe("when the hook takes the prober's evidence", () => {
  const cases: { name: string; heartbeat: Parameters<typeof proberUse>[1]; doc: unknown; use: boolean | string }[] = [
    { name: "fresh heartbeat, evidence found", heartbeat: beat(500), doc: withEvidence(silentA), use: true },
    {
      name: "fresh heartbeat, no object yet (no verdict ever changed)",
      heartbeat: beat(500),
      doc: withEvidence(null),
      use: true,
    },
    { name: "no heartbeat", heartbeat: null, doc: withEvidence(silentA), use: "no-heartbeat" },
    {
      name: "stale heartbeat (down or hung)",
      heartbeat: beat(3500),
      doc: withEvidence(silentA),
      use: "heartbeat-stale",
    },
    { name: "evidence not written", heartbeat: beat(500, false), doc: withEvidence(silentA), use: "unpublished" },
    {
      name: "beating but blind (no round counted lately: starved)",
      heartbeat: beat(500, true, true),
      doc: withEvidence(silentA),
      use: "blind",
    },
    {
      name: "unreadable heartbeat",
      heartbeat: { error: "EACCES" },
      doc: withEvidence(silentA),
      use: "heartbeat-unreadable",
    },
    { name: "a context without the snapshot", heartbeat: beat(500), doc: groupContext(cluster), use: "no-binding" },
    {
      name: "malformed evidence",
      heartbeat: beat(500),
      doc: withEvidence({ ...silentA, nodes: [{ node: "a" }] } as unknown as Evidence),
      use: "evidence-invalid",
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const u = proberUse(SETTINGS, c.heartbeat, readEvidence(c.doc, "pod-a"), "pod-a", NOW);
      if (c.use === true) assert.equal(u.use, true);
      else {
        assert.equal(u.use, false);
        if (!u.use) {
          assert.equal(u.condition.fields?.code, c.use);
          assert.equal(u.condition.key, "prober");
        }
      }
    });
});

test("the evidence as observations: one per pool node, a silent verdict past the failure count", () => {
  const ev = evidence([
    { node: "a", verdict: "silent", since: ago(600), failures: 2, lastSilence: ago(400), lastRefusal: null },
    { node: "b", verdict: "refused", since: ago(100), failures: 0, lastSilence: null, lastRefusal: ago(100) },
    { node: "c", verdict: "up", since: null, failures: 0, lastSilence: ago(5000), lastRefusal: null },
  ]);
  assert.deepEqual(observationsOf(ev, POOL, 3), [
    { node: "a", answer: "silent", silent: 3, silentSince: ago(600) },
    { node: "b", answer: "refused", silent: 0, silentSince: null },
    { node: "c", answer: "open", silent: 0, silentSince: null },
    { node: "d", answer: "open", silent: 0, silentSince: null },
  ]);
  assert.deepEqual(observationsOf(null, ["a"], 3), [{ node: "a", answer: "open", silent: 0, silentSince: null }]);
});

test("a last silence or refusal later than the hook's memory restarts the recovery delay from it", () => {
  const ev = evidence([
    { node: "a", verdict: "up", since: null, failures: 0, lastSilence: ago(5000), lastRefusal: ago(9000) },
    { node: "b", verdict: "up", since: null, failures: 0, lastSilence: ago(20_000), lastRefusal: null },
    {
      node: "c",
      verdict: "up",
      since: null,
      failures: 0,
      lastSilence: new Date(NOW.getTime() + 60_000).toISOString(),
      lastRefusal: null,
    },
  ]);
  const state = withEngine(EMPTY_STATE, { unhealthy: { b: { at: ago(10_000), why: "Ready" } } });
  const next = withLastSightings(state, ev, NOW);
  assert.deepEqual(next.engine.unhealthy.a, { at: ago(5000), why: "probe" });
  assert.deepEqual(next.engine.unhealthy.b, { at: ago(10_000), why: "Ready" }, "the hook's own later sighting stays");
  assert.deepEqual(next.engine.unhealthy.c, { at: NOW.toISOString(), why: "probe" }, "a time from the future is now");
});

/** A run's IO in memory: the context, the prober's heartbeat, a probe that finds every node open. */
function io(
  context: unknown,
  heartbeat: string | null,
  probeCalls: unknown[][] = [],
  env: Record<string, string> = {},
) {
  const files = new Map<string, string>([["/ctx", JSON.stringify(context)]]);
  if (heartbeat !== null) files.set("/shared/heartbeat.json", heartbeat);
  const stderr: string[] = [];
  return {
    files,
    stderr,
    io: {
      env: {
        BINDING_CONTEXT_PATH: "/ctx",
        KUBERNETES_PATCH_PATH: "/patch",
        METRICS_PATH: "/metrics",
        HOSTNAME: "pod-a",
        EGRESS_HA_STATE_FILE: "/state",
        ...ENV,
        ...env,
      },
      readFile: async (p: string) => files.get(p) ?? "",
      writeFile: async (p: string, d: string) => void files.set(p, d),
      readState: async (p: string) => files.get(p) ?? null,
      writeState: async (p: string, d: string) => void files.set(p, d),
      readProberFile: async (p: string) => files.get(p) ?? null,
      writeProberFile: async (p: string, d: string) => void files.set(p, d),
      stderr: (t: string) => void stderr.push(t),
      now: () => NOW,
      probe: async (targets: { node: string }[]) => {
        probeCalls.push(targets);
        return targets.map((t) => ({
          node: t.node,
          answer: "open" as const,
          silent: 0,
          silentSince: null,
          rttMs: 1,
        }));
      },
    },
  };
}
describe("a stale Lease in the evidence", () => {
  const R = "2026-12-01T11:59:00.000000Z";
  const mine = (renewTime: string, seenAgoMs: number) => ({ renewTime, seenAt: ago(seenAgoMs) });
  const cases: { name: string; hook?: { renewTime: string; seenAt: string }; seenAgoMs: number; want: string }[] = [
    { name: "the hook never saw it: the prober's sighting", seenAgoMs: 17_000, want: ago(17_000) },
    {
      name: "the hook saw it later: the prober's earlier sighting",
      hook: mine(R, 2000),
      seenAgoMs: 17_000,
      want: ago(17_000),
    },
    { name: "the hook saw it earlier: its own stays", hook: mine(R, 30_000), seenAgoMs: 17_000, want: ago(30_000) },
    {
      name: "the hook saw another renewal: the prober's (the snapshot judges which is current)",
      hook: mine("2026-12-01T11:58:00.000000Z", 60_000),
      seenAgoMs: 17_000,
      want: ago(17_000),
    },
    { name: "a sighting from the future is now", seenAgoMs: -60_000, want: NOW.toISOString() },
  ];
  for (const c of cases)
    test(c.name, () => {
      const state = withEngine(EMPTY_STATE, { leaseSeen: c.hook ? { gw: c.hook } : {} });
      const ev = { ...evidence([]), leases: [{ node: "gw", renewTime: R, seenAt: ago(c.seenAgoMs) }] };
      const seen = withLastSightings(state, ev, NOW).engine.leaseSeen.gw;
      assert.equal(seen?.seenAt, c.want);
      assert.equal(seen?.renewTime, c.want === c.hook?.seenAt ? c.hook.renewTime : R);
    });

  test("a hook run on the evidence event moves the gateway the prober found stale; without it, nothing moves", async () => {
    const leases = POOL.map((n) => lease(n, n === "a" ? 20 : 2));
    const renewA = (leases[0] as { spec: { renewTime: string } }).spec.renewTime;
    const settings = { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "false" };
    const ctx = (ev: Evidence) => {
      const doc = groupContext({ ...cluster, leases }, EVIDENCE_BINDING) as { snapshots: Record<string, unknown> }[];
      (doc[0] as { snapshots: Record<string, unknown> }).snapshots[EVIDENCE_BINDING] = [
        { filterResult: { name: "pod-a", spec: ev } },
      ];
      return doc;
    };
    const staleA = { ...evidence([]), leases: [{ node: "a", renewTime: renewA, seenAt: ago(17_500) }] };
    for (const [ev, moves] of [
      [staleA, true],
      [evidence([]), false],
    ] as const) {
      const run = io(ctx(ev), JSON.stringify({ ...beat(300), leases: "watching" }), [], settings);
      const code = await runHook(run.io);
      const files = run.files;
      assert.equal(code, 0);
      assert.equal(/"name":"p"/.test(files.get("/patch") ?? ""), moves, moves ? "moved by the Lease" : "no move");
    }
  });
});

test("--config: the evidence binding only with the prober, in the group, by label in the setting's namespace", () => {
  const names = (s: ReturnType<typeof readSettings>) =>
    (buildHookConfig(s).kubernetes as { name: string }[]).map((b) => b.name);
  assert.ok(!names(readSettings({})).includes(EVIDENCE_BINDING));
  const b = (buildHookConfig(SETTINGS).kubernetes as Record<string, unknown>[]).find(
    (x) => x.name === EVIDENCE_BINDING,
  );
  assert.deepEqual(b?.namespace, { nameSelector: { matchNames: ["ops"] } });
  assert.deepEqual(b?.labelSelector, { matchLabels: { "cilium-egress-ha.io/evidence": "probe" } });
  assert.equal(b?.group, "cilium-egress-ha");
  const tick = (
    buildHookConfig(SETTINGS).schedule as { name: string; includeSnapshotsFrom: string[]; crontab: string }[]
  )[0];
  assert.ok(tick?.includeSnapshotsFrom.includes(EVIDENCE_BINDING));
  assert.equal(tick?.crontab, "@every 1s", "the tick keeps its interval: the hook script skips lone ticks");
});

describe("hook runs with the prober", () => {
  const fresh = JSON.stringify(beat(400));

  test("a silent verdict moves the gateway on the evidence event itself, with no network probe", async () => {
    const calls: unknown[][] = [];
    const run = io(withEvidence(silentA), fresh, calls);
    assert.equal(await runHook(run.io), 0);
    assert.equal(calls.length, 0);
    const patch = run.files.get("/patch") ?? "";
    assert.match(patch, /"name":"p"/);
    assert.match(
      patch,
      /"op":"replace","path":"[^"]*nodeSelector","value":\{"matchLabels":\{"kubernetes.io\/hostname":"b"/,
      "moved from a to b",
    );
    assert.match(
      run.files.get("/metrics") ?? "",
      /"name":"cilium_egress_ha_probe_degraded","group":"cilium_egress_ha","action":"set","value":0/,
    );
    // The hook leaves the prober its targets.
    assert.deepEqual(
      JSON.parse(run.files.get("/shared/targets.json") ?? "[]"),
      POOL.map((n, i) => ({ node: n, address: `10.0.0.${i + 1}` })),
    );
  });

  test("all up in the evidence: nothing moves, and lone ticks may be skipped", async () => {
    const run = io(withEvidence(null), fresh);
    assert.equal(await runHook(run.io), 0);
    assert.equal(run.files.get("/patch"), undefined);
    assert.equal(run.files.get("/shared/tick-gate"), "skip\n");
  });

  test("a moved gateway: the old node's recovery delay runs, so the ticks must run", async () => {
    const run = io(withEvidence(silentA), fresh);
    run.files.set("/shared/tick-gate", "skip\n");
    assert.equal(await runHook(run.io), 0);
    // a is unhealthy (no timer: its recovery starts with an event); no node waits yet
    assert.equal(run.files.get("/shared/tick-gate"), "skip\n");
    // a answers again: a healthy node in its recovery delay is a timer
    run.files.set("/ctx", JSON.stringify(withEvidence(evidence([]))));
    assert.equal(await runHook(run.io), 0);
    assert.equal(run.files.get("/shared/tick-gate"), "run\n");
  });

  test("the prober back on a quiet tick: the degraded metric says so at once, not a minute later", async () => {
    const run = io(withEvidence(null), JSON.stringify(beat(10_000)));
    const files = run.files;
    const runIO = {
      ...run.io,
      readIndex: async (p: string) => files.get(p) ?? null,
      writeIndex: async (p: string, d: string) => void files.set(p, d),
    };
    assert.equal(await runHook(runIO), 0);
    assert.match(files.get("/metrics") ?? "", /"name":"cilium_egress_ha_probe_degraded"[^\n]*"value":1/);
    // The next tick: nothing a decision reads changed, but the prober is back.
    const tick = tickContext(cluster) as { snapshots: Record<string, unknown> }[];
    (tick[0] as { snapshots: Record<string, unknown> }).snapshots[EVIDENCE_BINDING] = [];
    files.set("/ctx", JSON.stringify(tick));
    files.set("/shared/heartbeat.json", fresh);
    files.delete("/metrics");
    assert.equal(await runHook(runIO), 0);
    assert.match(
      files.get("/metrics") ?? "",
      /"name":"cilium_egress_ha_probe_degraded","group":"cilium_egress_ha","action":"set","value":0/,
    );
  });

  test("a stale prober: its evidence is not used, the tick probes, a condition and the degraded metric say so", async () => {
    const calls: unknown[][] = [];
    const run = io(withEvidence(silentA, "resync"), JSON.stringify(beat(10_000)), calls);
    assert.equal(await runHook(run.io), 0);
    assert.equal(calls.length, 1, "the tick probes itself");
    assert.equal(run.files.get("/patch"), undefined, "the stale evidence moves nothing");
    assert.equal(run.files.get("/shared/tick-gate"), "run\n", "every tick runs while the prober is down");
    const lines = run.stderr
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const warn = lines.find((l) => l.condition === "prober");
    assert.equal(warn?.level, "warn");
    assert.equal(warn?.code, "heartbeat-stale");
    assert.match(
      run.files.get("/metrics") ?? "",
      /"name":"cilium_egress_ha_probe_degraded","group":"cilium_egress_ha","action":"set","value":1/,
    );
  });
});
