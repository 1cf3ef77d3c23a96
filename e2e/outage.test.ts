/**
 * A whole pool down at scale, on a real control plane: pool "dead" (10 nodes, 2 000 policies) goes
 * Ready=False all at once and stays down; meanwhile the gateway of pool "live" stops renewing its
 * Lease, as a hard-crashed kubelet would. What a user needs from that bad day:
 * - pool "live" still fails over, by its Lease (the outage must not blind the Lease signal of
 *   every other pool by overflowing the hook's memory);
 * - the outage's NoEligibleGateway Events are written when it starts, never again while it
 *   lasts (no Event storm against the API server);
 * - the hook's state stays under its cap and is saved: no `state-shed`, no `UNSAVED`.
 *
 * The outage lasts E2E_OUTAGE_SECONDS (the CI sample: 90 s; E2E_FULL=1: 180 s). One row for
 * .e2e/latency.json: "Lease failover during a whole-pool outage" (last renewal → policy update).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, findTools, type ShellOperator, startCluster } from "./harness/cluster.js";
import { Kube, type KubeObject } from "./support/kube.js";
import { gatewaysOf, imageLayout, Latency, recordLatency, repetitions, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const POOL_LABEL = "node-restriction.kubernetes.io/egress-pool";
const DEAD = Array.from({ length: 10 }, (_, i) => `dead-${i}`);
const LIVE = ["live-0", "live-1", "live-2"];
const POLICIES = 2000;
const OUTAGE_SECONDS = repetitions("E2E_OUTAGE_SECONDS", 90, 180);
/** Stuck Events may come only while the outage starts; nothing after this. */
const SETTLE_MS = 30_000;
const STATE_CAP = 4 * 1024 * 1024;
const tools = findTools();
const skip = tools.missing.length > 0 ? `e2e tools not built (${tools.missing.join(", ")}): run npm run e2e` : false;

interface EventObject extends KubeObject {
  reason?: string;
  count?: number;
  firstTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; name?: string };
}

describe("e2e: a whole pool down at scale while another pool's gateway crashes", { skip }, () => {
  let cluster: Cluster;
  let kube: Kube;
  let world: World;
  let so: ShellOperator | undefined;
  let work: string;
  const stateFile = (): string => path.join(work, "state", "state.json");
  const latency = new Latency();
  /** The simulated kubelets renew these nodes' Leases every 5 s. */
  const renewing = new Set([...DEAD, ...LIVE]);
  let renewals: Promise<void> | undefined;
  let stopped = false;

  async function renewLoop(): Promise<void> {
    while (!stopped) {
      await Promise.all([...renewing].map((n) => world.renewLease(n)));
      await sleep(5000);
    }
  }

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-outage-"));
    const hooksDir = imageLayout(REPO, path.join(work, "image"));
    cluster = await startCluster();
    kube = Kube.admin(cluster);
    world = new World(kube);
    await world.startWatches();
    for (const n of DEAD) await world.createNode(n, { [POOL_LABEL]: "dead" });
    for (const n of LIVE) await world.createNode(n, { [POOL_LABEL]: "live" });
    await Promise.all([...renewing].map((n) => world.renewLease(n)));
    renewals = renewLoop();
    for (let i = 0; i < POLICIES; i++)
      await world.createPolicy(`out-${i}`, { pool: "dead", hostname: DEAD[i % DEAD.length] as string });
    await world.createPolicy("live-policy", { pool: "live", hostname: "live-0" });
    so = await cluster.startShellOperator({
      hooksDir,
      env: {
        SHELL_OPERATOR_HOOKS_DIR: hooksDir,
        EGRESS_HA_POOLS: `dead=${POOL_LABEL}=dead;live=${POOL_LABEL}=live`,
        EGRESS_HA_LEASE_SIGNAL: "true",
        EGRESS_HA_AGENT_SIGNAL: "false",
        // The simulated nodes have no addresses: this file is about the Lease path and the memory.
        EGRESS_HA_PROBE: "false",
        EGRESS_HA_RECOVERY_DELAY: "1s",
        EGRESS_HA_STATE_FILE: stateFile(),
      },
      logLevel: "info",
      workDir: mkdtempSync(path.join(work, "so-")),
    });
    // Synchronization done and the first ticks run: every Lease has been seen renewing.
    await sleep(8000);
  });

  after(async () => {
    stopped = true;
    await renewals;
    world?.stopWatches();
    await so?.stop();
    await cluster?.stop();
    const rows = latency.rows();
    if (rows.length > 0) {
      recordLatency(REPO, rows);
      process.stdout.write(`\nWhole-pool outage:\n${latency.table()}\n`);
    }
    if (process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  test(`pool "dead" down for ${OUTAGE_SECONDS} s with ${POLICIES} policies; pool "live" fails over by its Lease`, async () => {
    const outageAt = Date.now();
    for (const n of DEAD) renewing.delete(n);
    await Promise.all(DEAD.map((n) => world.setReady(n, "False")));

    await sleep(SETTLE_MS);
    // The live pool's gateway crashes: its kubelet stops renewing.
    renewing.delete("live-0");
    const crashedAt = Date.now();
    const moved = await world.waitForPolicy("live-policy", (p) => gatewaysOf(p)[0] !== "live-0", {
      since: crashedAt,
      timeoutMs: 90_000,
    });
    assert.match(gatewaysOf(moved.object)[0] ?? "", /^live-[12]$/, "moved to a live node of its own pool");
    latency.add("Lease failover during a whole-pool outage", moved.at - crashedAt);

    const left = OUTAGE_SECONDS * 1000 - (Date.now() - outageAt);
    if (left > 0) await sleep(left);

    // Nothing could move out of the dead pool: every policy is still pinned there.
    const policies = await kube.must<{ items: KubeObject[] }>("GET", "/apis/cilium.io/v2/ciliumegressgatewaypolicies");
    const out = policies.items.filter((p) => p.metadata.name.startsWith("out-"));
    assert.equal(out.length, POLICIES);
    for (const p of out) assert.match(gatewaysOf(p)[0] ?? "", /^dead-\d$/, `${p.metadata.name} stays in its pool`);

    // The outage's Events were written as it started, and never again while it lasted.
    const events = await kube.must<{ items: EventObject[] }>("GET", "/api/v1/namespaces/default/events");
    const stuck = events.items.filter((e) => e.reason === "NoEligibleGateway" || e.reason === "NoEligibleGateways");
    assert.ok(stuck.length > 0, "the outage is announced by an Event");
    const limit = 50; // EGRESS_HA_EVENT_LIMIT's default: above it, one summary per pool
    assert.ok(stuck.length <= limit, `${stuck.length} stuck Events for one outage`);
    for (const e of stuck) {
      const at = Date.parse(String(e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? ""));
      assert.ok(at < outageAt + SETTLE_MS, `${e.reason} ${e.involvedObject?.name} written at +${at - outageAt} ms`);
      assert.ok((e.count ?? 1) === 1, `${e.reason} ${e.involvedObject?.name} repeated ${e.count} times`);
    }

    // The memory stayed whole: saved every run, under its cap, nothing shed.
    const size = statSync(stateFile()).size;
    assert.ok(size < STATE_CAP, `state file ${size} bytes`);
    const log = readFileSync(so?.logPath ?? "", "utf8");
    assert.doesNotMatch(log, /state-shed|UNSAVED/, "the hook shed or lost its memory");
    process.stdout.write(
      `\nstate file after the outage: ${Math.round(size / 1024)} KiB; stuck Events: ${stuck.length}\n`,
    );
  });
});
