/**
 * A Cilium rolling upgrade on a real control plane. With Cilium's Helm defaults the Cilium
 * operator taints a node `node.cilium.io/agent-not-ready` while its agent pod is not Ready,
 * restarts included; the datapath keeps forwarding meanwhile. On each gateway in turn the agent
 * pod goes NotReady for 20 s and the node gets the taint, then both clear. The hook runs with
 * the agent signal on and its default grace: it must write nothing at all.
 *
 * Run with `npm run e2e`. Skips, saying why, when the tools are absent.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, findTools, type ShellOperator, startCluster } from "./harness/cluster.js";
import { CEGP_PATH, Kube } from "./support/kube.js";
import { gatewaysOf, imageLayout, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const POOL = ["gw-a", "gw-b", "gw-c"];
const RESTART_SECONDS = Number(process.env.E2E_AGENT_RESTART_SECONDS ?? 20);
const tools = findTools();
const skip = tools.missing.length > 0 ? `e2e tools not built (${tools.missing.join(", ")}): run npm run e2e` : false;

describe("e2e: a Cilium rolling upgrade moves nothing", { skip }, () => {
  let cluster: Cluster;
  let kube: Kube;
  let world: World;
  let so: ShellOperator | undefined;
  let work: string;

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-agent-"));
    const hooksDir = imageLayout(REPO, path.join(work, "image"));
    cluster = await startCluster();
    kube = Kube.admin(cluster);
    world = new World(kube);
    await world.startWatches();
    for (const node of POOL) {
      await world.createNode(node);
      await world.createAgentPod(node);
      await world.createPolicy(`via-${node}`, { pool: "egress", hostname: node });
    }
    so = await cluster.startShellOperator({
      hooksDir,
      env: {
        SHELL_OPERATOR_HOOKS_DIR: hooksDir,
        EGRESS_HA_RESYNC_INTERVAL: "1s",
        EGRESS_HA_RECOVERY_DELAY: "2s",
        EGRESS_HA_LEASE_SIGNAL: "false",
        EGRESS_HA_AGENT_SIGNAL: "true",
        EGRESS_HA_STATE_FILE: path.join(work, "state", "state.json"),
      },
      logLevel: "info",
      workDir: mkdtempSync(path.join(work, "so-")),
    });
  });

  after(async () => {
    world?.stopWatches();
    await so?.stop();
    await cluster?.stop();
    if (process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  test(`each gateway's agent restarts for ${RESTART_SECONDS} s with the agent-not-ready taint: 0 policy writes`, async () => {
    // Let the Synchronization run and a few ticks pass on a healthy cluster first.
    await sleep(4000);
    const start = Date.now();
    const writes = () =>
      world.events.filter((e) => e.at >= start && e.object.kind === "CiliumEgressGatewayPolicy" && e.type !== "ADDED");
    for (const node of POOL) {
      await world.setAgentReady(node, false);
      await world.setTaints(node, ["node.cilium.io/agent-not-ready"]);
      await sleep(RESTART_SECONDS * 1000);
      await world.setTaints(node, []);
      await world.setAgentReady(node, true);
      await sleep(3000);
    }
    assert.deepEqual(
      writes().map((e) => `${e.type} ${e.object.metadata.name}`),
      [],
      "a rolling agent restart wrote to a policy",
    );
    for (const node of POOL) assert.deepEqual(gatewaysOf(await world.policy(`via-${node}`)), [node]);
    assert.ok(so, "shell-operator ran");
    const list = await kube.must<{ items: unknown[] }>("GET", CEGP_PATH);
    assert.equal(list.items.length, POOL.length);
  });
});
