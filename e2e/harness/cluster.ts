// Real-control-plane e2e harness: etcd + kube-apiserver (+ optional kube-controller-manager) + shell-operator,
// all built from Go modules by e2e/scripts/build-tools.sh into ${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}.
//
// Every process is spawned in its own process group (detached) and killed by group id on stop(), and
// also on process exit as a safety net. Nothing is ever killed by name.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as k8s from "@kubernetes/client-node";

// ---------------------------------------------------------------------------------------------------
// Tool locations

/** The cache dir that build-tools.sh fills: `$E2E_CACHE` or `~/.cache/cilium-egress-ha-e2e`. */
export function e2eCacheDir(): string {
  return process.env.E2E_CACHE ?? path.join(os.homedir(), ".cache", "cilium-egress-ha-e2e");
}

export interface ToolPaths {
  binDir: string;
  crdDir: string;
  /** Binaries or CRD files that are not there (empty when everything needed is built). */
  missing: string[];
}

const REQUIRED_BINARIES = ["etcd", "kube-apiserver", "shell-operator"] as const;
const REQUIRED_CRDS = ["ciliumegressgatewaypolicies.yaml"] as const;

/** Where the built tools are, and which required ones are missing (run `bash e2e/scripts/build-tools.sh`). */
export function findTools(
  binDir = path.join(e2eCacheDir(), "bin"),
  crdDir = path.join(e2eCacheDir(), "crds"),
): ToolPaths {
  const missing = [
    ...REQUIRED_BINARIES.map((b) => path.join(binDir, b)),
    ...REQUIRED_CRDS.map((c) => path.join(crdDir, c)),
  ].filter((p) => !existsSync(p));
  return { binDir, crdDir, missing };
}

// ---------------------------------------------------------------------------------------------------
// Processes

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pgid of liveGroups) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}

export interface ManagedProcess {
  name: string;
  pid: number;
  logPath: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  /** Sends a signal to the process group (e.g. SIGSTOP/SIGCONT for freeze tests). */
  signal(sig: NodeJS.Signals): void;
}

export function spawnLogged(
  name: string,
  cmd: string,
  args: string[],
  opts: { logPath: string; env?: NodeJS.ProcessEnv; cwd?: string },
): ManagedProcess {
  installExitHook();
  const fd = openSync(opts.logPath, "a");
  writeFileSync(fd, `# ${new Date().toISOString()} ${cmd} ${args.join(" ")}\n`);
  const child = spawn(cmd, args, {
    detached: true, // own process group, so stop() can kill children too
    stdio: ["ignore", fd, fd],
    env: opts.env ?? process.env,
    cwd: opts.cwd,
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`${name}: spawn ${cmd} failed`);
  const pid = child.pid;
  liveGroups.add(pid);
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, sig) => {
      liveGroups.delete(pid);
      resolve(code ?? sig ?? "unknown");
    });
    child.once("error", (err) => {
      liveGroups.delete(pid);
      resolve(`spawn error: ${err.message}`);
    });
  });
  let stopping: Promise<void> | undefined;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      // group already gone
    }
  };
  const stop = (graceMs = 5000): Promise<void> => {
    stopping ??= (async () => {
      if (!liveGroups.has(pid)) return;
      signal("SIGCONT");
      signal("SIGTERM");
      const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        signal("SIGKILL");
        await exited;
      }
      // the leader is gone; make sure no child of the group outlives it
      signal("SIGKILL");
      liveGroups.delete(pid);
    })();
    return stopping;
  };
  return { name, pid, logPath: opts.logPath, child, exited, stop, signal };
}

