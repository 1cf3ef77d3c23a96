/**
 * The hook's own files: the state file, its directory, the code cache and the run deadline, tried
 * on the built hook (hooks/cilium-egress-ha → dist/) as shell-operator runs it. Faults are real:
 * FIFOs, symlinks, unwritable directories, a blocked threadpool, concurrent processes.
 * Tests that need a second user run the hook as 65534 when the suite runs as root.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parseState } from "../src/hook/state.js";
import { agent, groupContext, lease, node, policy } from "./support/builders.js";

const ROOT = join(import.meta.dirname, "..");
const HOOK = join(ROOT, "hooks", "cilium-egress-ha");
const work = mkdtempSync(join(tmpdir(), "files-"));
chmodSync(work, 0o755); // a second user must reach its own directories in here
after(() => rmSync(work, { recursive: true, force: true }));

/** The documented cap on the state file. */
const MAX_STATE_BYTES = 4 * 1024 * 1024;
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** egress-a is down: every run moves `payments` to egress-b. Both optional signals have data. */
const CONTEXT = join(work, "context.json");
writeFileSync(
  CONTEXT,
  JSON.stringify(
    groupContext({
      pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
      policies: [policy({ name: "payments", pool: "egress", hostname: "egress-a" })],
      leases: [lease("egress-a", 5), lease("egress-b", 5)],
      agents: [agent({ node: "egress-a" }), agent({ node: "egress-b" })],
    }),
  ),
);
chmodSync(CONTEXT, 0o644);

let seq = 0;
/** A fresh directory for one test, owned by `uid` (the hook's user in that test). */
function scratch(uid?: number): string {
  const dir = join(work, `t${++seq}`);
  mkdirSync(dir, { mode: 0o755 });
  if (uid !== undefined) chownSync(dir, uid, uid);
  return dir;
}

interface Record_ {
  level: string;
  msg: string;
}
interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stderr: string;
  records: Record_[];
  patch: string;
  metrics: { name: string; value: number; labels: Record<string, string> }[];
}

function parseLines(stderr: string): Record_[] {
  return stderr
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      try {
        return JSON.parse(l) as Record_;
      } catch {
        return { level: "raw", msg: l };
      }
    });
}

/** Output files shell-operator would pre-create, in `dir`. */
function outputs(dir: string, uid?: number) {
  const files = { patch: join(dir, "patch.ndjson"), metrics: join(dir, "metrics.ndjson") };
  for (const f of Object.values(files)) {
    writeFileSync(f, "");
    if (uid !== undefined) chownSync(f, uid, uid);
  }
  return files;
}

function envFor(dir: string, extra: Record<string, string>, uid?: number): Record<string, string> {
  const out = outputs(dir, uid);
  return {
    PATH: process.env.PATH ?? "",
    BINDING_CONTEXT_PATH: CONTEXT,
    KUBERNETES_PATCH_PATH: out.patch,
    METRICS_PATH: out.metrics,
    EGRESS_HA_STATE_FILE: join(dir, "state", "state.json"),
    EGRESS_HA_EVENTS: "false",
    ...extra,
  };
}

function finish(
  env: Record<string, string>,
  res: { status: number | null; signal: NodeJS.Signals | null; stderr: string },
  ms: number,
): Run {
  const read = (p: string | undefined) => (p && existsSync(p) && statSync(p).isFile() ? readFileSync(p, "utf8") : "");
  return {
    status: res.status,
    signal: res.signal,
    ms,
    stderr: res.stderr,
    records: parseLines(res.stderr),
    patch: read(env.KUBERNETES_PATCH_PATH),
    metrics: read(env.METRICS_PATH)
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l)),
  };
}

/** One hook run (or `--config` with args). Killed after `killAfterMs`, so a hang fails the test instead of the suite. */
function hook(env: Record<string, string>, opts: { uid?: number; args?: string[]; killAfterMs?: number } = {}): Run {
  const started = Date.now();
  const res = spawnSync(HOOK, opts.args ?? [], {
    env,
    encoding: "utf8",
    timeout: opts.killAfterMs ?? 15_000,
    killSignal: "SIGKILL",
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }),
  });
  return finish(env, res, Date.now() - started);
}

function hookAsync(env: Record<string, string>): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(HOOK, [], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.on("error", reject);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve(finish(env, { status, signal, stderr }, Date.now() - started));
    });
  });
}

