/**
 * Benchmark of the built hook as shell-operator runs it: one process per run, reading
 * $BINDING_CONTEXT_PATH and writing $KUBERNETES_PATCH_PATH. Each case runs the hook several times,
 * alternating with a bare `node -e 0` so both see the same machine state, and reports medians,
 * their ratio and the hook's peak RSS (via /usr/bin/time, Debian package `time`, if present).
 *
 *   npm run bench            # builds dist/, then prints a table
 *   npm run bench -- --json  # the same results as JSON
 *
 * Targets (from the issue) are reported, never enforced: this is a benchmark, not a test.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { agent, groupContext, lease, node, policy } from "../test/support/builders.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cilium-egress-ha.cjs");
const TIME = "/usr/bin/time";
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const JSON_OUTPUT = process.argv.includes("--json");

interface Case {
  name: string;
  nodes: number;
  policies: number;
  /** Every fifth node down, so the policies on it move. */
  failing: boolean;
}

// Each size twice: "steady", every node healthy (what every resync tick costs), and "failover",
// every fifth node down at once (a storm: a fifth of the policies move, with their Events).
const CASES: Case[] = [
  { name: "small", nodes: 3, policies: 10, failing: false },
  { name: "small failover", nodes: 3, policies: 10, failing: true },
  { name: "medium", nodes: 20, policies: 500, failing: false },
  { name: "medium failover", nodes: 20, policies: 500, failing: true },
  { name: "large", nodes: 100, policies: 5000, failing: false },
  { name: "large failover", nodes: 100, policies: 5000, failing: true },
];

const nodeName = (i: number): string => `egress-${String(i).padStart(3, "0")}`;

/**
 * A cluster where, for a failing case, every fifth node (and at least one) is down, so the
 * policies on it move.
 * Leases and cilium-agent pods go with the nodes (the default settings watch both); Lease renew
 * times are relative to the real clock, because the hook reads the real clock.
 */
function bindingContext(c: Case, now: Date): unknown[] {
  const nodes: Record<string, unknown>[] = [];
  const leases: Record<string, unknown>[] = [];
  const agents: Record<string, unknown>[] = [];
  for (let i = 0; i < c.nodes; i++) {
    const name = nodeName(i);
    const down = c.failing && i % 5 === 0;
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
  return groupContext({ pools: { egress: nodes }, policies, leases, agents });
}

interface Sample {
  ms: number;
  rssKiB: number | null;
}

function timed(args: string[], env: NodeJS.ProcessEnv, rssFile: string | null): Sample {
  const command = rssFile ? TIME : process.execPath;
  const argv = rssFile ? ["-f", "%M", "-o", rssFile, process.execPath, ...args] : args;
  const start = process.hrtime.bigint();
  const r = spawnSync(command, argv, { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  let rssKiB: number | null = null;
  if (rssFile) {
    const last = readFileSync(rssFile, "utf8").trim().split("\n").pop() ?? "";
    rssKiB = /^\d+$/.test(last) ? Number(last) : null;
  }
  return { ms, rssKiB };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface Result extends Case {
  contextKiB: number;
  operations: number;
  hookMs: number;
  bareMs: number;
  ratio: number;
  peakRssMB: number | null;
  bareRssMB: number | null;
}

function runCase(c: Case, dir: string, withTime: boolean): Result {
  const contextPath = join(dir, `${c.name}-context.json`);
  const patchPath = join(dir, `${c.name}-patch.ndjson`);
  const rssFile = withTime ? join(dir, "rss.txt") : null;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    TMPDIR: dir,
    BINDING_CONTEXT_PATH: contextPath,
    KUBERNETES_PATCH_PATH: patchPath,
  };
  const hook = () => {
    // Fresh Lease renew times for every run (outside the timed part), then the run itself.
    writeFileSync(contextPath, JSON.stringify(bindingContext(c, new Date())));
    writeFileSync(patchPath, "");
    return timed([CLI], env, rssFile);
  };
  const bare = () => timed(["-e", "0"], env, rssFile);
  hook(); // warm the page cache
  bare();
  const hookRuns: Sample[] = [];
  const bareRuns: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    hookRuns.push(hook());
    bareRuns.push(bare());
  }
  const operations = readFileSync(patchPath, "utf8")
    .split("\n")
    .filter((l) => l !== "").length;
  const rss = (runs: Sample[]) =>
    runs.every((r) => r.rssKiB !== null) ? Math.max(...runs.map((r) => r.rssKiB as number)) / 1024 : null;
  const hookMs = median(hookRuns.map((r) => r.ms));
  const bareMs = median(bareRuns.map((r) => r.ms));
  return {
    ...c,
    contextKiB: statSync(contextPath).size / 1024,
    operations,
    hookMs,
    bareMs,
    ratio: hookMs / bareMs,
    peakRssMB: rss(hookRuns),
    bareRssMB: rss(bareRuns),
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
  const dir = mkdtempSync(join(tmpdir(), "cilium-egress-ha-bench-"));
  try {
    const cpu = cpus();
    const machine = {
      cpu: cpu[0]?.model.trim() ?? "unknown",
      cores: cpu.length,
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      date: new Date().toISOString(),
      runs: RUNS,
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    };
    const results = CASES.map((c) => runCase(c, dir, withTime));
    const small = results.find((r) => r.name === "small") as Result;
    const large = results.find((r) => r.name === "large") as Result;
    const storm = results.find((r) => r.name === "large failover") as Result;
    const targets = [
      {
        target: `${small.name}: hook <= 1.3x bare node`,
        met: small.ratio <= 1.3,
        actual: `${small.ratio.toFixed(2)}x`,
      },
      { target: `${large.name}: hook <= 3x bare node`, met: large.ratio <= 3, actual: `${large.ratio.toFixed(2)}x` },
      { target: `${storm.name}: hook <= 3x bare node`, met: storm.ratio <= 3, actual: `${storm.ratio.toFixed(2)}x` },
      {
        target: `${storm.name}: peak RSS <= 120 MB`,
        met: storm.peakRssMB === null ? null : storm.peakRssMB <= 120,
        actual: storm.peakRssMB === null ? "n/a" : `${storm.peakRssMB.toFixed(1)} MB`,
      },
    ];
    if (JSON_OUTPUT) {
      process.stdout.write(`${JSON.stringify({ machine, results, targets }, null, 2)}\n`);
      return;
    }
    const mb = (v: number | null) => (v === null ? "n/a" : v.toFixed(1));
    const rows = [
      [
        "case",
        "nodes",
        "policies",
        "context KiB",
        "ops",
        "hook ms",
        "bare node ms",
        "ratio",
        "peak RSS MB",
        "bare RSS MB",
      ],
      ...results.map((r) => [
        r.name,
        String(r.nodes),
        String(r.policies),
        r.contextKiB.toFixed(1),
        String(r.operations),
        r.hookMs.toFixed(1),
        r.bareMs.toFixed(1),
        `${r.ratio.toFixed(2)}x`,
        mb(r.peakRssMB),
        mb(r.bareRssMB),
      ]),
    ];
    const out = [
      `cilium-egress-ha hook benchmark — ${machine.date}`,
      `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, node ${machine.node}, load average ${machine.loadAverage.join(" ")} at start`,
      `medians of ${RUNS} runs each, hook and bare \`node -e 0\` alternating${withTime ? "" : "; peak RSS n/a (install the Debian package `time`)"}`,
      "",
      table(rows),
      "",
      "targets:",
      ...targets.map((t) => `  ${t.met === null ? "n/a " : t.met ? "met " : "MISS"}  ${t.target} (${t.actual})`),
    ];
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
