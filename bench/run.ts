/**
 * Benchmark of the built hook as shell-operator runs it: one process per run, reading
 * $BINDING_CONTEXT_PATH and writing $KUBERNETES_PATCH_PATH and $METRICS_PATH, with the release's
 * default settings (every signal that is on by default, the probe included; bench contexts carry
 * no node addresses, so nothing is probed). Each case alternates hook runs with a bare
 * `node -e 0` on the same Node, so both see the same machine state, and reports medians, their
 * ratio, CPU time and peak RSS (via /usr/bin/time, Debian package `time`).
 *
 *   npm run bench                          # builds dist/, then prints a table
 *   npm run bench -- --json                # the same results as JSON
 *   BENCH_NODES=/path/to/node,... npm run bench   # also on other Node binaries (e.g. the one the image ships)
 *   BENCH_RUNS=15 BENCH_LARGEST=0 ...      # runs per case; 0 skips the 20 000-policy cases
 *
 * "steady" is a quiet resync tick as the release's --config makes shell-operator send it (every
 * snapshot but the policies), after one untimed full run (the Synchronization) that left the
 * state and the policy index: every node healthy, the state carried from tick to tick, so no
 * policy is decided and nothing but the state is written. "storm" is a failover as an object
 * event brings it (full snapshots): every fifth node down, each run from a fresh state, so a
 * fifth of the policies move. Targets are reported, never enforced.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { agent, groupContext, lease, node, policy, tickContext } from "../test/support/builders.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cilium-egress-ha.cjs");
const TIME = "/usr/bin/time";
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const JSON_OUTPUT = process.argv.includes("--json");
const TICK_SECONDS = 1;

interface Case {
  name: string;
  nodes: number;
  policies: number;
  storm: boolean;
  /** Leave the all-nodes hostname binding out, to measure what it costs. */
  noInventory?: boolean;
}

const CASES: Case[] = [
  { name: "small steady", nodes: 3, policies: 10, storm: false },
  { name: "small storm", nodes: 3, policies: 10, storm: true },
  { name: "medium steady", nodes: 20, policies: 500, storm: false },
  { name: "medium storm", nodes: 20, policies: 500, storm: true },
  { name: "5k steady", nodes: 100, policies: 5000, storm: false },
  { name: "5k steady, no hostnames binding", nodes: 100, policies: 5000, storm: false, noInventory: true },
  { name: "5k storm", nodes: 100, policies: 5000, storm: true },
  ...(process.env.BENCH_LARGEST === "0"
    ? []
    : [
        { name: "20k steady", nodes: 100, policies: 20000, storm: false },
        { name: "20k storm", nodes: 100, policies: 20000, storm: true },
      ]),
];

const nodeName = (i: number): string => `egress-${String(i).padStart(3, "0")}`;

/** Leases and agent pods go with the nodes; Lease renew times follow the real clock the hook reads. */
function bindingContext(c: Case, now: Date, tick: boolean): unknown[] {
  const nodes: Record<string, unknown>[] = [];
  const leases: Record<string, unknown>[] = [];
  const agents: Record<string, unknown>[] = [];
  for (let i = 0; i < c.nodes; i++) {
    const name = nodeName(i);
    const down = c.storm && i % 5 === 0;
    nodes.push(
      node({
        name,
        ...(down ? { ready: "Unknown" as const, taints: ["node.kubernetes.io/unreachable"] } : {}),
        egressIP: `192.0.2.${i % 250}`,
      }),
    );
    const l = lease(name, 0) as { spec: Record<string, unknown> };
    l.spec.renewTime = new Date(now.getTime() - (down ? 600_000 : 2_000)).toISOString();
    leases.push(l);
    agents.push(agent({ node: name, ready: !down }));
  }
  const policies = Array.from({ length: c.policies }, (_, i) => {
    const host = nodeName(i % c.nodes);
    const name = `policy-${String(i).padStart(5, "0")}`;
    // A mix of annotated and prior-art (pinned only) policies, and some multi-gateway ones.
    if (i % 7 === 3) {
      return policy({
        name,
        pool: "egress",
        gateways: [{ hostname: host }, { hostname: nodeName((i + 1) % c.nodes) }],
      });
    }
    return policy({ name, hostname: host, ...(i % 2 === 0 ? { pool: "egress" } : {}) });
  });
  const cluster = { pools: { egress: nodes }, policies, leases, agents, inventory: !c.noInventory };
  return tick ? tickContext(cluster) : groupContext(cluster);
}

