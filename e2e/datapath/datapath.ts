/**
 * The real-datapath e2e world: a control plane (etcd, kube-apiserver, kube-controller-manager with the
 * node lifecycle controller, shell-operator running this checkout's hook as the chart's ServiceAccount
 * with the chart's settings) in the control-plane network namespace this process runs in; three gateway
 * nodes and one client node, each a network namespace with its own cilium-agent v1.20.2; a client pod
 * attached through cilium-cni; a UDP server outside. See e2e/README.md ("Real datapath").
 *
 * Started by e2e/datapath/run.sh, which creates the control-plane namespace, runs this process in it,
 * and removes whatever a crash of this process left behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type Cluster, e2eCacheDir, type ManagedProcess, startCluster, waitFor } from "../harness/cluster.js";
import { CEGP_PATH, Kube, type KubeObject, MERGE_PATCH } from "../support/kube.js";
import { gatewaysOf, HOSTNAME, POOL_LABELS, World } from "../support/world.js";
import { CiliumAgent, ensureHostMountPoints, LLVM_BIN } from "./agent.js";
import { AgentTaintRule, Kubelet } from "./kubelet.js";
import { inNetns, ipIn, NET, type NodeNet, run, Topology } from "./netns.js";
import { Operator } from "./operator.js";
import { Probe } from "./traffic.js";

export const REPO = path.join(import.meta.dirname, "..", "..");
export const GATEWAYS = ["gw1", "gw2", "gw3"] as const;
export const CLIENT = "client";
export const POD = { namespace: "default", name: "dp-client", labels: { app: "dp-client" } };
export const CHART_NAMESPACE = "egress-ha";
export const EGRESS_IP_ANNOTATION = "cilium-egress-ha/egress-ip";
const KEEP = process.env.E2E_KEEP === "1";

export interface DpNode extends NodeNet {
  podCIDR: string;
  gateway: boolean;
  /** The address a policy's egressIP names for this node (configured only when a scenario adds it). */
  egressIP: string;
}

const NODE_PLAN: { name: string; ip: string; podCIDR: string; gateway: boolean; egressIP: string }[] = [
  { name: "gw1", ip: "10.77.0.11", podCIDR: "10.244.1.0/24", gateway: true, egressIP: "10.77.0.111" },
  { name: "gw2", ip: "10.77.0.12", podCIDR: "10.244.2.0/24", gateway: true, egressIP: "10.77.0.112" },
  { name: "gw3", ip: "10.77.0.13", podCIDR: "10.244.3.0/24", gateway: true, egressIP: "10.77.0.113" },
  { name: "client", ip: "10.77.0.21", podCIDR: "10.244.4.0/24", gateway: false, egressIP: "" },
];

/** Why the datapath e2e cannot run here, or undefined when it can. */
export function missingPrerequisites(): string[] {
  const cache = e2eCacheDir();
  const out: string[] = [];
  if (process.getuid?.() !== 0) out.push("must run as root (network namespaces, bpffs, BPF programs)");
  if (!process.env.CEHA_DP_PREFIX) out.push("not started by e2e/datapath/run.sh (npm run e2e:datapath)");
  for (const b of [
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kubectl",
    "shell-operator",
    "helm",
    "cilium-agent",
    "cilium-cni",
    "cilium-dbg",
  ]) {
    if (!existsSync(path.join(cache, "bin", b))) out.push(`${path.join(cache, "bin", b)} not built`);
  }
  if (!existsSync(path.join(cache, "cilium", "bpf", "bpf_lxc.c"))) out.push("cilium BPF sources not extracted");
  for (const t of ["clang", "llc"]) {
    if (!existsSync(path.join(LLVM_BIN, t))) out.push(`${LLVM_BIN}/${t} missing (apt-get install clang-19 llvm-19)`);
  }
  if (!existsSync("/sys/kernel/btf/vmlinux")) out.push("no kernel BTF (/sys/kernel/btf/vmlinux)");
  return out;
}

/** Whether a TCP connection to host:port is accepted (from this, the control-plane, namespace). */
export function tcpOpen(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, host);
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

export function say(msg: string): void {
  process.stderr.write(`[datapath ${new Date().toISOString().slice(11, 23)}] ${msg}\n`);
}

