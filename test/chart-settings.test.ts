/**
 * The chart and the hook agree on every setting: for each value below, `helm template` renders it,
 * and the hook's `--config` runs with the environment the chart rendered. Every value that renders
 * must start the hook; every value the hook refuses must fail at `helm install` time, with the
 * hook's own message where the templates check it (charts/…/templates/_settings.tpl), or naming the
 * field where values.schema.json refuses it first. A few values the hook would take are refused by
 * the chart on purpose (`stricter`); each says why.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, test } from "node:test";
import { envOf, HELM, HELM_MISSING, helmTemplateAsync, parseManifests, ROOT } from "./support/helm.js";

const HOOK = join(ROOT, "hooks", "cilium-egress-ha");

interface Case {
  /** Chart values. */
  values: Record<string, unknown>;
  /** The variable the value sets and the value the hook reads, to run the hook when helm refuses. */
  env: Record<string, string>;
  /** Why the chart refuses a value the hook takes. */
  stricter?: string;
  /** For a value both refuse: helm's message must contain the hook's (after the value's path). */
  sameMessage?: boolean;
}

const pool = (selector: unknown): Case => ({
  values: { pools: { gw: selector } },
  env: { EGRESS_HA_POOLS: JSON.stringify({ gw: selector }) },
  sameMessage: true,
});
const setting = (path: string, value: unknown, variable: string): Case => {
  const values: Record<string, unknown> = {};
  let at = values;
  const keys = path.split(".");
  keys.forEach((k, i) => {
    if (i === keys.length - 1) at[k] = value;
    else {
      const inner: Record<string, unknown> = {};
      at[k] = inner;
      at = inner;
    }
  });
  return { values, env: { [variable]: String(value) }, sameMessage: true };
};
const duration = (path: string, variable: string) => (value: unknown) => setting(path, value, variable);
const recoveryDelay = duration("recoveryDelay", "EGRESS_HA_RECOVERY_DELAY");
// The same with the prober or without it (test/chart-prober.test.ts).
const resync = (value: unknown): Case => {
  const c = setting("resyncInterval", value, "EGRESS_HA_RESYNC_INTERVAL");
  return { ...c, values: { ...c.values, prober: { enabled: false } } };
};
const runTimeout = duration("runTimeout", "EGRESS_HA_RUN_TIMEOUT");
const staleAfter = duration("signals.lease.staleAfter", "EGRESS_HA_LEASE_STALE_AFTER");
const grace = duration("signals.ciliumAgent.grace", "EGRESS_HA_AGENT_GRACE");
const stricter = (c: Case, why: string): Case => ({ ...c, stricter: why });
/** Several values at once; `env` by short name (FAILURES is EGRESS_HA_PROBE_FAILURES). */
const SHORT: Record<string, string> = {
  FAILURES: "EGRESS_HA_PROBE_FAILURES",
  TIMEOUT: "EGRESS_HA_PROBE_TIMEOUT",
  RUN_TIMEOUT: "EGRESS_HA_RUN_TIMEOUT",
  RESYNC: "EGRESS_HA_RESYNC_INTERVAL",
  PROBE: "EGRESS_HA_PROBE",
  LEASE: "EGRESS_HA_LEASE_SIGNAL",
};
const combination = (values: Record<string, unknown>, env: Record<string, string>): Case => ({
  values,
  env: Object.fromEntries(Object.entries(env).map(([k, v]) => [SHORT[k] as string, v])),
  sameMessage: true,
});

