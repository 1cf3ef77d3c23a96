/**
 * What a kubelet and cilium-operator would write, for nodes that have neither:
 *
 * - `Kubelet`: the node's heartbeat with the kubelet's default timings (a 40 s Lease renewed every 10 s,
 *   the Ready condition posted with it), and the status of the node's cilium-agent Pod, whose Ready
 *   condition follows the real agent's health (checked every second, as a readiness probe would; a
 *   killed agent is a dead container, so Ready=False at once). `die()` stops all of it, as a dead
 *   machine does; `revive()` starts it again.
 * - `AgentTaintRule`: cilium-operator's node-taint rule (`--set-cilium-node-taints` and
 *   `--remove-cilium-node-taints`, both on in the Helm chart's defaults): a node whose agent Pod exists
 *   but is not Ready gets `node.cilium.io/agent-not-ready:NoSchedule`; a node with a Ready agent Pod loses
 *   it. Like the operator, it runs centrally, so it also acts on a dead node's Pod (which the node
 *   lifecycle controller marks not Ready).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { JSON_PATCH, type Kube, type KubeObject, MERGE_PATCH } from "../support/kube.js";
import type { CiliumAgent } from "./agent.js";

export const AGENT_NOT_READY_TAINT = "node.cilium.io/agent-not-ready";
export const LEASE_SECONDS = 40;
export const RENEW_SECONDS = 10;
const AGENT_NAMESPACE = "kube-system";

const rfc3339 = (ms = Date.now()) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
const micro = (ms = Date.now()) => new Date(ms).toISOString().replace(/Z$/, "000Z");

export const agentPodName = (node: string) => `cilium-${node}`;

type Condition = { type: string; status: string; lastTransitionTime?: string };

export class Kubelet {
  private alive = false;
  private ready: "True" | "False" = "True";
  private readySince = rfc3339();
  private loops: Promise<void>[] = [];
  private wakers = new Set<() => void>();
  /** When the Lease was last renewed (ms since the epoch). */
  lastRenewAt = 0;
  /** Writes that failed (the apiserver was busy, a conflict); logged, never fatal. */
  readonly errors: string[] = [];

  constructor(
    private readonly kube: Kube,
    readonly node: string,
    private readonly agent: CiliumAgent,
  ) {}

  get isAlive(): boolean {
    return this.alive;
  }

  /** Creates the node's Lease and agent Pod if missing, then heartbeats until `die()`. */
  async start(): Promise<void> {
    const lease = await this.kube.request(
      "GET",
      `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${this.node}`,
    );
    if (lease.status === 404) {
      await this.kube.must("POST", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name: this.node },
        spec: { holderIdentity: this.node, leaseDurationSeconds: LEASE_SECONDS, renewTime: micro() },
      });
    }
    const pod = await this.kube.request("GET", `/api/v1/namespaces/${AGENT_NAMESPACE}/pods/${agentPodName(this.node)}`);
    if (pod.status === 404) {
      await this.kube.must("POST", `/api/v1/namespaces/${AGENT_NAMESPACE}/pods`, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          name: agentPodName(this.node),
          labels: { "k8s-app": "cilium", "app.kubernetes.io/name": "cilium-agent" },
        },
        spec: {
          nodeName: this.node,
          hostNetwork: true,
          containers: [{ name: "cilium-agent", image: "quay.io/cilium/cilium:v1.20.2" }],
          tolerations: [{ operator: "Exists" }],
        },
      });
    }
    this.revive();
  }

  /** The machine dies: no more Lease renewals, node status or Pod status. */
  async die(): Promise<void> {
    this.alive = false;
    for (const w of this.wakers) w();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** The machine is back: heartbeats resume at once. */
  revive(): void {
    if (this.alive) return;
    this.alive = true;
    this.loops = [this.heartbeatLoop(), this.podLoop()];
  }

  /** What the kubelet reports as the node's Ready condition (False: e.g. its container runtime is down). */
  async setReady(status: "True" | "False"): Promise<void> {
    if (status !== this.ready) {
      this.ready = status;
      this.readySince = rfc3339();
    }
    if (this.alive) await this.postStatus();
  }

  private async sleepUnlessWoken(ms: number): Promise<void> {
    let wake: () => void = () => {};
    const woken = new Promise<void>((r) => {
      wake = r;
      this.wakers.add(r);
    });
    await Promise.race([sleep(ms), woken]);
    this.wakers.delete(wake);
  }

  private async heartbeatLoop(): Promise<void> {
    while (this.alive) {
      try {
        await this.kube.must(
          "PATCH",
          `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${this.node}`,
          { spec: { renewTime: micro(), holderIdentity: this.node, leaseDurationSeconds: LEASE_SECONDS } },
          MERGE_PATCH,
        );
        this.lastRenewAt = Date.now();
        await this.postStatus();
      } catch (e) {
        this.errors.push(`${new Date().toISOString()} heartbeat: ${(e as Error).message.slice(0, 200)}`);
      }
      await this.sleepUnlessWoken(RENEW_SECONDS * 1000);
    }
  }

  private async postStatus(): Promise<void> {
    const now = rfc3339();
    const ready = this.ready === "True";
    // Like the kubelet, a new lastTransitionTime when the status differs from what the Node says
    // (the node lifecycle controller may have set Unknown meanwhile).
    const node = await this.kube.must<KubeObject>("GET", `/api/v1/nodes/${this.node}`);
    const seen = ((node.status?.conditions ?? []) as Condition[]).find((c) => c.type === "Ready");
    if (seen && seen.status !== this.ready) this.readySince = now;
    await this.kube.must(
      "PATCH",
      `/api/v1/nodes/${this.node}/status`,
      {
        status: {
          conditions: [
            {
              type: "Ready",
              status: this.ready,
              reason: ready ? "KubeletReady" : "KubeletNotReady",
              message: ready ? "kubelet is posting ready status" : "container runtime is down (e2e)",
              lastHeartbeatTime: now,
              lastTransitionTime: this.readySince,
            },
          ],
        },
      },
      MERGE_PATCH,
    );
  }

  private async podLoop(): Promise<void> {
    while (this.alive) {
      try {
        await this.syncPod();
      } catch (e) {
        this.errors.push(`${new Date().toISOString()} pod: ${(e as Error).message.slice(0, 200)}`);
      }
      await this.sleepUnlessWoken(1000);
    }
  }

  /** Sets the agent Pod's Ready condition to the agent's health when they differ. */
  async syncPod(): Promise<void> {
    const healthy = await this.agent.healthy();
    if (!this.alive) return;
    const path = `/api/v1/namespaces/${AGENT_NAMESPACE}/pods/${agentPodName(this.node)}`;
    const pod = await this.kube.must<KubeObject>("GET", path);
    const current = ((pod.status?.conditions ?? []) as Condition[]).find((c) => c.type === "Ready")?.status;
    const want = healthy ? "True" : "False";
    if (current === want) return;
    const now = rfc3339();
    await this.kube.must(
      "PATCH",
      `${path}/status`,
      {
        status: {
          phase: "Running",
          conditions: ["Initialized", "PodScheduled", "ContainersReady", "Ready"].map((type) => ({
            type,
            status: type === "Ready" || type === "ContainersReady" ? want : "True",
            lastTransitionTime: now,
          })),
        },
      },
      MERGE_PATCH,
    );
  }
}

