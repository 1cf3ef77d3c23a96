/**
 * The pod's security context, reproduced: the chart runs shell-operator and the hook as uid/gid
 * 65534 with a read-only root filesystem and an emptyDir (64Mi, fsGroup 65534) at /tmp. Here the
 * real shell-operator runs that way, against the real control plane: a wrapper puts it in a
 * private mount namespace where / is remounted read-only and /tmp is a fresh tmpfs, drops to
 * 65534, and gives it the chart's --tmp-dir and debug socket in /tmp. The hook keeps its state in
 * its default place, $TMPDIR/cilium-egress-ha. A gateway then fails, and the policy must move.
 *
 * Needs root (unshare, mount, setpriv) and the e2e tools; skips, saying why, otherwise. The work
 * directory is outside /tmp, which the namespace hides; everything mounted goes with the process.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { type Cluster, findTools, type ShellOperator, startCluster } from "./harness/cluster.js";
import { Kube } from "./support/kube.js";
import { gatewaysOf, imageLayout, LONG_AGO, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const UID = 65534;
/** Outside /tmp: the namespace mounts its own /tmp over the host's. */
const BASE = process.env.E2E_SANDBOX_DIR ?? "/var/tmp";

function why(): string | false {
  const tools = findTools();
  if (tools.missing.length > 0) return `e2e tools not built (${tools.missing.join(", ")}): run npm run e2e`;
  if (process.getuid?.() !== 0) return "needs root for unshare, mount and setpriv";
  for (const cmd of ["unshare", "setpriv", "mount"]) {
    if (spawnSync("sh", ["-c", `command -v ${cmd}`]).status !== 0) return `${cmd} is not installed`;
  }
  const probe = spawnSync("unshare", ["--mount", "--propagation", "private", "true"], { encoding: "utf8" });
  if (probe.status !== 0) return `no mount namespace here: ${probe.stderr.trim()}`;
  return false;
}

/**
 * shell-operator as the chart runs it. The harness passes --tmp-dir and --debug-unix-socket under
 * its work dir; the chart's are in /tmp, so the wrapper swaps them.
 */
function wrapper(real: string): string {
  return `#!/bin/sh
for a do
  shift
  case $a in
    --tmp-dir=*) a=--tmp-dir=/tmp/shell-operator ;;
    --debug-unix-socket=*) a=--debug-unix-socket=/tmp/shell-operator/debug.socket ;;
  esac
  set -- "$@" "$a"
done
exec unshare --mount --propagation private -- /bin/sh -c '
  mount -o remount,bind,ro / &&
  mount -t tmpfs -o size=64m,mode=2777,gid=${UID} tmpfs /tmp &&
  exec setpriv --reuid ${UID} --regid ${UID} --groups ${UID} --no-new-privs env HOME=/tmp "$0" "$@"
' ${JSON.stringify(real)} "$@"
`;
}

