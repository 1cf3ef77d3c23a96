/**
 * The chart's RBAC on a real apiserver: every rendered object is applied (so it passes
 * server-side validation), shell-operator runs with a token of the chart's ServiceAccount rather
 * than an admin credential, and a failover with its Event must work. Then each granted verb is
 * removed in turn, and the same failover must break: no verb is superfluous. `status` runs with the
 * same token and needs nothing more.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type Cluster, findTools, startCluster } from "./harness/cluster.js";
import {
  applyManifests,
  chartEnv,
  helmBinary,
  type Manifest,
  renderChart,
  serviceAccountKubeconfig as saKubeconfig,
} from "./support/chart.js";
import { Kube, type KubeObject } from "./support/kube.js";
import { gatewaysOf, imageLayout, LONG_AGO, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const NAMESPACE = "egress-ha";
const helm = helmBinary();
const tools = findTools();
const skip =
  tools.missing.length > 0
    ? `e2e tools not built (${tools.missing.join(", ")}): run npm run e2e`
    : helm
      ? false
      : "helm not found: go install helm.sh/helm/v3/cmd/helm@v3.22.0 into the e2e tool cache";

// The e2e world labels its pool nodes with the prior art's label. Without the prober: this suite runs
// shell-operator alone, so the prober's own grants (its evidence, checked verb by verb in
// test/chart-prober.test.ts) would break nothing here; the datapath harness runs the prober with the
// chart's ServiceAccount, so a grant it lacks fails there.
const render = (): Manifest[] =>
  renderChart(
    NAMESPACE,
    ["resyncInterval=1s", "prober.enabled=false"],
    ['pools={"egress":"node.kubernetes.io/role=egress"}'],
  );

describe("e2e: the chart's RBAC is sufficient and minimal", { skip }, () => {
  let cluster: Cluster;
  let kube: Kube;
  let world: World;
  let work: string;
  let hooksDir: string;
  let manifests: Manifest[];
  let trialNo = 0;

  const apply = async (docs: Manifest[]): Promise<void> =>
    applyManifests(cluster, docs, path.join(work, `apply-${trialNo}.yaml`));

  /** A kubeconfig that authenticates as the chart's ServiceAccount. */
  const serviceAccountKubeconfig = (): Promise<string> =>
    saKubeconfig(cluster, kube, manifests, NAMESPACE, path.join(work, "sa.kubeconfig"));

  /**
   * Applies `docs`, starts shell-operator as the ServiceAccount, then creates a policy pinned to a
   * dead node: it must be moved and its Event created (which needs the watches, not just the
   * initial list), and the apiserver must have refused nothing (shell-operator logs every
   * "forbidden", e.g. a watch that falls back to slow relisting).
   */
  const trial = async (docs: Manifest[], timeoutMs: number): Promise<{ ok: boolean; detail: string }> => {
    trialNo++;
    await apply(docs);
    await sleep(1000); // the RBAC authorizer's informers catch up
    const name = `rbac-${trialNo}`;
    const env = chartEnv(manifests);
    const so = await cluster.startShellOperator({
      hooksDir,
      kubeconfig: await serviceAccountKubeconfig(),
      env: {
        ...env,
        SHELL_OPERATOR_HOOKS_DIR: hooksDir,
        EGRESS_HA_STATE_FILE: path.join(work, `state-${trialNo}.json`),
      },
      logLevel: "info",
      workDir: mkdtempSync(path.join(work, "so-")),
    });
    try {
      await sleep(1000);
      await world.createPolicy(name, { pool: "egress", hostname: "egress-dead" });
      const deadline = Date.now() + timeoutMs;
      let moved = false;
      let evented = false;
      while (Date.now() < deadline && !(moved && evented)) {
        moved = gatewaysOf(await world.policy(name))[0] !== "egress-dead";
        const events = await kube.must<{ items: KubeObject[] }>(
          "GET",
          `/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=${name}`,
        );
        evented = events.items.some((e) => e.reason === "GatewayMoved");
        if (!(moved && evented)) await sleep(250);
      }
      const forbidden = readFileSync(so.logPath, "utf8").match(/[^"]*forbidden[^"]*/i)?.[0];
      return {
        ok: moved && evented && !forbidden,
        detail: `moved=${moved} event=${evented}${forbidden ? ` forbidden: ${forbidden.slice(0, 160)}` : ""}`,
      };
    } finally {
      await so.stop();
    }
  };

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-rbac-"));
    hooksDir = imageLayout(REPO, path.join(work, "image"));
    cluster = await startCluster();
    kube = Kube.admin(cluster);
    world = new World(kube);
    await kube.must("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: NAMESPACE },
    });
    for (const n of ["egress-a", "egress-b", "egress-dead"]) await world.createNode(n);
    await world.setReady("egress-dead", "False", LONG_AGO);
    manifests = render();
  });

  after(async () => {
    await cluster?.stop();
    if (process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  test("every rendered object passes server-side validation, and the ServiceAccount can fail over", async () => {
    assert.deepEqual([...new Set(manifests.map((m) => m.kind))].sort(), [
      "ClusterRole",
      "ClusterRoleBinding",
      "Deployment",
      "PodDisruptionBudget",
      "Role",
      "RoleBinding",
      "ServiceAccount",
    ]);
    const result = await trial(manifests, 30_000);
    assert.ok(result.ok, `failover with the chart's RBAC: ${result.detail}`);
  });

  test("status, as the ServiceAccount with the pod's env, prints the live plan with the replica's memory", async () => {
    // What `kubectl exec … -- cilium-egress-ha status` runs in the pod: the chart's env, the
    // ServiceAccount's token (here through a kubeconfig) and the state file the first trial left.
    const state = path.join(work, "state-1.json");
    const before = readFileSync(state, "utf8");
    const out = execFileSync(path.join(hooksDir, "cilium-egress-ha"), ["status"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: work,
        HOSTNAME: "replica-e2e",
        ...chartEnv(manifests),
        KUBECONFIG: await serviceAccountKubeconfig(),
        EGRESS_HA_STATE_FILE: state,
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.match(out, /^Replica: replica-e2e; cluster context: /);
    assert.match(out, new RegExp(`^State: ${state}, read without its lock$`, "m"));
    assert.match(out, /^rbac-1 +egress +egress-[ab] +keep +gateway-healthy /m, out);
    assert.match(out, /^Pool egress: 3 nodes, 2 settled$/m, out);
    assert.match(out, /^ {2}egress-dead +unhealthy +0 /m, out);
    assert.equal(readFileSync(state, "utf8"), before, "status leaves the state as it was");
  });

  test("removing any single granted verb breaks the failover: none is superfluous", async () => {
    const findings: string[] = [];
    const superfluous: string[] = [];
    const roles = manifests.filter((m) => m.kind === "ClusterRole" || m.kind === "Role");
    for (const role of roles) {
      for (const [r, rule] of (role.rules ?? []).entries()) {
        for (const verb of rule.verbs) {
          const without = manifests.map((m) => {
            if (m !== role) return m;
            const rules = (m.rules ?? []).map((x, i) =>
              i === r ? { ...x, verbs: x.verbs.filter((v) => v !== verb) } : x,
            );
            return { ...m, rules: rules.filter((x) => x.verbs.length > 0) };
          });
          const label = `${role.kind}/${role.metadata.name} ${rule.resources.join(",")} ${verb}`;
          const result = await trial(without, 12_000);
          findings.push(`${label}: ${result.ok ? "still works (superfluous)" : `breaks (${result.detail})`}`);
          if (result.ok) superfluous.push(label);
        }
      }
    }
    await apply(manifests);
    process.stdout.write(`\nRBAC verb removal:\n  ${findings.join("\n  ")}\n`);
    assert.deepEqual(superfluous, [], "granted verbs that nothing needs");
  });
});
