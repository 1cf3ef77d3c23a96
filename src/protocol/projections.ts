/**
 * What shell-operator keeps of each watched object: the jqFilters sent in `--config`, and
 * TypeScript mirrors of them. The mirrors build test fixtures and `capture` output; a test
 * runs both through real `jq` so they cannot drift apart.
 *
 * The projections hold only what decisions need. shell-operator fires Modified only when the
 * filter result changes, so heartbeats and status churn never wake the hook.
 */

import {
  AGENT_NOT_READY_TAINT,
  type AgentPod,
  ANNOTATION_EGRESS_IP,
  ANNOTATION_LAST_MOVE,
  ANNOTATION_POOL,
  ANNOTATION_POOL_TERMS,
  HOSTNAME_LABEL,
  type LeaseObject,
  NODE_DOWN_TAINTS,
  type NodeName,
  type NodeObject,
  type PolicyObject,
  reportedDown,
} from "../model/objects.js";

export { ANNOTATION_EGRESS_IP, ANNOTATION_LAST_MOVE, ANNOTATION_POOL, HOSTNAME_LABEL } from "../model/objects.js";

export const NODE_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  "deleting: (.metadata.deletionTimestamp != null),",
  "unschedulable: (.spec.unschedulable == true),",
  "labels: (.metadata.labels // {}),",
  "taints: ([.spec.taints[]?.key | strings] | unique),",
  `agentTaintAdded: ([.spec.taints[]? | select(.key == "${AGENT_NOT_READY_TAINT}") | .timeAdded | strings] | .[0]),`,
  'ready: ([.status.conditions[]? | select(.type == "Ready") | {status: .status, since: .lastTransitionTime}] | .[0]),',
  `egressIP: .metadata.annotations["${ANNOTATION_EGRESS_IP}"],`,
  'address: ([.status.addresses[]? | select(.type == "InternalIP") | .address | strings] | .[0])',
  "}",
].join(" ");

export const POLICY_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  "uid: .metadata.uid,",
  `pool: .metadata.annotations["${ANNOTATION_POOL}"],`,
  "deleting: (.metadata.deletionTimestamp != null),",
  "egressGateway: .spec.egressGateway,",
  "egressGateways: .spec.egressGateways,",
  `lastMove: .metadata.annotations["${ANNOTATION_LAST_MOVE}"],`,
  `poolTerms: .metadata.annotations["${ANNOTATION_POOL_TERMS}"],`,
  "hasAnnotations: (.metadata.annotations != null)",
  "}",
].join(" ");

export type NodeProjection = NodeObject;

export type PolicyProjection = PolicyObject;

type Json = Record<string, unknown>;

function field(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur)) return null;
    cur = (cur as Json)[key];
  }
  return cur === undefined ? null : cur;
}

function codepointCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function internalIP(node: unknown): string | null {
  const addresses = field(node, "status", "addresses");
  if (!Array.isArray(addresses)) return null;
  for (const a of addresses) {
    const address = field(a, "address");
    if (field(a, "type") === "InternalIP" && typeof address === "string") return address;
  }
  return null;
}

/** Mirror of NODE_JQ_FILTER for a full Node object. */
export function projectNode(node: unknown): NodeProjection {
  const taintList = field(node, "spec", "taints");
  const taints = Array.isArray(taintList)
    ? [...new Set(taintList.map((t) => field(t, "key")).filter((k): k is string => typeof k === "string"))]
    : [];
  // Like `strings` in the jqFilter: a taint without a key (malformed) is dropped.
  taints.sort(codepointCompare);
  const labels = field(node, "metadata", "labels");
  const conditions = field(node, "status", "conditions");
  const readyCondition = Array.isArray(conditions) ? conditions.find((c) => field(c, "type") === "Ready") : undefined;
  const annotation = field(node, "metadata", "annotations", ANNOTATION_EGRESS_IP);
  const agentTaint = Array.isArray(taintList)
    ? taintList.find((t) => field(t, "key") === AGENT_NOT_READY_TAINT && typeof field(t, "timeAdded") === "string")
    : undefined;
  return {
    name: field(node, "metadata", "name") as string,
    deleting: field(node, "metadata", "deletionTimestamp") !== null,
    unschedulable: field(node, "spec", "unschedulable") === true,
    labels: (labels ?? {}) as Record<string, string>,
    taints,
    agentTaintAdded: agentTaint === undefined ? null : (field(agentTaint, "timeAdded") as string),
    ready:
      readyCondition === undefined
        ? null
        : {
            status: field(readyCondition, "status") as string | null,
            since: field(readyCondition, "lastTransitionTime") as string | null,
          },
    egressIP: annotation as string | null,
    address: internalIP(node),
  };
}