describe("e2e: shell-operator and the hook as 65534 on a read-only root with a private /tmp", { skip: why() }, () => {
  let work: string;
  let cluster: Cluster;
  let world: World;
  let so: ShellOperator;

  before(async () => {
    work = mkdtempSync(path.join(BASE, "cegp-e2e-pod-"));
    chmodSync(work, 0o755);
    cluster = await startCluster({ workDir: path.join(work, "cluster") });
    world = new World(Kube.admin(cluster));
    await world.startWatches();
    for (const n of ["egress-a", "egress-b"]) await world.createNode(n);
    await world.createPolicy("payments", { pool: "egress", hostname: "egress-a" });

    // What 65534 may read: its own copy of the admin credentials, the binary, the image layout.
    const kube = path.join(work, "kube");
    mkdirSync(kube, { mode: 0o700 });
    const files = { ca: cluster.pki.caCrt, crt: cluster.pki.adminCrt, key: cluster.pki.adminKey };
    let kubeconfig = readFileSync(cluster.kubeconfigPath, "utf8");
    for (const [name, from] of Object.entries(files)) {
      const to = path.join(kube, name);
      copyFileSync(from, to);
      chownSync(to, UID, UID);
      kubeconfig = kubeconfig.replaceAll(JSON.stringify(from), JSON.stringify(to));
    }
    writeFileSync(path.join(kube, "kubeconfig"), kubeconfig, { mode: 0o600 });
    chownSync(path.join(kube, "kubeconfig"), UID, UID);
    chownSync(kube, UID, UID);
    const bin = path.join(work, "bin");
    mkdirSync(bin, { mode: 0o755 });
    copyFileSync(path.join(cluster.binDir, "shell-operator"), path.join(bin, "shell-operator.real"));
    chmodSync(path.join(bin, "shell-operator.real"), 0o755);
    writeFileSync(path.join(bin, "shell-operator"), wrapper(path.join(bin, "shell-operator.real")), { mode: 0o755 });
    // The Node the hooks run on, where 65534 can read it (as the image has it in /usr/local/bin): the one
    // CI ships may sit in root's home.
    copyFileSync(process.env.CILIUM_EGRESS_HA_NODE || process.execPath, path.join(bin, "node"));
    chmodSync(path.join(bin, "node"), 0o755);

    const hooksDir = imageLayout(REPO, path.join(work, "image"));
    so = await cluster.startShellOperator({
      binDir: bin,
      kubeconfig: path.join(kube, "kubeconfig"),
      hooksDir,
      logLevel: "info",
      workDir: path.join(work, "so"),
      env: {
        SHELL_OPERATOR_HOOKS_DIR: hooksDir,
        CILIUM_EGRESS_HA_NODE: path.join(bin, "node"),
        // The chart's defaults: TMPDIR and EGRESS_HA_STATE_FILE unset.
        TMPDIR: "",
        EGRESS_HA_STATE_FILE: "",
        EGRESS_HA_RESYNC_INTERVAL: "1s",
        EGRESS_HA_RECOVERY_DELAY: "2s",
        EGRESS_HA_LEASE_SIGNAL: "false",
        EGRESS_HA_AGENT_SIGNAL: "false",
      },
    });
  });

  after(async () => {
    world?.stopWatches();
    await so?.stop();
    await cluster?.stop();
    if (work && process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  test("a gateway fails and the policy moves; the hook's files are in the private /tmp, owned by 65534", async () => {
    const pid = so.process.pid;
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    assert.match(
      status,
      new RegExp(`^Uid:\\s+${UID}\\s+${UID}\\s+${UID}\\s+${UID}$`, "m"),
      "shell-operator runs as 65534",
    );
    const mounts = readFileSync(`/proc/${pid}/mounts`, "utf8").split("\n");
    assert.ok(
      mounts.some((m) => / \/ \S+ ro[ ,]/.test(m)),
      "its root filesystem is read-only",
    );
    assert.ok(
      mounts.some((m) => /^tmpfs \/tmp tmpfs rw/.test(m)),
      "its /tmp is a tmpfs",
    );

    await world.setReady("egress-a", "False", LONG_AGO);
    const moved = await world.waitForPolicy("payments", (p) => gatewaysOf(p)[0] === "egress-b", { timeoutMs: 30_000 });
    assert.equal(gatewaysOf(moved.object)[0], "egress-b");

    // The shell-operator process's own view of its private /tmp (procfs: /proc/<pid>/root).
    const dir = path.join("/proc", String(pid), "root", "tmp", "cilium-egress-ha");
    const st = statSync(dir);
    assert.equal(st.uid, UID);
    assert.equal(st.mode & 0o777, 0o700);
    const files = readdirSync(dir).sort();
    assert.deepEqual(
      files.filter((f) => !f.startsWith("code-cache-")),
      ["state.json", "state.json.policies"],
      `only the state, the policy index and the code cache: ${files.join(", ")}`,
    );
    assert.ok(
      files.some((f) => f.startsWith("code-cache-")),
      "the code cache is kept too",
    );
    for (const name of ["state.json", "state.json.policies"]) {
      const st = statSync(path.join(dir, name));
      assert.equal(st.uid, UID, name);
      assert.equal(st.mode & 0o777, 0o600, name);
    }
    const log = readFileSync(so.logPath, "utf8");
    assert.doesNotMatch(log, /EGRESS_HA_STATE_FILE[^"]*(cannot|not writable|refus)/, "no error about the state file");
  });
});
