/**
 * The hook's memory (issue 18): bounded by nodes, never silently lost, honest when it cannot be
 * kept. Whole hook runs against an in-memory state directory that behaves as the real one does:
 * a state over the cap is refused, a write may fail (ENOSPC), and a failed save leaves a marker
 * the next run reads.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { inFlight, type PendingMove, settleMoves, sightMoves } from "../src/engine/moves.js";
import { runHook } from "../src/hook/run.js";
import { MAX_STATE_BYTES, parseState, serializeState } from "../src/hook/state.js";
import { agent, groupContext, lease, NOW, node, policy, tickContext } from "./support/builders.js";
import { appliedCluster } from "./support/json-patch.js";
import { dirIO, type MemoryDir, memoryDir } from "./support/memory-dir.js";

const at = (s: number): Date => new Date(NOW.getTime() + s * 1000);
const STATE = "/s/state.json";

const lines = (log: string[]) => log.map((l) => JSON.parse(l) as Record<string, unknown>);
const errors = (log: string[]) => lines(log).filter((l) => l.level === "error");
const eventsOf = (dir: MemoryDir, reason: string): number =>
  (dir.files.get("/patch") ?? "").split("\n").filter((l) => l.includes(`"reason":"${reason}"`)).length;
const signalState = (dir: MemoryDir, signal: string): string | undefined => {
  for (const l of (dir.files.get("/metrics") ?? "").split("\n")) {
    if (l === "") continue;
    const m = JSON.parse(l) as { name: string; value: number; labels: Record<string, string> };
    if (m.name === "cilium_egress_ha_signal_state" && m.labels.signal === signal && m.value === 1)
      return m.labels.state;
  }
  return undefined;
};

const DEAD = Array.from({ length: 10 }, (_, i) => `dead-${i}`);
const LIVE = ["live-0", "live-1"];
/** Nodes outside both pools, renewing their Leases: the dead pool's are too few to look like a control-plane fault. */
const WORKERS = Array.from({ length: 40 }, (_, i) => `worker-${i}`);
const ENV2 = {
  EGRESS_HA_POOLS: "dead=pool=dead;live=pool=live",
  EGRESS_HA_LEASE_SIGNAL: "true",
  EGRESS_HA_LEASE_STALE_AFTER: "40s",
  EGRESS_HA_AGENT_SIGNAL: "false",
  EGRESS_HA_PROBE: "false",
  EGRESS_HA_RECOVERY_DELAY: "0s",
};

/** A dead pool of 10 NotReady nodes with `stuck` policies on it, and a live pool of two whose live-0 stops renewing at 0 s. */
function outage(t: number, stuck: number, live0Stopped = true) {
  const nodes = (names: string[], pool: string, ready: "True" | "False") =>
    names.map((name) => node({ name, ready, labels: { pool, "node.kubernetes.io/role": null } }));
  return {
    pools: { dead: nodes(DEAD, "dead", "False"), live: nodes(LIVE, "live", "True") },
    policies: [
      ...Array.from({ length: stuck }, (_, i) =>
        policy({
          name: `policy-${String(i).padStart(5, "0")}`,
          pool: "dead",
          hostname: DEAD[i % DEAD.length] as string,
        }),
      ),
      policy({ name: "on-live", pool: "live", hostname: "live-0" }),
    ],
    leases: [
      ...DEAD.map((n) => lease(n, 3600)),
      lease("live-0", live0Stopped ? 2 : 2 - t),
      lease("live-1", 2 - t),
      ...WORKERS.map((n) => lease(n, 2 - t)),
    ],
    nodes: WORKERS.map((name) => node({ name, labels: { "node.kubernetes.io/role": null } })),
  };
}

