/**
 * What the operator costs at rest: shell-operator with the hook on a real control plane, the resync
 * tick running, nothing changing, and with `E2E_PROBER=1` the prober beside it as the chart runs it
 * (its settings, ProbeEvidence kind and Role from the rendered chart; the hook with EGRESS_HA_PROBER
 * and the chart's slower tick). Reads the CPU time of shell-operator with the hook processes it
 * waited for, and of the prober (/proc/<pid>/stat utime+stime+cutime+cstime), over a window; counts
 * the operator's API writes in it (policies, Events, evidence, as a watch sees them). Prints the
 * result and writes it to .e2e/idle-cost.json: `millicores` is the figure the chart's CPU requests
 * are set from (values.yaml `resources`, `prober.resources`).
 *
 *   node --import tsx e2e/tick-cost.ts [nodes=6] [policies=20] [seconds=60] [resync=2s, or the chart's with the prober]
 *
 * Every node stays Ready (no node lifecycle controller), its Lease renewed every 10 s as a kubelet
 * does (the Lease signal on, for the hook and the prober), and the agent signal is off, so nothing
 * the operator decides on changes. Each pool node has an address on loopback (127.0.1.x) and one listener answers the
 * probe port for all of them, so the probe (the tick's or the prober's) has every node to probe;
 * `resync=0` gives shell-operator's own cost without ticks.
 *
 * Needs the e2e tools (npm run e2e builds them). Run it on an otherwise idle machine: CPU time is
 * inflated when other processes compete for the caches.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findTools, freePort, startCluster } from "./harness/cluster.js";
import { applyManifests, chartEnv, renderChart, serviceAccountKubeconfig } from "./support/chart.js";
import { CEGP_PATH, Kube, MERGE_PATCH } from "./support/kube.js";
import {
  evidencePath,
  kubeconfigToken,
  proberContainerEnv,
  type RunningProber,
  startProber,
  waitForEvidenceKind,
} from "./support/prober.js";
import { imageLayout, World } from "./support/world.js";

const [nodes = 6, policies = 20, seconds = 60] = process.argv.slice(2, 5).map(Number);
const PROBER = process.env.E2E_PROBER === "1";
const REPO = path.join(import.meta.dirname, "..");
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const NAMESPACE = "egress-ha";
const POD_NAME = "egress-ha-operator-0";

function cpuSeconds(pid: number): number {
  // The command may contain spaces and parentheses: fields start after the last ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime, cutime, cstime are fields 14-17 of stat, 12-15 after pid and comm.
  return fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0) / TICKS_PER_SECOND;
}

async function main(): Promise<void> {
  const tools = findTools();
  if (tools.missing.length > 0) throw new Error(`e2e tools not built (${tools.missing.join(", ")}): run npm run e2e`);
  const work = mkdtempSync(path.join(os.tmpdir(), "cegp-tick-cost-"));
  const port = await freePort();
  const listener = net.createServer((sock) => sock.on("error", () => {}).end());
  await new Promise<void>((r) => listener.listen(port, "0.0.0.0", r));
  const cluster = await startCluster({ controllerManager: false });
  let prober: RunningProber | undefined;
  let renewing = true;
  let renewals: Promise<void>[] = [];
  try {
    const kube = Kube.admin(cluster);
    const world = new World(kube);
    for (let i = 0; i < nodes; i++) {
      await world.createNode(`egress-${i}`);
      const address = { type: "InternalIP", address: `127.0.1.${i + 1}` };
      await kube.must("PATCH", `/api/v1/nodes/egress-${i}/status`, { status: { addresses: [address] } }, MERGE_PATCH);
    }
    for (let i = 0; i < policies; i++) {
      await world.createPolicy(`p-${i}`, { pool: "egress", hostname: `egress-${i % nodes}` });
    }
    // Every node's Lease renewed every 10 s, as the kubelets do (spread over the 10 s): the
    // cluster's own writes at rest, which the hook's binding and the prober's watch see.
    for (let i = 0; i < nodes; i++) await world.renewLease(`egress-${i}`);
    renewals = Array.from({ length: nodes }, async (_, i) => {
      await sleep((10_000 * i) / nodes);
      while (renewing) {
        await world.renewLease(`egress-${i}`).catch(() => {});
        await sleep(10_000);
      }
    });
    await kube.must("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: NAMESPACE },
    });
    const manifests = renderChart(NAMESPACE, [`prober.enabled=${PROBER}`]);
    const shared = path.join(work, "prober");
    const proberEnv: Record<string, string> = {};
    if (PROBER) {
      await applyManifests(
        cluster,
        manifests.filter((m) => m.kind !== "Deployment"),
        path.join(work, "chart.yaml"),
      );
      await waitForEvidenceKind(kube, NAMESPACE);
      const kubeconfig = await serviceAccountKubeconfig(
        cluster,
        kube,
        manifests,
        NAMESPACE,
        path.join(work, "sa.kubeconfig"),
      );
      for (const [k, v] of Object.entries(chartEnv(manifests))) if (k.startsWith("EGRESS_HA_PROBER")) proberEnv[k] = v;
      Object.assign(proberEnv, { EGRESS_HA_PROBER_DIR: shared, HOSTNAME: POD_NAME });
      await sleep(1000); // the RBAC authorizer's informers catch up
      prober = await startProber({
        chartEnv: { ...proberContainerEnv(manifests), EGRESS_HA_POOLS: "egress=node.kubernetes.io/role=egress" },
        env: {
          EGRESS_HA_PROBER_DIR: shared,
          EGRESS_HA_PROBE_PORTS: String(port),
          EGRESS_HA_PROBER_METRICS_PORT: String(await freePort()),
        },
        server: cluster.server,
        caFile: cluster.pki.caCrt,
        token: kubeconfigToken(kubeconfig),
        podName: POD_NAME,
        workDir: path.join(work, "prober-proc"),
        dist: path.join(REPO, "dist"),
      });
    }
    const resync = process.argv[5] ?? (PROBER ? (chartEnv(manifests).EGRESS_HA_RESYNC_INTERVAL ?? "10s") : "2s");
    const so = await cluster.startShellOperator({
      hooksDir: imageLayout(REPO, path.join(work, "image")),
      env: {
        EGRESS_HA_POOLS: "egress=node.kubernetes.io/role=egress",
        EGRESS_HA_RESYNC_INTERVAL: resync,
        EGRESS_HA_PROBE_PORTS: String(port),
        // Without a tick the probe cannot run, and the hook refuses it.
        ...(resync === "0" ? { EGRESS_HA_PROBE: "false" } : {}),
        EGRESS_HA_AGENT_SIGNAL: "false",
        EGRESS_HA_STATE_FILE: path.join(work, "state", "state.json"),
        ...proberEnv,
      },
      logLevel: "info",
      workDir: mkdtempSync(path.join(work, "so-")),
    });
    // The operator's writes: policy patches, Events, evidence.
    const writes: number[] = [];
    const watches = [CEGP_PATH, "/api/v1/events", ...(PROBER ? [evidencePath(NAMESPACE)] : [])].map((p) =>
      kube.watch(p, (e) => {
        if (e.type === "ADDED" || e.type === "MODIFIED") writes.push(e.at);
      }),
    );
    try {
      for (const w of watches) await w.ready;
      await sleep(15_000); // start-up and the first runs (code cache, the first evidence) are not the steady state
      const pids = [so.process.pid, ...(prober ? [prober.pid] : [])];
      const c0 = pids.map(cpuSeconds);
      const t0 = Date.now();
      await sleep(seconds * 1000);
      const cpu = pids.map((p, i) => cpuSeconds(p) - (c0[i] ?? 0));
      const t1 = Date.now();
      const wall = (t1 - t0) / 1000;
      const total = cpu.reduce((a, b) => a + b, 0);
      const inWindow = writes.filter((t) => t >= t0 && t <= t1).length;
      const result = {
        millicores: Math.round((total / wall) * 1000),
        apiWritesPerHour: Math.round((inWindow / wall) * 3600),
        nodes,
        seconds: Math.round(wall),
        prober: PROBER,
        resync,
        policies,
        parts_millicores: {
          shell_operator_and_hook_runs: Math.round(((cpu[0] ?? 0) / wall) * 1000),
          ...(PROBER ? { prober: Math.round(((cpu[1] ?? 0) / wall) * 1000) } : {}),
        },
        // the prober really probed every node (its gauge), and the hook took its evidence
        ...(prober
          ? {
              prober_nodes_up: Number(
                /cilium_egress_ha_prober_nodes\{verdict="up"\} (\d+)/.exec(
                  await (await fetch(prober.metricsUrl)).text(),
                )?.[1] ?? -1,
              ),
              prober_problems: prober.lines.filter((l) => l.line.level !== "info").map((l) => l.line),
              hook_probe_degraded: (await (await fetch(so.metricsUrl)).text())
                .split("\n")
                .filter((l) => l.startsWith("cilium_egress_ha_probe_degraded")),
            }
          : {}),
        date: new Date().toISOString(),
        node: process.version,
        cpus: `${os.cpus().length} × ${os.cpus()[0]?.model}`,
        loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
      };
      const file = path.join(REPO, ".e2e", "idle-cost.json");
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      for (const w of watches) w.stop();
      await so.stop();
    }
  } finally {
    renewing = false;
    await Promise.all(renewals);
    await prober?.stop();
    await cluster.stop();
    listener.close();
    if (process.env.E2E_KEEP === "1") process.stderr.write(`kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
