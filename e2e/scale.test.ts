/**
 * Failover at the sizes users run, on a real control plane with shell-operator's object patcher
 * at the chart's QPS and burst (values `shellOperator.objectPatcher`): a pool of 10 nodes with
 * 1 000 annotated policies, 100 on each gateway; one gateway goes Ready=False and its 100
 * policies move. Then one gateway carries 1 000 policies (2 000 in all) and goes Ready=False.
 *
 * Rows for .e2e/latency.json: "event → last policy patched" and "first patch → last patch" (the
 * hook decides in one run, so the first patch marks detection). E2E_SCALE_RUNS sets the
 * repetitions of the 100-policy case (CI runs 1; the README's figures use 3).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, findTools, type ShellOperator, startCluster } from "./harness/cluster.js";
import { chartPatcherEnv } from "./support/chart.js";
import { Kube } from "./support/kube.js";
import { gatewaysOf, imageLayout, Latency, LONG_AGO, recordLatency, repetitions, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const NODES = Array.from({ length: 10 }, (_, i) => `gw-${i}`);
const RUNS = repetitions("E2E_SCALE_RUNS", 1, 3);
const tools = findTools();
const skip = tools.missing.length > 0 ? `e2e tools not built (${tools.missing.join(", ")}): run npm run e2e` : false;

describe("e2e: a thousand policies fail over", { skip }, () => {
  let cluster: Cluster;
  let kube: Kube;
  let world: World;
  let so: ShellOperator | undefined;
  let work: string;
  const latency = new Latency();

  /** Breaks `node`, waits until no policy is pinned to it, and records the two spans. */
  async function failover(node: string, expected: number, label: string): Promise<void> {
    const written = await world.setReady(node, "False");
    const brokenAt = await world.nodeEventAt(node, { resourceVersion: written.metadata.resourceVersion });
    const moved = new Map<string, number>();
    const deadline = Date.now() + 180_000;
    while (moved.size < expected && Date.now() < deadline) {
      for (const e of world.events) {
        if (e.at < brokenAt || e.object.kind !== "CiliumEgressGatewayPolicy" || e.type !== "MODIFIED") continue;
        const name = e.object.metadata.name;
        if (!moved.has(name) && gatewaysOf(e.object)[0] !== node && name.startsWith(`on-${node}-`))
          moved.set(name, e.at);
      }
      await sleep(100);
    }
    assert.equal(moved.size, expected, `${moved.size} of ${expected} policies moved off ${node}`);
    const times = [...moved.values()];
    latency.add(`${label}: event → last policy patched`, Math.max(...times) - brokenAt);
    latency.add(`${label}: first patch → last patch`, Math.max(...times) - Math.min(...times));
    await world.setReady(node, "True", LONG_AGO);
  }

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-scale-"));
    const hooksDir = imageLayout(REPO, path.join(work, "image"));
    cluster = await startCluster();
    kube = Kube.admin(cluster);
    world = new World(kube);
    await world.startWatches();
    for (const n of NODES) await world.createNode(n);
    for (const n of NODES)
      for (let i = 0; i < 100; i++) await world.createPolicy(`on-${n}-${i}`, { pool: "egress", hostname: n });
    so = await cluster.startShellOperator({
      hooksDir,
      env: {
        SHELL_OPERATOR_HOOKS_DIR: hooksDir,
        ...chartPatcherEnv(),
        EGRESS_HA_LEASE_SIGNAL: "false",
        EGRESS_HA_AGENT_SIGNAL: "false",
        EGRESS_HA_PROBE: "false",
        EGRESS_HA_RECOVERY_DELAY: "1s",
        EGRESS_HA_STATE_FILE: path.join(work, "state", "state.json"),
      },
      logLevel: "error",
      workDir: mkdtempSync(path.join(work, "so-")),
    });
    await sleep(5000);
  });

  after(async () => {
    world?.stopWatches();
    await so?.stop();
    await cluster?.stop();
    const rows = latency.rows();
    if (rows.length > 0) {
      recordLatency(REPO, rows);
      process.stdout.write(`\nFailover at scale:\n${latency.table()}\n`);
    }
    if (process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  test(`10 gateways × 100 policies: one gateway fails, its 100 policies move (${RUNS} runs)`, async () => {
    for (let r = 0; r < RUNS; r++) {
      // A gateway that still carries its own 100 policies: one that has not failed yet.
      await failover(`gw-${r}`, 100, "100 policies off one gateway");
      await sleep(3000);
    }
  });

  test("one gateway with 1 000 policies (2 000 in all) fails: all 1 000 move", async () => {
    const n = "gw-9";
    for (let i = 100; i < 1000; i++) await world.createPolicy(`on-${n}-${i}`, { pool: "egress", hostname: n });
    await sleep(5000);
    await failover(n, 1000, "1 000 policies off one gateway");
  });
});