/** Mirror of POLICY_JQ_FILTER for a full CiliumEgressGatewayPolicy object. */
export function projectPolicy(policy: unknown): PolicyProjection {
  return {
    name: field(policy, "metadata", "name") as string,
    uid: field(policy, "metadata", "uid") as string | null,
    pool: field(policy, "metadata", "annotations", ANNOTATION_POOL) as string | null,
    deleting: field(policy, "metadata", "deletionTimestamp") !== null,
    egressGateway: field(policy, "spec", "egressGateway"),
    egressGateways: field(policy, "spec", "egressGateways"),
    lastMove: field(policy, "metadata", "annotations", ANNOTATION_LAST_MOVE) as string | null,
    poolTerms: field(policy, "metadata", "annotations", ANNOTATION_POOL_TERMS) as string | null,
    hasAnnotations: field(policy, "metadata", "annotations") !== null,
  };
}

/** Node Leases in kube-node-lease: the kubelet heartbeat (every leaseDurationSeconds/4). */
export const LEASE_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  "renewTime: .spec.renewTime,",
  "durationSeconds: .spec.leaseDurationSeconds",
  "}",
].join(" ");

/** cilium-agent pods: which node each runs on and whether it is Ready. */
export const AGENT_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  "node: .spec.nodeName,",
  "deleting: (.metadata.deletionTimestamp != null),",
  'ready: ([.status.conditions[]? | select(.type == "Ready") | {status: .status, since: .lastTransitionTime}] | .[0])',
  "}",
].join(" ");

export type LeaseProjection = LeaseObject;

export type AgentProjection = AgentPod;

/** Mirror of LEASE_JQ_FILTER. */
export function projectLease(lease: unknown): LeaseProjection {
  return {
    name: field(lease, "metadata", "name") as string,
    renewTime: field(lease, "spec", "renewTime") as string | null,
    durationSeconds: field(lease, "spec", "leaseDurationSeconds") as number | null,
  };
}

/** Mirror of AGENT_JQ_FILTER. */
export function projectAgent(pod: unknown): AgentProjection {
  const conditions = field(pod, "status", "conditions");
  const ready = Array.isArray(conditions) ? conditions.find((c) => field(c, "type") === "Ready") : undefined;
  return {
    name: field(pod, "metadata", "name") as string,
    node: field(pod, "spec", "nodeName") as string | null,
    deleting: field(pod, "metadata", "deletionTimestamp") !== null,
    ready:
      ready === undefined
        ? null
        : {
            status: field(ready, "status") as string | null,
            since: field(ready, "lastTransitionTime") as string | null,
          },
  };
}

/**
 * Every node: its name, hostname label, and whether Kubernetes reports it down (`reportedDown`:
 * deleting, Ready not True, a not-ready or unreachable taint), a boolean, so heartbeats and other
 * status churn never change the projection.
 */
export const INVENTORY_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  `hostname: .metadata.labels["${HOSTNAME_LABEL}"],`,
  "down: ((.metadata.deletionTimestamp != null)",
  'or (([.status.conditions[]? | select(.type == "Ready") | .status] | .[0]) != "True")',
  `or any(.spec.taints[]?.key; ${NODE_DOWN_TAINTS.map((t) => `. == "${t}"`).join(" or ")}))`,
  "}",
].join(" ");

export type InventoryProjection = NodeName;

/** Mirror of INVENTORY_JQ_FILTER. */
export function projectInventory(node: unknown): InventoryProjection {
  const hostname = field(node, "metadata", "labels", HOSTNAME_LABEL);
  return {
    name: field(node, "metadata", "name") as string,
    hostname: hostname as string | null,
    down: reportedDown(projectNode(node)),
  };
}

/** The prober's evidence object: its name (the writing pod's) and its spec. */
export const EVIDENCE_JQ_FILTER = "{name: .metadata.name, spec: .spec}";

export interface EvidenceProjection {
  name: string;
  spec: unknown;
}

/** Mirror of EVIDENCE_JQ_FILTER. */
export function projectEvidence(o: unknown): EvidenceProjection {
  return { name: field(o, "metadata", "name") as string, spec: field(o, "spec") ?? null };
}
