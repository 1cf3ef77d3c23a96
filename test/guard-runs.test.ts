/**
 * Issue 19 as hook runs: the built pipeline (hook/run.ts) on crafted binding contexts, the state
 * directory carried from run to run as one operator pod carries it, the probe's answers injected.
 * Each sequence ends with the patch a failover needs; on the code before the fix, none came.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runHook } from "../src/hook/run.js";
import { agent, type ClusterObjects, groupContext, lease, NOW, node, policy, tickContext } from "./support/builders.js";
import { type MemoryRun, memoryRunIO, patchedPolicies } from "./support/memory-io.js";

const at = (s: number): Date => new Date(NOW.getTime() + s * 1000);
const ago = (s: number): string => new Date(NOW.getTime() - s * 1000).toISOString();
const open = { answer: "open" as const, silent: 0, silentSince: null };
const refused = { answer: "refused" as const, silent: 0, silentSince: null };
const silentSince = (t: Date) => ({ answer: "silent" as const, silent: 3, silentSince: t.getTime() });

/** Runs the steps in order on one state directory; returns the pins each policy's last patch wrote. */
async function runs(steps: Omit<MemoryRun, "log">[]): Promise<Map<string, string[]>[]> {
  const files = new Map<string, string>();
  const written: Map<string, string[]>[] = [];
  for (const s of steps) {
    const log: string[] = [];
    assert.equal(await runHook(memoryRunIO(files, { ...s, log })), 0, log.join("\n"));
    const pins = new Map<string, string[]>();
    for (const [name, ops] of patchedPolicies(files)) {
      const hosts = ops
        .filter((o) => o.op === "replace" && o.path.endsWith("/nodeSelector"))
        .map(
          (o) => (o.value as { matchLabels: Record<string, string> }).matchLabels["kubernetes.io/hostname"] as string,
        );
      pins.set(name, hosts);
    }
    written.push(pins);
  }
  return written;
}

const probed = (nodes: string[], address = true) =>
  nodes.map((name, i) => node({ name, ...(address ? { address: `10.0.0.${i + 1}` } : {}) }));

describe("hook runs: no guard blinds a failover", () => {
  test("item 1: a crashed gateway in a pool with a node long NotReady is moved by the probe", async () => {
    const ENV = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "true" };
    const cluster: ClusterObjects = {
      pools: {
        egress: [
          ...probed(["a", "b"]),
          node({ name: "c", ready: "Unknown", address: "10.0.0.3", taints: ["node.kubernetes.io/unreachable"] }),
        ],
      },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
      agents: ["a", "b", "c"].map((n) => agent({ node: n })),
    };
    const crashed = (n: string) => (n === "b" ? open : silentSince(at(0.5)));
    const out = await runs([
      { env: ENV, now: NOW, context: groupContext(cluster) },
      { env: ENV, now: at(2), context: tickContext(cluster), probe: crashed },
    ]);
    assert.deepEqual(out[1]?.get("p"), ["b"]);
  });

  test("item 2: with a worker and a pool node powered off, a stopped kubelet still moves its gateway", async () => {
    const ENV = { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "false", EGRESS_HA_PROBE: "false" };
    const cluster = (t: number, stopped: string[]): ClusterObjects => ({
      pools: { egress: [node({ name: "a" }), node({ name: "b" }), node({ name: "c", ready: "Unknown" })] },
      nodes: [node({ name: "w0", ready: "False", labels: { "node.kubernetes.io/role": "worker" } })],
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
      leases: ["a", "b"]
        .map((n) => lease(n, stopped.includes(n) ? 2 : 2 - t))
        .concat([lease("c", 3600), lease("w0", 3600)]),
    });
    const out = await runs([
      { env: ENV, now: NOW, context: groupContext(cluster(0, [])) },
      { env: ENV, now: at(20), context: tickContext(cluster(20, ["a"])) },
    ]);
    assert.deepEqual(out[1]?.get("p"), ["b"]);
  });

  test("item 3: two nodes, 4240 refused on both; the gateway goes silent and the survivor takes it", async () => {
    const ENV = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "true" };
    const cluster: ClusterObjects = {
      pools: { egress: probed(["a", "b"]) },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
      agents: ["a", "b"].map((n) => agent({ node: n })),
    };
    const out = await runs([
      { env: ENV, now: NOW, context: groupContext(cluster) },
      { env: ENV, now: at(1), context: tickContext(cluster), probe: () => refused },
      { env: ENV, now: at(2), context: tickContext(cluster), probe: () => refused },
      {
        env: ENV,
        now: at(4),
        context: tickContext(cluster),
        probe: (n) => (n === "a" ? silentSince(at(2.5)) : refused),
      },
    ]);
    assert.equal(out[2]?.size, 0);
    assert.deepEqual(out[3]?.get("p"), ["b"]);
  });

  test("item 6: a cilium pod written by a clock 5 minutes behind keeps its grace", async () => {
    const ENV = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "true", EGRESS_HA_PROBE: "false" };
    const cluster: ClusterObjects = {
      pools: { egress: [node({ name: "a" }), node({ name: "b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
      agents: [agent({ node: "a", ready: false, readySince: ago(300) }), agent({ node: "b" })],
    };
    const out = await runs([
      { env: ENV, now: NOW, context: groupContext(cluster) },
      { env: ENV, now: at(30), context: tickContext(cluster) },
      { env: ENV, now: at(60), context: tickContext(cluster) },
    ]);
    assert.equal(out[0]?.size, 0, "an agent restart keeps its gateway through the grace");
    assert.equal(out[1]?.size, 0);
    assert.deepEqual(out[2]?.get("p"), ["b"]);
  });
});