const errors = (r: Run) => r.records.filter((x) => x.level === "error").map((x) => x.msg);
const signalState = (r: Run, signal: string) =>
  r.metrics
    .filter((m) => m.name === "cilium_egress_ha_signal_state" && m.labels.signal === signal && m.value === 1)
    .map((m) => m.labels.state);
const stateOf = (stateFile: string) => parseState(readFileSync(stateFile, "utf8"));
/** The ids of the moves a run's patches record (the last-move annotation). */
const moveIds = (r: Run) => [...r.patch.matchAll(/\\"id\\":\\"([^\\"]+)\\"/g)].map((m) => m[1] ?? "");
const stateErrors = (r: Run) => errors(r).filter((m) => m.includes("EGRESS_HA_STATE_FILE"));

/** Exit 0 with well-formed log lines. A run that remembers its last move holds it instead of writing it again. */
function assertRan(r: Run): void {
  assert.equal(r.status, 0, r.stderr);
  for (const x of r.records) assert.notEqual(x.level, "raw", `non-JSON stderr line: ${x.msg}`);
}

function assertMoved(r: Run): void {
  assertRan(r);
  assert.match(r.patch, /"operation":"JSONPatch"/, "the move is written");
}

// ---- An unwritable or unreadable state file --------------------------------------------------

test("a relative EGRESS_HA_STATE_FILE is refused by --config and by a run (exit 2, naming it)", () => {
  const dir = scratch();
  for (const args of [["--config"], []]) {
    const r = hook(envFor(dir, { EGRESS_HA_STATE_FILE: "state/state.json" }), { args });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /EGRESS_HA_STATE_FILE.*absolute/);
    assert.equal(r.patch, "");
  }
});

test("--config refuses (exit 2, naming EGRESS_HA_STATE_FILE) a state directory it cannot create", () => {
  const dir = scratch();
  writeFileSync(join(dir, "file"), "");
  const r = hook(envFor(dir, { EGRESS_HA_STATE_FILE: join(dir, "file", "state", "state.json") }), {
    args: ["--config"],
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /EGRESS_HA_STATE_FILE/);
  assert.equal(r.records.length, 1);
});

test("--config refuses a state directory the hook's user cannot write", () => {
  const uid = isRoot ? NOBODY : undefined;
  const dir = scratch(uid);
  mkdirSync(join(dir, "state"), { mode: 0o700 });
  if (uid !== undefined) chownSync(join(dir, "state"), uid, uid);
  chmodSync(join(dir, "state"), 0o500);
  const r = hook(envFor(dir, {}, uid), { args: ["--config"], ...(uid === undefined ? {} : { uid }) });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /EGRESS_HA_STATE_FILE.*not writable/);
});

test("--config refuses a state directory other users can write, and one owned by another user", (t) => {
  const open = scratch();
  mkdirSync(join(open, "state"));
  chmodSync(join(open, "state"), 0o777);
  const r = hook(envFor(open, {}), { args: ["--config"] });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /EGRESS_HA_STATE_FILE.*writable by other users/);
  if (!isRoot) return t.skip("needs root to hand a directory to another user");
  const foreign = scratch();
  mkdirSync(join(foreign, "state"), { mode: 0o700 });
  chownSync(join(foreign, "state"), NOBODY, NOBODY);
  const f = hook(envFor(foreign, {}), { args: ["--config"] });
  assert.equal(f.status, 2, f.stderr);
  assert.match(f.stderr, /EGRESS_HA_STATE_FILE.*owned by uid 65534/);
});

test("a state file that cannot be read or written: the move still happens, an error names EGRESS_HA_STATE_FILE on every run, and Lease and agent signals report unavailable", () => {
  const dir = scratch();
  // A non-empty directory where the state file should be: it can be neither read nor replaced.
  mkdirSync(join(dir, "state", "state.json", "x"), { recursive: true, mode: 0o700 });
  for (let i = 0; i < 2; i++) {
    // Every run: the state that would remember that the error was logged is what fails.
    const r = hook(envFor(dir, {}));
    assertMoved(r);
    assert.ok(
      stateErrors(r).some((m) => m.startsWith("EGRESS_HA_STATE_FILE")),
      `run ${i}: ${r.stderr}`,
    );
    assert.deepEqual(signalState(r, "lease"), ["unavailable"]);
    assert.deepEqual(signalState(r, "agent"), ["unavailable"]);
  }
});

