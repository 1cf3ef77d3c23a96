/**
 * One real cilium-agent per node namespace. Each runs in a private mount namespace where its own
 * directories are bound over /run/cilium, /var/lib/cilium and /sys/fs/bpf (a bpffs per node), since the
 * agent hard-codes its socket paths and pins its maps there; everything else is the host's.
 *
 * A "container restart" (kill + start) keeps the node's directories and bpffs, as a hostPath
 * /var/run/cilium and /sys/fs/bpf do in a real DaemonSet pod: the BPF programs and maps stay loaded,
 * and the new agent restores its endpoints from them.
 */
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { type ManagedProcess, spawnLogged } from "../harness/cluster.js";
import { type NodeNet, run } from "./netns.js";

export const LLVM_BIN = "/usr/lib/llvm-19/bin";
const HOST_DIRS = ["/run/cilium", "/var/lib/cilium"] as const;

export interface AgentOptions {
  node: NodeNet;
  binDir: string;
  /** `$E2E_CACHE/cilium/bpf`: the C sources the agent compiles at startup. */
  bpfSrc: string;
  workDir: string;
  kubeconfig: string;
  /** Port of the agent's own /healthz (bound to 127.0.0.1 in the node namespace). */
  healthPort: number;
  /** cilium-health on 4240 (node-to-node probes) on this node. */
  healthChecking: boolean;
  logDir: string;
}

/** Creates the host's /run/cilium and /var/lib/cilium mount points if missing; returns the ones it created. */
export function ensureHostMountPoints(): string[] {
  const made: string[] = [];
  for (const d of HOST_DIRS) {
    if (!existsSync(d)) {
      mkdirSync(d, { recursive: true });
      made.push(d);
    }
  }
  return made;
}

export class CiliumAgent {
  readonly dir: string;
  readonly runDir: string;
  readonly libDir: string;
  readonly bpffs: string;
  private proc: ManagedProcess | undefined;
  private mounted = false;

  constructor(readonly opts: AgentOptions) {
    this.dir = path.join(opts.workDir, opts.node.name);
    this.runDir = path.join(this.dir, "run");
    this.libDir = path.join(this.dir, "lib");
    this.bpffs = path.join(this.dir, "bpffs");
  }

  get name(): string {
    return this.opts.node.name;
  }