const CASES: Case[] = [
  // Pool selectors: the string syntax as the hook parses it.
  pool("egress.example.com/pool=gw"),
  pool("a=b,c!=d,e in (f,g),h notin (i),j,!k"),
  pool("a==b"),
  pool("a="),
  pool(" a = b , c in ( d , e ) "),
  pool(`${"k".repeat(63)}=v`),
  pool(`${"k".repeat(64)}=v`),
  pool(`p.example.com/${"n".repeat(63)}`),
  pool("role in (x"),
  pool("a=b,a=c"),
  pool("a=b,a=b"),
  pool("a in ()"),
  pool("a in (b,)"),
  pool("Bad Key=x"),
  pool("a=b c"),
  pool("x/y/z=1"),
  pool("a,,b"),
  pool("a,"),
  pool("!"),
  pool("=x"),
  pool("a!=b!=c"),
  pool("!=x"),
  pool("a=-b"),
  pool(`a=${"v".repeat(64)}`),
  pool("(a)"),
  // Pool selectors: the object form.
  pool({ matchLabels: { a: "b" } }),
  pool({ matchLabels: { a: "b c" } }),
  pool({ matchLabels: { a: "" } }),
  pool({ matchExpressions: [{ key: "a", operator: "In", values: ["x", "y"] }] }),
  pool({ matchExpressions: [{ key: "a", operator: "In", values: [] }] }),
  pool({ matchExpressions: [{ key: "a", operator: "Exists" }] }),
  pool({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }),
  pool({ matchExpressions: [{ key: "a", operator: "DoesNotExist", values: [] }] }),
  pool({ matchExpressions: [{ key: "a", operator: "NotIn", values: ["bad value"] }] }),
  pool({ matchExpressions: [{ key: "bad key", operator: "Exists" }] }),
  { ...pool({ matchLabels: {} }), sameMessage: false },
  { ...pool({ matchExpressions: [{ key: "a", operator: "Equals", values: ["b"] }] }), sameMessage: false },
  { ...pool(""), sameMessage: false },
  { ...pool("   "), sameMessage: false },
  {
    values: { pools: { Gw: "a=b" } },
    env: { EGRESS_HA_POOLS: JSON.stringify({ Gw: "a=b" }) },
  },
  // Durations.
  recoveryDelay("30s"),
  recoveryDelay("500ms"),
  recoveryDelay("1m30s"),
  recoveryDelay("1.5h"),
  recoveryDelay("90"),
  recoveryDelay(90),
  recoveryDelay(0),
  recoveryDelay("576h"),
  recoveryDelay("577h"),
  recoveryDelay("soon"),
  recoveryDelay("30d"),
  recoveryDelay("-1"),
  recoveryDelay("1m30"),
  recoveryDelay("1.5.5s"),
  recoveryDelay("s"),
  resync("0"),
  resync(0),
  resync("1s"),
  resync(2),
  resync("1m"),
  resync("2000ms"),
  resync("1.0"),
  resync("500ms"),
  resync("1500ms"),
  resync("1.5s"),
  resync("0.5"),
  resync("never"),
  runTimeout("1s"),
  runTimeout(1),
  runTimeout("2m"),
  runTimeout("0.5s"),
  runTimeout("0"),
  runTimeout("999ms"),
  staleAfter("auto"),
  staleAfter("1s"),
  staleAfter("40s"),
  staleAfter("500ms"),
  staleAfter("never"),
  grace("0"),
  grace("60s"),
  grace(120),
  grace("a minute"),
  // The other settings.
  setting("queue", "egress-ha", "EGRESS_HA_QUEUE"),
  { ...setting("queue", "Egress", "EGRESS_HA_QUEUE"), sameMessage: false },
  { ...setting("queue", "a_b", "EGRESS_HA_QUEUE"), sameMessage: false },
  setting("signals.ciliumAgent.selector", "app.kubernetes.io/name=cilium-agent", "EGRESS_HA_AGENT_SELECTOR"),
  setting("signals.ciliumAgent.selector", "app in (x", "EGRESS_HA_AGENT_SELECTOR"),
  { ...setting("signals.ciliumAgent.selector", "", "EGRESS_HA_AGENT_SELECTOR"), sameMessage: false },
  setting("signals.ciliumAgent.namespace", "cilium", "EGRESS_HA_AGENT_NAMESPACE"),
  { ...setting("signals.ciliumAgent.namespace", "Cilium_NS", "EGRESS_HA_AGENT_NAMESPACE"), sameMessage: false },
  {
    values: { extraBlockingTaints: ["example.com/maintenance", "drain"] },
    env: { EGRESS_HA_EXTRA_BLOCKING_TAINTS: "example.com/maintenance,drain" },
  },
  { values: { extraBlockingTaints: ["bad key"] }, env: { EGRESS_HA_EXTRA_BLOCKING_TAINTS: "bad key" } },
  setting("logLevel", "debug", "EGRESS_HA_LOG_LEVEL"),
  { ...setting("logLevel", "verbose", "EGRESS_HA_LOG_LEVEL"), sameMessage: false },
  setting("stateFile", "/tmp/egress/state.json", "EGRESS_HA_STATE_FILE"),
  setting("cordonDrains", false, "EGRESS_HA_CORDON_DRAINS"),
  setting("dryRun", true, "EGRESS_HA_DRY_RUN"),
  setting("events.enabled", false, "EGRESS_HA_EVENTS"),
  setting("signals.lease.enabled", false, "EGRESS_HA_LEASE_SIGNAL"),
  setting("signals.probe.enabled", false, "EGRESS_HA_PROBE"),
  setting("signals.probe.timeout", "200ms", "EGRESS_HA_PROBE_TIMEOUT"),
  setting("signals.probe.timeout", "20ms", "EGRESS_HA_PROBE_TIMEOUT"),
  setting("signals.probe.timeout", "11s", "EGRESS_HA_PROBE_TIMEOUT"),
  setting("signals.probe.window", "2s", "EGRESS_HA_PROBE_WINDOW"),
  setting("signals.probe.failures", 5, "EGRESS_HA_PROBE_FAILURES"),
  { ...setting("signals.probe.failures", 0, "EGRESS_HA_PROBE_FAILURES"), sameMessage: false },
  setting("signals.probe.mode", "http", "EGRESS_HA_PROBE_MODE"),
  { ...setting("signals.probe.mode", "ping", "EGRESS_HA_PROBE_MODE"), sameMessage: false },
  {
    values: { signals: { probe: { ports: [4240, 9879] } } },
    env: { EGRESS_HA_PROBE_PORTS: "4240,9879" },
  },
  setting("events.limit", 0, "EGRESS_HA_EVENT_LIMIT"),
  setting("policyMetrics", false, "EGRESS_HA_POLICY_METRICS"),
  // Settings that cannot work together: both refuse them, with the same message.
  staleAfter("14s"),
  staleAfter("15s"),
  runTimeout("6s"),
  runTimeout("6.5s"),
  setting("signals.probe.timeout", "10s", "EGRESS_HA_PROBE_TIMEOUT"),
  combination({ signals: { probe: { failures: 10, timeout: "2600ms" } } }, { FAILURES: "10", TIMEOUT: "2600ms" }),
  combination(
    { runTimeout: "105s", signals: { probe: { failures: 10, timeout: "10s" } } },
    { FAILURES: "10", TIMEOUT: "10s", RUN_TIMEOUT: "105s" },
  ),
  combination(
    { runTimeout: "5300ms", signals: { probe: { timeout: "100ms" } } },
    { TIMEOUT: "100ms", RUN_TIMEOUT: "5300ms" },
  ),
  combination({ resyncInterval: 0, signals: { probe: { enabled: false } } }, { RESYNC: "0", PROBE: "false" }),
  combination({ resyncInterval: "0s", signals: { lease: { enabled: false } } }, { RESYNC: "0s", LEASE: "false" }),
  combination(
    { resyncInterval: 0, signals: { lease: { enabled: false }, probe: { enabled: false } } },
    { RESYNC: "0", LEASE: "false", PROBE: "false" },
  ),
  // Refused by the chart only, on purpose.
  stricter(recoveryDelay(""), "an empty duration means the hook's default: leave the value out instead"),
  stricter(staleAfter(""), "an empty duration means auto: say auto"),
  stricter(setting("logLevel", "INFO", "EGRESS_HA_LOG_LEVEL"), "values are lower-case, as documented"),
  stricter(setting("cordonDrains", "yes", "EGRESS_HA_CORDON_DRAINS"), "booleans are YAML booleans"),
  stricter(
    { values: { extraBlockingTaints: ["a,b"] }, env: { EGRESS_HA_EXTRA_BLOCKING_TAINTS: "a,b" } },
    "one taint key per list item",
  ),
  stricter(setting("stateFile", "/var/lib/egress/state.json", "EGRESS_HA_STATE_FILE"), "only /tmp is writable"),
  { ...setting("stateFile", "state.json", "EGRESS_HA_STATE_FILE"), sameMessage: false },
  { values: { pools: { gw: 5 } }, env: { EGRESS_HA_POOLS: '{"gw":5}' } },
];