/** cilium-operator's agent-not-ready taint rule, driven by a watch on the agent Pods. */
export class AgentTaintRule {
  private stopWatch: (() => void) | undefined;
  private queue = new Set<string>();
  private running: Promise<void> = Promise.resolve();
  readonly log: { at: number; node: string; action: "taint" | "untaint" }[] = [];

  constructor(private readonly kube: Kube) {}

  async start(): Promise<void> {
    const w = this.kube.watch(`/api/v1/namespaces/${AGENT_NAMESPACE}/pods?labelSelector=k8s-app%3Dcilium`, (e) => {
      const node = (e.object.spec as { nodeName?: string } | undefined)?.nodeName;
      if (node) this.enqueue(node);
    });
    this.stopWatch = w.stop;
    await w.ready;
  }

  stop(): void {
    this.stopWatch?.();
  }

  private enqueue(node: string): void {
    this.queue.add(node);
    this.running = this.running.then(() => this.drain());
  }

  private async drain(): Promise<void> {
    for (const node of [...this.queue]) {
      this.queue.delete(node);
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          await this.check(node);
          break;
        } catch {
          await sleep(200); // a conflict with the node lifecycle controller: read again
        }
      }
    }
  }

  private async check(node: string): Promise<void> {
    const pods = await this.kube.must<{ items: KubeObject[] }>(
      "GET",
      `/api/v1/namespaces/${AGENT_NAMESPACE}/pods?labelSelector=k8s-app%3Dcilium&fieldSelector=spec.nodeName%3D${node}`,
    );
    const live = pods.items.filter((p) => !p.metadata.deletionTimestamp);
    if (pods.items.length === 0) return;
    const ready = live.some((p) =>
      ((p.status?.conditions ?? []) as Condition[]).some((c) => c.type === "Ready" && c.status === "True"),
    );
    const n = await this.kube.must<KubeObject>("GET", `/api/v1/nodes/${node}`);
    const taints = ((n.spec?.taints ?? []) as { key: string }[]).slice();
    const has = taints.some((t) => t.key === AGENT_NOT_READY_TAINT);
    if (ready && has) {
      const rest = taints.filter((t) => t.key !== AGENT_NOT_READY_TAINT);
      await this.patchTaints(n, rest);
      this.log.push({ at: Date.now(), node, action: "untaint" });
    } else if (!ready && !has) {
      await this.patchTaints(n, [...taints, { key: AGENT_NOT_READY_TAINT, effect: "NoSchedule" }]);
      this.log.push({ at: Date.now(), node, action: "taint" });
    }
  }

  /** JSON patch guarded by the node's resourceVersion, as the operator's test-and-replace. */
  private async patchTaints(n: KubeObject, taints: unknown[]): Promise<void> {
    await this.kube.must(
      "PATCH",
      `/api/v1/nodes/${n.metadata.name}`,
      [
        { op: "test", path: "/metadata/resourceVersion", value: n.metadata.resourceVersion },
        { op: "add", path: "/spec/taints", value: taints },
      ],
      JSON_PATCH,
    );
  }
}
