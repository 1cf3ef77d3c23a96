/** The built CLI as a subprocess: protocol entry points, exit codes, stdout discipline, plan. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { Reason } from "../src/model/reason.js";
import { agent, groupContext, lease, NOW, node, policy, tickContext } from "./support/builders.js";
import { assertReason } from "./support/reasons.js";

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
    ["nodes-egress", "policies", "hostnames", "leases", "agents"],
  );
  assert.ok(
    config.kubernetes.every((b) => b.group === "cilium-egress-ha"),
    "all bindings share one group",
  );
  // The resync tick is outside the group and includes every snapshot but the policies.
  const tick = (config as unknown as { schedule: Record<string, unknown>[] }).schedule[0];
  assert.equal(tick?.group, undefined);
  assert.deepEqual(tick?.includeSnapshotsFrom, ["nodes-egress", "hostnames", "leases", "agents"]);
  // A slow schedule in the group brings full snapshots, so the policy index cannot stay behind.
  const refresh = (config as unknown as { schedule: Record<string, unknown>[] }).schedule[1];
  assert.deepEqual([refresh?.name, refresh?.crontab, refresh?.group], ["refresh", "@every 60s", "cilium-egress-ha"]);
});

test("plan on a resync tick's context decides from the policy index beside --state", () => {
  const dir = mkdtempSync(join(work, "tick-"));
  const state = join(dir, "state.json");
  const cluster = {
    pools: { egress: [node({ name: "a", ready: "False" }), node({ name: "b" })] },
    policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
  };
  const full = join(dir, "full.json");
  writeFileSync(full, JSON.stringify(groupContext(cluster)));
  const env = { ...NO_SIGNALS, EGRESS_HA_STATE_FILE: state, HOSTNAME: "r1" };
  const run = cli([], { ...env, BINDING_CONTEXT_PATH: full, KUBERNETES_PATCH_PATH: join(dir, "patch") });
  assert.equal(run.status, 0, run.stderr);
  const tick = join(dir, "tick.json");
  writeFileSync(tick, JSON.stringify(tickContext(cluster)));
  const without = cli(["plan", tick], NO_SIGNALS);
  assert.equal(without.status, 1);
  assert.match(without.stderr, /is a resync tick's context, which carries no policies; pass --state/);
  const r = cli(["plan", tick, "--state", state, "-o", "json"], env);
  assert.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as { decisions: { policy: string; action: string }[] };
  assert.deepEqual(
    plan.decisions.map((d) => [d.policy, d.action]),
    [["p", "move"]],
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
    ["nodes-blue", "nodes-green", "policies", "hostnames"],
  );
  assert.deepEqual(config.kubernetes[0]?.labelSelector, { matchLabels: { pool: "blue" } });
});

test("--config with invalid settings exits 2, names the variable, prints nothing on stdout", () => {
  const r = cli(["--config"], { EGRESS_HA_POOLS: "egress=" });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /EGRESS_HA_POOLS: pool "egress": the selector is empty/);
});

test("--config refuses settings that cannot work together with exit 2, naming every variable", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ EGRESS_HA_RESYNC_INTERVAL: "0" }, /EGRESS_HA_RESYNC_INTERVAL: .*EGRESS_HA_PROBE and EGRESS_HA_LEASE_SIGNAL/],
    [{ EGRESS_HA_RUN_TIMEOUT: "5s" }, /EGRESS_HA_PROBE_FAILURES × EGRESS_HA_PROBE_TIMEOUT: .*EGRESS_HA_RUN_TIMEOUT/],
    [{ EGRESS_HA_LEASE_STALE_AFTER: "10s" }, /EGRESS_HA_LEASE_STALE_AFTER: 10s is below the minimum of 15s/],
  ];
  for (const [env, message] of cases) {
    const r = cli(["--config"], env);
    assert.equal(r.status, 2, JSON.stringify(env));
    assert.equal(r.stdout, "");
    assert.match(r.stderr, message);
  }
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

function dryRun() {
  const patch = join(work, `dry-${Math.random().toString(36).slice(2)}`);
  writeFileSync(patch, "");
  const r = cli([], {
    BINDING_CONTEXT_PATH: example("gateway-unreachable"),
    KUBERNETES_PATCH_PATH: patch,
    ...NO_SIGNALS,
    EGRESS_HA_DRY_RUN: "true",
  });
  return { ...r, patch: readFileSync(patch, "utf8") };
}

test("EGRESS_HA_DRY_RUN decides the moves but writes no patch", () => {
  const r = dryRun();
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.patch, "");
  const summary = r.stderr
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => String(l.msg).startsWith("decided "));
  assert.equal(summary?.level, "info", "a run that decides moves is logged at info");
  assert.equal(summary?.move, 2);
  assert.equal(summary?.dryRun, true);
});

test("EGRESS_HA_DRY_RUN logs each move it would make", () => {
  const r = dryRun();
  assert.match(r.stderr, /"policy":"payments"/);
  assert.match(r.stderr, /"policy":"reports"/);
  assert.match(r.stderr, /dry run: 2 policy patches not written/);
});

test("the README's manual run: KUBERNETES_PATCH_PATH=/dev/stdout prints the patches, default signals on", () => {
  const r = cli([], {
    BINDING_CONTEXT_PATH: example("gateway-deleted"),
    KUBERNETES_PATCH_PATH: "/dev/stdout",
    EGRESS_HA_EVENTS: "false",
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
  assert.match(r.stdout, /^POLICY +POOL +GATEWAY +DECISION +CODE +REASON$/m);
  assert.match(r.stdout, /^payments +egress +egress-a +move → egress-b +move +gateway egress-a is unhealthy \(/m);
  assert.match(r.stdout, /^reports +egress +egress-a +move → egress-c +move /m);
  assert.match(r.stdout, /^unrelated +- +worker-7 +ignore +not-managed +not managed/m);
  assert.match(r.stdout, /^Pool egress: 3 nodes, 2 settled$/m);
  assert.match(r.stdout, /^ {2}NODE +STATE +GATEWAYS +DETAIL$/m);
  assert.match(r.stdout, /^ {2}egress-b +settled +1 +Ready for 24h$/m);
  // The detail names the signal behind each problem.
  assert.match(
    r.stdout,
    /^ {2}egress-a +unhealthy +0 +node: Ready=Unknown \(kubelet stopped reporting\) since [^;]*; node: tainted node\.kubernetes\.io\/unreachable(; lease: Lease not renewed for 2m \(stale after 16s\))?$/m,
  );
  // Two policy patches; their GatewayMoved Events come in the run that sees them take effect.
  assert.match(r.stdout, /^The hook would write 2 operations:$/m);
  assert.equal((r.stdout.match(/cilium-egress-ha~1last-move|"cilium-egress-ha\/last-move"/g) ?? []).length, 2);
});

test("plan --output json gives the same decisions for machines; '-' reads stdin", () => {
  const r = cli(
    ["plan", "-", "-o", "json", "--now", "2026-11-26T12:00:00Z"],
    {},
    readFileSync(example("all-down"), "utf8"),
  );
  assert.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as {
    decisions: {
      policy: string;
      action: string;
      code: string;
      reason: string;
      slots: { code: string; facts: { code: string; rejections: { node: string }[] } }[];
    }[];
    pools: {
      pool: string;
      nodes: { name: string; state: string; problems: { signal: string; code: string; text: string }[] }[];
    }[];
    moves: { written: unknown[]; confirmed: unknown[]; dropped: unknown[]; held: unknown[] };
    notices: unknown[];
    operations: unknown[];
  };
  assert.deepEqual(
    plan.decisions.map((d) => [d.policy, d.action, d.code]),
    [["payments", "stuck", "no-node-fits"]],
  );
  assert.match(plan.decisions[0]?.reason ?? "", /no node of pool egress can take over/);
  // The facts behind the rendered reason, for tooling.
  assert.equal(plan.decisions[0]?.slots[0]?.facts.code, "no-node-fits");
  assert.deepEqual(
    plan.decisions[0]?.slots[0]?.facts.rejections.map((x) => x.node),
    ["egress-a", "egress-b", "egress-c"],
  );
  assert.deepEqual(plan.moves, { written: [], confirmed: [], dropped: [], held: [] });
  assert.deepEqual(plan.notices, []);
  assert.deepEqual(
    plan.pools[0]?.nodes.map((n) => [n.name, n.state]),
    [
      ["egress-a", "unhealthy"],
      ["egress-b", "unhealthy"],
      ["egress-c", "unhealthy"],
    ],
  );
  assert.deepEqual(plan.pools[0]?.nodes[2]?.problems, [{ signal: "node", code: "node-cordoned", text: "cordoned" }]);
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
  const still = JSON.parse(
    cli(["--config"], {
      EGRESS_HA_RESYNC_INTERVAL: "0",
      EGRESS_HA_PROBE: "false",
      EGRESS_HA_LEASE_SIGNAL: "false",
    }).stdout,
  ) as Config;
  assert.ok(still.kubernetes.every((b) => b.allowFailure === undefined));
  assert.equal(still.schedule, undefined);
});

test("plan without --state ages Leases by renewTime against --now", () => {
  // egress-a's Lease was renewed 10 s before NOW: fresh at NOW, stale (20 s > 16 s) ten seconds later.
  const context = join(work, "leases.json");
  writeFileSync(
    context,
    JSON.stringify(
      groupContext({
        pools: { egress: ["egress-a", "egress-b", "egress-c"].map((name) => node({ name })) },
        policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
        leases: [lease("egress-a", 10), lease("egress-b", 1), lease("egress-c", 1), lease("worker-1", 1)],
        agents: ["egress-a", "egress-b", "egress-c"].map((n) => agent({ node: n })),
      }),
    ),
  );
  const at = (now: string) => {
    const r = cli(["plan", context, "-o", "json", "--now", now]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { decisions: { action: string; code: string; slots: { facts: unknown }[] }[] };
  };
  assert.deepEqual(
    at(NOW.toISOString()).decisions.map((d) => [d.action, d.code]),
    [["keep", "gateway-healthy"]],
  );
  const later = at(new Date(NOW.getTime() + 10_000).toISOString()).decisions[0];
  assert.equal(later?.action, "move");
  assertReason(later?.slots[0]?.facts as Reason, {
    code: "move",
    cause: { code: "gateway-unhealthy", problems: [{ code: "lease-stale", ageSeconds: 20, staleAfterSeconds: 16 }] },
    node: "egress-b",
  });
});

test("logging: a quiet run says nothing at info; a lasting condition is logged when it starts, not on every run", () => {
  const state = join(work, "conditions-state.json");
  const hookRun = (context: string) => {
    const patch = join(work, `p-${Math.random().toString(36).slice(2)}`);
    writeFileSync(patch, "");
    const r = cli([], {
      BINDING_CONTEXT_PATH: example(context),
      KUBERNETES_PATCH_PATH: patch,
      EGRESS_HA_STATE_FILE: state,
      ...NO_SIGNALS,
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stderr
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as { level: string; msg: string; policy?: string; code?: string });
  };
  // The first run warns once about the default pool's kubelet-settable label (a startup condition).
  const startup = hookRun("all-healthy");
  assert.deepEqual(
    startup.map((l) => [l.level, l.msg.split(":")[0]]),
    [["warn", "EGRESS_HA_POOLS"]],
  );
  assert.deepEqual(hookRun("all-healthy"), [], "nothing happened, nothing logged");
  // A stuck policy: one error when it starts...
  const first = hookRun("all-down");
  const errors = first.filter((l) => l.level === "error");
  assert.deepEqual(
    errors.map((l) => [l.policy, l.code]),
    [["payments", "no-node-fits"]],
  );
  assert.match(
    errors[0]?.msg ?? "",
    /^policy payments: gateway egress-a is unhealthy .*no node of pool egress can take over/,
  );
  // ...and not again on the next run (within a minute), while it lasts.
  assert.deepEqual(
    hookRun("all-down").filter((l) => l.level === "error" || l.level === "warn"),
    [],
  );
  // When it clears, that is said once at info.
  assert.deepEqual(
    hookRun("all-healthy").map((l) => [l.level, l.msg]),
    [["info", "condition cleared: stuck:payments"]],
  );
});

/** `plan -o json` at the examples' own time. */
function planAt(name: string): {
  decisions: {
    policy: string;
    action: string;
    code: string;
    facts?: unknown;
    slots: { code: string; to: string | null; facts: { tier?: string } }[];
  }[];
} {
  const r = cli(["plan", example(name), "-o", "json", "--now", "2026-11-26T12:00:00Z"]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("examples/whole-pool-back.json: the first node back takes the policy at once, by the recovering tier", () => {
  const d = planAt("whole-pool-back").decisions.find((x) => x.policy === "payments");
  assert.equal(d?.action, "move");
  assert.equal(d?.slots[0]?.to, "egress-b");
  assert.equal(d?.slots[0]?.facts.tier, "recovering");
});

test("examples/agent-restart.json: a gateway whose agent restarts inside the grace keeps its policy", () => {
  const d = planAt("agent-restart").decisions.find((x) => x.policy === "payments");
  assert.equal(d?.action, "keep");
  assert.equal(d?.code, "gateway-in-grace");
});
