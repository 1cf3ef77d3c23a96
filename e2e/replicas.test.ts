/**
 * Two replicas of the operator side by side on a real control plane, as the chart runs them:
 * two shell-operators, each with its own pod name (HOSTNAME, the writer's identity) and state.
 * shell-operator has no leader election; the hook is safe with several replicas because its
 * decisions are deterministic, its patches are guarded, and a healthy gateway never moves.
 *
 * - Both alive: gateway failures in a row. Each affected policy is patched exactly once per
 *   failure, there is one GatewayMoved Event per move, and the failover counters of the two
 *   replicas sum to the number of moves.
 * - One replica SIGKILLed at the moment a gateway fails: the other fails over; the time is
 *   recorded next to the both-alive time.
 * - A replica restarted mid-way: zero moves.
 *
 * E2E_REPLICA_FAILURES sets the failures in a row (CI 3; the README's figures use 10).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, findTools, httpGet, type ShellOperator, startCluster } from "./harness/cluster.js";
import { Kube, type KubeObject } from "./support/kube.js";
import { gatewaysOf, imageLayout, Latency, LONG_AGO, recordLatency, repetitions, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const POOL = ["gw-a", "gw-b", "gw-c", "gw-d"];
const POLICIES = ["p-1", "p-2", "p-3", "p-4"];
const FAILURES = repetitions("E2E_REPLICA_FAILURES", 3, 10);
const RECOVERY_DELAY_S = 2;
const tools = findTools();
const skip = tools.missing.length > 0 ? `e2e tools not built (${tools.missing.join(", ")}): run npm run e2e` : false;

describe("e2e: two replicas of the operator", { skip }, () => {
  let cluster: Cluster;
  let kube: Kube;
  let world: World;
  let work: string;
  let hooksDir: string;
  const replicas = new Map<string, ShellOperator>();
  const latency = new Latency();

  const start = async (name: string): Promise<void> => {
    replicas.set(
      name,
      await cluster.startShellOperator({
        hooksDir,
        env: {
          SHELL_OPERATOR_HOOKS_DIR: hooksDir,
          HOSTNAME: name,
          EGRESS_HA_LEASE_SIGNAL: "false",
          EGRESS_HA_AGENT_SIGNAL: "false",
          EGRESS_HA_PROBE: "false",
          EGRESS_HA_RESYNC_INTERVAL: "1s",
          EGRESS_HA_RECOVERY_DELAY: `${RECOVERY_DELAY_S}s`,
          EGRESS_HA_STATE_FILE: path.join(work, name, "state.json"),
        },
        logLevel: "info",
        workDir: mkdtempSync(path.join(work, `so-${name}-`)),
      }),
    );
  };

  /** Gateway moves since `since`, per policy, from the policies' own watch history. */
  const movesSince = (since: number): Map<string, number> => {
    const last = new Map<string, string>();
    const moves = new Map<string, number>();
    for (const e of world.events) {
      if (e.object.kind !== "CiliumEgressGatewayPolicy") continue;
      const name = e.object.metadata.name;
      const gw = gatewaysOf(e.object).join();
      const before = last.get(name);
      if (e.at >= since && before !== undefined && before !== gw) moves.set(name, (moves.get(name) ?? 0) + 1);
      last.set(name, gw);
    }
    return moves;
  };

  const failoverCount = async (): Promise<number> => {
    let sum = 0;
    for (const so of replicas.values()) {
      const body = (await httpGet(so.metricsUrl)).body;
      const m = /cilium_egress_ha_failovers\{[^}]*pool="egress"[^}]*\} (\d+)/.exec(body);
      sum += m ? Number(m[1]) : 0;
    }
    return sum;
  };

  const movedEvents = async (): Promise<number> => {
    const list = await kube.must<{ items: KubeObject[] }>("GET", "/api/v1/namespaces/default/events");
    return list.items.filter((e) => e.reason === "GatewayMoved").reduce((n, e) => n + Number(e.count ?? 1), 0);
  };

  /** Fails the gateway of p-1, waits until p-1 is off it, repairs it; returns the failure time. */
  async function failGateway(): Promise<{ node: string; at: number; movedAt: number }> {
    const node = gatewaysOf(await world.policy("p-1"))[0] as string;
    const written = await world.setReady(node, "False");
    const at = await world.nodeEventAt(node, { resourceVersion: written.metadata.resourceVersion });
    const moved = await world.waitForPolicy("p-1", (p) => gatewaysOf(p)[0] !== node, { since: at, timeoutMs: 60_000 });
    return { node, at, movedAt: moved.at };
  }

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-replicas-"));
    hooksDir = imageLayout(REPO, path.join(work, "image"));
    cluster = await startCluster();
    kube = Kube.admin(cluster);
    world = new World(kube);
    await world.startWatches();
    for (const n of POOL) await world.createNode(n);
    // Every policy on gw-a, so each failure moves several at once.
    for (const p of POLICIES) await world.createPolicy(p, { pool: "egress", hostname: "gw-a" });
    await start("replica-1");
    await start("replica-2");
    await sleep(3000);
  });

  after(async () => {
    world?.stopWatches();
    for (const so of replicas.values()) await so.stop();
    await cluster?.stop();
    const rows = latency.rows();
    if (rows.length > 0) {
      recordLatency(REPO, rows);
      process.stdout.write(`\nTwo replicas:\n${latency.table()}\n`);
    }
    if (process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  test(`both alive: ${FAILURES} gateway failures, each move once, one Event per move, counters sum to the moves`, async () => {
    const since = Date.now();
    const eventsBefore = await movedEvents();
    let expected = 0;
    for (let i = 0; i < FAILURES; i++) {
      const { node, at, movedAt } = await failGateway();
      latency.add("two replicas alive: Ready=False → policy patched", movedAt - at);
      // Every policy that was on the failed node moves, and exactly once.
      await sleep(2500);
      const moves = movesSince(at);
      for (const [policy, n] of moves) assert.equal(n, 1, `${policy} moved ${n} times in failure ${i + 1}`);
      expected += [...moves.values()].reduce((a, b) => a + b, 0);
      await world.setReady(node, "True", LONG_AGO);
      await sleep((RECOVERY_DELAY_S + 1) * 1000);
    }
    const total = [...movesSince(since).values()].reduce((a, b) => a + b, 0);
    assert.equal(total, expected);
    // Confirmation takes a run after the patch: give the Events and counters a moment.
    const deadline = Date.now() + 20_000;
    let events = 0;
    let counted = 0;
    while (Date.now() < deadline) {
      events = (await movedEvents()) - eventsBefore;
      counted = await failoverCount();
      if (events >= total && counted >= total) break;
      await sleep(500);
    }
    assert.equal(events, total, `one GatewayMoved Event per move (${events} Events, ${total} moves)`);
    assert.equal(counted, total, `the replicas' counters sum to the moves (${counted} vs ${total})`);
  });

  test("one replica SIGKILLed as a gateway fails: the other fails over", async () => {
    const victim = replicas.get("replica-1") as ShellOperator;
    const node = gatewaysOf(await world.policy("p-1"))[0] as string;
    victim.process.signal("SIGKILL");
    const written = await world.setReady(node, "False");
    const at = await world.nodeEventAt(node, { resourceVersion: written.metadata.resourceVersion });
    const moved = await world.waitForPolicy("p-1", (p) => gatewaysOf(p)[0] !== node, { since: at, timeoutMs: 60_000 });
    latency.add("one replica SIGKILLed: Ready=False → policy patched", moved.at - at);
    await victim.process.exited;
    replicas.delete("replica-1");
    await world.setReady(node, "True", LONG_AGO);
    await sleep((RECOVERY_DELAY_S + 1) * 1000);
  });

  test("a replica restarted mid-way makes no move", async () => {
    await start("replica-1");
    const since = Date.now();
    await (replicas.get("replica-2") as ShellOperator).stop();
    replicas.delete("replica-2");
    await start("replica-2");
    await sleep(5000);
    assert.deepEqual([...movesSince(since).keys()], []);
  });
});