/** A free TCP port on 127.0.0.1 (bind port 0, read it, release it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      if (addr === null || typeof addr === "string") return reject(new Error("no port"));
      srv.close(() => resolve(addr.port));
    });
  });
}

function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(" ")} failed: ${err.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

interface TlsOpts {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** GET a URL (http or https), resolving with status and body; never throws for HTTP errors. */
export function httpGet(url: string, tls: TlsOpts = {}, timeoutMs = 3000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.get(u, { ...tls, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs}ms`)));
    req.on("error", reject);
  });
}

/** Polls `check` until it returns true; fails early if `proc` exits. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; intervalMs?: number; proc?: ManagedProcess },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let exited: number | string | undefined;
  opts.proc?.exited.then((c) => {
    exited = c;
  });
  let lastErr = "";
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(
        `${what}: ${opts.proc?.name} exited (${exited}) before becoming ready; log: ${opts.proc?.logPath}\n${tail(opts.proc?.logPath)}`,
      );
    }
    try {
      if (await check()) return;
    } catch (e) {
      lastErr = (e as Error).message;
    }
    await sleep(opts.intervalMs ?? 250);
  }
  const logHint = opts.proc ? `; log: ${opts.proc.logPath}\n${tail(opts.proc.logPath)}` : "";
  throw new Error(
    `${what}: not ready after ${opts.timeoutMs}ms${lastErr ? ` (last error: ${lastErr})` : ""}${logHint}`,
  );
}

function tail(file: string | undefined, lines = 25): string {
  if (!file || !existsSync(file)) return "";
  return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

// ---------------------------------------------------------------------------------------------------
// PKI (openssl)

export interface Pki {
  dir: string;
  caCrt: string;
  caKey: string;
  apiserverCrt: string;
  apiserverKey: string;
  adminCrt: string;
  adminKey: string;
  saKey: string;
  saPub: string;
}

async function makePki(dir: string): Promise<Pki> {
  mkdirSync(dir, { recursive: true });
  const p = (f: string) => path.join(dir, f);
  const o = (...args: string[]) => run("openssl", args, { cwd: dir });
  const ext = (name: string, body: string) => {
    writeFileSync(p(name), body);
    return p(name);
  };
  await o(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "3650",
    "-subj",
    "/CN=e2e-ca",
    "-keyout",
    p("ca.key"),
    "-out",
    p("ca.crt"),
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  );
  const sign = async (name: string, subj: string, extFile: string) => {
    await o(
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      subj,
      "-keyout",
      p(`${name}.key`),
      "-out",
      p(`${name}.csr`),
    );
    await o(
      "x509",
      "-req",
      "-in",
      p(`${name}.csr`),
      "-CA",
      p("ca.crt"),
      "-CAkey",
      p("ca.key"),
      "-CAcreateserial",
      "-days",
      "3650",
      "-out",
      p(`${name}.crt`),
      "-extfile",
      extFile,
    );
  };
  await Promise.all([
    sign(
      "apiserver",
      "/CN=kube-apiserver",
      ext(
        "apiserver.ext",
        "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n" +
          "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
      ),
    ),
    sign(
      "admin",
      "/O=system:masters/CN=e2e-admin",
      ext("client.ext", "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n"),
    ),
    (async () => {
      await o("genrsa", "-out", p("sa.key"), "2048");
      await o("rsa", "-in", p("sa.key"), "-pubout", "-out", p("sa.pub"));
    })(),
  ]);
  return {
    dir,
    caCrt: p("ca.crt"),
    caKey: p("ca.key"),
    apiserverCrt: p("apiserver.crt"),
    apiserverKey: p("apiserver.key"),
    adminCrt: p("admin.crt"),
    adminKey: p("admin.key"),
    saKey: p("sa.key"),
    saPub: p("sa.pub"),
  };
}

function kubeconfigYaml(server: string, pki: Pki): string {
  // absolute paths: relative ones would resolve against the kubeconfig's own directory
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: e2e",
    "  cluster:",
    `    server: ${JSON.stringify(server)}`,
    `    certificate-authority: ${JSON.stringify(pki.caCrt)}`,
    "users:",
    "- name: e2e-admin",
    "  user:",
    `    client-certificate: ${JSON.stringify(pki.adminCrt)}`,
    `    client-key: ${JSON.stringify(pki.adminKey)}`,
    "contexts:",
    "- name: e2e",
    "  context: {cluster: e2e, user: e2e-admin}",
    "current-context: e2e",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Cluster

export interface ControllerManagerOptions {
  /** --node-monitor-grace-period, seconds (default 10). */
  nodeMonitorGracePeriodSeconds?: number;
  /** --node-startup-grace-period, seconds (default 30). */
  nodeStartupGracePeriodSeconds?: number;
  /** --node-monitor-period, seconds (default 1). */
  nodeMonitorPeriodSeconds?: number;
  /** --controllers (default ["node-lifecycle-controller"]). */
  controllers?: string[];
  extraArgs?: string[];
  readyTimeoutMs?: number;
}

export interface KwokOptions {
  /** The Node this kwok manages (--manage-single-node); create the Node object yourself. */
  nodeName: string;
  /** --node-lease-duration-seconds (default 8; kwok renews at about a quarter of it). */
  leaseDurationSeconds?: number;
  /** Stage config (default `$E2E_CACHE/kwok/kwok.yaml`, written by build-tools.sh kwok). */
  configPath?: string;
  extraArgs?: string[];
}

export interface StartClusterOptions {
  /** Where the binaries are (default `$E2E_CACHE/bin`). */
  binDir?: string;
  /** Where the Cilium CRDs are (default `$E2E_CACHE/crds`). */
  crdDir?: string;
  /** Working dir for PKI, etcd data, logs (default: a fresh mkdtemp under os.tmpdir()). */
  workDir?: string;
  /** CRD files to install, names in crdDir or absolute paths (default: the CEGP CRD; add 'ciliumnodes.yaml' if needed). */
  crds?: string[];
  /** Extra kube-apiserver flags (appended; later flags win). */
  apiserverArgs?: string[];
  /** Also start kube-controller-manager (node-lifecycle-controller only by default). */
  controllerManager?: boolean | ControllerManagerOptions;
  /** Timeout for each component to become ready (default 90 s). */
  readyTimeoutMs?: number;
  /** Keep workDir after stop() (default: keep only if E2E_KEEP=1). */
  keepWorkDir?: boolean;
  /** Log progress lines to stderr (default: true unless E2E_QUIET=1). */
  verbose?: boolean;
}

export interface ShellOperatorOptions {
  /** Directory with executable hooks (passed as --hooks-dir). */
  hooksDir: string;
  /** kubeconfig for shell-operator (and, through the inherited env, for its hooks). */
  kubeconfig: string;
  /** Extra env for shell-operator and thus its hooks (merged over process.env). */
  env?: Record<string, string>;
  /** Where the binary is (default `$E2E_CACHE/bin`). */
  binDir?: string;
  /** Working dir for tmp files, debug socket, log (default: a fresh mkdtemp). */
  workDir?: string;
  /** LOG_LEVEL (default "debug"). */
  logLevel?: "debug" | "info" | "error";
  /** Keep binding-context temp files (--debug-keep-tmp-files). */
  keepTmpFiles?: boolean;
  extraArgs?: string[];
  /** Timeout for /metrics to answer (default 60 s). */
  readyTimeoutMs?: number;
}

export interface ShellOperator {
  process: ManagedProcess;
  /** http://127.0.0.1:PORT/metrics/hooks */
  metricsUrl: string;
  /** http://127.0.0.1:PORT (also /metrics, /discovery) */
  baseUrl: string;
  logPath: string;
  tmpDir: string;
  debugSocket: string;
  /** Runs `shell-operator <args> --debug-unix-socket <sock>` (e.g. ['queue', 'list', '-o', 'json']). */
  debugCli(args: string[]): Promise<string>;
  /** Resolves when the log matches `re` (polling), rejects after timeoutMs. */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface Cluster {
  workDir: string;
  logDir: string;
  kubeconfigPath: string;
  /** https://127.0.0.1:PORT */
  server: string;
  pki: Pki;
  etcdUrl: string;
  binDir: string;
  crdDir: string;
  processes: ManagedProcess[];
  /** Timings in ms: pki, etcd, apiserver, crds, controllerManager, total. */
  timings: Record<string, number>;
  /** A client-node KubeConfig for the admin user. */
  kubeConfig(): k8s.KubeConfig;
  /** Runs the built kubectl against this cluster. */
  kubectl(args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** Installs a CRD file (name in crdDir or absolute path) and waits for Established. */
  installCrd(file: string): Promise<void>;
  startShellOperator(opts: Omit<ShellOperatorOptions, "kubeconfig"> & { kubeconfig?: string }): Promise<ShellOperator>;
  startControllerManager(opts?: ControllerManagerOptions): Promise<ManagedProcess>;
  /**
   * Starts one kwok process that acts as the kubelet of one node (Ready status + Lease renewals).
   * Kill it (stop() or signal("SIGKILL")) to simulate a dead node; SIGSTOP/SIGCONT to freeze it.
   * Needs `bash e2e/scripts/build-tools.sh kwok`.
   */
  startKwok(opts: KwokOptions): Promise<ManagedProcess>;
  /** Stops everything this cluster started (shell-operators too), in reverse order. Idempotent. */
  stop(): Promise<void>;
}

export async function startCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const t0 = Date.now();
  const tools = findTools(opts.binDir, opts.crdDir);
  if (tools.missing.length > 0) {
    throw new Error(`e2e tools missing: ${tools.missing.join(", ")}. Build them with: bash e2e/scripts/build-tools.sh`);
  }
  const { binDir, crdDir } = tools;
  const verbose = opts.verbose ?? process.env.E2E_QUIET !== "1";
  const say = (msg: string) => {
    if (verbose) process.stderr.write(`[e2e] ${msg}\n`);
  };
  const readyTimeoutMs = opts.readyTimeoutMs ?? 90_000;
  const workDir = opts.workDir ?? mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-"));
  const logDir = path.join(workDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const timings: Record<string, number> = {};
  const processes: ManagedProcess[] = [];
  const stoppers: (() => Promise<void>)[] = [];
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const s of stoppers.reverse()) {
      try {
        await s();
      } catch {
        // keep stopping the rest
      }
    }
    for (const p of [...processes].reverse()) await p.stop();
    const keep = opts.keepWorkDir ?? process.env.E2E_KEEP === "1";
    if (keep) say(`kept work dir ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  };

  try {
    let t = Date.now();
    const pki = await makePki(path.join(workDir, "pki"));
    timings.pki = Date.now() - t;
    const tls: TlsOpts = {
      ca: readFileSync(pki.caCrt),
      cert: readFileSync(pki.adminCrt),
      key: readFileSync(pki.adminKey),
    };

    // etcd
    t = Date.now();
    const [etcdPort, etcdPeerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const peerUrl = `http://127.0.0.1:${etcdPeerPort}`;
    const etcd = spawnLogged(
      "etcd",
      path.join(binDir, "etcd"),
      [
        "--name=e2e",
        `--data-dir=${path.join(workDir, "etcd")}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=e2e=${peerUrl}`,
        "--unsafe-no-fsync=true",
        "--log-level=warn",
      ],
      { logPath: path.join(logDir, "etcd.log") },
    );
    processes.push(etcd);
    await waitFor(
      "etcd /health",
      async () => {
        const r = await httpGet(`${etcdUrl}/health`);
        return r.status === 200 && /"health":\s*"true"/.test(r.body);
      },
      { timeoutMs: readyTimeoutMs, proc: etcd },
    );
    timings.etcd = Date.now() - t;
    say(`etcd ready on ${etcdUrl} (${timings.etcd} ms)`);

    // kube-apiserver (envtest's defaults + loopback-only additions)
    t = Date.now();
    const server = `https://127.0.0.1:${apiPort}`;
    const apiserver = spawnLogged(
      "kube-apiserver",
      path.join(binDir, "kube-apiserver"),
      [
        `--etcd-servers=${etcdUrl}`,
        "--bind-address=127.0.0.1",
        `--secure-port=${apiPort}`,
        "--advertise-address=127.0.0.1",
        "--endpoint-reconciler-type=none",
        `--cert-dir=${path.join(workDir, "apiserver-certs")}`,
        `--tls-cert-file=${pki.apiserverCrt}`,
        `--tls-private-key-file=${pki.apiserverKey}`,
        `--client-ca-file=${pki.caCrt}`,
        `--service-account-issuer=${server}`,
        `--service-account-key-file=${pki.saPub}`,
        `--service-account-signing-key-file=${pki.saKey}`,
        "--service-cluster-ip-range=10.0.0.0/24",
        "--authorization-mode=Node,RBAC",
        "--disable-admission-plugins=ServiceAccount",
        "--allow-privileged=true",
        "--v=1",
        ...(opts.apiserverArgs ?? []),
      ],
      { logPath: path.join(logDir, "kube-apiserver.log") },
    );
    processes.push(apiserver);
    await waitFor("kube-apiserver /readyz", async () => (await httpGet(`${server}/readyz`, tls)).status === 200, {
      timeoutMs: readyTimeoutMs,
      intervalMs: 300,
      proc: apiserver,
    });
    timings.apiserver = Date.now() - t;
    say(`kube-apiserver ready on ${server} (${timings.apiserver} ms)`);

    const kubeconfigPath = path.join(workDir, "admin.kubeconfig");
    writeFileSync(kubeconfigPath, kubeconfigYaml(server, pki), { mode: 0o600 });

    const kubeConfig = (): k8s.KubeConfig => {
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(kubeconfigPath);
      return kc;
    };

    const kubectl = (args: string[]) => {
      const bin = path.join(binDir, "kubectl");
      if (!existsSync(bin)) return Promise.reject(new Error(`kubectl not built (${bin})`));
      return run(bin, [`--kubeconfig=${kubeconfigPath}`, ...args]);
    };

    const installCrd = async (file: string): Promise<void> => {
      const full = path.isAbsolute(file) ? file : path.join(crdDir, file);
      const crd = k8s.loadYaml<k8s.V1CustomResourceDefinition>(readFileSync(full, "utf8"));
      const name = crd.metadata?.name;
      if (!name) throw new Error(`${full}: not a CRD (no metadata.name)`);
      const api = kubeConfig().makeApiClient(k8s.ApiextensionsV1Api);
      try {
        await api.createCustomResourceDefinition({ body: crd });
      } catch (e) {
        if ((e as { code?: number }).code !== 409) throw e;
      }
      await waitFor(
        `CRD ${name} Established`,
        async () => {
          const got = await api.readCustomResourceDefinition({ name });
          return (got.status?.conditions ?? []).some((c) => c.type === "Established" && c.status === "True");
        },
        { timeoutMs: readyTimeoutMs, intervalMs: 200 },
      );
      // discovery of the new group can lag behind Established; wait until it is listed
      const [group, version] = [
        crd.spec.group,
        crd.spec.versions.find((v) => v.served)?.name ?? crd.spec.versions[0]?.name,
      ];
      await waitFor(
        `discovery of ${group}/${version}`,
        async () => (await httpGet(`${server}/apis/${group}/${version}`, tls)).status === 200,
        { timeoutMs: readyTimeoutMs, intervalMs: 200 },
      );
    };

    t = Date.now();
    for (const f of opts.crds ?? ["ciliumegressgatewaypolicies.yaml"]) await installCrd(f);
    timings.crds = Date.now() - t;
    say(`CRDs installed (${timings.crds} ms)`);

    const startControllerManager = async (cm: ControllerManagerOptions = {}): Promise<ManagedProcess> => {
      const bin = path.join(binDir, "kube-controller-manager");
      if (!existsSync(bin)) throw new Error(`kube-controller-manager not built (${bin})`);
      const tc = Date.now();
      const port = await freePort();
      const kcm = spawnLogged(
        "kube-controller-manager",
        bin,
        [
          `--kubeconfig=${kubeconfigPath}`,
          `--authentication-kubeconfig=${kubeconfigPath}`,
          `--authorization-kubeconfig=${kubeconfigPath}`,
          "--bind-address=127.0.0.1",
          `--secure-port=${port}`,
          `--cert-dir=${path.join(workDir, "kcm-certs")}`,
          "--leader-elect=false",
          `--controllers=${(cm.controllers ?? ["node-lifecycle-controller"]).join(",")}`,
          `--node-monitor-period=${cm.nodeMonitorPeriodSeconds ?? 1}s`,
          `--node-monitor-grace-period=${cm.nodeMonitorGracePeriodSeconds ?? 10}s`,
          `--node-startup-grace-period=${cm.nodeStartupGracePeriodSeconds ?? 30}s`,
          "--node-eviction-rate=10",
          "--v=2",
          ...(cm.extraArgs ?? []),
        ],
        { logPath: path.join(logDir, "kube-controller-manager.log") },
      );
      processes.push(kcm);
      await waitFor(
        "kube-controller-manager /healthz",
        async () =>
          // kcm serves a self-signed cert generated in --cert-dir; /healthz is always-allowed
          (await httpGetInsecure(`https://127.0.0.1:${port}/healthz`)).status === 200,
        { timeoutMs: cm.readyTimeoutMs ?? readyTimeoutMs, intervalMs: 300, proc: kcm },
      );
      timings.controllerManager = Date.now() - tc;
      say(`kube-controller-manager ready (${timings.controllerManager} ms)`);
      return kcm;
    };

    const startKwok = async (kw: KwokOptions): Promise<ManagedProcess> => {
      const bin = path.join(binDir, "kwok");
      const config = kw.configPath ?? path.join(e2eCacheDir(), "kwok", "kwok.yaml");
      for (const f of [bin, config]) {
        if (!existsSync(f)) throw new Error(`${f} missing; run: bash e2e/scripts/build-tools.sh kwok`);
      }
      const proc = spawnLogged(
        `kwok-${kw.nodeName}`,
        bin,
        [
          `--kubeconfig=${kubeconfigPath}`,
          `--config=${config}`,
          "--manage-all-nodes=false",
          `--manage-single-node=${kw.nodeName}`,
          `--node-lease-duration-seconds=${kw.leaseDurationSeconds ?? 8}`,
          ...(kw.extraArgs ?? []),
        ],
        { logPath: path.join(logDir, `kwok-${kw.nodeName}-${processes.length}.log`) },
      );
      processes.push(proc);
      // ready once it holds the node's Lease (fails fast with the log tail if kwok exits)
      await waitFor(
        `kwok ${kw.nodeName} Lease`,
        async () =>
          (await httpGet(`${server}/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${kw.nodeName}`, tls))
            .status === 200,
        { timeoutMs: readyTimeoutMs, intervalMs: 200, proc },
      );
      return proc;
    };

    const cluster: Cluster = {
      workDir,
      logDir,
      kubeconfigPath,
      server,
      pki,
      etcdUrl,
      binDir,
      crdDir,
      processes,
      timings,
      kubeConfig,
      kubectl,
      installCrd,
      startControllerManager,
      startKwok,
      stop,
      startShellOperator: async (so) => {
        const s = await startShellOperator({
          binDir,
          workDir: path.join(workDir, `shell-operator-${processes.length}`),
          ...so,
          kubeconfig: so.kubeconfig ?? kubeconfigPath,
        });
        processes.push(s.process);
        return s;
      },
    };

    if (opts.controllerManager) {
      await startControllerManager(opts.controllerManager === true ? {} : opts.controllerManager);
    }
    timings.total = Date.now() - t0;
    say(`cluster up in ${timings.total} ms; kubeconfig ${kubeconfigPath}; logs ${logDir}`);
    return cluster;
  } catch (e) {
    process.stderr.write(`[e2e] cluster start failed; logs kept in ${logDir}\n`);
    opts.keepWorkDir = true;
    await stop();
    throw e;
  }
}

function httpGetInsecure(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { rejectUnauthorized: false, timeout: 3000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: "" }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

// ---------------------------------------------------------------------------------------------------
// shell-operator

export async function startShellOperator(opts: ShellOperatorOptions): Promise<ShellOperator> {
  const binDir = opts.binDir ?? path.join(e2eCacheDir(), "bin");
  const bin = path.join(binDir, "shell-operator");
  if (!existsSync(bin)) throw new Error(`shell-operator not built (${bin}); run: bash e2e/scripts/build-tools.sh`);
  const workDir = opts.workDir ?? mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-so-"));
  const tmpDir = path.join(workDir, "tmp");
  mkdirSync(tmpDir, { recursive: true });
  const debugSocket = path.join(workDir, "debug.socket");
  const logPath = path.join(workDir, "shell-operator.log");
  const port = await freePort();
  const args = [
    "start",
    `--hooks-dir=${path.resolve(opts.hooksDir)}`,
    `--tmp-dir=${tmpDir}`,
    `--debug-unix-socket=${debugSocket}`,
    "--listen-address=127.0.0.1",
    `--listen-port=${port}`,
    `--kube-config=${opts.kubeconfig}`,
    `--log-level=${opts.logLevel ?? "debug"}`,
    ...(opts.keepTmpFiles ? ["--debug-keep-tmp-files=true"] : []),
    ...(opts.extraArgs ?? []),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KUBE_CONFIG: opts.kubeconfig,
    KUBECONFIG: opts.kubeconfig, // hooks inherit it (client-node loadFromDefault)
    LOG_LEVEL: opts.logLevel ?? "debug",
    ...opts.env,
  };
  const proc = spawnLogged("shell-operator", bin, args, { logPath, env, cwd: workDir });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor("shell-operator /metrics", async () => (await httpGet(`${baseUrl}/metrics`)).status === 200, {
      timeoutMs: opts.readyTimeoutMs ?? 60_000,
      intervalMs: 250,
      proc,
    });
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const waitForLog = async (re: RegExp, timeoutMs = 30_000): Promise<string> => {
    let match = "";
    await waitFor(
      `shell-operator log ${re}`,
      async () => {
        const m = readFileSync(logPath, "utf8").match(re);
        if (m) match = m[0];
        return m !== null;
      },
      { timeoutMs, intervalMs: 200 },
    );
    return match;
  };
  const debugCli = async (cliArgs: string[]) =>
    (await run(bin, [...cliArgs, `--debug-unix-socket=${debugSocket}`])).stdout;
  return {
    process: proc,
    metricsUrl: `${baseUrl}/metrics/hooks`,
    baseUrl,
    logPath,
    tmpDir,
    debugSocket,
    waitForLog,
    debugCli,
    stop: () => proc.stop(),
  };
}
