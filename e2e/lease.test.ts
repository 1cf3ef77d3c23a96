/**
 * Hard-crash failover on a real control plane with default kubelet timings: kwok plays the
 * kubelets (40 s Leases renewed every 10 s) and kube-controller-manager's node lifecycle
 * controller runs with its defaults (5 s period, 50 s grace), so taints arrive exactly as in a
 * real cluster. A gateway's heartbeat is stopped by killing its kwok; the clock runs from that
 * moment to the policy update seen by a watch.
 *
 * Two rows for .e2e/latency.json: "hard crash (lease)", this hook's path, and "hard crash
 * (taint only)", the same crash with the Lease signal off, which is what the prior art relies on.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type Cluster,
  e2eCacheDir,
  findTools,
  type ManagedProcess,
  type ShellOperator,
  startCluster,
} from "./harness/cluster.js";
import { Kube, type KubeObject } from "./support/kube.js";
import { gatewaysOf, imageLayout, Latency, POOL_LABELS, recordLatency, repetitions, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const LEASE_SECONDS = 40; // the kubelet's default nodeLeaseDurationSeconds
const RECOVERY_DELAY_S = 2;
const LEASE_SAMPLES = repetitions("E2E_LEASE_SAMPLES", 2, 5);
const TAINT_SAMPLES = repetitions("E2E_TAINT_SAMPLES", 1, 3);
const POOL = ["gw-a", "gw-b", "gw-c"];
const tools = findTools();
const missing = [
  ...tools.missing,
  ...["kube-controller-manager", "kwok"].map((b) => path.join(tools.binDir, b)).filter((p) => !existsSync(p)),
  ...[path.join(e2eCacheDir(), "kwok", "kwok.yaml")].filter((p) => !existsSync(p)),
];
const skip = missing.length > 0 ? `e2e tools not built (${missing.join(", ")}): run npm run e2e` : false;

function ready(n: KubeObject): string {
  const conditions = (n.status?.conditions ?? []) as { type: string; status: string }[];
  return conditions.find((c) => c.type === "Ready")?.status ?? "none";
}

describe("e2e: hard crash with default kubelet timings (kwok + node lifecycle controller)", { skip }, () => {
  let cluster: Cluster;
  let kube: Kube;
  let world: World;
  let work: string;
  let hooksDir: string;
  let so: ShellOperator | undefined;
  const kwoks = new Map<string, ManagedProcess>();
  const latency = new Latency();

  const startOperator = async (leaseSignal: boolean): Promise<void> => {
    await so?.stop();
    so = await cluster.startShellOperator({
      hooksDir,
      env: {
        SHELL_OPERATOR_HOOKS_DIR: hooksDir,
        EGRESS_HA_LEASE_SIGNAL: String(leaseSignal),
        EGRESS_HA_AGENT_SIGNAL: "false",
        // kwok gives its nodes InternalIPs that lead nowhere: this file measures the Lease path.
        EGRESS_HA_PROBE: "false",
        EGRESS_HA_RECOVERY_DELAY: `${RECOVERY_DELAY_S}s`,
        EGRESS_HA_STATE_FILE: path.join(work, `state-${leaseSignal}.json`),
      },
      logLevel: "info",
      workDir: mkdtempSync(path.join(work, "so-")),
    });
  };

  const heartbeat = async (name: string): Promise<void> => {
    kwoks.set(name, await cluster.startKwok({ nodeName: name, leaseDurationSeconds: LEASE_SECONDS }));
  };

  /** Waits until every pool node is Ready without taints, then out of the hook's recovery memory. */
  const allHealthy = async (): Promise<void> => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const nodes = await Promise.all(POOL.map((n) => kube.must<KubeObject>("GET", `/api/v1/nodes/${n}`)));
      if (nodes.every((n) => ready(n) === "True" && ((n.spec?.taints as unknown[]) ?? []).length === 0)) break;
      if (Date.now() > deadline)
        throw new Error(`pool not healthy: ${nodes.map((n) => `${n.metadata.name}=${ready(n)}`)}`);
      await sleep(500);
    }
    await sleep((RECOVERY_DELAY_S + 2) * 1000);
  };

  /** When the node lifecycle controller tainted `node` unreachable after `since`, if it has yet. */
  const taintedAt = (node: string, since: number): number | undefined =>
    world.events.find(
      (e) =>
        e.at >= since &&
        e.object.kind === "Node" &&
        e.object.metadata.name === node &&
        ((e.object.spec?.taints as { key: string }[] | undefined) ?? []).some(
          (t) => t.key === "node.kubernetes.io/unreachable",
        ),
    )?.at;

  /**
   * Crashes the policy's gateway `samples` times. `byLease` says which signal must have moved it:
   * the Lease (the move comes before the controller's unreachable taint) or the taint (after it).
   */
  async function crashLoop(scenario: string, samples: number, timeoutMs: number, byLease: boolean): Promise<void> {
    for (let i = 0; i < samples; i++) {
      await allHealthy();
      const current = gatewaysOf(await world.policy("crash"))[0] as string;
      const kwok = kwoks.get(current);
      assert.ok(kwok, `kwok for ${current}`);
      const killedAt = Date.now();
      kwok.signal("SIGKILL");
      await kwok.exited;
      const moved = await world.waitForPolicy("crash", (p) => gatewaysOf(p)[0] !== current, {
        since: killedAt,
        timeoutMs,
      });
      assert.match(gatewaysOf(moved.object)[0] ?? "", /^gw-[abc]$/);
      const tainted = taintedAt(current, killedAt);
      if (byLease) assert.ok(tainted === undefined || moved.at < tainted, "moved on the stale Lease, before the taint");
      else assert.ok(tainted !== undefined && moved.at >= tainted, "moved on the unreachable taint");
      latency.add(scenario, moved.at - killedAt);
      await heartbeat(current);
    }
  }

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-lease-"));
    hooksDir = imageLayout(REPO, path.join(work, "image"));
    // The node lifecycle controller's production defaults (Kubernetes ≥ 1.32).
    cluster = await startCluster({
      controllerManager: {
        nodeMonitorPeriodSeconds: 5,
        nodeMonitorGracePeriodSeconds: 50,
        nodeStartupGracePeriodSeconds: 60,
      },
    });
    kube = Kube.admin(cluster);
    world = new World(kube);
    await world.startWatches();
    // A worker outside the pool keeps the zone from looking fully disrupted to the controller.
    for (const name of [...POOL, "worker-1"]) {
      await kube.must("POST", "/api/v1/nodes", {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name, labels: { ...(name === "worker-1" ? {} : POOL_LABELS), "kubernetes.io/hostname": name } },
      });
      await heartbeat(name);
    }
    await world.createPolicy("crash", { pool: "egress", hostname: "gw-a" });
  });

  after(async () => {
    world?.stopWatches();
    await so?.stop();
    await cluster?.stop();
    const rows = latency.rows();
    if (rows.length > 0) {
      recordLatency(REPO, rows);
      process.stdout.write(`\nHard-crash failover (heartbeat stopped → policy update):\n${latency.table()}\n`);
    }
    if (process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  // Timings are reported in the latency table, not asserted: a loaded machine must not fail CI.
  test(`lease path: the stale Lease moves the policy before Kubernetes taints the node (${LEASE_SAMPLES} crashes)`, async () => {
    await startOperator(true);
    await crashLoop("hard crash (lease)", LEASE_SAMPLES, 90_000, true);
  });

  test(`taint only (Lease signal off), the prior art's signal (${TAINT_SAMPLES} crashes)`, async () => {
    await startOperator(false);
    await crashLoop("hard crash (taint only)", TAINT_SAMPLES, 150_000, false);
  });
});
