/**
 * End to end against a real control plane: etcd, kube-apiserver, the real Cilium CRD and the real
 * shell-operator running this repository's hooks/ and dist/ in the image's layout. Node failures
 * are written to the API the way the kubelet (Ready=False) and the node lifecycle controller
 * (Ready=Unknown, unreachable taint) write them; every assertion reads the policy back from the
 * apiserver. Latencies are measured between watch events: the node write that breaks a gateway,
 * and the policy update that fixes it.
 *
 * Run with `npm run e2e` (builds the tools first). Skips, saying why, when the tools are absent.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, findTools, httpGet, type ShellOperator, startCluster } from "./harness/cluster.js";
import { alertTestSeries, exposition } from "./support/alert-series.js";
import { CEGP_PATH, JSON_PATCH, Kube, type KubeObject } from "./support/kube.js";
import { gatewaysOf, imageLayout, Latency, LONG_AGO, recordLatency, repetitions, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const CLI = path.join(REPO, "dist", "cilium-egress-ha.cjs");
const RECOVERY_DELAY_S = 2;
const REPEATS = repetitions("E2E_REPEATS", 2, 5);
const tools = findTools();
const skip = tools.missing.length > 0 ? `e2e tools not built (${tools.missing.join(", ")}): run npm run e2e` : false;

/** The hook settings shell-operator runs with: fast ticks, a short recovery delay, signals the API can fake. */
function hookEnv(work: string): Record<string, string> {
  return {
    SHELL_OPERATOR_HOOKS_DIR: "",
    EGRESS_HA_RECOVERY_DELAY: `${RECOVERY_DELAY_S}s`,
    EGRESS_HA_RESYNC_INTERVAL: "1s",
    EGRESS_HA_LEASE_SIGNAL: "false",
    EGRESS_HA_AGENT_SIGNAL: "false",
    EGRESS_HA_STATE_FILE: path.join(work, "state", "state.json"),
  };
}

