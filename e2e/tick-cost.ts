/**
 * What the operator costs at rest: shell-operator with the hook on a real control plane, the 2 s
 * resync tick running, nothing changing. Reads the CPU time of shell-operator and of the hook
 * processes it waited for (/proc/<pid>/stat utime+stime+cutime+cstime) over a window, and prints
 * millicores: the figure the chart's CPU request is set from (charts/…/values.yaml `resources`).
 *
 *   node --import tsx e2e/tick-cost.ts [nodes=6] [policies=20] [seconds=60] [resync=2s]
 *
 * Every node stays Ready (no node lifecycle controller) and the Lease and agent signals are off, so
 * nothing changes and every run is a tick; `resync=0` gives shell-operator's own cost without ticks.
 *
 * Needs the e2e tools (npm run e2e builds them). Run it on an otherwise idle machine: CPU time is
 * inflated when other processes compete for the caches.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findTools, startCluster } from "./harness/cluster.js";
import { Kube } from "./support/kube.js";
import { imageLayout, World } from "./support/world.js";

const [nodes = 6, policies = 20, seconds = 60] = process.argv.slice(2, 5).map(Number);
const resync = process.argv[5] ?? "2s";
const REPO = path.join(import.meta.dirname, "..");
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

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
  const cluster = await startCluster({ controllerManager: false });
  try {
    const world = new World(Kube.admin(cluster));
    for (let i = 0; i < nodes; i++) await world.createNode(`egress-${i}`);
    for (let i = 0; i < policies; i++) {
      await world.createPolicy(`p-${i}`, { pool: "egress", hostname: `egress-${i % nodes}` });
    }
    const so = await cluster.startShellOperator({
      hooksDir: imageLayout(REPO, path.join(work, "image")),
      env: {
        EGRESS_HA_POOLS: "egress=node.kubernetes.io/role=egress",
        EGRESS_HA_RESYNC_INTERVAL: resync,
        // Without a tick the probe cannot run, and the hook refuses it.
        ...(resync === "0" ? { EGRESS_HA_PROBE: "false" } : {}),
        EGRESS_HA_LEASE_SIGNAL: "false",
        EGRESS_HA_AGENT_SIGNAL: "false",
        EGRESS_HA_STATE_FILE: path.join(work, "state", "state.json"),
      },
      logLevel: "info",
      workDir: mkdtempSync(path.join(work, "so-")),
    });
    try {
      await sleep(10_000); // start-up and the first runs (code cache) are not the steady state
      const pid = so.process.pid;
      const c0 = cpuSeconds(pid);
      const t0 = Date.now();
      await sleep(seconds * 1000);
      const cpu = cpuSeconds(pid) - c0;
      const wall = (Date.now() - t0) / 1000;
      const node = (await import("node:child_process")).execFileSync(process.env.CILIUM_EGRESS_HA_NODE ?? "node", [
        "--version",
      ]);
      process.stdout.write(
        `${JSON.stringify({
          nodes,
          policies,
          resync,
          seconds: Math.round(wall),
          node: String(node).trim(),
          cpuSeconds: Math.round(cpu * 100) / 100,
          millicores: Math.round((cpu / wall) * 1000),
          cpus: os.cpus()[0]?.model,
          loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
        })}\n`,
      );
    } finally {
      await so.stop();
    }
  } finally {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
