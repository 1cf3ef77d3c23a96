/**
 * What keeps a large cluster cheap and a failover storm fast: metrics written only when they
 * changed (and always after a run that wrote operations), per-policy series opt-in above a size,
 * and one summary Event per pool above the per-run Event limit.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import { evaluate } from "../src/hook/pipeline.js";
import { EMPTY_STATE, metricsStale, textHash } from "../src/hook/state.js";
import type { EventCreateOperation } from "../src/patch/events.js";
import { type ClusterObjects, groupContext, NOW, node, policy } from "./support/builders.js";
import { appliedCluster } from "./support/json-patch.js";

const HOOK = join(import.meta.dirname, "..", "hooks", "cilium-egress-ha");
const ENV = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "false", EGRESS_HA_PROBE: "false" };
const work = mkdtempSync(join(tmpdir(), "scale-"));
after(() => rmSync(work, { recursive: true, force: true }));

function storm(policies: number): ClusterObjects {
  return {
    pools: { egress: [node({ name: "a", ready: "False" }), node({ name: "b" }), node({ name: "c" })] },
    policies: Array.from({ length: policies }, (_, i) => policy({ name: `p${i}`, pool: "egress", hostname: "a" })),
  };
}

const applied = appliedCluster;

const later = (s: number) => new Date(NOW.getTime() + s * 1000);
const events = (ops: readonly unknown[]) =>
  ops.filter((o): o is EventCreateOperation => (o as EventCreateOperation).operation === "Create");

describe("Events in a failover storm", () => {
  test("up to the limit, one GatewayMoved per confirmed move; above it, one GatewaysMoved per pool on the node they left", () => {
    for (const [count, limit, expected] of [
      [3, 5, { GatewayMoved: 3 }],
      [5, 5, { GatewayMoved: 5 }],
      [6, 5, { GatewaysMoved: 1 }],
      [120, 50, { GatewaysMoved: 1 }],
    ] as const) {
      const settings = readSettings({ ...ENV, EGRESS_HA_EVENT_LIMIT: String(limit) });
      const cluster = storm(count);
      const first = evaluate(groupContext(cluster), settings, NOW, { state: EMPTY_STATE });
      const patches = first.operations.filter((o) => o.operation === "JSONPatch");
      assert.equal(patches.length, count);
      assert.equal(events(first.operations).length, 0, "nothing is reported before it took effect");
      const second = evaluate(groupContext(applied(cluster, first.operations)), settings, later(1), {
        state: first.state,
      });
      const byReason: Record<string, number> = {};
      for (const e of events(second.operations)) {
        const r = e.object.reason as string;
        byReason[r] = (byReason[r] ?? 0) + 1;
      }
      assert.deepEqual(byReason, expected, `${count} moves, limit ${limit}`);
      if ("GatewaysMoved" in expected) {
        const summary = events(second.operations)[0]?.object as {
          involvedObject: { kind: string; name: string };
          message: string;
        };
        assert.deepEqual([summary.involvedObject.kind, summary.involvedObject.name], ["Node", "a"]);
        assert.match(summary.message, new RegExp(`^${count} policies of pool egress`));
      }
      assert.equal(second.state.failovers.egress, count, "the count is exact either way");
    }
  });
});

describe("per-policy series", () => {
  test("auto: written up to 1000 managed policies, not above; true and false force it", () => {
    const count = (n: number, value?: string) => {
      const settings = readSettings({ ...ENV, ...(value ? { EGRESS_HA_POLICY_METRICS: value } : {}) });
      const cluster = { ...storm(n), pools: { egress: [node({ name: "a" }), node({ name: "b" })] } };
      const e = evaluate(groupContext(cluster), settings, NOW, { state: EMPTY_STATE });
      return e.metrics.filter((m) => m.name === "cilium_egress_ha_policy_gateway").length;
    };
    assert.equal(count(1000), 1000);
    assert.equal(count(1001), 0);
    assert.equal(count(1001, "true"), 1001);
    assert.equal(count(10, "false"), 0);
  });
});

describe("metrics only when they changed", () => {
  test("metricsStale: first write, a change, a forced write after operations, and a refresh once a minute", () => {
    const last = { hash: textHash("a\n"), at: NOW.toISOString(), force: false };
    assert.equal(metricsStale(null, "a\n", NOW), true);
    assert.equal(metricsStale(last, "a\n", later(1)), false);
    assert.equal(metricsStale(last, "b\n", later(1)), true);
    assert.equal(metricsStale({ ...last, force: true }, "a\n", later(1)), true);
    assert.equal(metricsStale(last, "a\n", later(60)), true);
    assert.equal(metricsStale({ ...last, at: "garbage" }, "a\n", later(1)), true);
  });

  test("hook runs: a quiet repeat writes no metrics; the run after a run with operations writes them again", () => {
    const state = join(work, "state", "state.json");
    const context = join(work, "context.json");
    const hook = (cluster: ClusterObjects) => {
      writeFileSync(context, JSON.stringify(groupContext(cluster)));
      const metrics = join(work, `metrics-${Math.random().toString(36).slice(2)}`);
      const patch = join(work, `patch-${Math.random().toString(36).slice(2)}`);
      writeFileSync(metrics, "");
      writeFileSync(patch, "");
      const r = spawnSync(HOOK, [], {
        env: {
          PATH: process.env.PATH ?? "",
          ...ENV,
          EGRESS_HA_EVENTS: "false",
          EGRESS_HA_STATE_FILE: state,
          BINDING_CONTEXT_PATH: context,
          KUBERNETES_PATCH_PATH: patch,
          METRICS_PATH: metrics,
        },
        encoding: "utf8",
      });
      assert.equal(r.status, 0, r.stderr);
      return { metrics: readFileSync(metrics, "utf8"), patch: readFileSync(patch, "utf8") };
    };
    const quiet = {
      pools: { egress: [node({ name: "a" }), node({ name: "b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
    };
    assert.notEqual(hook(quiet).metrics, "", "the first run writes");
    assert.equal(hook(quiet).metrics, "", "an identical run writes none");
    const failing = { ...quiet, pools: { egress: [node({ name: "a", ready: "False" }), node({ name: "b" })] } };
    const moving = hook(failing);
    assert.notEqual(moving.patch, "");
    assert.notEqual(moving.metrics, "", "the node's state changed");
    // The patch may have failed; the next run repeats the metrics even though nothing changed.
    const after = hook(failing);
    assert.notEqual(after.metrics, "", "written again after a run with operations");
    assert.equal(after.patch, "", "the move is in flight, not written twice");
    assert.equal(hook(failing).metrics, "", "then quiet again");
  });
});