describe("e2e: real kube-apiserver, etcd, shell-operator and the Cilium CRD", { skip }, () => {
  let cluster: Cluster;
  let kube: Kube;
  let world: World;
  let so: ShellOperator | undefined;
  let work: string;
  let hooksDir: string;
  const latency = new Latency();
  const untouched = new Map<string, string>();

  const startOperator = async (): Promise<number> => {
    const t0 = Date.now();
    so = await cluster.startShellOperator({
      hooksDir,
      env: { ...hookEnv(work), SHELL_OPERATOR_HOOKS_DIR: hooksDir },
      logLevel: "info",
      workDir: mkdtempSync(path.join(work, "so-")),
    });
    return t0;
  };

  const stopOperator = async (): Promise<void> => {
    await so?.stop();
    so = undefined;
  };

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-scenarios-"));
    hooksDir = imageLayout(REPO, path.join(work, "image"));
    cluster = await startCluster();
    kube = Kube.admin(cluster);
    world = new World(kube);
    await world.startWatches();
    for (const n of ["egress-a", "egress-b", "egress-c", "egress-dead"]) await world.createNode(n);
    await world.setReady("egress-dead", "False", LONG_AGO);
    await world.createNode("worker-1", { "node-role.kubernetes.io/worker": "" });
    // Policies the hook must never touch: unannotated and pinned outside the pool.
    for (const [name, host] of [
      ["unmanaged-worker", "worker-1"],
      ["unmanaged-ghost", "ghost"],
    ] as const) {
      const p = await world.createPolicy(name, { hostname: host });
      untouched.set(name, p.metadata.resourceVersion ?? "");
    }
  });

  after(async () => {
    world?.stopWatches();
    await stopOperator();
    await cluster?.stop();
    const rows = latency.rows();
    if (rows.length > 0) {
      recordLatency(REPO, rows);
      process.stdout.write(`\nFailover latency (node write → policy update, watch to watch):\n${latency.table()}\n`);
    }
    if (process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  test("1. startup: a policy pinned to a dead node is fixed by the Synchronization run", async () => {
    await world.createPolicy("startup", { pool: "egress", hostname: "egress-dead" });
    const t0 = await startOperator();
    const fixed = await world.waitForPolicy("startup", (p) => gatewaysOf(p)[0] !== "egress-dead", {
      timeoutMs: 60_000,
    });
    assert.match(gatewaysOf(fixed.object)[0] ?? "", /^egress-[abc]$/);
    latency.add("startup (shell-operator start → fixed)", fixed.at - t0);
  });

  /** Breaks the policy's gateway `REPEATS` times, each time measuring until it is moved off it. */
  async function failoverLoop(
    scenario: string,
    policy: string,
    breakNode: (node: string) => Promise<number>,
    repairNode: (node: string) => Promise<void>,
  ): Promise<void> {
    for (let i = 0; i < REPEATS; i++) {
      const current = gatewaysOf(await world.policy(policy))[0] as string;
      const brokenAt = await breakNode(current);
      const moved = await world.waitForPolicy(policy, (p) => gatewaysOf(p)[0] !== current, { since: brokenAt - 1 });
      const target = gatewaysOf(moved.object)[0] ?? "";
      assert.match(target, /^egress-[abc]$/, `moved to a pool node, not ${target}`);
      assert.notEqual(target, current);
      latency.add(scenario, moved.at - brokenAt);
      await repairNode(current);
      // Let the repaired node out of the hook's recovery memory before the next round.
      await sleep((RECOVERY_DELAY_S + 1) * 1000);
    }
  }

  test("2. gateway Ready → False: the policy moves to a healthy node", async () => {
    await world.createPolicy("ready-false", { pool: "egress", hostname: "egress-a" });
    await world.waitForPolicy("ready-false", (p) => gatewaysOf(p)[0] === "egress-a");
    await failoverLoop(
      "Ready=False",
      "ready-false",
      async (node) => {
        const written = await world.setReady(node, "False");
        return world.nodeEventAt(node, { resourceVersion: written.metadata.resourceVersion });
      },
      async (node) => {
        await world.setReady(node, "True", LONG_AGO);
      },
    );
  });

  test("3. gateway tainted unreachable (Ready=Unknown): the policy moves", async () => {
    await world.createPolicy("unreachable", { pool: "egress", hostname: "egress-b" });
    await failoverLoop(
      "unreachable taint",
      "unreachable",
      async (node) => {
        // What the node lifecycle controller writes for a silent node: taint, then Unknown.
        const written = await world.setTaints(node, ["node.kubernetes.io/unreachable"]);
        const at = await world.nodeEventAt(node, { resourceVersion: written.metadata.resourceVersion });
        await world.setReady(node, "Unknown");
        return at;
      },
      async (node) => {
        await world.setTaints(node, []);
        await world.setReady(node, "True", LONG_AGO);
      },
    );
  });

  test("4. gateway Node deleted: the policy moves", async () => {
    await world.createPolicy("deleted", { pool: "egress", hostname: "egress-c" });
    await failoverLoop(
      "Node deleted",
      "deleted",
      async (node) => {
        await world.deleteNode(node);
        return world.nodeEventAt(node, { deleted: true });
      },
      async (node) => {
        await world.createNode(node);
      },
    );
  });

  test("5. a new policy pinned to a dead node gets a healthy node", async () => {
    for (let i = 0; i < REPEATS; i++) {
      const name = `new-${i}`;
      await world.createPolicy(name, { pool: "egress", hostname: "egress-dead" });
      const created = await world.waitForPolicy(name, (p) => gatewaysOf(p)[0] === "egress-dead");
      const fixed = await world.waitForPolicy(name, (p) => gatewaysOf(p)[0] !== "egress-dead", { since: created.at });
      assert.match(gatewaysOf(fixed.object)[0] ?? "", /^egress-[abc]$/);
      latency.add("new policy on a dead node", fixed.at - created.at);
    }
  });

  test("6. all pool nodes down: nothing changes; the first node back takes the policy on the next run", async () => {
    await world.createPolicy("all-down", { pool: "egress", hostname: "egress-a" });
    await world.waitForPolicy("all-down", (p) => gatewaysOf(p)[0] === "egress-a");
    const before = await world.policy("all-down");
    for (const n of ["egress-a", "egress-b", "egress-c"]) await world.setReady(n, "False");
    await sleep(4000);
    const during = await world.policy("all-down");
    assert.equal(during.metadata.resourceVersion, before.metadata.resourceVersion, "the policy was left alone");
    // The stuck policy is visible: a Warning Event and the stuck gauge.
    const events = await kube.must<{ items: KubeObject[] }>(
      "GET",
      "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=all-down",
    );
    assert.ok(
      events.items.some((e) => e.reason === "NoEligibleGateway" && e.type === "Warning"),
      "stuck Event",
    );
    const metrics = await httpGet(so?.metricsUrl ?? "");
    assert.match(metrics.body, /cilium_egress_ha_policy_stuck\{[^}]*policy="all-down"[^}]*\} 1/);

    // The first node back is still inside its recovery delay, and takes the policy at once: a
    // slot on a dead node has no connections left to protect.
    const written = await world.setReady("egress-b", "True");
    const recoveredAt = await world.nodeEventAt("egress-b", { resourceVersion: written.metadata.resourceVersion });
    const moved = await world.waitForPolicy("all-down", (p) => gatewaysOf(p)[0] === "egress-b", { since: recoveredAt });
    const lastMove = JSON.parse(moved.object.metadata.annotations?.["cilium-egress-ha/last-move"] ?? "{}");
    assert.equal(lastMove.tier, "recovering", "placed by the recovering tier");
    latency.add("whole-pool outage, first node back (Ready → policy patched)", moved.at - recoveredAt);
    for (const n of ["egress-a", "egress-c"]) await world.setReady(n, "True", LONG_AGO);
    await world.setReady("egress-b", "True", LONG_AGO);
    await sleep((RECOVERY_DELAY_S + 1) * 1000);
  });

  test("8. egressGateways: only the dead slot is replaced", async () => {
    await world.createPolicy("multi", { pool: "egress", hostname: "egress-a", gateways: ["egress-a", "egress-b"] });
    await world.waitForPolicy("multi", (p) => gatewaysOf(p).join() === "egress-a,egress-b");
    const written = await world.setReady("egress-b", "False");
    const brokenAt = await world.nodeEventAt("egress-b", { resourceVersion: written.metadata.resourceVersion });
    const moved = await world.waitForPolicy("multi", (p) => gatewaysOf(p)[1] !== "egress-b", { since: brokenAt });
    assert.deepEqual(gatewaysOf(moved.object), ["egress-a", "egress-c"], "slot 0 kept, slot 1 to the unused node");
    const main = (moved.object.spec as { egressGateway: { nodeSelector: { matchLabels: Record<string, string> } } })
      .egressGateway.nodeSelector.matchLabels["kubernetes.io/hostname"];
    assert.equal(main, "egress-a", "spec.egressGateway (ignored by Cilium here) is not rewritten");
    latency.add("egressGateways slot", moved.at - brokenAt);
    await world.setReady("egress-b", "True", LONG_AGO);
    await sleep((RECOVERY_DELAY_S + 1) * 1000);
  });

  test("9. shell-operator restart mid-way: the state converges", async () => {
    await world.createPolicy("restart", { pool: "egress", hostname: "egress-a" });
    await world.waitForPolicy("restart", (p) => gatewaysOf(p)[0] === "egress-a");
    await stopOperator();
    await world.setReady("egress-a", "False");
    await world.createPolicy("restart-new", { pool: "egress", hostname: "egress-dead" });
    await sleep(1000);
    assert.equal(
      gatewaysOf(await world.policy("restart"))[0],
      "egress-a",
      "nobody moved it while the operator was down",
    );
    const t0 = await startOperator();
    const a = await world.waitForPolicy("restart", (p) => gatewaysOf(p)[0] !== "egress-a", { timeoutMs: 60_000 });
    const b = await world.waitForPolicy("restart-new", (p) => gatewaysOf(p)[0] !== "egress-dead", {
      timeoutMs: 60_000,
    });
    latency.add("after a shell-operator restart", Math.max(a.at, b.at) - t0);
    await world.setReady("egress-a", "True", LONG_AGO);
    await sleep((RECOVERY_DELAY_S + 1) * 1000);
  });

  test("10. a concurrent human edit between decision and apply is not lost; the hook re-decides", async () => {
    await world.createPolicy("human", { pool: "egress", hostname: "egress-a" });
    await world.waitForPolicy("human", (p) => gatewaysOf(p)[0] === "egress-a");
    // The hook decides on a snapshot in which egress-a is dead ...
    await stopOperator();
    await world.setReady("egress-a", "False");
    const captured = path.join(work, "human-context.json");
    const env = { ...process.env, ...hookEnv(work), KUBECONFIG: cluster.kubeconfigPath };
    execFileSync(process.execPath, [CLI, "capture", "-o", captured], { env });
    const patchFile = path.join(work, "human-patch.ndjson");
    writeFileSync(patchFile, "");
    execFileSync(process.execPath, [CLI], {
      env: { ...env, BINDING_CONTEXT_PATH: captured, KUBERNETES_PATCH_PATH: patchFile, EGRESS_HA_EVENTS: "false" },
    });
    const [op] = readFileSync(patchFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { name: string; jsonPatch: unknown[] });
    assert.equal(op?.name, "human");
    // ... a human moves the policy to egress-c before the patch lands ...
    await world.pinHostname("human", "egress-c");
    // ... and the patch, applied as shell-operator applies it, fails instead of overwriting the edit.
    const applied = await kube.request("PATCH", `${CEGP_PATH}/human`, op?.jsonPatch, JSON_PATCH);
    // A failed `test` op is a 422 Invalid: shell-operator fails the run and retries it.
    assert.equal(applied.status, 422, applied.text);
    assert.match(applied.text, /"reason":"Invalid"/);
    assert.equal(gatewaysOf(await world.policy("human"))[0], "egress-c", "the human edit is kept");
    // Live, the hook sees the edit as a new event and decides again: egress-c is healthy, so it stays.
    await startOperator();
    await sleep(3000);
    assert.equal(gatewaysOf(await world.policy("human"))[0], "egress-c");
    // A human edit onto a dead node is corrected on that same event.
    const edited = await world.pinHostname("human", "egress-dead");
    const editAt = (
      await world.waitForPolicy("human", (p) => p.metadata.resourceVersion === edited.metadata.resourceVersion)
    ).at;
    const fixed = await world.waitForPolicy("human", (p) => gatewaysOf(p)[0] !== "egress-dead", { since: editAt });
    latency.add("human edit onto a dead node", fixed.at - editAt);
    await world.setReady("egress-a", "True", LONG_AGO);
    await sleep((RECOVERY_DELAY_S + 1) * 1000);
  });

  test("capture, then plan, decides what the hook then does live", async () => {
    await world.createPolicy("replay", { pool: "egress", hostname: "egress-b" });
    await world.waitForPolicy("replay", (p) => gatewaysOf(p)[0] === "egress-b");
    await stopOperator();
    await world.setReady("egress-b", "False");
    const env = { ...process.env, ...hookEnv(work), KUBECONFIG: cluster.kubeconfigPath };
    const file = path.join(work, "replay.json");
    execFileSync(process.execPath, [CLI, "capture", "-o", file], { env });
    // --state gives plan the hook's memory of recently failed nodes, as the live hook has it.
    const stateFile = hookEnv(work).EGRESS_HA_STATE_FILE as string;
    const plan = JSON.parse(
      execFileSync(process.execPath, [CLI, "plan", file, "-o", "json", "--state", stateFile], {
        env,
        encoding: "utf8",
      }),
    ) as {
      decisions: { policy: string; action: string; slots: { to: string | null }[] }[];
    };
    const decided = new Map(plan.decisions.map((d) => [d.policy, d]));
    assert.equal(decided.get("replay")?.action, "move");
    const t0 = await startOperator();
    const live = await world.waitForPolicy("replay", (p) => gatewaysOf(p)[0] !== "egress-b", { since: t0 });
    assert.equal(gatewaysOf(live.object)[0], decided.get("replay")?.slots[0]?.to, "plan and the live hook agree");
    for (const [name, d] of decided) {
      if (d.action === "ignore") assert.ok(untouched.has(name) || name.startsWith("unmanaged"), name);
    }
    await world.setReady("egress-b", "True", LONG_AGO);
  });

  test("7. unmanaged policies were never touched, and the hook's metrics and Events tell the story", async () => {
    for (const [name, rv] of untouched) {
      assert.equal((await world.policy(name)).metadata.resourceVersion, rv, `${name} unchanged`);
    }
    // shell-operator applies a run's patches before its metrics, and egress-b was repaired just
    // now: wait until the hook has reported all three nodes settled again.
    let metrics = { status: 0, body: "" };
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      metrics = await httpGet(so?.metricsUrl ?? "");
      if (/cilium_egress_ha_pool_nodes\{[^}]*state="settled"[^}]*\} 3/.test(metrics.body)) break;
      await sleep(250);
    }
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /cilium_egress_ha_policy_gateway\{[^}]*policy="ready-false"/);
    assert.match(metrics.body, /cilium_egress_ha_pool_nodes\{[^}]*pool="egress"[^}]*state="settled"[^}]*\} 3/);
    assert.match(metrics.body, /cilium_egress_ha_failovers\{[^}]*pool="egress"/);
    assert.doesNotMatch(metrics.body, /policy="unmanaged-worker"/);
    // The promtool tests' hand-written series are shaped as the operator really emits them.
    const own = await httpGet(`${so?.baseUrl ?? ""}/metrics`);
    const real = exposition(`${metrics.body}\n${own.body}`);
    const tested = alertTestSeries(REPO);
    let matched = 0;
    for (const [name, keys] of tested) {
      const got = real.get(name);
      if (got === undefined) continue; // a counter never incremented in this run has no sample yet
      matched++;
      for (const k of keys)
        assert.ok(got.has(k), `${name}: the alert tests give it "${k}", the real scrape has ${[...got]}`);
    }
    for (const name of [
      "shell_operator_hook_run_success_total",
      "cilium_egress_ha_pool_nodes",
      "cilium_egress_ha_signal_state",
    ])
      assert.ok(tested.has(name) && real.has(name), `${name} is both tested and emitted`);
    assert.ok(matched >= 5, `only ${matched} of the tested series were seen in the real scrape`);
    const events = await kube.must<{ items: KubeObject[] }>(
      "GET",
      "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=ready-false",
    );
    const moved = events.items.filter((e) => e.reason === "GatewayMoved");
    // Exactly one Event per move: count the moves in the policy's own watch history.
    let moves = 0;
    let last: string | undefined;
    for (const e of world.events) {
      if (e.object.kind !== "CiliumEgressGatewayPolicy" || e.object.metadata.name !== "ready-false") continue;
      const gw = gatewaysOf(e.object).join();
      if (last !== undefined && gw !== last) moves++;
      last = gw;
    }
    assert.ok(moves >= REPEATS, `the policy moved ${moves} times`);
    assert.equal(moved.length, moves, `one GatewayMoved Event per move (${moved.length} Events, ${moves} moves)`);
    // The cause and what was wrong with the gateway, as codes (docs/reason-codes.md).
    assert.match(String(moved[0]?.message), /^gateway moved from \S+ to \S+ \(gateway-unhealthy: node-not-ready\)$/);
    const involved = moved[0]?.involvedObject as { uid?: string } | undefined;
    assert.equal(involved?.uid, (await world.policy("ready-false")).metadata.uid);
  });
});
