/**
 * What the hook warns about when it starts (`--config`), and the errors of `capture` for a bad
 * kubeconfig context.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { readSettings, settingsWarnings } from "../src/config/settings.js";
import { isKubeletSettableLabel, kubeletJoinablePools, unknownVariables } from "../src/config/warnings.js";

const ROOT = join(import.meta.dirname, "..");
const HOOK = join(ROOT, "hooks", "cilium-egress-ha");
const work = mkdtempSync(join(tmpdir(), "warnings-"));
after(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>) {
  const r = spawnSync(HOOK, args, { env: { PATH: process.env.PATH ?? "", HOME: work, ...env }, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SAFE_POOLS = JSON.stringify({ egress: "node-restriction.kubernetes.io/egress-pool=egress" });

test("a misspelled EGRESS_HA_ variable is named, with the setting it most likely meant", () => {
  assert.deepEqual(unknownVariables({ EGRESS_HA_POOL: "x", EGRESS_HA_RESYNC_INTERVALL: "2s", PATH: "/bin" }), [
    "EGRESS_HA_POOL is not a setting of this hook and is ignored (did you mean EGRESS_HA_POOLS?)",
    "EGRESS_HA_RESYNC_INTERVALL is not a setting of this hook and is ignored (did you mean EGRESS_HA_RESYNC_INTERVAL?)",
  ]);
  assert.deepEqual(unknownVariables({ EGRESS_HA_SOMETHING_ELSE_ENTIRELY: "1" }), [
    "EGRESS_HA_SOMETHING_ELSE_ENTIRELY is not a setting of this hook and is ignored",
  ]);
  // Every real setting, and variables of other prefixes, pass silently.
  assert.deepEqual(
    unknownVariables({
      EGRESS_HA_POOLS: "a=b",
      EGRESS_HA_QUEUE: "q",
      EGRESS_HA_STATE_FILE: "/tmp/s",
      CILIUM_EGRESS_HA_NODE: "n",
    }),
    [],
  );
});

test("labels a kubelet may set on its own Node under NodeRestriction", () => {
  const settable = [
    "node.kubernetes.io/role",
    "node.kubernetes.io/instance-type",
    "kubelet.kubernetes.io/anything",
    "kubernetes.io/hostname",
    "topology.kubernetes.io/zone",
    "egress.example.com/pool",
    "role",
    "sub.node.kubernetes.io/x",
  ];
  const restricted = [
    "node-restriction.kubernetes.io/egress-pool",
    "node-role.kubernetes.io/egress",
    "kubernetes.io/egress",
    "example.k8s.io/pool",
    "k8s.io/pool",
  ];
  for (const key of settable) assert.equal(isKubeletSettableLabel(key), true, key);
  for (const key of restricted) assert.equal(isKubeletSettableLabel(key), false, key);
});

test("a pool is joinable by a node itself unless it requires a label the kubelet cannot set", () => {
  const pools = readSettings({
    EGRESS_HA_POOLS: JSON.stringify({
      prior: "node.kubernetes.io/role=egress",
      custom: "egress.example.com/pool=a",
      restricted: "node-restriction.kubernetes.io/egress-pool=egress",
      role: "node-role.kubernetes.io/egress",
      mixed: "node.kubernetes.io/role=egress,node-restriction.kubernetes.io/egress-pool in (a,b)",
      // A negative requirement on a restricted label is met by any node without it.
      negative: "node.kubernetes.io/role=egress,!node-restriction.kubernetes.io/excluded",
      object: { matchExpressions: [{ key: "node-restriction.kubernetes.io/egress-pool", operator: "Exists" }] },
    }),
  }).pools;
  assert.deepEqual(
    kubeletJoinablePools(pools).map((p) => p.name),
    ["custom", "negative", "prior"],
  );
});

test("--config warns on stderr, and still prints the bindings", () => {
  const r = run(["--config"], { EGRESS_HA_POOLZ: "egress=a" });
  assert.equal(r.status, 0, r.stderr);
  JSON.parse(r.stdout);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 2, r.stderr);
  assert.match(
    lines[0]!,
    /^cilium-egress-ha: warning: EGRESS_HA_POOLZ is not a setting .* \(did you mean EGRESS_HA_POOLS\?\)$/,
  );
  // The built-in default pool is the prior art's kubelet-settable label: kept, with a warning.
  assert.match(
    lines[1]!,
    /^cilium-egress-ha: warning: EGRESS_HA_POOLS: pool "egress" selects nodes only by labels that a node's own kubelet may set \(node\.kubernetes\.io\/role\)/,
  );
  const quiet = run(["--config"], { EGRESS_HA_POOLS: SAFE_POOLS });
  assert.equal(quiet.status, 0);
  assert.equal(quiet.stderr, "");
});

test("settingsWarnings is empty for the chart's default pool", () => {
  const env = { EGRESS_HA_POOLS: SAFE_POOLS };
  assert.deepEqual(settingsWarnings(env, readSettings(env)), []);
});

test("capture names a missing kubeconfig context and lists the ones there are", () => {
  const kubeconfig = join(work, "kubeconfig");
  writeFileSync(
    kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9'}}]",
      "users: [{name: u, user: {}}]",
      "contexts: [{name: dev, context: {cluster: c, user: u}}, {name: prod, context: {cluster: c, user: u}}]",
      "current-context: dev",
      "",
    ].join("\n"),
  );
  const r = run(["capture", "--context", "nope"], { KUBECONFIG: kubeconfig, EGRESS_HA_POOLS: SAFE_POOLS });
  assert.equal(r.status, 1);
  assert.match(
    r.stderr,
    /--context nope: the kubeconfig \(KUBECONFIG=.*\) has no such context; its contexts are dev, prod/,
  );
  assert.doesNotMatch(r.stderr, /No active cluster/);

  const none = run(["capture"], { EGRESS_HA_POOLS: SAFE_POOLS });
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no kubeconfig found: set KUBECONFIG/);
});
