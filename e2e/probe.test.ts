/**
 * The active probe on a real control plane. Each pool node is a network namespace with its own
 * address (see support/netns.ts) and a listener standing in for cilium-health on port 4240; the
 * harness renews each node's Lease every 10 s and keeps it Ready, as a kubelet would, and stops
 * when the node "crashes". No node lifecycle controller runs, so only the hook's own signals can
 * see a crash.
 *
 * - Hard crash: silence (packets dropped, no reset) and the heartbeat stops at the same instant.
 *   Crash → policy patched with the probe, and side by side the Lease-only path.
 * - Agent restart: the gateway's listener refuses for 20 s, heartbeat on: zero moves.
 * - Operator partition: every pool node silent to the operator, heartbeats on: zero moves, and
 *   the probe signal reports itself suspended.
 * - Slow node: answers at 80% of the timeout: zero moves. This kernel has no netem qdisc, so the
 *   packets cannot be delayed: the scenario delays the listener's answer and runs the probe at the
 *   application level (EGRESS_HA_PROBE_MODE=http), which waits for that answer.
 * - Flapping node: a non-gateway node whose listener goes down and up every 2 s takes no gateway.
 * - A node long NotReady: in a three-node pool, one node has been down for minutes (silent, no
 *   heartbeat, Ready=Unknown and tainted unreachable); then the gateway crashes. Two of three
 *   pool nodes are silent, but the one Kubernetes reports down is left out of the partition
 *   guard: the probe stays active and the policy moves to the third node in seconds.
 *
 * E2E_PROBE_CRASHES sets the crash count (CI samples a few; the README's figures use 10).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, findTools, httpGet, type ShellOperator, startCluster } from "./harness/cluster.js";
import { Kube, MERGE_PATCH } from "./support/kube.js";
import { type NodeNet, netnsSkip, nodeNets } from "./support/netns.js";
import { gatewaysOf, imageLayout, Latency, recordLatency, repetitions, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const POOL = ["gw-0", "gw-1", "gw-2", "gw-3"];
const CRASHES = repetitions("E2E_PROBE_CRASHES", 3, 10);
const LEASE_CRASHES = repetitions("E2E_PROBE_LEASE_CRASHES", 1, 3);
const RECOVERY_DELAY_S = 3;
const PROBE_TIMEOUT_MS = 500;
const ROLE = "node.kubernetes.io/role";
const tools = findTools();
const skip = netnsSkip(tools.missing);

describe("e2e: the active probe (per-node network namespaces)", { skip }, () => {
  let cluster: Cluster;
  let kube: Kube;
  let world: World;
  let so: ShellOperator | undefined;
  let work: string;
  let hooksDir: string;
  const nets = new Map<string, NodeNet>();
  const beating = new Set<string>(POOL);
  let heartbeat: NodeJS.Timeout | undefined;
  const latency = new Latency();

  const startOperator = async (env: Record<string, string> = {}): Promise<void> => {
    await so?.stop();
    so = await cluster.startShellOperator({
      hooksDir,
      env: {
        SHELL_OPERATOR_HOOKS_DIR: hooksDir,
        EGRESS_HA_RECOVERY_DELAY: `${RECOVERY_DELAY_S}s`,
        EGRESS_HA_PROBE_TIMEOUT: `${PROBE_TIMEOUT_MS}ms`,
        EGRESS_HA_STATE_FILE: path.join(work, `state-${Date.now()}.json`),
        ...env,
      },
      logLevel: "info",
      workDir: mkdtempSync(path.join(work, "so-")),
    });
    // Let the hook see every Lease renewed at least once by its own clock.
    await sleep(3000);
  };

  /** Policy writes since `since` (watch events on policies that are not creations). */
  const writesSince = (since: number) =>
    world.events.filter((e) => e.at >= since && e.object.kind === "CiliumEgressGatewayPolicy" && e.type === "MODIFIED");

  const healthyAgain = async (node: string): Promise<void> => {
    const net = nets.get(node) as NodeNet;
    net.restore();
    await net.listen();
    beating.add(node);
    await world.renewLease(node);
    await sleep((RECOVERY_DELAY_S + 2) * 1000);
  };

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-probe-"));
    hooksDir = imageLayout(REPO, path.join(work, "image"));
    for (const [node, n] of await nodeNets(POOL, 1)) nets.set(node, n);
    cluster = await startCluster();
    kube = Kube.admin(cluster);
    world = new World(kube);
    await world.startWatches();
    for (const node of POOL) await world.createProbedNode(node, (nets.get(node) as NodeNet).address);
    heartbeat = world.heartbeat(beating);
    await world.createPolicy("crash", { pool: "egress", hostname: "gw-0" });
  });

  after(async () => {
    if (heartbeat) clearInterval(heartbeat);
    world?.stopWatches();
    await so?.stop();
    await cluster?.stop();
    for (const n of nets.values()) await n.destroy();
    const rows = latency.rows();
    if (rows.length > 0) {
      recordLatency(REPO, rows);
      process.stdout.write(`\nHard crash → policy patched (probe e2e):\n${latency.table()}\n`);
    }
    if (process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  async function crashLoop(scenario: string, samples: number, timeoutMs: number): Promise<void> {
    for (let i = 0; i < samples; i++) {
      const current = gatewaysOf(await world.policy("crash"))[0] as string;
      const net = nets.get(current) as NodeNet;
      beating.delete(current);
      net.crash();
      const crashedAt = Date.now();
      const moved = await world.waitForPolicy("crash", (p) => gatewaysOf(p)[0] !== current, {
        since: crashedAt,
        timeoutMs,
      });
      assert.match(gatewaysOf(moved.object)[0] ?? "", /^gw-[0-3]$/);
      latency.add(scenario, moved.at - crashedAt);
      await healthyAgain(current);
    }
  }

  test(`hard crash: ${CRASHES} crashes, detected by the probe`, async () => {
    await startOperator();
    await crashLoop("hard crash (probe)", CRASHES, 30_000);
  });

  test(`hard crash, side by side: ${LEASE_CRASHES} crashes with the Lease signal only`, async () => {
    await startOperator({ EGRESS_HA_PROBE: "false" });
    await crashLoop("hard crash (Lease only, probe harness)", LEASE_CRASHES, 90_000);
  });

  test("agent restart: the gateway refuses for 20 s with its heartbeat on: zero moves", async () => {
    await startOperator();
    const current = gatewaysOf(await world.policy("crash"))[0] as string;
    const since = Date.now();
    await (nets.get(current) as NodeNet).close();
    await sleep(20_000);
    await (nets.get(current) as NodeNet).listen();
    await sleep(3000);
    assert.deepEqual(
      writesSince(since).map((e) => e.object.metadata.name),
      [],
    );
  });

  test("operator partition: every pool node silent, heartbeats on: zero moves, probe suspended", async () => {
    const since = Date.now();
    for (const n of nets.values()) n.crash();
    await sleep(8000);
    const metrics = await httpGet(so?.metricsUrl ?? "");
    for (const n of nets.values()) n.restore();
    assert.match(metrics.body, /cilium_egress_ha_signal_state\{[^}]*signal="probe"[^}]*state="suspended"[^}]*\} 1/);
    await sleep(3000);
    assert.deepEqual(
      writesSince(since).map((e) => e.object.metadata.name),
      [],
    );
  });

  test("slow node: answers at 80% of the timeout (application-level probe): zero moves", async () => {
    await startOperator({ EGRESS_HA_PROBE_MODE: "http" });
    const current = gatewaysOf(await world.policy("crash"))[0] as string;
    const net = nets.get(current) as NodeNet;
    await net.close();
    await net.listen(Math.round(PROBE_TIMEOUT_MS * 0.8));
    const since = Date.now();
    await sleep(12_000);
    await net.close();
    await net.listen();
    assert.deepEqual(
      writesSince(since).map((e) => e.object.metadata.name),
      [],
    );
  });

  test("flapping node: a listener up and down every 2 s on a non-gateway node takes no gateway", async () => {
    await startOperator();
    const gateway = gatewaysOf(await world.policy("crash"))[0] as string;
    // The flapping node sorts first among the others, so by name it would be the target.
    const flapper = POOL.find((n) => n !== gateway) as string;
    const net = nets.get(flapper) as NodeNet;
    let flapping = true;
    const flap = (async () => {
      while (flapping) {
        await net.close();
        await sleep(2000);
        await net.listen();
        await sleep(2000);
      }
    })();
    await sleep(6000);
    beating.delete(gateway);
    (nets.get(gateway) as NodeNet).crash();
    const crashedAt = Date.now();
    const moved = await world.waitForPolicy("crash", (p) => gatewaysOf(p)[0] !== gateway, {
      since: crashedAt,
      timeoutMs: 30_000,
    });
    flapping = false;
    await flap;
    await net.listen();
    assert.notEqual(gatewaysOf(moved.object)[0], flapper, "the flapping node took the gateway");
    await healthyAgain(gateway);
  });

  test("a pool node NotReady for minutes, then the gateway crashes: moved by the probe in seconds", async () => {
    await so?.stop(); // no replica sees the set-up; the one started below begins with it in place
    // A three-node pool: gw-3 leaves it. The policy starts on gw-0.
    await kube.must("PATCH", "/api/v1/nodes/gw-3", { metadata: { labels: { [ROLE]: "spare" } } }, MERGE_PATCH);
    await world.pinHostname("crash", "gw-0");
    // gw-1 went down five minutes ago, as the node lifecycle controller leaves such a node.
    const downSince = new Date(Date.now() - 5 * 60_000);
    beating.delete("gw-1");
    (nets.get("gw-1") as NodeNet).crash();
    await world.renewLease("gw-1", 40, downSince);
    await world.setReady("gw-1", "Unknown", downSince.toISOString());
    await world.setTaints("gw-1", ["node.kubernetes.io/unreachable"]);
    await startOperator();
    beating.delete("gw-0");
    (nets.get("gw-0") as NodeNet).crash();
    const crashedAt = Date.now();
    const moved = await world.waitForPolicy("crash", (p) => gatewaysOf(p)[0] !== "gw-0", {
      since: crashedAt,
      timeoutMs: 20_000,
    });
    latency.add("hard crash, a pool node long NotReady (probe)", moved.at - crashedAt);
    assert.equal(gatewaysOf(moved.object)[0], "gw-2");
    const metrics = (await httpGet(so?.metricsUrl ?? "")).body;
    assert.match(metrics, /cilium_egress_ha_signal_state\{[^}]*signal="probe"[^}]*state="active"[^}]*\} 1/);
    const log = readFileSync(so?.logPath ?? "", "utf8");
    assert.doesNotMatch(log, /"hook_condition":"signal:probe"/, "the probe signal was suspended");
    (nets.get("gw-1") as NodeNet).restore();
    await world.setTaints("gw-1", []);
    await world.setReady("gw-1", "True");
    await healthyAgain("gw-0");
    beating.add("gw-1");
    await kube.must("PATCH", "/api/v1/nodes/gw-3", { metadata: { labels: { [ROLE]: "egress" } } }, MERGE_PATCH);
  });
});
