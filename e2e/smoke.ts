// Smoke test of the real-control-plane harness: etcd + kube-apiserver + the real CEGP CRD + shell-operator
// running a throw-away bash hook. Run: npx tsx e2e/smoke.ts   (after: bash e2e/scripts/build-tools.sh)
// Exit codes: 0 ok, 1 failure, 3 tools not built.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { type Cluster, findTools, httpGet, startCluster, waitFor } from "./harness/cluster.js";

const HOOK_CONFIG = {
  configVersion: "v1",
  kubernetes: [
    { name: "nodes", apiVersion: "v1", kind: "Node", group: "g", jqFilter: ".metadata.name" },
    {
      name: "policies",
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      group: "g",
      jqFilter: ".metadata.name",
    },
  ],
};

const HOOK = `#!/usr/bin/env bash
set -euo pipefail
if [ "\${1:-}" = "--config" ]; then
  cat <<'JSON'
${JSON.stringify(HOOK_CONFIG)}
JSON
  exit 0
fi
n=$(ls "$SMOKE_OUT" | wc -l)
cp "$BINDING_CONTEXT_PATH" "$SMOKE_OUT/run-$(printf '%04d' "$n").json"
`;

interface Snapshot {
  filterResult?: unknown;
}
interface BindingContext {
  binding: string;
  type?: string;
  snapshots?: Record<string, Snapshot[]>;
}

function runs(dir: string): BindingContext[][] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as BindingContext[]);
}

function names(ctx: BindingContext, binding: string): string[] {
  return (ctx.snapshots?.[binding] ?? []).map((s) => String(s.filterResult)).sort();
}

async function main(): Promise<number> {
  const tools = findTools();
  if (tools.missing.length > 0) {
    console.error(
      `smoke: e2e tools are not built (missing: ${tools.missing.join(", ")}).\nRun: bash e2e/scripts/build-tools.sh`,
    );
    return 3;
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), "cegp-smoke-"));
  const hooksDir = path.join(scratch, "hooks");
  const outDir = path.join(scratch, "out");
  mkdirSync(hooksDir);
  mkdirSync(outDir);
  const hookPath = path.join(hooksDir, "smoke-hook.sh");
  writeFileSync(hookPath, HOOK);
  chmodSync(hookPath, 0o755);

  const t0 = Date.now();
  let cluster: Cluster | undefined;
  let ok = false;
  try {
    cluster = await startCluster();
    const clusterMs = Date.now() - t0;
    const kc = cluster.kubeConfig();
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);

    for (const n of ["n1", "n2"]) {
      await core.createNode({ body: { metadata: { name: n, labels: { "kubernetes.io/hostname": n } } } });
    }
    await custom.createClusterCustomObject({
      group: "cilium.io",
      version: "v2",
      plural: "ciliumegressgatewaypolicies",
      body: {
        apiVersion: "cilium.io/v2",
        kind: "CiliumEgressGatewayPolicy",
        metadata: { name: "egress-a" },
        spec: {
          selectors: [{ podSelector: {} }],
          destinationCIDRs: ["0.0.0.0/0"],
          egressGateway: { nodeSelector: { matchLabels: { "kubernetes.io/hostname": "n1" } } },
        },
      },
    });

    const tSo = Date.now();
    const so = await cluster.startShellOperator({ hooksDir, env: { SMOKE_OUT: outDir } });
    const soReadyMs = Date.now() - tSo;

    // 1. Synchronization: one run whose group snapshot holds both nodes and the policy
    await waitFor("hook run with a Synchronization binding context", async () => runs(outDir).length > 0, {
      timeoutMs: 60_000,
      proc: so.process,
    });
    const firstRunMs = Date.now() - tSo;
    const first = runs(outDir)[0] ?? [];
    const ctx = first.find((c) => c.snapshots !== undefined);
    if (!ctx) throw new Error(`first binding context has no snapshots: ${JSON.stringify(first)}`);
    const nodes = names(ctx, "nodes");
    const policies = names(ctx, "policies");
    if (nodes.join() !== "n1,n2" || policies.join() !== "egress-a") {
      throw new Error(`unexpected snapshots: nodes=${nodes} policies=${policies}; context=${JSON.stringify(first)}`);
    }

    // 2. An event after startup reaches the hook too
    const tEv = Date.now();
    await core.createNode({ body: { metadata: { name: "n3", labels: { "kubernetes.io/hostname": "n3" } } } });
    await waitFor(
      "hook run that sees node n3",
      async () => runs(outDir).some((r) => r.some((c) => names(c, "nodes").includes("n3"))),
      {
        timeoutMs: 30_000,
        proc: so.process,
      },
    );
    const eventMs = Date.now() - tEv;

    // operator metrics (hook run counters) are on /metrics; /metrics/hooks carries the hooks' own metrics
    const hookMetrics = await httpGet(so.metricsUrl);
    if (hookMetrics.status !== 200) throw new Error(`${so.metricsUrl}: HTTP ${hookMetrics.status}`);
    const metrics = await httpGet(`${so.baseUrl}/metrics`);
    if (metrics.status !== 200) throw new Error(`${so.baseUrl}/metrics: HTTP ${metrics.status}`);
    const hookRunMetric = metrics.body
      .split("\n")
      .find((l) => /^shell_operator_hook_run/.test(l) && l.includes("smoke-hook.sh"));

    console.log(
      JSON.stringify(
        {
          ok: true,
          clusterStartMs: clusterMs,
          clusterTimings: cluster.timings,
          shellOperatorReadyMs: soReadyMs,
          firstHookRunMs: firstRunMs,
          eventToHookRunMs: eventMs,
          hookRuns: runs(outDir).length,
          firstBindingContextBindings: first.map((c) => `${c.binding}/${c.type ?? ""}`),
          metricsSample: hookRunMetric ?? "(no hook_run line)",
        },
        null,
        2,
      ),
    );
    ok = true;
  } catch (e) {
    console.error(`smoke: FAILED: ${(e as Error).stack ?? e}`);
    if (cluster) console.error(`smoke: logs in ${cluster.logDir} (kept)`);
  } finally {
    const tStop = Date.now();
    if (cluster) {
      if (!ok) process.env.E2E_KEEP = "1";
      await cluster.stop();
    }
    console.error(`smoke: teardown ${Date.now() - tStop} ms, total ${Date.now() - t0} ms`);
    if (ok) rmSync(scratch, { recursive: true, force: true });
  }
  console.log(ok ? "smoke: 1 passed, 0 failed" : "smoke: 0 passed, 1 failed");
  return ok ? 0 : 1;
}

process.exitCode = await main();