  get running(): boolean {
    return this.proc !== undefined;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** The per-node directories, its bpffs and its copy of the BPF sources. */
  async prepare(): Promise<void> {
    for (const d of [this.runDir, this.libDir, this.bpffs]) mkdirSync(d, { recursive: true });
    cpSync(this.opts.bpfSrc, path.join(this.libDir, "bpf"), { recursive: true });
    await run("mount", ["-t", "bpf", "bpf", this.bpffs]);
    this.mounted = true;
  }

  /** `sh -c` script run in the node's netns and a private mount namespace with the node's dirs bound. */
  private wrap(): string[] {
    const script = [
      "set -e",
      `mount --bind '${this.runDir}' /run/cilium`,
      `mount --bind '${this.libDir}' /var/lib/cilium`,
      `mount --bind '${this.bpffs}' /sys/fs/bpf`,
      'exec "$@"',
    ].join("; ");
    return ["netns", "exec", this.opts.node.netns, "unshare", "-m", "--propagation", "slave", "sh", "-c", script, "sh"];
  }

  private env(): NodeJS.ProcessEnv {
    return {
      PATH: `${LLVM_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: this.dir,
      K8S_NODE_NAME: this.opts.node.name,
      CILIUM_K8S_NAMESPACE: "kube-system",
    };
  }

  args(): string[] {
    const health = this.opts.healthChecking;
    return [
      `--k8s-kubeconfig-path=${this.opts.kubeconfig}`,
      "--cluster-name=e2e",
      "--cluster-id=0",
      "--ipam=kubernetes",
      "--k8s-require-ipv4-pod-cidr=true",
      "--routing-mode=tunnel",
      "--tunnel-protocol=vxlan",
      "--devices=eth0",
      "--enable-ipv4=true",
      "--enable-ipv6=false",
      "--enable-ipv4-masquerade=true",
      "--enable-bpf-masquerade=true",
      "--install-iptables-rules=true",
      "--enable-egress-gateway=true",
      "--identity-allocation-mode=crd",
      "--kube-proxy-replacement=false",
      "--bpf-lb-sock=false",
      "--enable-l7-proxy=false",
      "--enable-hubble=false",
      `--enable-health-checking=${health}`,
      "--enable-endpoint-health-checking=false",
      "--cni-exclusive=false",
      "--write-cni-conf-when-ready=",
      `--agent-health-port=${this.opts.healthPort}`,
      "--prometheus-serve-addr=",
      "--lib-dir=/var/lib/cilium",
    ];
  }

  start(): ManagedProcess {
    if (this.proc) throw new Error(`${this.name}: agent already running`);
    const proc = spawnLogged(
      `cilium-agent-${this.name}`,
      "ip",
      [...this.wrap(), path.join(this.opts.binDir, "cilium-agent"), ...this.args()],
      { logPath: path.join(this.opts.logDir, `cilium-agent-${this.name}.log`), env: this.env() },
    );
    this.proc = proc;
    void proc.exited.then(() => {
      if (this.proc === proc) this.proc = undefined;
    });
    return proc;
  }

  get logPath(): string {
    return path.join(this.opts.logDir, `cilium-agent-${this.name}.log`);
  }

  /** SIGKILL, as a crashed or OOM-killed container. */
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p) return;
    p.signal("SIGKILL");
    await p.exited;
    this.proc = undefined;
  }

  /** SIGTERM, SIGKILL after the grace. */
  async stop(graceMs = 10_000): Promise<void> {
    const p = this.proc;
    if (!p) return;
    await p.stop(graceMs);
    this.proc = undefined;
  }

  /**
   * The agent's health over its API socket (GET /v1/healthz, the status the kubelet's probe of
   * :agent-health-port/healthz reports): true when the agent says `Ok`.
   */
  healthy(timeoutMs = 3000): Promise<boolean> {
    if (!this.proc) return Promise.resolve(false);
    const socketPath = path.join(this.runDir, "cilium.sock");
    if (!existsSync(socketPath)) return Promise.resolve(false);
    return new Promise((resolve) => {
      const req = http.get({ socketPath, path: "/v1/healthz", timeout: timeoutMs }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => {
          try {
            const s = JSON.parse(body) as { cilium?: { state?: string } };
            resolve(res.statusCode === 200 && s.cilium?.state === "Ok");
          } catch {
            resolve(false);
          }
        });
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve(false));
    });
  }

  /** Runs cilium-dbg in the node's namespaces (it needs the agent socket and the pinned maps). */
  async dbg(args: string[]): Promise<string> {
    const { stdout } = await run("ip", [...this.wrap(), path.join(this.opts.binDir, "cilium-dbg"), ...args], {
      env: this.env(),
      timeoutMs: 30_000,
    });
    return stdout;
  }

  /** Runs cilium-cni in the node's namespaces with a CNI environment and the network config on stdin. */
  async cni(env: Record<string, string>): Promise<string> {
    const conf = JSON.stringify({ cniVersion: "0.3.1", name: "cilium", type: "cilium-cni" });
    const { stdout } = await run("ip", [...this.wrap(), path.join(this.opts.binDir, "cilium-cni")], {
      env: { ...this.env(), CNI_PATH: this.opts.binDir, ...env },
      input: conf,
      timeoutMs: 120_000,
    });
    return stdout;
  }

  /** Unmounts the bpffs and removes the node's directories (after the agent has stopped). */
  async cleanup(keep: boolean): Promise<string[]> {
    const errors: string[] = [];
    if (this.mounted) {
      try {
        await run("umount", [this.bpffs]);
        this.mounted = false;
      } catch (e) {
        errors.push((e as Error).message.split("\n")[0] ?? String(e));
      }
    }
    if (!keep && !this.mounted) rmSync(this.dir, { recursive: true, force: true });
    return errors;
  }
}
