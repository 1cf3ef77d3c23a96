/**
 * Two replicas whose probes disagree, on a real control plane. Each replica's hook runs in its
 * own network namespace (support/replica-net.ts) with a link to every node namespace; the pool
 * is three nodes with Leases renewed and agents Ready, so only the probe can tell them apart.
 *
 * - Crossed views: replica-1 loses its route to gw-c (the policy's gateway), replica-2 its route
 *   to gw-a, the node replica-1 picks instead. Each replica alone would move the policy off the
 *   node it cannot reach: off gw-c, then back off gw-a, at every tick. Over the window the policy
 *   is updated at most once (one move, never back), every move has one GatewayMoved Event, and a
 *   replica's refused patch leaves none.
 *
 * E2E_REPLICA_PROBE_SECONDS sets the window (60 s in the CI sample, 120 s with E2E_FULL=1; the
 * deferral it exercises lasts 5 minutes, so any window under that shows the same, and the code
 * before the deferral moved the policy back within 40 s).
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, findTools, httpGet, type ShellOperator, startCluster } from "./harness/cluster.js";
import { Kube, type KubeObject } from "./support/kube.js";
import { type NodeNet, netnsSkip, nodeNets } from "./support/netns.js";
import { ReplicaNet } from "./support/replica-net.js";
import { gatewaysOf, imageLayout, repetitions, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const POOL = ["gw-a", "gw-b", "gw-c"];
const REPLICAS = ["replica-1", "replica-2"];
const WINDOW_S = repetitions("E2E_REPLICA_PROBE_SECONDS", 60, 120);
/** Node namespaces 21-23, apart from e2e/probe.test.ts's 1-4. */
const FIRST_NET = 21;
const tools = findTools();
const skip = netnsSkip(tools.missing);

/** shell-operator's line for a hook patch the API server refused (a failed `test` op). */
const REFUSED = /test operation|TestOperation|UnprocessableEntity|\b422\b/;