interface HookResult {
  status: number | null;
  stderr: string;
}

/** The hook's --config with exactly `env` (plus PATH and a private HOME). */
function hookConfig(env: Record<string, string>): Promise<HookResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(HOOK, ["--config"], { env: { PATH: process.env.PATH ?? "", HOME: ROOT, ...env } });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

/** Runs `fn` over `items`, `limit` at a time (2 cores: helm and node each take one). */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const label = (c: Case) => JSON.stringify(c.values);

describe("chart and hook agree on every setting", { skip: HELM ? false : HELM_MISSING }, () => {
  test(`${CASES.length} values: what renders starts the hook, what the hook refuses fails at install`, async () => {
    const base = envOf(parseManifests(await helmTemplateAsync()));
    const results = await mapLimit(CASES, 3, async (c) => {
      const helm = await helmTemplateAsync(c.values);
      // The rendered environment when helm renders; otherwise the one it would have rendered.
      const env = helm.status === 0 ? envOf(parseManifests(helm)) : { ...base, ...c.env };
      if (helm.status === 0) {
        for (const [k, v] of Object.entries(c.env)) assert.equal(env[k], v, `${label(c)}: rendered ${k}`);
      }
      return { c, helm, hook: await hookConfig(env) };
    });
    const problems: string[] = [];
    for (const { c, helm, hook } of results) {
      const helmOk = helm.status === 0;
      const hookOk = hook.status === 0;
      const hookMessage = hook.stderr.replace(/^cilium-egress-ha: invalid settings: /, "").trim();
      if (helmOk && !hookOk) problems.push(`${label(c)} renders, but the hook refuses it: ${hookMessage}`);
      if (!helmOk && hookOk && !c.stricter) {
        problems.push(`${label(c)} fails at install, but the hook takes it: ${helm.stderr.trim()}`);
      }
      if (c.stricter && (helmOk || !hookOk)) problems.push(`${label(c)} is no longer refused by the chart only`);
      if (!helmOk && !hookOk) {
        assert.equal(hook.status, 2, `${label(c)}: the hook exits 2 for invalid settings`);
        if (c.sameMessage && !helm.stderr.includes(hookMessage)) {
          problems.push(`${label(c)}: helm says\n    ${helm.stderr.trim()}\n  the hook says\n    ${hookMessage}`);
        }
      }
    }
    assert.deepEqual(problems, []);
    // The table must exercise both outcomes, or it proves nothing.
    assert.ok(results.filter((r) => r.helm.status === 0).length >= 30, "enough values render");
    assert.ok(results.filter((r) => r.helm.status !== 0 && !r.c.stricter).length >= 30, "enough values are refused");
  });
});
