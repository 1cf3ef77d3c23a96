/**
 * The cluster as the model sees it: what the hook knows of each watched object. The protocol
 * layer maps shell-operator's snapshots (jqFilter results) into these types; nothing below the
 * protocol layer knows about binding contexts.
 */

export const ANNOTATION_POOL = "cilium-egress-ha/pool";
export const ANNOTATION_EGRESS_IP = "cilium-egress-ha/egress-ip";
/** Written by the hook with each move: which writer moved the policy, when and why. */
export const ANNOTATION_LAST_MOVE = "cilium-egress-ha/last-move";
/**
 * Written by the hook with each move: the pool terms it wrote into the policy's pins (a JSON list of
 * terms as `key=value` or `key Operator (values)`), so that it tells its own terms from the user's.
 */
export const ANNOTATION_POOL_TERMS = "cilium-egress-ha/pool-terms";
export const HOSTNAME_LABEL = "kubernetes.io/hostname";
/** Set by the Cilium operator while a node's cilium agent pod is not Ready (Helm default). */
export const AGENT_NOT_READY_TAINT = "node.cilium.io/agent-not-ready";
/** Set by the node lifecycle controller while a node is not Ready, or its status unknown. */
export const NODE_DOWN_TAINTS: readonly string[] = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

/** The projected Ready condition, as Nodes and Pods both have it. */
export interface ReadyCondition {
  status: string | null;
  since: string | null;
}

/** A pool node. */
export interface NodeObject {
  name: string;
  deleting: boolean;
  unschedulable: boolean;
  labels: Record<string, string>;
  /** Taint keys, sorted. */
  taints: string[];
  /** `timeAdded` of the agent-not-ready taint, when the taint carries one. */
  agentTaintAdded?: string | null;
  ready: ReadyCondition | null;
  egressIP: string | null;
  /** Its first InternalIP, where the probe reaches it. */
  address?: string | null;
}

/** Any node of the cluster, pool member or not: its name and its hostname label. */
export interface NodeName {
  name: string;
  hostname: string | null;
  /** Whether Kubernetes reports it down (see `reportedDown`); absent in older projections. */
  down?: boolean;
}

/**
 * Whether Kubernetes itself already reports a node down: Ready not True, a not-ready or
 * unreachable taint, or being deleted. Such a node's silence (its probe, its Lease) says nothing
 * about the operator's own network or the control plane, so the guards leave it out.
 */
export function reportedDown(node: Pick<NodeObject, "ready" | "taints" | "deleting">): boolean {
  return node.deleting || node.ready?.status !== "True" || node.taints.some((t) => NODE_DOWN_TAINTS.includes(t));
}

export interface PolicyObject {
  name: string;
  /** For Events: `kubectl describe` matches them by the object's uid. */
  uid: string | null;
  pool: string | null;
  deleting: boolean;
  egressGateway: unknown;
  egressGateways: unknown;
  /** The last-move annotation, as written by a hook (raw JSON text). */
  lastMove?: string | null;
  /** The pool-terms annotation: the pool terms the hook wrote into the pins (raw JSON text). */
  poolTerms?: string | null;
  /** Whether the policy has an annotations map at all (a patch must create it otherwise). */
  hasAnnotations?: boolean;
}

/** A kubelet node Lease. */
export interface LeaseObject {
  name: string;
  renewTime: string | null;
  durationSeconds: number | null;
}

/** A cilium-agent pod. */
export interface AgentPod {
  name: string;
  node: string | null;
  deleting: boolean;
  ready: ReadyCondition | null;
}

export interface ClusterSnapshot {
  /** Pool name → the nodes its selector matches. */
  pools: Map<string, NodeObject[]>;
  policies: PolicyObject[];
  /** Node Leases; null when unknown. */
  leases: LeaseObject[] | null;
  /** cilium-agent pods; null when unknown. */
  agents: AgentPod[] | null;
  /** Every node of the cluster with its hostname label; null when unknown. */
  inventory: NodeName[] | null;
}
