/**
 * The prober's CPU at rest: the built prober (`dist/cilium-egress-ha.cjs prober`, as the chart runs
 * it) probing 20 pool nodes on loopback (127.0.1.1 to 127.0.1.20, one listener on 0.0.0.0 in a
 * process of its own that accepts and closes), against a stub API that takes the one evidence
 * write at start. Each case runs 3 s of warm-up, then its CPU time (utime + stime from
 * /proc/<pid>/stat, Linux) is read over 25 s; the cases alternate, twice each.
 *   npx tsx bench/prober-rounds.ts          # after `node build.mjs`
 *   BENCH_PROBER_SECONDS=10 BENCH_PROBER_REPEATS=1 npx tsx bench/prober-rounds.ts
 * "100 ms × 3" is the first defaults (no confirmation: a round every 100 ms, a verdict after three
 * silent rounds); at rest nothing is silent, so each round is one connection per node either way.
 * "10 s rounds" is what the process costs without probing: its heartbeat, targets and timers.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serializeTargets } from "../src/model/evidence.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cilium-egress-ha.cjs");
const NODES = 20;
const WARM_MS = 3000;
const MEASURE_MS = Number(process.env.BENCH_PROBER_SECONDS ?? 25) * 1000;
const REPEATS = Number(process.env.BENCH_PROBER_REPEATS ?? 2);
const PORT = 24240;
/** USER_HZ: the unit of /proc/<pid>/stat's times on every Linux architecture Node runs on. */
const TICK_MS = 10;

const CASES = [
  {
    name: "100 ms × 3, 150 ms timeout (the first defaults)",
    env: {
      EGRESS_HA_PROBER_INTERVAL: "100ms",
      EGRESS_HA_PROBER_TIMEOUT: "150ms",
      EGRESS_HA_PROBER_FAILURES: "3",
      EGRESS_HA_PROBER_CONFIRM: "1",
    },
  },
  { name: "400 ms × 2, 100 ms timeout, confirm 5 (defaults)", env: {} },
  { name: "10 s rounds (the process's floor: heartbeat, targets, timers)", env: { EGRESS_HA_PROBER_INTERVAL: "10s" } },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuMs(pid: number): number {
  // The command name may hold spaces: the fields after its closing parenthesis.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(")").at(-1)?.trim().split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

const stop = (p: ChildProcess): Promise<void> =>
  new Promise((r) => {
    if (p.exitCode !== null) return r();
    p.once("exit", () => r());
    p.kill();
  });

async function measure(env: Record<string, string>, api: string, dir: string, metricsPort: number) {
  const prober = spawn(process.execPath, [CLI, "prober"], {
    env: {
      PATH: process.env.PATH,
      HOSTNAME: "bench-prober",
      EGRESS_HA_PROBER: "true",
      EGRESS_HA_PROBE_PORTS: String(PORT),
      EGRESS_HA_PROBER_DIR: dir,
      EGRESS_HA_PROBER_API: api,
      EGRESS_HA_PROBER_SERVICEACCOUNT: dir,
      EGRESS_HA_PROBER_METRICS_PORT: String(metricsPort),
      EGRESS_HA_LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await sleep(WARM_MS);
    const rounds = async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      return Number(/rounds_total\{result="counted"\} (\d+)/.exec(text)?.[1] ?? Number.NaN);
    };
    const [cpu0, rounds0, t0] = [cpuMs(prober.pid as number), await rounds(), Date.now()];
    await sleep(MEASURE_MS);
    const [cpu1, rounds1, t1] = [cpuMs(prober.pid as number), await rounds(), Date.now()];
    return {
      millicores: (cpu1 - cpu0) / ((t1 - t0) / 1000),
      roundsPerSecond: (rounds1 - rounds0) / ((t1 - t0) / 1000),
    };
  } finally {
    await stop(prober);
  }
}

const dir = mkdtempSync(join(tmpdir(), "bench-prober-"));
const targets = Array.from({ length: NODES }, (_, i) => ({ node: `node-${i + 1}`, address: `127.0.1.${i + 1}` }));
writeFileSync(join(dir, "targets.json"), serializeTargets(targets));
const listener = spawn(
  process.execPath,
  ["-e", `require("node:net").createServer((s) => s.destroy()).listen(${PORT}, "0.0.0.0")`],
  { stdio: "ignore" },
);
// The stub API: no evidence object yet, and every write taken.
const api = http.createServer((req, res) => {
  req.resume();
  req.on("end", () =>
    res.writeHead(req.method === "GET" ? 404 : 201, { "content-type": "application/json" }).end('{"metadata":{}}'),
  );
});
await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
const apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;
try {
  await sleep(300);
  const results = CASES.map(() => [] as { millicores: number; roundsPerSecond: number }[]);
  for (let i = 0; i < REPEATS; i++)
    for (const [k, c] of CASES.entries()) {
      const r = await measure(c.env, apiUrl, dir, 29116 + k);
      results[k]?.push(r);
      process.stderr.write(`${c.name}: ${r.millicores.toFixed(1)} m, ${r.roundsPerSecond.toFixed(1)} rounds/s\n`);
    }
  console.log(
    `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}`,
  );
  console.log(
    `${NODES} loopback targets, ${WARM_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s measured, ${REPEATS} runs each, interleaved`,
  );
  console.log("| case | millicores (each run) | rounds/s |\n|---|---|---|");
  for (const [k, c] of CASES.entries()) {
    const rs = results[k] ?? [];
    console.log(
      `| ${c.name} | ${rs.map((r) => r.millicores.toFixed(1)).join(", ")} | ${rs[0]?.roundsPerSecond.toFixed(1)} |`,
    );
  }
} finally {
  api.close();
  await stop(listener);
  rmSync(dir, { recursive: true, force: true });
}
