/** The built CLI as a subprocess: protocol entry points, exit codes, stdout discipline, plan. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const ROOT = join(import.meta.dirname, "..");
const HOOK = join(ROOT, "hooks", "cilium-egress-ha");
const example = (name: string) => join(ROOT, "examples", `${name}.json`);
const work = mkdtempSync(join(tmpdir(), "cli-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** The examples carry no Lease or agent snapshots; hook runs on them need those signals off. */
const NO_SIGNALS = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "false", EGRESS_HA_EVENTS: "false" };

function cli(args: string[], env: Record<string, string> = {}, input?: string) {
  const res = spawnSync(HOOK, args, {
    env: {
      PATH: process.env.PATH ?? "",
      EGRESS_HA_STATE_FILE: join(work, `state-${Math.random().toString(36).slice(2)}.json`),
      ...env,
    },
    encoding: "utf8",
    ...(input === undefined ? {} : { input }),
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

test("--config prints one JSON document and nothing else, with no runtime env at all", () => {
  const r = cli(["--config"]);
  assert.equal(r.status, 0, r.stderr);
  // Only the warning that the built-in default pool's label is kubelet-settable (startup-warnings.test.ts).
  assert.match(r.stderr, /^cilium-egress-ha: warning: EGRESS_HA_POOLS: pool "egress" selects nodes only by labels/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
  const config = JSON.parse(r.stdout) as { configVersion: string; kubernetes: { name: string; group: string }[] };
  assert.equal(config.configVersion, "v1");
  assert.deepEqual(
    config.kubernetes.map((b) => b.name),
    ["nodes-egress", "policies", "leases", "agents"],
  );
  assert.ok(
    config.kubernetes.every((b) => b.group === "cilium-egress-ha"),
    "all bindings share one group",
  );
});

test("--config follows EGRESS_HA_POOLS: one Node binding per pool", () => {
  const r = cli(["--config"], {
    EGRESS_HA_POOLS: "blue=pool=blue;green=pool=green",
    EGRESS_HA_LEASE_SIGNAL: "false",
    EGRESS_HA_AGENT_SIGNAL: "false",
  });
  const config = JSON.parse(r.stdout) as { kubernetes: { name: string; labelSelector?: unknown }[] };
  assert.deepEqual(
    config.kubernetes.map((b) => b.name),
    ["nodes-blue", "nodes-green", "policies"],
  );
  assert.deepEqual(config.kubernetes[0]?.labelSelector, { matchLabels: { pool: "blue" } });
});

test("--config with invalid settings exits 2, names the variable, prints nothing on stdout", () => {
  const r = cli(["--config"], { EGRESS_HA_POOLS: "egress=" });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /EGRESS_HA_POOLS: pool "egress": the selector is empty/);
});

test("usage errors exit 2", () => {
  assert.equal(cli(["--no-such-flag"]).status, 2);
  assert.equal(cli(["plan"]).status, 2);
  assert.equal(cli(["plan", example("all-healthy"), "--output", "xml"]).status, 2);
  const r = cli(["plan", example("all-healthy"), "--now", "yesterday"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--now: "yesterday" is not an RFC 3339 time/);
});

test("--help exits 0 and lists the commands", () => {
  const r = cli(["--help"]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /plan \[options\] <binding-context>/);
});

test("a hook run without BINDING_CONTEXT_PATH exits 1 and says which variable", () => {
  const r = cli([], { KUBERNETES_PATCH_PATH: join(work, "p") });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /"level":"error","msg":"BINDING_CONTEXT_PATH is not set/);
});

test("a hook run without KUBERNETES_PATCH_PATH exits 1", () => {
  const r = cli([], { BINDING_CONTEXT_PATH: example("all-healthy") });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /KUBERNETES_PATCH_PATH is not set/);
});

test("an unreadable binding context exits 1 and names the file", () => {
  const r = cli([], { BINDING_CONTEXT_PATH: join(work, "missing.json"), KUBERNETES_PATCH_PATH: join(work, "p") });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot read BINDING_CONTEXT_PATH .*missing\.json: ENOENT/);
});

test("an unwritable patch path exits 1 after deciding", () => {
  const r = cli([], {
    BINDING_CONTEXT_PATH: example("gateway-unreachable"),
    KUBERNETES_PATCH_PATH: join(work, "no-such-dir", "patch"),
    ...NO_SIGNALS,
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot write KUBERNETES_PATCH_PATH/);
});

test("EGRESS_HA_DRY_RUN logs the moves but writes no patch", () => {
  const patch = join(work, "dry");
  writeFileSync(patch, "");
  const r = cli([], {
    BINDING_CONTEXT_PATH: example("gateway-unreachable"),
    KUBERNETES_PATCH_PATH: patch,
    ...NO_SIGNALS,
    EGRESS_HA_DRY_RUN: "true",
  });
  assert.equal(r.status, 0);
  assert.equal(readFileSync(patch, "utf8"), "");
  assert.match(r.stderr, /"action":"move"/);
  assert.match(r.stderr, /dry run: 2 policy patches and 0 events not written/);
});

test("the README's manual run: KUBERNETES_PATCH_PATH=/dev/stdout prints the patches", () => {
  const r = cli([], {
    BINDING_CONTEXT_PATH: example("gateway-deleted"),
    KUBERNETES_PATCH_PATH: "/dev/stdout",
    ...NO_SIGNALS,
  });
  assert.equal(r.status, 0);
  const ops = r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { name: string; operation: string });
  assert.deepEqual(
    ops.map((o) => [o.operation, o.name]),
    [["JSONPatch", "payments"]],
  );
});

test("plan prints one row per policy and the node health of each pool", () => {
  const r = cli(["plan", example("gateway-unreachable"), "--now", "2026-11-26T12:00:00Z"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^POLICY +POOL +GATEWAY +DECISION +REASON$/m);
  assert.match(r.stdout, /^payments +egress +egress-a +move → egress-b +gateway egress-a is not eligible/m);
  assert.match(r.stdout, /^reports +egress +egress-a +move → egress-c /m);
  assert.match(r.stdout, /^unrelated +- +worker-7 +ignore +not managed/m);
  assert.match(r.stdout, /^Pool egress: 3 nodes, 2 eligible$/m);
  // The detail names the signal behind each problem.
  assert.match(
    r.stdout,
    /^ {2}egress-a +unhealthy +0 +node: Ready=Unknown \(kubelet stopped reporting\) since [^;]*; node: tainted node\.kubernetes\.io\/unreachable$/m,
  );
  // Two policy patches and an Event for each move.
  assert.match(r.stdout, /^The hook would write 4 operations:$/m);
});

test("plan --output json gives the same decisions for machines; '-' reads stdin", () => {
  const r = cli(
    ["plan", "-", "-o", "json", "--now", "2026-11-26T12:00:00Z"],
    {},
    readFileSync(example("all-down"), "utf8"),
  );
  assert.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as {
    decisions: { policy: string; action: string; reason: string }[];
    pools: { pool: string; nodes: { name: string; state: string; problems: { signal: string; text: string }[] }[] }[];
    operations: unknown[];
  };
  assert.deepEqual(
    plan.decisions.map((d) => [d.policy, d.action]),
    [["payments", "stuck"]],
  );
  assert.match(plan.decisions[0]?.reason ?? "", /no node of pool egress can take over/);
  assert.deepEqual(
    plan.pools[0]?.nodes.map((n) => [n.name, n.state]),
    [
      ["egress-a", "unhealthy"],
      ["egress-b", "unhealthy"],
      ["egress-c", "unhealthy"],
    ],
  );
  assert.deepEqual(plan.pools[0]?.nodes[2]?.problems, [{ signal: "node", text: "cordoned" }]);
  // No patch; a Warning Event on the stuck policy, carrying the reason.
  const ops = plan.operations as {
    operation: string;
    object: { kind: string; reason: string; type: string; involvedObject: { name: string; uid?: string } };
  }[];
  assert.deepEqual(
    ops.map((o) => [o.operation, o.object.kind, o.object.type, o.object.reason, o.object.involvedObject.name]),
    [["Create", "Event", "Warning", "NoEligibleGateway", "payments"]],
  );
  assert.equal(ops[0]?.object.involvedObject.uid, "uid-payments");
});

test("plan on a missing or malformed file exits 1", () => {
  assert.equal(cli(["plan", join(work, "nope.json")]).status, 1);
  const bad = join(work, "bad.json");
  writeFileSync(bad, "{}");
  const r = cli(["plan", bad]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the binding context is an object, expected a JSON array/);
});

test("config -o yaml renders the same bindings as YAML", () => {
  const r = cli(["config", "-o", "yaml"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^configVersion: v1$/m);
  assert.match(r.stdout, /name: nodes-egress/);
});

test("bindings may fail without blocking the queue while a resync tick re-decides, and only then", () => {
  type Config = { kubernetes: { allowFailure?: boolean }[]; schedule?: unknown[] };
  const ticking = JSON.parse(cli(["--config"]).stdout) as Config;
  assert.ok(ticking.kubernetes.every((b) => b.allowFailure === true));
  const still = JSON.parse(cli(["--config"], { EGRESS_HA_RESYNC_INTERVAL: "0" }).stdout) as Config;
  assert.ok(still.kubernetes.every((b) => b.allowFailure === undefined));
  assert.equal(still.schedule, undefined);
});
