/**
 * Start-up: today's V8 code cache (dist/cilium-egress-ha.cjs) against a user-land startup
 * snapshot (`node --snapshot-blob hook.blob --build-snapshot`, Node 20.19+ and 22+) of the same
 * bundle, on a small cluster's quiet resync tick, side by side with a bare `node -e 0`. The
 * snapshot is built here, per Node binary (a blob only runs on the binary that built it), from
 * dist/hook.cjs with its last statement (the run) turned into the snapshot's main function.
 *
 *   npm run bench:startup                          # builds dist/, then prints a table
 *   BENCH_NODES=/path/to/node,... npm run bench:startup
 *   BENCH_RUNS=41 npm run bench:startup
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { agent, groupContext, lease, node, policy, tickContext } from "../test/support/builders.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const RUN_CALL = "main(process.argv.slice(2)).then(";

/** dist/hook.cjs with its run deferred to the snapshot's main function. */
function snapshotEntry(): string {
  const source = readFileSync(join(ROOT, "dist", "hook.cjs"), "utf8").replace(/^#!.*\n/, "");
  const at = source.lastIndexOf(RUN_CALL);
  const end = source.lastIndexOf(");");
  if (at < 0 || end < at) throw new Error(`dist/hook.cjs does not end with ${RUN_CALL}…); rebuild it`);
  return `${source.slice(0, at)}require("node:v8").startupSnapshot.setDeserializeMainFunction(() => ${source.slice(at, end)}));${source.slice(end + 2)}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "cilium-egress-ha-startup-"));
  try {
    const now = new Date();
    const names = ["egress-0", "egress-1", "egress-2"];
    const cluster = {
      pools: { egress: names.map((name, i) => node({ name, egressIP: `192.0.2.${i + 1}` })) },
      policies: Array.from({ length: 10 }, (_, i) =>
        policy({ name: `p-${i}`, pool: "egress", hostname: names[i % 3] as string }),
      ),
      leases: names.map((n) => {
        const l = lease(n, 0) as { spec: Record<string, unknown> };
        l.spec.renewTime = now.toISOString();
        return l;
      }),
      agents: names.map((n) => agent({ node: n })),
    };
    writeFileSync(join(dir, "full.json"), JSON.stringify(groupContext(cluster)));
    writeFileSync(join(dir, "tick.json"), JSON.stringify(tickContext(cluster)));
    writeFileSync(join(dir, "entry.js"), snapshotEntry());
    const nodes = [process.execPath, ...(process.env.BENCH_NODES ?? "").split(",").filter((p) => p.trim() !== "")];
    const rows: string[] = [];
    for (const bin of nodes) {
      const version = spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim();
      const blob = join(dir, `hook-${version}.blob`);
      const built = spawnSync(bin, ["--snapshot-blob", blob, "--build-snapshot", join(dir, "entry.js")], {
        encoding: "utf8",
        cwd: dir,
      });
      if (built.status !== 0) {
        rows.push(`${version}: cannot build a startup snapshot: ${built.stderr.trim().split("\n").pop()}`);
        continue;
      }
      const stateDir = join(dir, `state-${version}`);
      mkdirSync(stateDir, { mode: 0o700 });
      const env = {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        TMPDIR: dir,
        BINDING_CONTEXT_PATH: join(dir, "full.json"),
        KUBERNETES_PATCH_PATH: join(dir, "patch"),
        METRICS_PATH: join(dir, "metrics"),
        EGRESS_HA_STATE_FILE: join(stateDir, "state.json"),
        HOSTNAME: "bench",
      };
      const variants: [string, string[]][] = [
        ["bare node -e 0", ["-e", "0"]],
        ["code cache (shipped)", [join(ROOT, "dist", "cilium-egress-ha.cjs")]],
        ["startup snapshot", ["--snapshot-blob", blob]],
      ];
      const spawn = (args: string[], e: NodeJS.ProcessEnv): number => {
        const start = process.hrtime.bigint();
        const r = spawnSync(bin, args, { env: e, encoding: "utf8" });
        if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      // The Synchronization, then one tick each to warm the page cache and write the code cache.
      spawn(variants[1]?.[1] as string[], env);
      const tick = { ...env, BINDING_CONTEXT_PATH: join(dir, "tick.json") };
      for (const [, args] of variants) spawn(args, tick);
      const times = variants.map(() => [] as number[]);
      for (let i = 0; i < RUNS; i++)
        for (let k = 0; k < variants.length; k++) times[k]?.push(spawn((variants[k] as [string, string[]])[1], tick));
      const bare = median(times[0] as number[]);
      variants.forEach(([name], k) => {
        const m = median(times[k] as number[]);
        rows.push(`${version}  ${name.padEnd(22)} ${m.toFixed(1).padStart(7)} ms  ${(m / bare).toFixed(2)}x`);
      });
      rows.push(`${version}  snapshot blob: ${(statSync(blob).size / 1024 / 1024).toFixed(1)} MiB`);
    }
    const cpu = cpus()[0]?.model.trim() ?? "unknown";
    process.stdout.write(
      [
        `cilium-egress-ha start-up — ${now.toISOString()}`,
        `machine: ${cpu}, ${cpus().length} cores, load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}; a small cluster's quiet resync tick, medians of ${RUNS} interleaved runs`,
        "",
        ...rows,
        "",
      ].join("\n"),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
