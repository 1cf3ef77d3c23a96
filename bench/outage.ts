/**
 * The whole-pool-outage bench (issue 18): 20 000 policies stuck on a pool of 10 NotReady nodes,
 * one full run then 10 resync ticks, 1 s apart, in process against an in-memory state directory
 * with the hook's 4 MiB cap (as cli/hook-process.ts enforces it). Per run: the state's size, the
 * Event operations written and the log lines.
 *   npx tsx bench/outage.ts            # BENCH_OUTAGE_POLICIES=2000 for a smaller one
 *   BENCH_OUTAGE_FULL=1 npx tsx bench/outage.ts   # every run with full snapshots (object events)
 * Only RunIO and the test builders are used, so the same file runs against an older checkout.
 */
import { runHook } from "../src/hook/run.js";
import { MAX_STATE_BYTES } from "../src/hook/state.js";
import { groupContext, lease, NOW, node, policy, tickContext } from "../test/support/builders.js";

const POLICIES = Number(process.env.BENCH_OUTAGE_POLICIES ?? 20_000);
const TICKS = 10;
const DEAD = Array.from({ length: 10 }, (_, i) => `dead-${i}`);
const WORKERS = Array.from({ length: 40 }, (_, i) => `worker-${i}`);
const ENV = {
  EGRESS_HA_LEASE_SIGNAL: "true",
  EGRESS_HA_AGENT_SIGNAL: "false",
  EGRESS_HA_PROBE: "false",
  EGRESS_HA_STATE_FILE: "/s/state.json",
  BINDING_CONTEXT_PATH: "/ctx",
  KUBERNETES_PATCH_PATH: "/patch",
  METRICS_PATH: "/metrics",
  HOSTNAME: "replica-1",
};

const cluster = (t: number) => ({
  pools: { egress: DEAD.map((name) => node({ name, ready: "False" })) },
  policies: Array.from({ length: POLICIES }, (_, i) =>
    policy({ name: `policy-${i}`, pool: "egress", hostname: DEAD[i % DEAD.length] as string }),
  ),
  leases: [...DEAD.map((n) => lease(n, 3600)), ...WORKERS.map((n) => lease(n, 2 - t))],
  nodes: WORKERS.map((name) => node({ name, labels: { "node.kubernetes.io/role": null } })),
});

const files = new Map<string, string>();
const rows: string[] = [];
for (let t = 0; t <= TICKS; t++) {
  const log: string[] = [];
  const full = t === 0 || process.env.BENCH_OUTAGE_FULL === "1";
  files.set("/ctx", JSON.stringify(full ? groupContext(cluster(t)) : tickContext(cluster(t))));
  files.delete("/patch");
  let saved = "saved";
  const started = performance.now();
  await runHook({
    env: ENV,
    readFile: async (p) => files.get(p) ?? "",
    writeFile: async (p, d) => void files.set(p, d),
    readState: async (p) => files.get(p) ?? null,
    writeState: async (p, d) => {
      if (Buffer.byteLength(d) > MAX_STATE_BYTES) {
        saved = "over the cap: not saved";
        throw Object.assign(new Error("over the cap"), { code: "TOO_LARGE" });
      }
      files.set(p, d);
    },
    readIndex: async (p: string) => files.get(p) ?? null,
    writeIndex: async (p: string, d: string) => void files.set(p, d),
    stderr: (text) => void log.push(...text.split("\n").filter((l) => l !== "")),
    now: () => new Date(NOW.getTime() + t * 1000),
  });
  const ms = performance.now() - started;
  const events = (files.get("/patch") ?? "").split("\n").filter((l) => l.includes('"kind":"Event"')).length;
  const errors = log.filter((l) => l.includes('"level":"error"')).length;
  const state = Buffer.byteLength(files.get("/s/state.json") ?? "");
  rows.push(
    `| ${full ? "full run" : "tick"} ${t} | ${(state / 1024).toFixed(0)} KiB (${saved}) | ${events} | ${log.length} (${errors} errors) | ${ms.toFixed(0)} |`,
  );
}
console.log(`${POLICIES} policies stuck on a pool of ${DEAD.length} NotReady nodes\n`);
console.log("| run | state file | Event operations | log lines | ms |\n|---|---|---|---|---|");
console.log(rows.join("\n"));
