// Smoke test of realistic node failure: kube-controller-manager (node-lifecycle-controller) + one kwok fake
// kubelet per node. Kills the kwok of gw-a and waits for the real controller to mark gw-a unreachable, then
// starts it again and waits for recovery. Prints the timeline and the Node JSON at each stage.
// Run: bash e2e/scripts/build-tools.sh kwok && npx tsx e2e/kwok-smoke.ts   (exit 3: tools not built)
import { existsSync } from "node:fs";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { type Cluster, e2eCacheDir, findTools, startCluster, waitFor } from "./harness/cluster.js";

const NODES = ["gw-a", "gw-b", "worker-1"]; // keep a healthy node: avoids the controller's disruption mode

function ready(n: k8s.V1Node): string {
  return n.status?.conditions?.find((c) => c.type === "Ready")?.status ?? "none";
}
function taints(n: k8s.V1Node): string[] {
  return (n.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
}

async function main(): Promise<number> {
  const tools = findTools();
  const missing = [
    ...tools.missing,
    ...["kube-controller-manager", "kwok"].map((b) => path.join(tools.binDir, b)).filter((p) => !existsSync(p)),
    ...[path.join(e2eCacheDir(), "kwok", "kwok.yaml")].filter((p) => !existsSync(p)),
  ];
  if (missing.length > 0) {
    console.error(
      `kwok-smoke: tools missing: ${missing.join(", ")}\nRun: bash e2e/scripts/build-tools.sh k8s etcd shell-operator crds kwok`,
    );
    return 3;
  }
  const t0 = Date.now();
  const at = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  let cluster: Cluster | undefined;
  let ok = false;
  const timeline: Record<string, string> = {};
  try {
    cluster = await startCluster({
      controllerManager: { nodeMonitorGracePeriodSeconds: 10, nodeStartupGracePeriodSeconds: 30 },
    });
    const c = cluster;
    timeline.clusterUp = at();
    const core = c.kubeConfig().makeApiClient(k8s.CoreV1Api);
    const kwoks = new Map<string, Awaited<ReturnType<Cluster["startKwok"]>>>();
    for (const name of NODES) {
      await core.createNode({ body: { metadata: { name, labels: { "kubernetes.io/hostname": name } } } });
      kwoks.set(name, await c.startKwok({ nodeName: name }));
    }
    const node = (name: string) => core.readNode({ name });
    await waitFor(
      "all nodes Ready without taints",
      async () => {
        for (const n of NODES) {
          const got = await node(n);
          if (ready(got) !== "True" || taints(got).length > 0) return false;
        }
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    timeline.allReady = at();
    // the controller assumes "now" for nodes it first sees; do not kill within the first grace period
    await new Promise((r) => setTimeout(r, 11_000));

    const tKill = Date.now();
    kwoks.get("gw-a")?.signal("SIGKILL");
    timeline.killedGwA = at();
    await waitFor("gw-a Ready=Unknown", async () => ready(await node("gw-a")) === "Unknown", {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    timeline.gwAUnknown = `${at()} (+${((Date.now() - tKill) / 1000).toFixed(1)}s after kill)`;
    await waitFor(
      "gw-a unreachable NoExecute taint",
      async () => taints(await node("gw-a")).includes("node.kubernetes.io/unreachable:NoExecute"),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    timeline.gwAUnreachableNoExecute = `${at()} (+${((Date.now() - tKill) / 1000).toFixed(1)}s after kill)`;
    const failed = await node("gw-a");

    const tBack = Date.now();
    await c.startKwok({ nodeName: "gw-a" });
    await waitFor(
      "gw-a Ready again without taints",
      async () => {
        const n = await node("gw-a");
        return ready(n) === "True" && taints(n).length === 0;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    timeline.gwARecovered = `${at()} (+${((Date.now() - tBack) / 1000).toFixed(1)}s after restart)`;
    const others = await Promise.all(["gw-b", "worker-1"].map(node));
    if (others.some((n) => ready(n) !== "True")) throw new Error("gw-b/worker-1 should have stayed Ready");

    console.log(
      JSON.stringify(
        {
          ok: true,
          timeline,
          clusterTimings: c.timings,
          failedNode: { conditions: failed.status?.conditions, taints: failed.spec?.taints },
        },
        null,
        2,
      ),
    );
    ok = true;
  } catch (e) {
    console.error(`kwok-smoke: FAILED at ${at()}: ${(e as Error).stack ?? e}\ntimeline: ${JSON.stringify(timeline)}`);
    if (cluster) console.error(`kwok-smoke: logs in ${cluster.logDir} (kept)`);
  } finally {
    if (cluster) {
      if (!ok) process.env.E2E_KEEP = "1";
      await cluster.stop();
    }
  }
  console.log(ok ? "kwok-smoke: 1 passed, 0 failed" : "kwok-smoke: 0 passed, 1 failed");
  return ok ? 0 : 1;
}

process.exitCode = await main();
