/**
 * The e2e "world": pool nodes and policies on the real apiserver, node failures written the way
 * the kubelet and the node lifecycle controller write them, watches that timestamp every change,
 * and the latency samples they yield.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { CEGP_PATH, JSON_PATCH, type Kube, type KubeObject, MERGE_PATCH, type WatchEvent } from "./kube.js";

export const POOL_LABELS = { "node.kubernetes.io/role": "egress" };
export const HOSTNAME = "kubernetes.io/hostname";
export const LONG_AGO = "2026-01-01T00:00:00Z";

/** Copies hooks/ and dist/ into the layout the image has: <root>/opt/cilium-egress-ha/{hooks,dist}. */
export function imageLayout(repo: string, root: string): string {
  const base = path.join(root, "opt", "cilium-egress-ha");
  mkdirSync(base, { recursive: true });
  cpSync(path.join(repo, "hooks"), path.join(base, "hooks"), { recursive: true });
  cpSync(path.join(repo, "dist"), path.join(base, "dist"), { recursive: true });
  return path.join(base, "hooks");
}

function readyCondition(status: "True" | "False" | "Unknown", since: string) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  return {
    type: "Ready",
    status,
    reason: status === "True" ? "KubeletReady" : status === "False" ? "KubeletNotReady" : "NodeStatusUnknown",
    message: status === "True" ? "kubelet is posting ready status" : "e2e",
    lastHeartbeatTime: now,
    lastTransitionTime: since,
  };
}

export class World {
  readonly events: WatchEvent[] = [];
  private stops: (() => void)[] = [];

  constructor(readonly kube: Kube) {}

  async startWatches(): Promise<void> {
    for (const p of [CEGP_PATH, "/api/v1/nodes"]) {
      const w = this.kube.watch(p, (e) => this.events.push(e));
      this.stops.push(w.stop);
      await w.ready;
    }
  }

  stopWatches(): void {
    for (const s of this.stops) s();
  }

