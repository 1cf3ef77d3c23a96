/**
 * Builders for full Kubernetes objects and for binding contexts exactly as shell-operator
 * would send them with this hook's --config: grouped bindings, `keepFullObjectsInMemory:
 * false`, so each snapshot item is `{filterResult}` produced by the jqFilter (mirrored here by
 * projectNode/projectPolicy, which test/jq-filters.test.ts checks against real jq).
 * The `hostnames` inventory snapshot (every Node's name and hostname label) is derived from the
 * pool nodes plus `ClusterObjects.nodes`, unless `inventory: false` leaves it out.
 */
import {
  AGENT_BINDING,
  INVENTORY_BINDING,
  LEASE_BINDING,
  nodeBindingName,
  POLICY_BINDING,
  RESYNC_BINDING,
} from "../../src/protocol/binding-context.js";
import { BINDING_GROUP } from "../../src/protocol/hook-config.js";
import {
  ANNOTATION_EGRESS_IP,
  ANNOTATION_POOL,
  projectAgent,
  projectInventory,
  projectLease,
  projectNode,
  projectPolicy,
} from "../../src/protocol/projections.js";

export const POOL_LABEL = { "node.kubernetes.io/role": "egress" };
/** A fixed "now" for tests; nodes default to Ready since a day before it. */
export const NOW = new Date("2026-11-26T12:00:00Z");
export const LONG_AGO = "2026-11-25T12:00:00Z";

export interface NodeSpec {
  name: string;
  ready?: "True" | "False" | "Unknown" | null;
  readySince?: string;
  taints?: string[];
  /** `timeAdded` of every taint; null leaves it out. Default: two minutes before NOW. */
  taintsAdded?: string | null;
  unschedulable?: boolean;
  deleting?: boolean;
  /** Extra labels; a label set to null is removed (e.g. `{"kubernetes.io/hostname": null}`). */
  labels?: Record<string, string | null>;
  egressIP?: string;
  /** Its InternalIP (status.addresses), where the probe reaches it; none by default, so no test probes a real address. */
  address?: string;
}

export function node(spec: NodeSpec): Record<string, unknown> {
  const ready = spec.ready === undefined ? "True" : spec.ready;
  const annotations: Record<string, string> = { "node.alpha.kubernetes.io/ttl": "0" };
  if (spec.egressIP !== undefined) annotations[ANNOTATION_EGRESS_IP] = spec.egressIP;
  const labels: Record<string, string | null> = {
    "kubernetes.io/hostname": spec.name,
    "kubernetes.io/os": "linux",
    ...POOL_LABEL,
    ...spec.labels,
  };
  for (const [k, v] of Object.entries(labels)) if (v === null) delete labels[k];
  const metadata: Record<string, unknown> = {
    name: spec.name,
    uid: `uid-${spec.name}`,
    resourceVersion: "1000",
    creationTimestamp: "2026-01-01T00:00:00Z",
    labels,
    annotations,
  };
  if (spec.deleting) metadata.deletionTimestamp = "2026-11-26T11:59:00Z";
  const conditions: Record<string, unknown>[] = [
    {
      type: "MemoryPressure",
      status: "False",
      lastHeartbeatTime: "2026-11-26T11:59:50Z",
      lastTransitionTime: LONG_AGO,
      reason: "KubeletHasSufficientMemory",
    },
  ];
  if (ready !== null) {
    conditions.push({
      type: "Ready",
      status: ready,
      lastHeartbeatTime: "2026-11-26T11:59:50Z",
      lastTransitionTime: spec.readySince ?? LONG_AGO,
      reason: ready === "True" ? "KubeletReady" : "NodeStatusUnknown",
      message: "",
    });
  }
  const nodeSpec: Record<string, unknown> = { podCIDR: "10.244.0.0/24" };
  if (spec.unschedulable) nodeSpec.unschedulable = true;
  if (spec.taints && spec.taints.length > 0) {
    const added = spec.taintsAdded === undefined ? "2026-11-26T11:58:00Z" : spec.taintsAdded;
    nodeSpec.taints = spec.taints.map((key) => ({
      key,
      effect: "NoSchedule",
      ...(added === null ? {} : { timeAdded: added }),
    }));
  }
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata,
    spec: nodeSpec,
    status: {
      conditions,
      addresses: spec.address === undefined ? [] : [{ type: "InternalIP", address: spec.address }],
    },
  };
}

export interface GatewaySpec {
  hostname?: string | null;
  egressIP?: string;
  interface?: string;
  extraLabels?: Record<string, string>;
}

export interface PolicySpec extends GatewaySpec {
  name: string;
  pool?: string;
  /** Cilium ≥ 1.18 multi-gateway slots; when set, egressGateway is still present (required). */
  gateways?: GatewaySpec[];
  deleting?: boolean;
  /** Extra policy annotations (e.g. a last-move annotation left by an earlier run). */
  annotations?: Record<string, string>;
}

function gateway(g: GatewaySpec): Record<string, unknown> {
  const matchLabels: Record<string, string> = { ...g.extraLabels };
  if (g.hostname) matchLabels["kubernetes.io/hostname"] = g.hostname;
  const out: Record<string, unknown> = { nodeSelector: { matchLabels } };
  if (g.egressIP !== undefined) out.egressIP = g.egressIP;
  if (g.interface !== undefined) out.interface = g.interface;
  return out;
}