test("a lasting metrics failure is logged when it starts, not again within a minute, and cleared when it ends", () => {
  const dir = scratch();
  const broken = { METRICS_PATH: join(dir, "no-such-dir", "metrics") };
  const first = hook(envFor(dir, broken));
  assertMoved(first);
  assert.ok(
    errors(first).some((m) => m.startsWith("cannot write METRICS_PATH")),
    first.stderr,
  );
  const second = hook(envFor(dir, broken));
  assertRan(second);
  assert.deepEqual(errors(second), [], "not repeated within a minute");
  const fixed = hook(envFor(dir, {}));
  assertRan(fixed);
  assert.ok(
    fixed.records.some((x) => x.level === "info" && x.msg.includes("METRICS_PATH") && x.msg.includes("cleared")),
    fixed.stderr,
  );
});

test("a state directory that becomes unwritable after --config: error and unavailable signals on the run", () => {
  const uid = isRoot ? NOBODY : undefined;
  const dir = scratch(uid);
  const env = envFor(dir, {}, uid);
  const as = uid === undefined ? {} : { uid };
  assert.equal(hook(env, { args: ["--config"], ...as }).status, 0);
  assertMoved(hook(env, as)); // creates the directory and the state
  chmodSync(join(dir, "state"), 0o500);
  const r = hook(envFor(dir, {}, uid), as);
  assertRan(r);
  assert.ok(
    errors(r).some((m) => m.includes("EGRESS_HA_STATE_FILE")),
    r.stderr,
  );
  assert.deepEqual(signalState(r, "lease"), ["unavailable"]);
  chmodSync(join(dir, "state"), 0o700);
});

test("with a healthy state file the signals stay active (the control for the tests above)", () => {
  const dir = scratch();
  const r = hook(envFor(dir, {}));
  assertMoved(r);
  assert.deepEqual(errors(r), []);
  assert.deepEqual(signalState(r, "lease"), ["active"]);
  assert.deepEqual(signalState(r, "agent"), ["active"]);
});

// ---- A hard deadline -------------------------------------------------------------------------

function fifo(path: string): string {
  const r = spawnSync("mkfifo", [path]);
  assert.equal(r.status, 0, String(r.stderr));
  return path;
}