  async createNode(name: string, labels: Record<string, string> = POOL_LABELS): Promise<void> {
    await this.kube.must("POST", "/api/v1/nodes", {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, labels: { ...labels, [HOSTNAME]: name } },
    });
    await this.setReady(name, "True", LONG_AGO);
    // The TaintNodesByCondition admission plugin taints every new Node not-ready; with no node
    // lifecycle controller running, nothing else would lift it.
    await this.setTaints(name, []);
  }

  /** Writes the Ready condition as the kubelet (True/False) or the node lifecycle controller (Unknown) would. */
  async setReady(
    name: string,
    status: "True" | "False" | "Unknown",
    since = new Date().toISOString(),
  ): Promise<KubeObject> {
    return this.kube.must<KubeObject>(
      "PATCH",
      `/api/v1/nodes/${name}/status`,
      {
        status: { conditions: [readyCondition(status, since.replace(/\.\d+Z$/, "Z"))] },
      },
      MERGE_PATCH,
    );
  }

  async setTaints(name: string, keys: string[]): Promise<KubeObject> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const taints = keys.flatMap((key) => [
      { key, effect: "NoSchedule" },
      { key, effect: "NoExecute", timeAdded: now },
    ]);
    return this.kube.must<KubeObject>("PATCH", `/api/v1/nodes/${name}`, { spec: { taints } }, MERGE_PATCH);
  }

  /** Sets the node's InternalIP (status.addresses), as the kubelet reports it. */
  async setAddress(name: string, address: string): Promise<KubeObject> {
    return this.kube.must<KubeObject>(
      "PATCH",
      `/api/v1/nodes/${name}/status`,
      { status: { addresses: [{ type: "InternalIP", address }] } },
      MERGE_PATCH,
    );
  }

  /**
   * Renews (creating it the first time) the node's Lease in kube-node-lease, as the kubelet does;
   * `at` back-dates the renewal (a kubelet that stopped then).
   */
  async renewLease(name: string, durationSeconds = 40, at = new Date()): Promise<void> {
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`;
    const spec = {
      holderIdentity: name,
      leaseDurationSeconds: durationSeconds,
      renewTime: at.toISOString().replace("Z", "000Z"),
    };
    const res = await this.kube.request("PATCH", path, { spec }, MERGE_PATCH);
    if (res.status === 404) {
      await this.kube.must("POST", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name, namespace: "kube-node-lease" },
        spec,
      });
    } else if (res.status >= 300) {
      throw new Error(`renew Lease ${name}: HTTP ${res.status}`);
    }
  }

  /** A pool node as the probe e2e needs it: its InternalIP, a Ready agent pod, a fresh Lease. */
  async createProbedNode(name: string, address: string): Promise<void> {
    await this.createNode(name);
    await this.setAddress(name, address);
    await this.createAgentPod(name);
    await this.renewLease(name);
  }

  /** The kubelet's rhythm for every node in `beating` (read at each beat): a 40 s Lease renewed every 10 s. */
  heartbeat(beating: ReadonlySet<string>): NodeJS.Timeout {
    return setInterval(() => {
      for (const node of beating) void this.renewLease(node).catch(() => undefined);
    }, 10_000);
  }

  /** A cilium agent pod on `node` (k8s-app=cilium in kube-system), Ready since long ago. */
  async createAgentPod(node: string): Promise<void> {
    const sa = await this.kube.request("GET", "/api/v1/namespaces/kube-system/serviceaccounts/cilium");
    if (sa.status === 404) {
      await this.kube.must("POST", "/api/v1/namespaces/kube-system/serviceaccounts", {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "cilium" },
      });
    }
    await this.kube.must("POST", "/api/v1/namespaces/kube-system/pods", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `cilium-${node}`, labels: { "k8s-app": "cilium" } },
      spec: {
        nodeName: node,
        serviceAccountName: "cilium",
        automountServiceAccountToken: false,
        containers: [{ name: "cilium-agent", image: "quay.io/cilium/cilium:v1.20.2" }],
      },
    });
    await this.setAgentReady(node, true, LONG_AGO);
  }

  /** Writes the agent pod's Ready condition, as the kubelet would. */
  async setAgentReady(node: string, ready: boolean, since = new Date().toISOString()): Promise<void> {
    await this.kube.must(
      "PATCH",
      `/api/v1/namespaces/kube-system/pods/cilium-${node}/status`,
      {
        status: {
          phase: "Running",
          conditions: [
            { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: since.replace(/\.\d+Z$/, "Z") },
          ],
        },
      },
      MERGE_PATCH,
    );
  }

  async deleteNode(name: string): Promise<void> {
    await this.kube.must("DELETE", `/api/v1/nodes/${name}`);
  }

  async createPolicy(
    name: string,
    opts: { pool?: string; hostname?: string; gateways?: string[] },
  ): Promise<KubeObject> {
    const gateway = (host?: string) => ({
      nodeSelector: { matchLabels: host ? { [HOSTNAME]: host } : { ...POOL_LABELS } },
    });
    const metadata: Record<string, unknown> = { name };
    if (opts.pool) metadata.annotations = { "cilium-egress-ha/pool": opts.pool };
    return this.kube.must<KubeObject>("POST", CEGP_PATH, {
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      metadata,
      spec: {
        selectors: [{ podSelector: { matchLabels: { app: name } } }],
        destinationCIDRs: ["0.0.0.0/0"],
        egressGateway: gateway(opts.hostname),
        ...(opts.gateways ? { egressGateways: opts.gateways.map(gateway) } : {}),
      },
    });
  }

  async policy(name: string): Promise<KubeObject> {
    return this.kube.must<KubeObject>("GET", `${CEGP_PATH}/${name}`);
  }

  async pinHostname(name: string, host: string): Promise<KubeObject> {
    return this.kube.must<KubeObject>(
      "PATCH",
      `${CEGP_PATH}/${name}`,
      [{ op: "replace", path: "/spec/egressGateway/nodeSelector/matchLabels/kubernetes.io~1hostname", value: host }],
      JSON_PATCH,
    );
  }

  /** Resolves with the first policy event at or after `since` that satisfies `check`. */
  async waitForPolicy(
    name: string,
    check: (p: KubeObject) => boolean,
    opts: { since?: number; timeoutMs?: number } = {},
  ): Promise<WatchEvent> {
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    const since = opts.since ?? 0;
    let seen = 0;
    while (Date.now() < deadline) {
      for (; seen < this.events.length; seen++) {
        const e = this.events[seen] as WatchEvent;
        if (e.at < since || e.object.kind !== "CiliumEgressGatewayPolicy" || e.object.metadata.name !== name) continue;
        if (e.type !== "DELETED" && check(e.object)) return e;
      }
      await sleep(20);
    }
    const current = await this.policy(name).catch((err: Error) => err.message);
    throw new Error(
      `policy ${name}: condition not met in ${opts.timeoutMs ?? 30_000} ms; now: ${JSON.stringify(current)}`,
    );
  }

  /** The arrival time of the node watch event that carries `resourceVersion` (or its deletion). */
  async nodeEventAt(name: string, match: { resourceVersion?: string | undefined; deleted?: boolean }): Promise<number> {
    for (let i = 0; i < 500; i++) {
      const e = this.events.find(
        (x) =>
          x.object.kind === "Node" &&
          x.object.metadata.name === name &&
          (match.deleted ? x.type === "DELETED" : x.object.metadata.resourceVersion === match.resourceVersion),
      );
      if (e) return e.at;
      await sleep(10);
    }
    throw new Error(`no watch event for node ${name} ${JSON.stringify(match)}`);
  }
}

/**
 * Repetitions: a small sample by default (what CI runs), the full count behind the README's
 * tables with E2E_FULL=1. A specific variable, when set, wins.
 */
export function repetitions(variable: string, small: number, full: number): number {
  const v = process.env[variable];
  if (v !== undefined && v !== "") return Number(v);
  return process.env.E2E_FULL === "1" ? full : small;
}

export function gatewaysOf(p: KubeObject): string[] {
  const spec = p.spec as {
    egressGateway?: { nodeSelector?: { matchLabels?: Record<string, string> } };
    egressGateways?: { nodeSelector?: { matchLabels?: Record<string, string> } }[];
  };
  const slots = spec.egressGateways && spec.egressGateways.length > 0 ? spec.egressGateways : [spec.egressGateway];
  return slots.map((s) => s?.nodeSelector?.matchLabels?.[HOSTNAME] ?? "");
}

export class Latency {
  readonly samples = new Map<string, number[]>();

  add(scenario: string, ms: number): void {
    this.samples.set(scenario, [...(this.samples.get(scenario) ?? []), Math.round(ms)]);
  }

  rows(): { scenario: string; samples: number; p50_ms: number; p95_ms: number }[] {
    return [...this.samples].map(([scenario, xs]) => {
      const s = [...xs].sort((a, b) => a - b);
      const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] as number;
      return { scenario, samples: s.length, p50_ms: q(0.5), p95_ms: q(0.95) };
    });
  }

  table(): string {
    const rows = this.rows();
    const w = Math.max(8, ...rows.map((r) => r.scenario.length));
    const lines = [`${"scenario".padEnd(w)}  samples   p50 ms   p95 ms`];
    for (const r of rows) {
      lines.push(
        `${r.scenario.padEnd(w)}  ${String(r.samples).padStart(7)}  ${String(r.p50_ms).padStart(7)}  ${String(r.p95_ms).padStart(7)}`,
      );
    }
    return lines.join("\n");
  }
}

/** Merges `rows` into .e2e/latency.json (each e2e file adds its scenarios) and returns the file's path. */
export function recordLatency(repo: string, rows: ReturnType<Latency["rows"]>): string {
  const file = path.join(repo, ".e2e", "latency.json");
  mkdirSync(path.dirname(file), { recursive: true });
  const earlier = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as { scenario: string }[]).filter(
        (r) => !rows.some((x) => x.scenario === r.scenario),
      )
    : [];
  writeFileSync(file, `${JSON.stringify([...earlier, ...rows], null, 2)}\n`);
  return file;
}
