/**
 * `status`, the built CLI against a fake kube-apiserver (node:http, list calls only): it prints
 * the plan `plan --state` prints for the same objects and state, reads the state file while
 * another run holds its lock, and neither writes a file nor sends the API anything but GETs.
 */
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { agent, groupContext, node, policy } from "./support/builders.js";

const ROOT = join(import.meta.dirname, "..");
const HOOK = join(ROOT, "hooks", "cilium-egress-ha");
const work = mkdtempSync(join(tmpdir(), "status-"));
const stateDir = join(work, "state");
const STATE = join(stateDir, "state.json");

const POOL = { "node-restriction.kubernetes.io/egress-pool": "egress" };
const pool = [
  node({ name: "a", ready: "False", labels: POOL }),
  node({ name: "b", labels: POOL }),
  node({ name: "c", labels: POOL }),
];
const worker = node({ name: "w", labels: { "node.kubernetes.io/role": null } });
const freshLease = (name: string) => ({
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  metadata: { name, namespace: "kube-node-lease" },
  spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date().toISOString() },
});
const cluster = {
  pools: { egress: pool },
  nodes: [worker],
  policies: [
    policy({ name: "p", pool: "egress", hostname: "a" }),
    policy({ name: "q", pool: "egress", hostname: "b" }),
  ],
  leases: ["a", "b", "c", "w"].map(freshLease),
  agents: ["a", "b", "c"].map((n) => agent({ node: n })),
};

const ENV = {
  PATH: process.env.PATH ?? "",
  HOME: work,
  HOSTNAME: "replica-1",
  EGRESS_HA_POOLS: JSON.stringify({ egress: "node-restriction.kubernetes.io/egress-pool=egress" }),
  EGRESS_HA_STATE_FILE: STATE,
  EGRESS_HA_EVENTS: "false",
};

/** Every request the fake API server answered: method and URL. */
const requests: string[] = [];

function matches(obj: unknown, selector: string | null): boolean {
  if (!selector) return true;
  const labels = (obj as { metadata: { labels?: Record<string, string> } }).metadata.labels ?? {};
  return selector.split(",").every((term) => {
    const [k, v] = term.split("=");
    assert.ok(k && v !== undefined, `the fake API server understands k=v selectors only: ${term}`);
    return labels[k] === v;
  });
}