interface Sample {
  ms: number;
  cpuMs: number | null;
  rssKiB: number | null;
}

function timed(nodeBin: string, args: string[], env: NodeJS.ProcessEnv, timeFile: string | null): Sample {
  const command = timeFile ? TIME : nodeBin;
  const argv = timeFile ? ["-f", "%U %S %M", "-o", timeFile, nodeBin, ...args] : args;
  const start = process.hrtime.bigint();
  const r = spawnSync(command, argv, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  if (!timeFile) return { ms, cpuMs: null, rssKiB: null };
  const last = readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
  const [u, s, m] = last.split(" ").map(Number);
  return { ms, cpuMs: ((u ?? 0) + (s ?? 0)) * 1000, rssKiB: m ?? null };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface Result extends Case {
  node: string;
  contextKiB: number;
  operations: number;
  hookMs: number;
  bareMs: number;
  ratio: number;
  hookCpuMs: number | null;
  bareCpuMs: number | null;
  peakRssMB: number | null;
  /** Bytes written to METRICS_PATH by the last run (a quiet tick for steady cases). */
  metricsBytes: number;
  /** Log lines of the last run, times the ticks in an hour (steady cases). */
  logLinesPerHour: number;
}

function runCase(c: Case, nodeBin: string, dir: string, withTime: boolean): Result {
  const slug = c.name.replace(/[^a-z0-9]+/gi, "-");
  const contextPath = join(dir, `${slug}-context.json`);
  const patchPath = join(dir, `${slug}-patch.ndjson`);
  const metricsPath = join(dir, `${slug}-metrics.ndjson`);
  const stateDir = join(dir, `${slug}-state`);
  const statePath = join(stateDir, "state.json");
  const timeFile = withTime ? join(dir, "time.txt") : null;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    TMPDIR: dir,
    BINDING_CONTEXT_PATH: contextPath,
    KUBERNETES_PATCH_PATH: patchPath,
    METRICS_PATH: metricsPath,
    EGRESS_HA_STATE_FILE: statePath,
    HOSTNAME: "bench",
  };
  let logLines = 0;
  const hook = () => {
    // Fresh Lease renew times for every run (outside the timed part), then the run itself.
    writeFileSync(contextPath, JSON.stringify(bindingContext(c, new Date(), !c.storm)));
    writeFileSync(patchPath, "");
    writeFileSync(metricsPath, "");
    // A storm starts from no memory every time, so every run really moves a fifth of the policies.
    if (c.storm) rmSync(statePath, { force: true });
    const s = timed(nodeBin, [CLI], env, timeFile);
    return s;
  };
  const bare = () => timed(nodeBin, ["-e", "0"], env, timeFile);
  rmSync(stateDir, { recursive: true, force: true });
  // The Synchronization: full snapshots, which leave the state and the policy index for the ticks.
  writeFileSync(contextPath, JSON.stringify(bindingContext(c, new Date(), false)));
  timed(nodeBin, [CLI], env, null);
  hook(); // warm the page cache and the code cache
  hook();
  bare();
  const hookRuns: Sample[] = [];
  const bareRuns: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    hookRuns.push(hook());
    bareRuns.push(bare());
  }
  // One more, untimed, to count its log lines.
  writeFileSync(patchPath, "");
  writeFileSync(metricsPath, "");
  if (c.storm) rmSync(statePath, { force: true });
  const r = spawnSync(nodeBin, [CLI], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  logLines = r.stderr.split("\n").filter((l) => l !== "").length;
  const operations = readFileSync(patchPath, "utf8")
    .split("\n")
    .filter((l) => l !== "").length;
  const cpu = (runs: Sample[]) =>
    runs.every((x) => x.cpuMs !== null) ? median(runs.map((x) => x.cpuMs as number)) : null;
  const hookMs = median(hookRuns.map((x) => x.ms));
  const bareMs = median(bareRuns.map((x) => x.ms));
  return {
    ...c,
    node: spawnSync(nodeBin, ["--version"], { encoding: "utf8" }).stdout.trim(),
    contextKiB: statSync(contextPath).size / 1024,
    operations,
    hookMs,
    bareMs,
    ratio: hookMs / bareMs,
    hookCpuMs: cpu(hookRuns),
    bareCpuMs: cpu(bareRuns),
    peakRssMB: hookRuns.every((x) => x.rssKiB !== null)
      ? Math.max(...hookRuns.map((x) => x.rssKiB as number)) / 1024
      : null,
    metricsBytes: statSync(metricsPath).size,
    logLinesPerHour: c.storm ? Number.NaN : logLines * (3600 / TICK_SECONDS),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r, ri) => {
      const line = r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("  ");
      return ri === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    })
    .join("\n");
}