export class Datapath {
  readonly topo: Topology;
  readonly work: string;
  readonly logDir: string;
  readonly nodes = new Map<string, DpNode>();
  readonly agents = new Map<string, CiliumAgent>();
  readonly kubelets = new Map<string, Kubelet>();
  cluster!: Cluster;
  kube!: Kube;
  world!: World;
  probe!: Probe;
  operator!: Operator;
  taintRule!: AgentTaintRule;
  podNetns = "";
  podIP = "";
  /** The running hook's settings (the chart's, for the operator flavour in use). */
  get hookEnv(): Record<string, string> {
    return this.operator?.hookEnv ?? {};
  }
  readonly timings: Record<string, number> = {};
  private cleanups: { what: string; fn: () => Promise<unknown> }[] = [];
  private tornDown = false;
  private madeHostDirs: string[] = [];

  constructor(prefix: string) {
    this.topo = new Topology(prefix);
    // run.sh hands over a work dir it removes (with any mount left under it) even after a crash
    const base = process.env.CEHA_DP_WORK;
    this.work = base ? path.join(base, "run") : mkdtempSync(path.join(os.tmpdir(), "ceha-dp-"));
    mkdirSync(this.work, { recursive: true });
    this.logDir = path.join(this.work, "logs");
    mkdirSync(this.logDir, { recursive: true });
  }

  /** Registers a teardown step; they run in reverse order. */
  private onTeardown(what: string, fn: () => Promise<unknown>): void {
    this.cleanups.push({ what, fn });
  }