function serve(req: IncomingMessage, res: ServerResponse): void {
  requests.push(`${req.method} ${req.url}`);
  const url = new URL(req.url ?? "/", "http://fake");
  const selector = url.searchParams.get("labelSelector");
  const lists: Record<string, unknown[]> = {
    "/api/v1/nodes": [...pool, worker],
    "/apis/cilium.io/v2/ciliumegressgatewaypolicies": cluster.policies,
    "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases": cluster.leases,
    "/api/v1/namespaces/kube-system/pods": cluster.agents,
  };
  const items = lists[url.pathname];
  if (req.method !== "GET" || items === undefined) {
    res.writeHead(404, { "content-type": "application/json" }).end('{"kind":"Status","code":404}');
    return;
  }
  const body = {
    kind: "List",
    apiVersion: "v1",
    metadata: { resourceVersion: "1" },
    items: items.filter((o) => matches(o, selector)),
  };
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const server = createServer(serve);
let kubeconfig = "";

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  kubeconfig = join(work, "kubeconfig");
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "fake", cluster: { server: `http://127.0.0.1:${port}`, "insecure-skip-tls-verify": true } }],
      users: [{ name: "operator", user: { token: "t" } }],
      contexts: [{ name: "fake", context: { cluster: "fake", user: "operator" } }],
      "current-context": "fake",
    }),
  );
  // One hook run leaves this replica's memory: a pending move of p away from a.
  writeFileSync(join(work, "context.json"), JSON.stringify(groupContext(cluster)));
  const run = spawnSync(HOOK, [], {
    env: {
      ...ENV,
      BINDING_CONTEXT_PATH: join(work, "context.json"),
      KUBERNETES_PATCH_PATH: join(work, "patch"),
      METRICS_PATH: join(work, "metrics"),
    },
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(readFileSync(join(work, "patch"), "utf8"), /"p"/, "the run moved p");
});
after(() => {
  server.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs the built CLI without blocking this process, which serves the fake API. */
function cli(
  args: string[],
  env: Record<string, string> = {},
  command = HOOK,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { env: { ...ENV, KUBECONFIG: kubeconfig, ...env }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A directory's files with their identity and times: any write shows. */
function snapshot(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((f) => {
      const st = statSync(join(dir, f));
      return `${f} ${st.ino} ${st.size} ${st.mtimeMs} ${st.mode}`;
    });
}

/** The plan table without what moves with the clock. */
const table = (text: string) =>
  text
    .slice(text.indexOf("Plan at"))
    .replace(/^Plan at .*$/m, "Plan at <now>")
    .replace(/Ready for [^;\n]*/g, "Ready for <age>")
    // client-node hands timestamps back with milliseconds (src/kube/client.ts), a move has its own id and time.
    .replace(/:00\.000Z/g, ":00Z")
    .replace(/\\"(id|at)\\":\\"[^\\]*\\"/g, '\\"$1\\":<$1>');

test("status prints the plan that plan --state prints, reading the state while another run holds its lock", async () => {
  const lock = `${STATE}.lock`;
  writeFileSync(lock, `${process.pid} ${Date.now() + 600_000} ${hostname()}\n`, { mode: 0o600 });
  const before = snapshot(stateDir);
  requests.length = 0;
  const started = Date.now();
  const r = await cli(["status"]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Date.now() - started < 30_000, "status does not wait for the lock");
  assert.deepEqual(snapshot(stateDir), before, "status writes nothing beside the state: no lock, no cache, no state");
  assert.match(r.stdout, /^Replica: replica-1; cluster context: fake\n/);
  assert.match(r.stdout, new RegExp(`^State: ${STATE}, read without its lock$`, "m"));
  assert.ok(requests.length >= 5, "nodes per pool, all nodes, policies, Leases, agent pods");
  assert.deepEqual(
    requests.filter((q) => !q.startsWith("GET ")),
    [],
    "only GETs",
  );

  writeFileSync(join(work, "live.json"), JSON.stringify(groupContext(cluster)));
  const plan = await cli(["plan", join(work, "live.json"), "--state", STATE]);
  assert.equal(plan.code, 0, plan.stderr);
  assert.equal(table(r.stdout), table(plan.stdout));
  assert.match(r.stdout, /^POLICY +POOL +GATEWAY +DECISION +CODE +REASON$/m);
  assert.match(r.stdout, /^Pool egress: 3 nodes/m);
  rmSync(lock);
});

test("the replica's memory changes what status shows, and a missing state is said so", async () => {
  const missing = join(work, "none", "state.json");
  const r = await cli(["status", "--state", missing]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^State: none at ${missing}: this replica has not run yet`, "m"));
  assert.throws(() => statSync(join(work, "none")), "nothing is created for a missing state");
  const plain = await cli(["plan", join(work, "live.json")]);
  assert.equal(table(r.stdout), table(plain.stdout));
  const remembered = await cli(["status"]);
  assert.notEqual(table(remembered.stdout), table(r.stdout), "the pending move is this replica's memory");
});

test("status -o json names its sources; an unreadable state and an unreachable API are reported", async () => {
  const json = await cli(["status", "-o", "json"]);
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout) as { source: { writer: string; memory: string }; decisions: unknown[] };
  assert.deepEqual([doc.source.writer, doc.source.memory, doc.decisions.length], ["replica-1", "read", 2]);

  const broken = join(work, "broken.json");
  writeFileSync(broken, "{", { mode: 0o600 });
  const bad = await cli(["status", "--state", broken, "-o", "json"]);
  assert.equal(bad.code, 0, bad.stderr);
  assert.equal((JSON.parse(bad.stdout) as { source: { memory: string } }).source.memory, "unreadable");

  const gone = join(work, "gone-kubeconfig");
  writeFileSync(gone, readFileSync(kubeconfig, "utf8").replace(/127\.0\.0\.1:\d+/, "127.0.0.1:1"));
  const down = await cli(["status"], { KUBECONFIG: gone });
  assert.equal(down.code, 1);
  assert.match(down.stderr, /^cilium-egress-ha: capture failed: /);
  assert.equal(down.stdout, "");
});

test("in the image's layout, with no node_modules, status runs from a symlink on PATH", async () => {
  // The Dockerfile copies dist/ and hooks/ under /opt/cilium-egress-ha and links the wrapper
  // into /usr/local/bin; the bundle must find nothing it needs in a node_modules.
  const image = join(work, "image");
  cpSync(join(ROOT, "dist"), join(image, "opt", "dist"), { recursive: true });
  cpSync(join(ROOT, "hooks"), join(image, "opt", "hooks"), { recursive: true });
  mkdirSync(join(image, "bin"));
  symlinkSync(join(image, "opt", "hooks", "cilium-egress-ha"), join(image, "bin", "cilium-egress-ha"));
  const r = await cli(["status"], { PATH: `${join(image, "bin")}:${process.env.PATH ?? ""}` }, "cilium-egress-ha");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "", "no warning from the bundled client");
  assert.match(r.stdout, /^Replica: replica-1; cluster context: fake\n/);
});