function main(): void {
  if (!existsSync(CLI)) {
    process.stderr.write(`${CLI} is missing; run npm run build (npm run bench does)\n`);
    process.exitCode = 1;
    return;
  }
  const withTime = existsSync(TIME) && spawnSync(TIME, ["-f", "%M", "true"]).status === 0;
  const nodes = [process.execPath, ...(process.env.BENCH_NODES ?? "").split(",").filter((p) => p.trim() !== "")];
  const dir = mkdtempSync(join(tmpdir(), "cilium-egress-ha-bench-"));
  try {
    const cpu = cpus();
    const machine = {
      cpu: cpu[0]?.model.trim() ?? "unknown",
      cores: cpu.length,
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      date: new Date().toISOString(),
      runs: RUNS,
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    };
    const results: Result[] = [];
    for (const bin of nodes) for (const c of CASES) results.push(runCase(c, bin, dir, withTime));
    const find = (name: string, node: string) => results.find((r) => r.name === name && r.node === node);
    const targets = nodes.flatMap((bin) => {
      const v = spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim();
      const t = (name: string, max: number, what: "ratio" | "rss" = "ratio") => {
        const r = find(name, v);
        if (!r) return [];
        const actual = what === "ratio" ? r.ratio : r.peakRssMB;
        return [
          {
            node: v,
            target: `${name}: ${what === "ratio" ? `hook <= ${max}x bare node` : `peak RSS <= ${max} MB`}`,
            met: actual === null ? null : actual <= max,
            actual: actual === null ? "n/a" : what === "ratio" ? `${actual.toFixed(2)}x` : `${actual.toFixed(1)} MB`,
          },
        ];
      };
      return [
        ...t("small steady", 1.15),
        ...t("5k steady", 1.5),
        ...t("5k storm", 3),
        ...t("20k steady", 2),
        ...t("20k steady", 150, "rss"),
        ...t("20k storm", 150, "rss"),
      ];
    });
    if (JSON_OUTPUT) {
      process.stdout.write(`${JSON.stringify({ machine, results, targets }, null, 2)}\n`);
      return;
    }
    const f1 = (v: number | null) => (v === null || Number.isNaN(v) ? "n/a" : v.toFixed(1));
    const rows = [
      [
        "case",
        "node",
        "policies",
        "ctx KiB",
        "ops",
        "hook ms",
        "bare ms",
        "ratio",
        "hook CPU ms",
        "bare CPU ms",
        "RSS MB",
        "metrics B",
        "log lines/h",
      ],
      ...results.map((r) => [
        r.name,
        r.node,
        String(r.policies),
        r.contextKiB.toFixed(0),
        String(r.operations),
        r.hookMs.toFixed(1),
        r.bareMs.toFixed(1),
        `${r.ratio.toFixed(2)}x`,
        f1(r.hookCpuMs),
        f1(r.bareCpuMs),
        f1(r.peakRssMB),
        String(r.metricsBytes),
        Number.isNaN(r.logLinesPerHour) ? "-" : String(r.logLinesPerHour),
      ]),
    ];
    const out = [
      `cilium-egress-ha hook benchmark — ${machine.date}`,
      `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, load average ${machine.loadAverage.join(" ")} at start`,
      `medians of ${RUNS} runs each, hook and bare \`node -e 0\` alternating; metrics bytes and log lines are of one more run (a quiet tick for steady cases, at a ${TICK_SECONDS} s tick)`,
      "",
      table(rows),
      "",
      "targets:",
      ...targets.map(
        (t) => `  ${t.met === null ? "n/a " : t.met ? "met " : "MISS"}  ${t.node} ${t.target} (${t.actual})`,
      ),
    ];
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
