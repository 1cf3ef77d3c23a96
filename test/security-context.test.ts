/**
 * The pod's security context, reproduced for the hook: the chart runs it as uid/gid 65534 with a
 * read-only root filesystem and an emptyDir (64Mi, fsGroup 65534) at /tmp, with TMPDIR and
 * EGRESS_HA_STATE_FILE unset. Here the built hook runs that way, in a private mount namespace
 * (unshare) where / is remounted read-only and /tmp is a fresh tmpfs, and must keep its state,
 * its code cache and its directory as promised. Needs root (for unshare and mount); skipped
 * otherwise. Everything it mounts disappears with the namespace's process.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { agent, groupContext, lease, node, policy } from "./support/builders.js";

const ROOT = join(import.meta.dirname, "..");
const HOOK = join(ROOT, "hooks", "cilium-egress-ha");
const NOBODY = 65534;

const CONTEXT = JSON.stringify(
  groupContext({
    pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
    policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
    leases: [lease("egress-a", 5), lease("egress-b", 5)],
    agents: [agent({ node: "egress-a" }), agent({ node: "egress-b" })],
  }),
);

/** Runs in the namespace as root: mounts, then runs the hook as 65534 the way shell-operator would. */
const INSIDE = `
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const [hook, context, uid] = [process.env.T_HOOK, process.env.T_CONTEXT, Number(process.env.T_UID)];
execFileSync("mount", ["-o", "remount,bind,ro", "/"]);
execFileSync("mount", ["-t", "tmpfs", "-o", "size=64m,mode=2777,gid=" + uid, "tmpfs", "/tmp"]);
const as = (path) => fs.chownSync(path, uid, uid);
// shell-operator (as 65534) creates its --tmp-dir and every run's files in it.
fs.mkdirSync("/tmp/shell-operator"); as("/tmp/shell-operator");
fs.writeFileSync("/tmp/shell-operator/context.json", context); as("/tmp/shell-operator/context.json");
const out = { rootWritable: true, runs: [] };
try { fs.writeFileSync("/probe", ""); } catch { out.rootWritable = false; }
const env = {
  PATH: process.env.PATH,
  BINDING_CONTEXT_PATH: "/tmp/shell-operator/context.json",
  KUBERNETES_PATCH_PATH: "/tmp/shell-operator/patch",
  METRICS_PATH: "/tmp/shell-operator/metrics",
  EGRESS_HA_EVENTS: "false",
};
const cacheMtimes = [];
for (const args of [["--config"], [], [], []]) {
  for (const f of [env.KUBERNETES_PATCH_PATH, env.METRICS_PATH]) { fs.writeFileSync(f, ""); as(f); }
  const r = spawnSync(hook, args, { uid, gid: uid, env, encoding: "utf8", timeout: 20000 });
  out.runs.push({ args, status: r.status, stderr: r.stderr, patch: fs.readFileSync(env.KUBERNETES_PATCH_PATH, "utf8") });
  if (args.length > 0) {
    out.configCreated = fs.existsSync("/tmp/cilium-egress-ha");
    continue;
  }
  const cache = fs.readdirSync("/tmp/cilium-egress-ha").find((name) => name.startsWith("code-cache-"));
  cacheMtimes.push(cache ? fs.statSync("/tmp/cilium-egress-ha/" + cache).mtimeMs : null);
}
out.cacheMtimes = cacheMtimes;
const dir = fs.statSync("/tmp/cilium-egress-ha");
out.dir = { uid: dir.uid, mode: dir.mode & 0o7777 };
out.files = fs.readdirSync("/tmp/cilium-egress-ha").sort().map((name) => {
  const st = fs.lstatSync("/tmp/cilium-egress-ha/" + name);
  return { name, uid: st.uid, mode: st.mode & 0o777 };
});
out.state = JSON.parse(fs.readFileSync("/tmp/cilium-egress-ha/state.json", "utf8"));
process.stdout.write(JSON.stringify(out));
`;

interface Inside {
  rootWritable: boolean;
  configCreated: boolean;
  runs: { args: string[]; status: number | null; stderr: string; patch: string }[];
  cacheMtimes: (number | null)[];
  dir: { uid: number; mode: number };
  files: { name: string; uid: number; mode: number }[];
  state: { hook: { pending: unknown[] }; engine: { leaseSeen: Record<string, unknown> } };
}

test("as 65534 on a read-only root with a private tmpfs /tmp, the hook keeps its state and code cache in /tmp/cilium-egress-ha", (t) => {
  if (process.getuid?.() !== 0) return t.skip("needs root for unshare and mount");
  if (ROOT.startsWith("/tmp/")) return t.skip("the checkout is under /tmp, which the test mounts over");
  const res = spawnSync("unshare", ["--mount", "--propagation", "private", "--", process.execPath, "-e", INSIDE], {
    env: { PATH: process.env.PATH ?? "", T_HOOK: HOOK, T_CONTEXT: CONTEXT, T_UID: String(NOBODY) },
    encoding: "utf8",
    timeout: 60_000,
    killSignal: "SIGKILL",
  });
  if (res.status !== 0 && /unshare failed|Operation not permitted/.test(res.stderr)) {
    return t.skip(`no mount namespace here: ${res.stderr.trim()}`);
  }
  assert.equal(res.status, 0, res.stderr);
  const out = JSON.parse(res.stdout) as Inside;
  assert.equal(out.rootWritable, false, "the root filesystem is read-only in the namespace");
  assert.equal(out.configCreated, false, "--config checks the state's place but creates nothing");
  for (const r of out.runs) {
    assert.equal(r.status, 0, `${r.args.join(" ") || "run"}: ${r.stderr}`);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    if (r.args.includes("--config")) {
      // --config speaks plain text; the default pool's label is kubelet-settable, which it warns about.
      for (const l of lines) assert.match(l, /^cilium-egress-ha: warning: .*kubelet/, l);
      continue;
    }
    const problems = lines
      .map((l) => JSON.parse(l) as { level: string; msg: string })
      .filter((x) => x.level === "error" || (x.level === "warn" && !/kubelet may set/.test(x.msg)));
    assert.deepEqual(problems, [], `${r.args.join(" ") || "run"}`);
  }
  assert.match(out.runs[1]?.patch ?? "", /"operation":"JSONPatch"/, "the first run moves the policy");
  for (const r of out.runs.slice(2)) assert.equal(r.patch, "", "later runs remember the move in flight");
  assert.deepEqual(out.dir, { uid: NOBODY, mode: 0o2700 }, "0700 (setgid from the fsGroup volume), owned by 65534");
  // The hook runs on whichever node 65534 finds on PATH, which need not be this test's own.
  assert.match(out.files[0]?.name ?? "", new RegExp(`^code-cache-v\\d+\\.\\d+\\.\\d+-${process.arch}\\.bin$`));
  assert.deepEqual(
    out.files.map((f) => ({ ...f, name: f.name.startsWith("code-cache-") ? "code-cache" : f.name })),
    [
      { name: "code-cache", uid: NOBODY, mode: 0o600 },
      { name: "state.json", uid: NOBODY, mode: 0o600 },
      { name: "state.json.policies", uid: NOBODY, mode: 0o600 },
    ],
  );
  assert.equal(out.state.hook.pending.length, 1, "each run saw the last one's state");
  assert.equal(Object.keys(out.state.engine.leaseSeen).length, 2);
  assert.ok(out.cacheMtimes[0] !== null, "the first run writes the code cache");
  assert.equal(out.cacheMtimes[2], out.cacheMtimes[0], "later runs use it instead of writing it again");
});