  node(name: string): DpNode {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  agent(name: string): CiliumAgent {
    const a = this.agents.get(name);
    if (!a) throw new Error(`no agent ${name}`);
    return a;
  }

  kubelet(name: string): Kubelet {
    const k = this.kubelets.get(name);
    if (!k) throw new Error(`no kubelet ${name}`);
    return k;
  }

  async setup(): Promise<void> {
    const t0 = Date.now();
    const lap = (k: string, since: number) => {
      this.timings[k] = Date.now() - since;
      say(`${k}: ${this.timings[k]} ms`);
    };
    const cache = e2eCacheDir();
    const binDir = path.join(cache, "bin");

    let t = Date.now();
    this.onTeardown("namespaces", async () => {
      const errs = await this.topo.down();
      if (errs.length) say(`namespace deletion: ${errs.join("; ")}`);
    });
    await this.topo.up();
    for (const n of NODE_PLAN) {
      const net = await this.topo.addNode(n.name, n.ip);
      this.nodes.set(n.name, { ...net, podCIDR: n.podCIDR, gateway: n.gateway, egressIP: n.egressIP });
    }
    lap("topology", t);

    // Control plane, bound so the node namespaces reach the apiserver over the bridge.
    t = Date.now();
    const crdDir = path.join(cache, "cilium", "crds");
    this.cluster = await startCluster({
      workDir: path.join(this.work, "cluster"),
      crds: readdirSync(crdDir)
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => path.join(crdDir, f)),
      apiserverArgs: ["--bind-address=0.0.0.0"],
      // kube-controller-manager's own defaults: a 5 s monitor period, 50 s grace, 60 s startup grace
      controllerManager: {
        nodeMonitorPeriodSeconds: 5,
        nodeMonitorGracePeriodSeconds: 50,
        nodeStartupGracePeriodSeconds: 60,
      },
      keepWorkDir: KEEP,
      readyTimeoutMs: 120_000,
    });
    this.onTeardown("control plane", () => this.cluster.stop());
    this.kube = Kube.admin(this.cluster);
    this.world = new World(this.kube);
    await this.world.startWatches();
    this.onTeardown("watches", async () => this.world.stopWatches());
    lap("control plane", t);

    const apiPort = new URL(this.cluster.server).port;
    const agentKubeconfig = path.join(this.work, "agent.kubeconfig");
    writeFileSync(
      agentKubeconfig,
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
          {
            name: "e2e",
            cluster: {
              server: `https://${NET.cpUnderlayIP}:${apiPort}`,
              "certificate-authority": this.cluster.pki.caCrt,
              // the serving certificate names 127.0.0.1 and localhost, not the bridge address
              "tls-server-name": "localhost",
            },
          },
        ],
        users: [
          {
            name: "agent",
            user: { "client-certificate": this.cluster.pki.adminCrt, "client-key": this.cluster.pki.adminKey },
          },
        ],
        contexts: [{ name: "e2e", context: { cluster: "e2e", user: "agent" } }],
        "current-context": "e2e",
      }),
    );

    // Node objects, their heartbeats and the agent Pods
    t = Date.now();
    this.taintRule = new AgentTaintRule(this.kube);
    await this.taintRule.start();
    this.onTeardown("taint rule", async () => this.taintRule.stop());
    this.madeHostDirs = ensureHostMountPoints();
    this.onTeardown("host mount points", async () => {
      for (const d of this.madeHostDirs) {
        try {
          rmdirSync(d); // only if empty: nothing but the agents' bind mounts used it
        } catch {
          // not empty, or already gone
        }
      }
    });
    for (const n of this.nodes.values()) {
      await this.createNode(n);
      const agent = new CiliumAgent({
        node: n,
        binDir,
        bpfSrc: path.join(cache, "cilium", "bpf"),
        workDir: path.join(this.work, "nodes"),
        kubeconfig: agentKubeconfig,
        healthPort: 9879,
        healthChecking: n.gateway,
        logDir: this.logDir,
      });
      await agent.prepare();
      this.agents.set(n.name, agent);
      this.onTeardown(`agent ${n.name}`, async () => {
        await agent.stop();
        const errs = await agent.cleanup(KEEP);
        if (errs.length) say(`agent ${n.name} cleanup: ${errs.join("; ")}`);
      });
      const kubelet = new Kubelet(this.kube, n.name, agent);
      await kubelet.start();
      this.kubelets.set(n.name, kubelet);
      this.onTeardown(`kubelet ${n.name}`, () => kubelet.die());
    }
    lap("nodes", t);

    // Agents one after the other: each compiles its BPF programs with clang at startup, and two
    // compiling at once on two cores slow each other down.
    for (const n of this.nodes.values()) {
      t = Date.now();
      await this.startAgent(n.name);
      lap(`agent ${n.name} healthy`, t);
    }
    await this.waitAllHealthy(180_000);
    // cilium-health answers on 4240 on every gateway (the probe path of issue 11 can use it)
    for (const n of this.nodes.values()) {
      if (!n.gateway) continue;
      await waitFor(`cilium-health on ${n.ip}:4240`, () => tcpOpen(n.ip, 4240), {
        timeoutMs: 120_000,
        intervalMs: 1000,
      });
    }

    // The client pod through cilium-cni
    t = Date.now();
    await this.attachPod();
    lap("pod attached", t);

    // Traffic, before any policy: masqueraded to the client node's address
    t = Date.now();
    this.probe = new Probe(this.topo.outside, this.podNetns, this.logDir);
    this.onTeardown("probe", () => this.probe.stop());
    await this.probe.start();
    await this.probe.waitFor((a) => a.src === this.node(CLIENT).ip, Date.now(), 60_000, "from the client node");
    lap("traffic flowing", t);

    // The operator pod as the chart renders it: the tick probe, or the prober beside the hook
    t = Date.now();
    await this.kube.must("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: CHART_NAMESPACE },
    });
    this.operator = new Operator(this.cluster, this.kube, REPO, path.join(this.work, "operator"), CHART_NAMESPACE);
    mkdirSync(path.join(this.work, "operator"), { recursive: true });
    this.onTeardown("operator", () => this.operator.teardown());
    await this.operator.use(process.env.E2E_PROBER === "1");
    lap("shell-operator", t);
    this.timings.setup = Date.now() - t0;
    say(`setup done in ${this.timings.setup} ms; work dir ${this.work}`);
  }

  private async createNode(n: DpNode): Promise<void> {
    const labels: Record<string, string> = { [HOSTNAME]: n.name, "kubernetes.io/os": "linux" };
    if (n.gateway) Object.assign(labels, POOL_LABELS);
    else labels["node-role.kubernetes.io/worker"] = "";
    await this.kube.must("POST", "/api/v1/nodes", {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name: n.name,
        labels,
        annotations: n.gateway ? { [EGRESS_IP_ANNOTATION]: n.egressIP } : {},
      },
      spec: { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR] },
    });
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    await this.kube.must(
      "PATCH",
      `/api/v1/nodes/${n.name}/status`,
      {
        status: {
          addresses: [
            { type: "InternalIP", address: n.ip },
            { type: "Hostname", address: n.name },
          ],
          conditions: [
            {
              type: "Ready",
              status: "True",
              reason: "KubeletReady",
              message: "kubelet is posting ready status",
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            },
          ],
        },
      },
      MERGE_PATCH,
    );
  }

  async startAgent(name: string, timeoutMs = 240_000): Promise<void> {
    await this.startAgentWait(name, this.agent(name).start(), timeoutMs);
  }

  /** Waits until a just-started agent is healthy; fails at once, with its log's tail, if it exits. */
  async startAgentWait(name: string, proc: ManagedProcess, timeoutMs = 240_000): Promise<void> {
    const agent = this.agent(name);
    await waitFor(`cilium-agent ${name} healthy`, () => agent.healthy(), { timeoutMs, intervalMs: 500, proc });
  }

  async waitAllHealthy(timeoutMs: number): Promise<void> {
    await waitFor(
      "every agent healthy",
      async () => (await Promise.all([...this.agents.values()].map((a) => a.healthy()))).every(Boolean),
      { timeoutMs, intervalMs: 500 },
    );
  }

  private async attachPod(): Promise<void> {
    const client = this.node(CLIENT);
    await this.kube.must("POST", `/api/v1/namespaces/${POD.namespace}/pods`, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: POD.name, labels: POD.labels },
      spec: { nodeName: CLIENT, containers: [{ name: "probe", image: "registry.example.com/probe:e2e" }] },
    });
    this.podNetns = `${this.topo.prefix}-pod`;
    await this.topo.addNetns(this.podNetns);
    const cniEnv = {
      CNI_CONTAINERID: `${this.topo.prefix}-pod`,
      CNI_NETNS: `/run/netns/${this.podNetns}`,
      CNI_IFNAME: "eth0",
      CNI_ARGS: `K8S_POD_NAMESPACE=${POD.namespace};K8S_POD_NAME=${POD.name}`,
    };
    const agent = this.agent(CLIENT);
    this.onTeardown("CNI DEL", async () => {
      if (!agent.running) return; // the agent is gone; deleting the namespaces removes the veth
      try {
        await agent.cni({ ...cniEnv, CNI_COMMAND: "DEL" });
      } catch (e) {
        say(`CNI DEL: ${(e as Error).message.split("\n")[0]}`);
      }
    });
    const out = await agent.cni({ ...cniEnv, CNI_COMMAND: "ADD" });
    const result = JSON.parse(out) as { ips?: { address: string }[] };
    this.podIP = (result.ips?.[0]?.address ?? "").split("/")[0] ?? "";
    if (!this.podIP) throw new Error(`cilium-cni ADD returned no IP: ${out}`);
    say(`pod ${POD.name} at ${this.podIP} on ${CLIENT} (client node ${client.ip})`);
  }

  /** Tears everything down, in reverse order of setup. Idempotent; never throws. */
  async teardown(): Promise<void> {
    if (this.tornDown) return;
    this.tornDown = true;
    await this.operator?.stop().catch(() => {});
    for (const { what, fn } of this.cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        say(`teardown ${what}: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    if (KEEP) say(`kept ${this.work}`);
    else rmSync(this.work, { recursive: true, force: true });
  }

  // -------------------------------------------------------------------------------------------
  // What the scenarios do

  /** A node's source address as the outside sees it: its own, or its egress IP. */
  source(name: string, egressIP = false): string {
    const n = this.node(name);
    return egressIP ? n.egressIP : n.ip;
  }

  /** Hard crash: the node's link is cut and its kubelet stops heartbeating. */
  async crash(name: string): Promise<void> {
    await this.topo.setLink(this.node(name), false);
    await this.kubelet(name).die();
  }

  /** The crashed node is back: link up, heartbeats resume. */
  async revive(name: string): Promise<void> {
    await this.topo.setLink(this.node(name), true);
    this.kubelet(name).revive();
  }

  async cordon(name: string, on: boolean): Promise<void> {
    await this.kube.must("PATCH", `/api/v1/nodes/${name}`, { spec: { unschedulable: on ? true : null } }, MERGE_PATCH);
  }

  async addEgressIP(name: string): Promise<void> {
    const n = this.node(name);
    await ipIn(n.netns, "addr", "add", `${n.egressIP}/32`, "dev", "eth0");
  }

  async removeEgressIP(name: string): Promise<void> {
    const n = this.node(name);
    await ipIn(n.netns, "addr", "del", `${n.egressIP}/32`, "dev", "eth0").catch(() => {});
  }

  async nodeObject(name: string): Promise<KubeObject> {
    return this.kube.must<KubeObject>("GET", `/api/v1/nodes/${name}`);
  }

  /** Ready=True, no taint, heartbeating, agent healthy and its Pod Ready: a candidate for the hook. */
  async nodeHealthy(name: string): Promise<boolean> {
    const n = await this.nodeObject(name);
    const conds = (n.status?.conditions ?? []) as { type: string; status: string }[];
    const taints = (n.spec?.taints ?? []) as unknown[];
    const pod = await this.kube.must<KubeObject>("GET", `/api/v1/namespaces/kube-system/pods/cilium-${name}`);
    const podReady = ((pod.status?.conditions ?? []) as { type: string; status: string }[]).some(
      (c) => c.type === "Ready" && c.status === "True",
    );
    return (
      conds.some((c) => c.type === "Ready" && c.status === "True") &&
      taints.length === 0 &&
      !n.spec?.unschedulable &&
      this.kubelet(name).isAlive &&
      podReady &&
      (await this.agent(name).healthy())
    );
  }

  async waitNodesHealthy(names: readonly string[], timeoutMs = 240_000): Promise<void> {
    await waitFor(
      `nodes ${names.join(",")} healthy`,
      async () => (await Promise.all(names.map((n) => this.nodeHealthy(n)))).every(Boolean),
      { timeoutMs, intervalMs: 500 },
    );
  }

  /** A CEGP for the client pod and the outside subnet, managed by the hook's `egress` pool. */
  async createPolicy(
    name: string,
    gateway: string,
    opts: { egressIP?: string; managed?: boolean } = {},
  ): Promise<KubeObject> {
    const egressGateway: Record<string, unknown> = { nodeSelector: { matchLabels: { [HOSTNAME]: gateway } } };
    if (opts.egressIP) egressGateway.egressIP = opts.egressIP;
    else egressGateway.interface = "eth0";
    return this.kube.must<KubeObject>("POST", CEGP_PATH, {
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      metadata: {
        name,
        ...(opts.managed === false ? {} : { annotations: { "cilium-egress-ha/pool": "egress" } }),
      },
      spec: {
        selectors: [{ podSelector: { matchLabels: POD.labels } }],
        destinationCIDRs: [NET.outside],
        egressGateway,
      },
    });
  }

  async deletePolicy(name: string): Promise<void> {
    const r = await this.kube.request("DELETE", `${CEGP_PATH}/${name}`);
    if (r.status !== 200 && r.status !== 404) throw new Error(`DELETE policy ${name}: ${r.status} ${r.text}`);
  }

  async gatewayOf(policy: string): Promise<string> {
    return gatewaysOf(await this.world.policy(policy))[0] ?? "";
  }

  /** Policy writes that changed the gateway (hostname or egressIP) between from and to. */
  moves(policy: string, from: number, to: number): { at: number; gateway: string; egressIP: string }[] {
    const out: { at: number; gateway: string; egressIP: string }[] = [];
    let last: string | undefined;
    for (const e of this.world.events) {
      if (e.object.kind !== "CiliumEgressGatewayPolicy" || e.object.metadata.name !== policy) continue;
      const gw = gatewaysOf(e.object)[0] ?? "";
      const ip =
        ((e.object.spec as { egressGateway?: { egressIP?: string } }).egressGateway?.egressIP as string | undefined) ??
        "";
      const key = `${gw}|${ip}`;
      if (e.at >= from && e.at < to && last !== undefined && key !== last)
        out.push({ at: e.at, gateway: gw, egressIP: ip });
      last = key;
    }
    return out;
  }

  /** The egress entries every agent has programmed (cilium-dbg bpf egress list), for diagnostics. */
  async egressMaps(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [name, agent] of this.agents) {
      out[name] = agent.running
        ? await agent.dbg(["bpf", "egress", "list"]).catch((e: Error) => e.message.split("\n")[0] ?? "")
        : "(agent not running)";
    }
    return out;
  }

  /** `ip addr` of a node namespace, for diagnostics. */
  async addrs(name: string): Promise<string> {
    return (await inNetns(this.node(name).netns, "ip", ["-br", "addr"])).stdout;
  }
}

export { run };
