/**
 * What shell-operator keeps of each watched object: the jqFilters sent in `--config`, and
 * TypeScript mirrors of them. The mirrors build test fixtures and `capture` output; a test
 * runs both through real `jq` so they cannot drift apart.
 *
 * The projections hold only what decisions need. shell-operator fires Modified only when the
 * filter result changes, so heartbeats and status churn never wake the hook.
 */

export const ANNOTATION_POOL = "cilium-egress-ha/pool";
export const ANNOTATION_EGRESS_IP = "cilium-egress-ha/egress-ip";
export const HOSTNAME_LABEL = "kubernetes.io/hostname";

export const NODE_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  "deleting: (.metadata.deletionTimestamp != null),",
  "unschedulable: (.spec.unschedulable == true),",
  "labels: (.metadata.labels // {}),",
  "taints: ([.spec.taints[]?.key | strings] | unique),",
  'ready: ([.status.conditions[]? | select(.type == "Ready") | {status: .status, since: .lastTransitionTime}] | .[0]),',
  `egressIP: .metadata.annotations["${ANNOTATION_EGRESS_IP}"]`,
  "}",
].join(" ");

export const POLICY_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  "uid: .metadata.uid,",
  `pool: .metadata.annotations["${ANNOTATION_POOL}"],`,
  "deleting: (.metadata.deletionTimestamp != null),",
  "egressGateway: .spec.egressGateway,",
  "egressGateways: .spec.egressGateways",
  "}",
].join(" ");

export interface NodeProjection {
  name: string;
  deleting: boolean;
  unschedulable: boolean;
  labels: Record<string, string>;
  taints: string[];
  ready: { status: string | null; since: string | null } | null;
  egressIP: string | null;
}

export interface PolicyProjection {
  name: string;
  /** For Events: `kubectl describe` matches them by the object's uid. */
  uid: string | null;
  pool: string | null;
  deleting: boolean;
  egressGateway: unknown;
  egressGateways: unknown;
}

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
  return {
    name: field(node, "metadata", "name") as string,
    deleting: field(node, "metadata", "deletionTimestamp") !== null,
    unschedulable: field(node, "spec", "unschedulable") === true,
    labels: (labels ?? {}) as Record<string, string>,
    taints,
    ready:
      readyCondition === undefined
        ? null
        : {
            status: field(readyCondition, "status") as string | null,
            since: field(readyCondition, "lastTransitionTime") as string | null,
          },
    egressIP: annotation as string | null,
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

export interface LeaseProjection {
  name: string;
  renewTime: string | null;
  durationSeconds: number | null;
}

export interface AgentProjection {
  name: string;
  node: string | null;
  deleting: boolean;
  ready: { status: string | null; since: string | null } | null;
}

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