describe("a whole-pool outage", () => {
  test("its stuck policies fit the state; the next runs write no Event and no error line again", async () => {
    const dir = memoryDir();
    const first: string[] = [];
    assert.equal(await runHook(dirIO(dir, at(0), groupContext(outage(0, 2000)), first, ENV2)), 0);
    assert.equal(eventsOf(dir, "NoEligibleGateway") + eventsOf(dir, "NoEligibleGateways") > 0, true);
    const saved = dir.files.get(STATE);
    assert.ok(saved !== undefined && !dir.unsaved, "the state is saved");
    assert.ok(Buffer.byteLength(saved) < MAX_STATE_BYTES / 4, `${Buffer.byteLength(saved)} bytes`);
    for (const t of [1, 2, 3]) {
      const log: string[] = [];
      assert.equal(await runHook(dirIO(dir, at(t), tickContext(outage(t, 2000)), log, ENV2)), 0);
      assert.equal(eventsOf(dir, "NoEligibleGateway") + eventsOf(dir, "NoEligibleGateways"), 0, `tick ${t}`);
      assert.deepEqual(errors(log), [], `tick ${t}`);
    }
  });

  test("it does not blind the Lease signal of another pool", async () => {
    const dir = memoryDir();
    assert.equal(await runHook(dirIO(dir, at(0), groupContext(outage(0, 2000)), [], ENV2)), 0);
    let last: string[] = [];
    for (const t of [10, 20, 30, 45]) {
      last = [];
      assert.equal(await runHook(dirIO(dir, at(t), tickContext(outage(t, 2000)), last, ENV2)), 0);
    }
    const patch = dir.files.get("/patch") ?? "";
    // The dead pool's Leases went stale too: its stuck policies changed, one line for the pool.
    assert.deepEqual(
      errors(last).map((l) => l.condition),
      ["stuck-pool:dead"],
    );
    assert.ok(patch.includes('"name":"on-live"'), "the live pool's policy leaves the node whose Lease went stale");
    assert.equal(signalState(dir, "lease"), "active");
  });

  test("stuck Events above the event limit are one summary per pool", async () => {
    const dir = memoryDir();
    const env = { ...ENV2, EGRESS_HA_EVENT_LIMIT: "50" };
    assert.equal(await runHook(dirIO(dir, at(0), groupContext(outage(0, 300)), [], env)), 0);
    assert.equal(eventsOf(dir, "NoEligibleGateway"), 0);
    assert.equal(eventsOf(dir, "NoEligibleGateways"), 1);
    // At the limit, one Event per policy as before.
    const small = memoryDir();
    assert.equal(await runHook(dirIO(small, at(0), groupContext(outage(0, 50)), [], env)), 0);
    assert.equal(eventsOf(small, "NoEligibleGateway"), 50);
  });
});

describe("a state that cannot be saved", () => {
  const ENV1 = { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "true", EGRESS_HA_PROBE: "false" };
  const small = (t: number) => ({
    pools: { egress: ["a", "b"].map((name) => node({ name })) },
    policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    leases: ["a", "b"].map((n) => lease(n, 2 - t)),
    agents: ["a", "b"].map((n) => agent({ node: n })),
  });

  test("after a failed save (ENOSPC), the next run reports the Lease and agent signals unavailable", async () => {
    const dir = memoryDir();
    assert.equal(await runHook(dirIO(dir, at(0), groupContext(small(0)), [], ENV1)), 0);
    assert.equal(signalState(dir, "lease"), "active");
    dir.failWrites = "ENOSPC";
    assert.equal(await runHook(dirIO(dir, at(70), groupContext(small(70)), [], ENV1)), 0);
    dir.failWrites = null;
    const log: string[] = [];
    assert.equal(await runHook(dirIO(dir, at(140), groupContext(small(140)), log, ENV1)), 0);
    assert.equal(signalState(dir, "lease"), "unavailable");
    assert.equal(signalState(dir, "agent"), "unavailable");
    assert.ok(
      errors(log).some((l) => l.code === "UNSAVED"),
      JSON.stringify(lines(log)),
    );
    // Saved again: the signals come back.
    assert.equal(await runHook(dirIO(dir, at(210), groupContext(small(210)), [], ENV1)), 0);
    assert.equal(signalState(dir, "lease"), "active");
  });

  test("a version-2 state written before the engine's memory became one type reads back identically", () => {
    // Every record of both parts is filled: a field the reader drops or renames changes the text.
    const golden = readFileSync(new URL("./states/version-2.json", import.meta.url), "utf8");
    assert.equal(serializeState(parseState(golden)), golden);
  });

  test("an old (version 1) state is converted, not misread", () => {
    const v1 = JSON.stringify({
      version: 1,
      nodes: { a: { at: "2026-11-26T11:59:00.000Z", why: "not-ready" } },
      leaseSeen: { a: { renewTime: "2026-11-26T11:58:00.000000Z", seenAt: "2026-11-26T11:58:01.000Z" } },
      failovers: { egress: 3 },
      stuck: { p: "2026-11-26T11:00:00.000Z" },
      notices: { "stuck:p": { text: '{"code":"no-eligible-gateway"}', at: "2026-11-26T11:59:00.000Z" } },
      pending: [
        {
          id: "x-0",
          policy: "q",
          pool: "egress",
          at: "2026-11-26T11:59:59.000Z",
          slots: 1,
          from: ["a"],
          to: ["b"],
          code: "node-not-ready",
          message: "a very long rendered reason ".repeat(20),
        },
      ],
    });
    const state = parseState(v1);
    assert.equal(state.failovers.egress, 3);
    assert.equal(state.engine.unhealthy.a?.why, "not-ready");
    assert.equal(state.pending.length, 1);
    const again = serializeState(state);
    assert.match(again, /"version":2/);
    assert.ok(!again.includes("a very long rendered reason"), "a pending move keeps ids and pins");
    assert.deepEqual(parseState(again), state);
  });
});

