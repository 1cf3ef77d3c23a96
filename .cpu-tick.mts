import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agent, groupContext, lease, node, policy } from "./test/support/builders.js";

const [nodesArg, policiesArg, runsArg, nodeBin] = process.argv.slice(2);
const nodes = Number(nodesArg), policies = Number(policiesArg), runs = Number(runsArg);
const dir = mkdtempSync(join(tmpdir(), "cpu-tick-"));
const now = new Date();
const ns: unknown[] = [], ls: unknown[] = [], as: unknown[] = [];
const name = (i: number) => `egress-${i}`;
for (let i = 0; i < nodes; i++) {
  ns.push(node({ name: name(i), egressIP: `192.0.2.${i}` }));
  const l = lease(name(i), 0) as { spec: Record<string, unknown> };
  l.spec.renewTime = new Date(now.getTime() - 2000).toISOString();
  ls.push(l);
  as.push(agent({ node: name(i), ready: true }));
}
const ps = Array.from({ length: policies }, (_, i) => policy({ name: `p-${i}`, hostname: name(i % nodes), pool: "egress" }));
// The resync tick's binding context: a Schedule binding with every snapshot.
const ctx = groupContext({ pools: { egress: ns }, policies: ps, leases: ls, agents: as });
writeFileSync(join(dir, "ctx.json"), JSON.stringify(ctx));
const script = `for i in $(seq ${runs}); do : > "$KUBERNETES_PATCH_PATH"; : > "$METRICS_PATH"; "${nodeBin}" dist/cilium-egress-ha.cjs || exit 1; done; times`;
const out = execFileSync("bash", ["-c", script], {
  env: {
    PATH: process.env.PATH,
    TMPDIR: dir,
    BINDING_CONTEXT_PATH: join(dir, "ctx.json"),
    KUBERNETES_PATCH_PATH: join(dir, "patch"),
    METRICS_PATH: join(dir, "metrics"),
    EGRESS_HA_POOLS: "egress=node.kubernetes.io/role=egress",
  },
  encoding: "utf8",
  stdio: ["ignore", "pipe", "ignore"],
});
const [, children = ""] = out.trim().split("\n");
const secs = children.split(/\s+/).map((t) => { const m = /^(\d+)m([\d.]+)s$/.exec(t)!; return Number(m[1]) * 60 + Number(m[2]); });
const cpuMs = ((secs[0]! + secs[1]!) / runs) * 1000;
console.log(JSON.stringify({ nodes, policies, runs, node: execFileSync(nodeBin, ["--version"], { encoding: "utf8" }).trim(), cpuMsPerRun: Math.round(cpuMs * 10) / 10, millicoresAt2s: Math.round(cpuMs / 2) }));