test("a FIFO as BINDING_CONTEXT_PATH is refused at once as not a regular file", () => {
  const dir = scratch();
  const r = hook(envFor(dir, { BINDING_CONTEXT_PATH: fifo(join(dir, "context.fifo")) }), { killAfterMs: 8_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.ok(r.ms < 5_000, `${r.ms} ms`);
  assert.match(r.stderr, /BINDING_CONTEXT_PATH .* is not a regular file/);
});

test("a FIFO as the state file is refused with an error, and the move still happens", () => {
  const dir = scratch();
  mkdirSync(join(dir, "state"), { mode: 0o700 });
  fifo(join(dir, "state", "state.json"));
  const r = hook(envFor(dir, {}), { killAfterMs: 8_000 });
  assertMoved(r);
  assert.ok(
    errors(r).some((m) => /EGRESS_HA_STATE_FILE .* is not a regular file/.test(m)),
    r.stderr,
  );
});

test("a FIFO as the metrics or patch file is refused instead of blocking", () => {
  const dir = scratch();
  const env = envFor(dir, { METRICS_PATH: fifo(join(dir, "metrics.fifo")) });
  const r = hook(env, { killAfterMs: 8_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(
    errors(r).some((m) => m.includes("METRICS_PATH")),
    r.stderr,
  );
  const p = hook(envFor(scratch(), { KUBERNETES_PATCH_PATH: fifo(join(dir, "patch.fifo")) }), { killAfterMs: 8_000 });
  assert.equal(p.status, 1, p.stderr);
  assert.match(p.stderr, /KUBERNETES_PATCH_PATH/);
});

test("EGRESS_HA_RUN_TIMEOUT ends a run within the deadline + 1 s even with the file I/O thread stuck in the kernel", () => {
  const dir = scratch();
  // A hung mount, reproduced: the only libuv threadpool thread is blocked in open() on a FIFO
  // nobody writes, so every file operation of the run waits behind it, and exit() would wait for it.
  const preload = join(dir, "hang.cjs");
  writeFileSync(preload, `require("node:fs").open(${JSON.stringify(fifo(join(dir, "hang.fifo")))}, "r", () => {});\n`);
  const r = hook(
    envFor(dir, {
      EGRESS_HA_RUN_TIMEOUT: "1",
      EGRESS_HA_PROBE: "false",
      UV_THREADPOOL_SIZE: "1",
      NODE_OPTIONS: `--require ${preload}`,
    }),
    { killAfterMs: 10_000 },
  );
  assert.ok(r.ms < 2_000 + 500, `ended after ${r.ms} ms (status ${r.status}, signal ${r.signal}): ${r.stderr}`);
  assert.ok(r.status !== 0, "a run that timed out fails, so shell-operator retries it");
  assert.ok(
    errors(r).some((m) => m.includes("EGRESS_HA_RUN_TIMEOUT")),
    r.stderr,
  );
  assert.equal(r.patch, "", "no patches from an unfinished run");
});

// ---- Bounded state ---------------------------------------------------------------------------

test("a state file over the size limit is discarded with an error, without being parsed, and replaced", () => {
  const dir = scratch();
  mkdirSync(join(dir, "state"), { mode: 0o700 });
  const file = join(dir, "state", "state.json");
  const leaseSeen: Record<string, unknown> = {};
  for (let i = 0; i < 60_000; i++) {
    leaseSeen[`node-${i}`] = { renewTime: "2026-11-26T12:00:00.000000Z", seenAt: "2026-11-26T12:00:00.000Z" };
  }
  const text = JSON.stringify({ version: 1, leaseSeen, failovers: { egress: 41 } });
  assert.ok(text.length > MAX_STATE_BYTES);
  writeFileSync(file, text, { mode: 0o600 });
  const r = hook(envFor(dir, {}));
  assertMoved(r);
  assert.ok(
    errors(r).some((m) => m.includes("EGRESS_HA_STATE_FILE") && m.includes("limit")),
    `an error about the size: ${r.stderr}`,
  );
  assert.ok(statSync(file).size < 10_000, "replaced by a fresh state");
  assert.equal(stateOf(file).failovers.egress, undefined, "the discarded file's content is not used");
});

// ---- No leaked files -------------------------------------------------------------------------

test("failed state and code-cache writes leave no temporary files behind", () => {
  const dir = scratch();
  const stateDir = join(dir, "state");
  mkdirSync(join(stateDir, "state.json", "x"), { recursive: true, mode: 0o700 });
  // The code cache's place is taken by a directory too, so its write fails as well.
  mkdirSync(join(stateDir, `code-cache-${process.version}-${process.arch}.bin`, "x"), { recursive: true });
  for (let i = 0; i < 3; i++) assertMoved(hook(envFor(dir, {})));
  const left = readdirSync(stateDir).filter((f) => f !== "state.json" && !f.startsWith("code-cache-"));
  assert.deepEqual(
    left.filter((f) => f.endsWith(".tmp") || /\.bin\.\d+$/.test(f) || /\.\d+\.tmp$/.test(f)),
    [],
    `left behind: ${left.join(", ")}`,
  );
  assert.ok(left.length <= 2, `a bounded set of side files: ${left.join(", ")}`);
});

test("the hook keeps a bounded set of files under its state directory, run after run", () => {
  const dir = scratch();
  for (let i = 0; i < 3; i++) assertRan(hook(envFor(dir, {})));
  const files = readdirSync(join(dir, "state")).sort();
  assert.deepEqual(files, [`code-cache-${process.version}-${process.arch}.bin`, "state.json", "state.json.policies"]);
});

// ---- No trust in shared directories ----------------------------------------------------------

test("the state directory is created 0700 and the state file 0600", () => {
  const dir = scratch();
  assertMoved(hook(envFor(dir, {})));
  assert.equal(statSync(join(dir, "state")).mode & 0o777, 0o700);
  assert.equal(statSync(join(dir, "state", "state.json")).mode & 0o777, 0o600);
});

test("a symlink planted at the state file is not followed: its target is neither read, logged nor written", () => {
  const dir = scratch();
  mkdirSync(join(dir, "state"), { mode: 0o700 });
  const secret = join(dir, "secret.txt");
  writeFileSync(secret, "SECRET-TOKEN-0123456789 do not print\n");
  symlinkSync(secret, join(dir, "state", "state.json"));
  const r = hook(envFor(dir, {}));
  assertMoved(r);
  assert.ok(!r.stderr.includes("SECRET"), `file contents in the log: ${r.stderr}`);
  assert.ok(
    errors(r).some((m) => m.includes("EGRESS_HA_STATE_FILE") && m.includes("symbolic link")),
    r.stderr,
  );
  assert.equal(readFileSync(secret, "utf8"), "SECRET-TOKEN-0123456789 do not print\n");
});

test("a state file that is not JSON is discarded without its content reaching the log", () => {
  const dir = scratch();
  mkdirSync(join(dir, "state"), { mode: 0o700 });
  writeFileSync(join(dir, "state", "state.json"), "SECRET-TOKEN-0123456789 {", { mode: 0o600 });
  const r = hook(envFor(dir, {}));
  assertMoved(r);
  assert.ok(!r.stderr.includes("SECRET"), `file contents in the log: ${r.stderr}`);
  assert.ok(
    r.records.some((x) => x.level !== "info" && x.msg.includes("EGRESS_HA_STATE_FILE")),
    r.stderr,
  );
});

test("a state directory owned by another user is refused, neither read nor written", (t) => {
  if (!isRoot) return t.skip("needs root to hand a directory to another user");
  const dir = scratch();
  mkdirSync(join(dir, "state"), { mode: 0o700 });
  writeFileSync(join(dir, "state", "state.json"), '{"version":1,"failovers":{"egress":7}}', { mode: 0o600 });
  chownSync(join(dir, "state"), NOBODY, NOBODY);
  chownSync(join(dir, "state", "state.json"), NOBODY, NOBODY);
  const r = hook(envFor(dir, {}));
  assertMoved(r);
  assert.ok(
    errors(r).some((m) => m.includes("EGRESS_HA_STATE_FILE") && m.includes("owned by uid 65534")),
    r.stderr,
  );
  assert.equal(stateOf(join(dir, "state", "state.json")).failovers.egress, 7, "not written");
  assert.deepEqual(readdirSync(join(dir, "state")), ["state.json"], "nothing written into it");
});

test("a planted code cache is ignored when the directory is not the hook's own", (t) => {
  if (!isRoot) return t.skip("needs root to hand a directory to another user");
  const dir = scratch();
  mkdirSync(join(dir, "state"), { mode: 0o755 });
  const cache = join(dir, "state", `code-cache-${process.version}-${process.arch}.bin`);
  writeFileSync(cache, "planted");
  chownSync(join(dir, "state"), NOBODY, NOBODY);
  chownSync(cache, NOBODY, NOBODY);
  const r = hook(envFor(dir, {}));
  assertMoved(r);
  assert.ok(readFileSync(cache, "utf8") === "planted", "not replaced either");
});

// ---- Metrics never block a failover ----------------------------------------------------------

test("a failed metrics write is logged, and the run still exits 0 with its patches", () => {
  const dir = scratch();
  const r = hook(envFor(dir, { METRICS_PATH: join(dir, "no-such-dir", "metrics") }));
  assertMoved(r);
  assert.ok(
    errors(r).some((m) => m.includes("METRICS_PATH")),
    r.stderr,
  );
});

// ---- Concurrent runs on one state file -------------------------------------------------------

test("concurrent runs on one state file lose no update silently: every written move is remembered, or its run says it is not", async () => {
  const dir = scratch();
  const file = join(dir, "state", "state.json");
  const runs = await Promise.all(
    Array.from({ length: 6 }, () => hookAsync(envFor(scratch(), { EGRESS_HA_STATE_FILE: file }))),
  );
  for (const r of runs) assertRan(r);
  const remembered = stateOf(file).pending.map((m) => m.id);
  const written = runs.filter((r) => moveIds(r).length > 0);
  assert.ok(written.length >= 1, "the move is written");
  for (const r of written) {
    if (stateErrors(r).length > 0) continue; // it said its update is not saved
    for (const id of moveIds(r)) assert.ok(remembered.includes(id), `move ${id} was written and then forgotten`);
  }
  assert.deepEqual(
    readdirSync(join(dir, "state")).filter((f) => f.startsWith("state.json")),
    ["state.json", "state.json.policies"],
    "no lock or temporary file is left",
  );
});

test("a run that updates the state while another is inside its update waits for it, and neither update is lost", async () => {
  const dir = scratch();
  const file = join(dir, "state", "state.json");
  const inside = join(dir, "inside");
  // Run A stops just before it replaces the state file, and says so: run B starts then.
  const preload = join(dir, "slow-rename.cjs");
  writeFileSync(
    preload,
    `const fs = require("node:fs");
const rename = fs.rename;
fs.rename = (from, to, done) => {
  if (!String(to).endsWith("state.json")) return rename(from, to, done);
  fs.writeFileSync(${JSON.stringify(inside)}, "");
  setTimeout(() => rename(from, to, done), 1000);
};
`,
  );
  const a = hookAsync(envFor(scratch(), { EGRESS_HA_STATE_FILE: file, NODE_OPTIONS: `--require ${preload}` }));
  const started = Date.now();
  while (!existsSync(inside)) {
    assert.ok(Date.now() - started < 10_000, "run A never reached its state update");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const b = await hookAsync(envFor(scratch(), { EGRESS_HA_STATE_FILE: file }));
  const first = await a;
  assertMoved(first);
  assertRan(b);
  assert.deepEqual(stateErrors(b), [], b.stderr);
  const remembered = stateOf(file).pending.map((m) => m.id);
  for (const id of [...moveIds(first), ...moveIds(b)]) {
    assert.ok(remembered.includes(id), `move ${id} was written and then forgotten (remembered: ${remembered})`);
  }
  assert.deepEqual(moveIds(b), [], "B saw A's move in flight and did not write it again");
});

test("a lock left by a killed run is broken once past its holder's deadline; a live one is waited for, then reported", () => {
  const dir = scratch();
  mkdirSync(join(dir, "state"), { mode: 0o700 });
  const file = join(dir, "state", "state.json");
  writeFileSync(`${file}.lock`, `999999 ${Date.now() - 1000}\n`, { mode: 0o600 });
  const stale = hook(envFor(dir, {}));
  assertMoved(stale);
  assert.deepEqual(errors(stale), [], stale.stderr);
  assert.deepEqual(
    stateOf(file).pending.map((m) => m.id),
    moveIds(stale),
    "saved",
  );
  assert.ok(!existsSync(`${file}.lock`), "and unlocked");

  const saved = readFileSync(file, "utf8");
  writeFileSync(`${file}.lock`, `999999 ${Date.now() + 60_000}\n`, { mode: 0o600 });
  const live = hook(envFor(dir, {}));
  assertRan(live);
  assert.ok(live.ms < 5_000, `waits a bounded time: ${live.ms} ms`);
  assert.ok(
    errors(live).some((m) => m.startsWith("EGRESS_HA_STATE_FILE") && m.includes("locked by another hook process")),
    live.stderr,
  );
  assert.equal(readFileSync(file, "utf8"), saved, "not saved over the holder's state");
  assert.ok(existsSync(`${file}.lock`), "another process's lock is left alone");
});

test("a lock whose holder on this host is gone (killed before its deadline) is broken at once", () => {
  const dir = scratch();
  mkdirSync(join(dir, "state"), { mode: 0o700 });
  const file = join(dir, "state", "state.json");
  const gone = spawnSync(process.execPath, ["-e", "0"]).pid; // has exited by now
  writeFileSync(`${file}.lock`, `${gone} ${Date.now() + 60_000} ${hostname()}\n`, { mode: 0o600 });
  const r = hook(envFor(dir, {}));
  assertMoved(r);
  assert.deepEqual(errors(r), [], r.stderr);
  assert.deepEqual(
    stateOf(file).pending.map((m) => m.id),
    moveIds(r),
    "saved",
  );
  assert.ok(!existsSync(`${file}.lock`));
});

test("a state-file condition that ends is reported at info level, and the state is kept again", () => {
  const dir = scratch();
  mkdirSync(join(dir, "state"), { mode: 0o700 });
  writeFileSync(join(dir, "state", "state.json"), "not json", { mode: 0o600 });
  assert.ok(stateErrors(hook(envFor(dir, {}))).length > 0);
  const r = hook(envFor(dir, {}));
  assertRan(r);
  assert.deepEqual(errors(r), []);
  assert.ok(
    r.records.some((x) => x.level === "info" && x.msg.includes("EGRESS_HA_STATE_FILE") && x.msg.includes("cleared")),
    r.stderr,
  );
  assert.deepEqual(signalState(r, "lease"), ["active"]);
  assert.deepEqual(
    readdirSync(join(dir, "state")).filter((f) => f.startsWith("state.json")),
    ["state.json", "state.json.policies"],
  );
});

test("a code-cache temporary file left by a killed run is removed once it is a minute old", () => {
  const dir = scratch();
  mkdirSync(join(dir, "state"), { mode: 0o700 });
  const tmp = join(dir, "state", `code-cache-${process.version}-${process.arch}.bin.tmp`);
  writeFileSync(tmp, "partial", { mode: 0o600 });
  const old = new Date(Date.now() - 120_000);
  utimesSync(tmp, old, old);
  assertMoved(hook(envFor(dir, {})));
  assert.ok(!existsSync(tmp));
});