describe("pending moves", () => {
  const move = (atTime: string): PendingMove => ({
    id: "m-0",
    policy: "p",
    pool: "egress",
    at: atTime,
    slots: 1,
    from: ["a"],
    to: ["b"],
    code: "node-not-ready",
  });

  test("a move stamped in the future (the clock stepped back) is held no longer than its duration", () => {
    const now = NOW.getTime();
    const future = move(new Date(now + 3_600_000).toISOString());
    const nothingSeen = sightMoves([], {}, NOW);
    const settled = settleMoves([future], new Map(), nothingSeen, "w", now);
    // The policy is gone: dropped; with the policy present the move is still pending, clamped.
    assert.equal(settled.dropped.length, 1);
    const kept = settleMoves([future], new Map([["p", ["a"]]]), nothingSeen, "w", now).pending;
    assert.equal(kept.length, 1);
    assert.ok(Date.parse((kept[0] as PendingMove).at) <= now, "clamped to now");
    assert.equal(inFlight(kept, "p", ["a"], ["b"], now + 11_000), false, "not held past the hold");
  });

  test("9 000 moves in one run are saved and confirmed by the next run", async () => {
    const env = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "false", EGRESS_HA_PROBE: "false" };
    // Node names as a cloud provider gives them.
    const [A, B] = ["ip-10-0-1-23.eu-west-1.compute.internal", "ip-10-0-2-47.eu-west-1.compute.internal"];
    const names = Array.from({ length: 9000 }, (_, i) => `tenant-namespace-${i}-egress-policy`);
    const cluster = (aReady: "True" | "False") => ({
      pools: { egress: [node({ name: A, ready: aReady }), node({ name: B })] },
      policies: names.map((name) => policy({ name, pool: "egress", hostname: A })),
    });
    const dir = memoryDir();
    assert.equal(await runHook(dirIO(dir, at(0), groupContext(cluster("True")), [], env)), 0);
    assert.equal(await runHook(dirIO(dir, at(1), groupContext(cluster("False")), [], env)), 0);
    assert.ok(!dir.unsaved, "the state with 9 000 pending moves is saved");
    const ops = (dir.files.get("/patch") ?? "")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l));
    const landed = appliedCluster(cluster("False"), ops);
    const log: string[] = [];
    assert.equal(await runHook(dirIO(dir, at(2), groupContext(landed), log, env)), 0);
    const moved = lines(log).filter((l) => l.action === "moved").length;
    assert.equal(moved, 9000);
  });
});