describe("e2e: two replicas with different probe views", { skip }, () => {
  let cluster: Cluster;
  let kube: Kube;
  let world: World;
  let work: string;
  let hooksDir: string;
  const nodes = new Map<string, NodeNet>();
  const nets = new Map<string, ReplicaNet>();
  const replicas = new Map<string, ShellOperator>();
  let heartbeat: NodeJS.Timeout | undefined;

  const start = async (name: string): Promise<void> => {
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    const node = process.env.CILIUM_EGRESS_HA_NODE ?? process.execPath;
    replicas.set(
      name,
      await cluster.startShellOperator({
        hooksDir,
        env: {
          SHELL_OPERATOR_HOOKS_DIR: hooksDir,
          HOSTNAME: name,
          CILIUM_EGRESS_HA_NODE: (nets.get(name) as ReplicaNet).nodeWrapper(dir, node),
          EGRESS_HA_RECOVERY_DELAY: "3s",
          EGRESS_HA_PROBE_TIMEOUT: "500ms",
          EGRESS_HA_STATE_FILE: path.join(dir, "state.json"),
        },
        logLevel: "info",
        workDir: mkdtempSync(path.join(work, `so-${name}-`)),
      }),
    );
  };

  const policyWrites = (since: number) =>
    world.events.filter(
      (e) =>
        e.at >= since &&
        e.type === "MODIFIED" &&
        e.object.kind === "CiliumEgressGatewayPolicy" &&
        e.object.metadata.name === "p",
    );

  const movedEvents = async (): Promise<number> => {
    const list = await kube.must<{ items: KubeObject[] }>("GET", "/api/v1/namespaces/default/events");
    return list.items.filter((e) => e.reason === "GatewayMoved").reduce((n, e) => n + Number(e.count ?? 1), 0);
  };

  const failovers = async (so: ShellOperator): Promise<number> => {
    const m = /cilium_egress_ha_failovers\{[^}]*pool="egress"[^}]*\} (\d+)/.exec((await httpGet(so.metricsUrl)).body);
    return m ? Number(m[1]) : 0;
  };

  /** The replica's own count of pool nodes in `state`, and whether its probe signal is active. */
  const view = async (so: ShellOperator, state: string): Promise<{ nodes: number; probeActive: boolean }> => {
    const body = (await httpGet(so.metricsUrl)).body;
    const m = new RegExp(`cilium_egress_ha_pool_nodes\\{[^}]*state="${state}"[^}]*\\} (\\d+)`).exec(body);
    const active = /cilium_egress_ha_signal_state\{[^}]*signal="probe"[^}]*state="active"[^}]*\} 1/.test(body);
    return { nodes: m ? Number(m[1]) : 0, probeActive: active };
  };

  const logLines = (so: ShellOperator, re: RegExp): number =>
    readFileSync(so.logPath, "utf8")
      .split("\n")
      .filter((l) => re.test(l)).length;

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-replica-probes-"));
    hooksDir = imageLayout(REPO, path.join(work, "image"));
    for (const [name, n] of await nodeNets(POOL, FIRST_NET)) nodes.set(name, n);
    for (const [i, name] of REPLICAS.entries()) {
      const r = new ReplicaNet(i + 1, [...nodes.values()]);
      nets.set(name, r);
      r.destroy();
      r.create();
    }
    cluster = await startCluster();
    kube = Kube.admin(cluster);
    world = new World(kube);
    await world.startWatches();
    for (const name of POOL) await world.createProbedNode(name, (nodes.get(name) as NodeNet).address);
    heartbeat = world.heartbeat(new Set(POOL));
    await world.createPolicy("p", { pool: "egress", hostname: "gw-c" });
    for (const name of REPLICAS) await start(name);
    // Both replicas see every node answer and every Lease renewed before the views split.
    await sleep(5000);
  });

  after(async () => {
    if (heartbeat) clearInterval(heartbeat);
    world?.stopWatches();
    for (const so of replicas.values()) await so.stop();
    await cluster?.stop();
    for (const r of nets.values()) r.destroy();
    for (const n of nodes.values()) await n.destroy();
    if (process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  test(`crossed views for ${WINDOW_S} s: one move at most, never back; refused moves leave no Event`, async () => {
    const [r1, r2] = REPLICAS.map((r) => replicas.get(r) as ShellOperator) as [ShellOperator, ShellOperator];
    assert.deepEqual(gatewaysOf(await world.policy("p")), ["gw-c"]);
    const eventsBefore = await movedEvents();
    const since = Date.now();
    (nets.get("replica-1") as ReplicaNet).block(nodes.get("gw-c") as NodeNet);
    (nets.get("replica-2") as ReplicaNet).block(nodes.get("gw-a") as NodeNet);
    await sleep(WINDOW_S * 1000);
    const writes = policyWrites(since);
    const path = ["gw-c", ...writes.map((e) => gatewaysOf(e.object)[0] as string)];
    const moves = path.filter((gw, i) => i > 0 && gw !== path[i - 1]).length;
    const events = (await movedEvents()) - eventsBefore;
    const counted = (await failovers(r1)) + (await failovers(r2));
    const refused = [logLines(r1, REFUSED), logLines(r2, REFUSED)];
    const views = [await view(r1, "unhealthy"), await view(r2, "unhealthy")];
    process.stdout.write(
      `\nCrossed probe views, ${WINDOW_S} s: policy updates ${writes.length} (gateways ${path.join(" → ")}), ` +
        `moves ${moves}, GatewayMoved Events ${events}, failovers counted ${counted}, ` +
        `refused patches ${refused.join("/")} (replica-1/replica-2)\n`,
    );
    // Each replica's probe still calls the node it cannot reach unhealthy, and is not suspended:
    // the policy stays where it is because replica-2 defers to replica-1's choice, not because it
    // is blind.
    for (const [i, v] of views.entries()) {
      assert.equal(v.nodes, 1, `replica-${i + 1} sees one unhealthy pool node`);
      assert.ok(v.probeActive, `replica-${i + 1}'s probe signal is active`);
    }
    assert.ok(writes.length <= 1, `the policy was updated ${writes.length} times: ${path.join(" → ")}`);
    assert.ok(moves <= 1, `the policy moved ${moves} times: ${path.join(" → ")}`);
    assert.notEqual(gatewaysOf(await world.policy("p"))[0], "gw-c", "replica-1 never moved off the node it lost");
    assert.equal(events, moves, `one GatewayMoved Event per move, none for a refused patch (${events} vs ${moves})`);
    assert.equal(counted, moves, `the replicas' failover counters sum to the moves (${counted} vs ${moves})`);
  });
});