export function policy(spec: PolicySpec): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    name: spec.name,
    uid: `uid-${spec.name}`,
    resourceVersion: "2000",
    generation: 1,
    creationTimestamp: "2026-01-01T00:00:00Z",
  };
  if (spec.pool !== undefined || spec.annotations !== undefined)
    metadata.annotations = {
      ...spec.annotations,
      ...(spec.pool !== undefined ? { [ANNOTATION_POOL]: spec.pool } : {}),
    };
  if (spec.deleting) metadata.deletionTimestamp = "2026-11-26T11:59:00Z";
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumEgressGatewayPolicy",
    metadata,
    spec: {
      selectors: [{ podSelector: { matchLabels: { app: spec.name } } }],
      destinationCIDRs: ["0.0.0.0/0"],
      egressGateway: gateway(spec),
      egressGateways: (spec.gateways ?? []).map(gateway),
    },
  };
}

export interface ClusterObjects {
  /** Pool name → full Node objects selected by that pool. */
  pools: Record<string, Record<string, unknown>[]>;
  policies: Record<string, unknown>[];
  /** Node Leases (kube-node-lease); the snapshot is left out when absent. */
  leases?: Record<string, unknown>[];
  /** cilium-agent pods; the snapshot is left out when absent. */
  agents?: Record<string, unknown>[];
  /** Nodes outside every pool: they appear only in the `hostnames` inventory. */
  nodes?: Record<string, unknown>[];
  /** false leaves the `hostnames` inventory snapshot out (default: pool nodes plus `nodes`). */
  inventory?: boolean;
}

/** A kubelet node Lease renewed `ageSeconds` before NOW. */
export function lease(nodeName: string, ageSeconds: number, durationSeconds = 40): Record<string, unknown> {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: nodeName, namespace: "kube-node-lease", resourceVersion: "300" },
    spec: {
      holderIdentity: nodeName,
      leaseDurationSeconds: durationSeconds,
      renewTime: new Date(NOW.getTime() - ageSeconds * 1000).toISOString().replace("Z", "000Z"),
    },
  };
}

export interface AgentSpec {
  node: string;
  ready?: boolean;
  readySince?: string;
  deleting?: boolean;
  name?: string;
}

/** A cilium-agent pod on `node`. */
export function agent(spec: AgentSpec): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    name: spec.name ?? `cilium-${spec.node}`,
    namespace: "kube-system",
    labels: { "k8s-app": "cilium" },
  };
  if (spec.deleting) metadata.deletionTimestamp = "2026-11-26T11:59:00Z";
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata,
    spec: { nodeName: spec.node, containers: [{ name: "cilium-agent", image: "quay.io/cilium/cilium" }] },
    status: {
      phase: "Running",
      conditions: [
        { type: "Initialized", status: "True", lastTransitionTime: LONG_AGO },
        {
          type: "Ready",
          status: spec.ready === false ? "False" : "True",
          lastTransitionTime: spec.readySince ?? LONG_AGO,
        },
      ],
    },
  };
}

function byName(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const an = (a.metadata as { name: string }).name;
  const bn = (b.metadata as { name: string }).name;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** The snapshots object of a grouped context; items sorted by name as shell-operator does. */
export function snapshots(cluster: ClusterObjects): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [pool, nodes] of Object.entries(cluster.pools)) {
    out[nodeBindingName(pool)] = [...nodes].sort(byName).map((n) => ({ filterResult: projectNode(n) }));
  }
  out[POLICY_BINDING] = [...cluster.policies].sort(byName).map((p) => ({ filterResult: projectPolicy(p) }));
  if (cluster.leases)
    out[LEASE_BINDING] = [...cluster.leases].sort(byName).map((l) => ({ filterResult: projectLease(l) }));
  if (cluster.agents)
    out[AGENT_BINDING] = [...cluster.agents].sort(byName).map((a) => ({ filterResult: projectAgent(a) }));
  if (cluster.inventory !== false) {
    const all = new Map<string, Record<string, unknown>>();
    for (const n of [...Object.values(cluster.pools).flat(), ...(cluster.nodes ?? [])])
      all.set((n.metadata as { name: string }).name, n);
    out[INVENTORY_BINDING] = [...all.values()].sort(byName).map((n) => ({ filterResult: projectInventory(n) }));
  }
  return out;
}

/** A one-element binding context: the Group context a grouped Synchronization or event produces. */
export function groupContext(cluster: ClusterObjects, binding = POLICY_BINDING): unknown[] {
  return [{ binding, groupName: BINDING_GROUP, snapshots: snapshots(cluster), type: "Group" }];
}

/** A resync tick's context: the schedule binding includes every snapshot but the policies. */
export function tickContext(cluster: ClusterObjects): unknown[] {
  const { [POLICY_BINDING]: _policies, ...rest } = snapshots(cluster);
  return [{ binding: RESYNC_BINDING, snapshots: rest, type: "Schedule" }];
}
