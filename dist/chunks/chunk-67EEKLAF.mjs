import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);

// src/protocol/projections.ts
var ANNOTATION_POOL = "cilium-egress-ha/pool";
var ANNOTATION_EGRESS_IP = "cilium-egress-ha/egress-ip";
var HOSTNAME_LABEL = "kubernetes.io/hostname";
var NODE_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  "deleting: (.metadata.deletionTimestamp != null),",
  "unschedulable: (.spec.unschedulable == true),",
  "labels: (.metadata.labels // {}),",
  "taints: ([.spec.taints[]?.key | strings] | unique),",
  'ready: ([.status.conditions[]? | select(.type == "Ready") | {status: .status, since: .lastTransitionTime}] | .[0]),',
  `egressIP: .metadata.annotations["${ANNOTATION_EGRESS_IP}"]`,
  "}"
].join(" ");
var POLICY_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  "uid: .metadata.uid,",
  `pool: .metadata.annotations["${ANNOTATION_POOL}"],`,
  "deleting: (.metadata.deletionTimestamp != null),",
  "egressGateway: .spec.egressGateway,",
  "egressGateways: .spec.egressGateways",
  "}"
].join(" ");
function field(obj, ...path) {
  let cur = obj;
  for (const key of path) {
    if (typeof cur !== "object" || cur === null || Array.isArray(cur)) return null;
    cur = cur[key];
  }
  return cur === void 0 ? null : cur;
}
function codepointCompare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function projectNode(node) {
  const taintList = field(node, "spec", "taints");
  const taints = Array.isArray(taintList) ? [...new Set(taintList.map((t) => field(t, "key")).filter((k) => typeof k === "string"))] : [];
  taints.sort(codepointCompare);
  const labels = field(node, "metadata", "labels");
  const conditions = field(node, "status", "conditions");
  const readyCondition = Array.isArray(conditions) ? conditions.find((c) => field(c, "type") === "Ready") : void 0;
  const annotation = field(node, "metadata", "annotations", ANNOTATION_EGRESS_IP);
  return {
    name: field(node, "metadata", "name"),
    deleting: field(node, "metadata", "deletionTimestamp") !== null,
    unschedulable: field(node, "spec", "unschedulable") === true,
    labels: labels ?? {},
    taints,
    ready: readyCondition === void 0 ? null : {
      status: field(readyCondition, "status"),
      since: field(readyCondition, "lastTransitionTime")
    },
    egressIP: annotation
  };
}
function projectPolicy(policy) {
  return {
    name: field(policy, "metadata", "name"),
    uid: field(policy, "metadata", "uid"),
    pool: field(policy, "metadata", "annotations", ANNOTATION_POOL),
    deleting: field(policy, "metadata", "deletionTimestamp") !== null,
    egressGateway: field(policy, "spec", "egressGateway"),
    egressGateways: field(policy, "spec", "egressGateways")
  };
}
var LEASE_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  "renewTime: .spec.renewTime,",
  "durationSeconds: .spec.leaseDurationSeconds",
  "}"
].join(" ");
var AGENT_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  "node: .spec.nodeName,",
  "deleting: (.metadata.deletionTimestamp != null),",
  'ready: ([.status.conditions[]? | select(.type == "Ready") | {status: .status, since: .lastTransitionTime}] | .[0])',
  "}"
].join(" ");
function projectLease(lease) {
  return {
    name: field(lease, "metadata", "name"),
    renewTime: field(lease, "spec", "renewTime"),
    durationSeconds: field(lease, "spec", "leaseDurationSeconds")
  };
}
function projectAgent(pod) {
  const conditions = field(pod, "status", "conditions");
  const ready = Array.isArray(conditions) ? conditions.find((c) => field(c, "type") === "Ready") : void 0;
  return {
    name: field(pod, "metadata", "name"),
    node: field(pod, "spec", "nodeName"),
    deleting: field(pod, "metadata", "deletionTimestamp") !== null,
    ready: ready === void 0 ? null : {
      status: field(ready, "status"),
      since: field(ready, "lastTransitionTime")
    }
  };
}

// src/protocol/binding-context.ts
var POLICY_BINDING = "policies";
var NODE_BINDING_PREFIX = "nodes-";
var RESYNC_BINDING = "resync";
var LEASE_BINDING = "leases";
var AGENT_BINDING = "agents";
function nodeBindingName(pool) {
  return `${NODE_BINDING_PREFIX}${pool}`;
}
var ContractError = class extends Error {
  name = "ContractError";
};
var KNOWN_TYPES = /* @__PURE__ */ new Set(["Synchronization", "Event", "Group", "Schedule", "onStartup"]);
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function describe(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}
function validateNodeProjection(v) {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (typeof v.deleting !== "boolean") return "deleting is not a boolean";
  if (typeof v.unschedulable !== "boolean") return "unschedulable is not a boolean";
  if (!isObject(v.labels) || Object.values(v.labels).some((l) => typeof l !== "string")) {
    return "labels is not an object of strings";
  }
  if (!Array.isArray(v.taints) || v.taints.some((t) => typeof t !== "string")) {
    return "taints is not a list of strings";
  }
  const ready = v.ready;
  if (ready !== null) {
    if (!isObject(ready)) return `ready is ${describe(ready)}, expected an object or null`;
    if (ready.status !== null && typeof ready.status !== "string") return "ready.status is not a string";
    if (ready.since !== null && typeof ready.since !== "string") return "ready.since is not a string";
  }
  if (v.egressIP !== null && typeof v.egressIP !== "string") return "egressIP is not a string";
  return v;
}
function validateLeaseProjection(v) {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.renewTime !== null && typeof v.renewTime !== "string") return "renewTime is not a string";
  if (v.durationSeconds !== null && typeof v.durationSeconds !== "number") return "durationSeconds is not a number";
  return v;
}
function validateAgentProjection(v) {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.node !== null && typeof v.node !== "string") return "node is not a string";
  if (typeof v.deleting !== "boolean") return "deleting is not a boolean";
  const ready = v.ready;
  if (ready !== null) {
    if (!isObject(ready)) return `ready is ${describe(ready)}, expected an object or null`;
    if (ready.status !== null && typeof ready.status !== "string") return "ready.status is not a string";
    if (ready.since !== null && typeof ready.since !== "string") return "ready.since is not a string";
  }
  return v;
}
function validatePolicyProjection(v) {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.pool !== null && typeof v.pool !== "string") return "pool annotation is not a string";
  if (v.uid !== void 0 && v.uid !== null && typeof v.uid !== "string") return "uid is not a string";
  if (typeof v.deleting !== "boolean") return "deleting is not a boolean";
  if (!("egressGateway" in v) || !("egressGateways" in v)) return "egressGateway/egressGateways keys are missing";
  return v;
}
function readItems(items, where, validate, project, problems) {
  if (!Array.isArray(items)) throw new ContractError(`${where} is ${describe(items)}, expected an array`);
  const out = [];
  items.forEach((item, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(item)) {
      problems.push({ where: at, message: `expected an object, got ${describe(item)}` });
      return;
    }
    let value = item.filterResult;
    if ((value === void 0 || value === null) && isObject(item.object)) value = project(item.object);
    if (value === void 0) {
      problems.push({ where: at, message: "has neither filterResult nor object" });
      return;
    }
    const checked = validate(value);
    if (typeof checked === "string") {
      const name = isObject(value) && typeof value.name === "string" ? ` (${value.name})` : "";
      problems.push({ where: `${at}.filterResult${name}`, message: checked });
      return;
    }
    out.push(checked);
  });
  return out;
}
function parseBindingContext(doc, pools, required = { leases: false, agents: false }) {
  if (!Array.isArray(doc)) {
    throw new ContractError(`the binding context is ${describe(doc)}, expected a JSON array of contexts`);
  }
  const problems = [];
  const contexts = [];
  let snapshots = null;
  let snapshotsAt = -1;
  doc.forEach((ctx, i) => {
    if (!isObject(ctx)) throw new ContractError(`contexts[${i}] is ${describe(ctx)}, expected an object`);
    const binding = typeof ctx.binding === "string" ? ctx.binding : "";
    const type = typeof ctx.type === "string" ? ctx.type : "onStartup";
    if (!KNOWN_TYPES.has(type)) problems.push({ where: `contexts[${i}].type`, message: `unknown type "${type}"` });
    const summary = { binding, type };
    if (typeof ctx.watchEvent === "string") summary.watchEvent = ctx.watchEvent;
    contexts.push(summary);
    if (ctx.snapshots !== void 0) {
      if (!isObject(ctx.snapshots)) {
        throw new ContractError(`contexts[${i}].snapshots is ${describe(ctx.snapshots)}, expected an object`);
      }
      snapshots = ctx.snapshots;
      snapshotsAt = i;
    }
  });
  if (doc.length === 0) return { contexts, snapshot: null, problems };
  if (snapshots === null) {
    throw new ContractError(
      "no context carries snapshots; the hook's bindings must share one group (was the context recorded with this hook's --config?)"
    );
  }
  const snaps = snapshots;
  const base = `contexts[${snapshotsAt}].snapshots`;
  const poolNames = pools ?? Object.keys(snaps).filter((k) => k.startsWith(NODE_BINDING_PREFIX)).map((k) => k.slice(NODE_BINDING_PREFIX.length)).sort();
  const poolNodes = /* @__PURE__ */ new Map();
  for (const pool of poolNames) {
    const key = nodeBindingName(pool);
    if (!(key in snaps)) {
      const present = Object.keys(snaps).join(", ") || "none";
      throw new ContractError(
        `${base} has no "${key}" snapshot for pool "${pool}" (snapshots present: ${present}); the context was recorded with another pool configuration`
      );
    }
    poolNodes.set(pool, readItems(snaps[key], `${base}["${key}"]`, validateNodeProjection, projectNode, problems));
  }
  if (!(POLICY_BINDING in snaps)) {
    throw new ContractError(`${base} has no "${POLICY_BINDING}" snapshot`);
  }
  const policies = readItems(
    snaps[POLICY_BINDING],
    `${base}["${POLICY_BINDING}"]`,
    validatePolicyProjection,
    projectPolicy,
    problems
  );
  const optional = (key, needed, validate, project) => {
    if (!(key in snaps)) {
      if (needed) throw new ContractError(`${base} has no "${key}" snapshot, which the enabled ${key} signal needs`);
      return null;
    }
    return readItems(snaps[key], `${base}["${key}"]`, validate, project, problems);
  };
  const leases = optional(LEASE_BINDING, required.leases, validateLeaseProjection, projectLease);
  const agents = optional(AGENT_BINDING, required.agents, validateAgentProjection, projectAgent);
  return { contexts, snapshot: { pools: poolNodes, policies, leases, agents }, problems };
}

// src/protocol/hook-config.ts
var NODE_LEASE_NAMESPACE = "kube-node-lease";
var BINDING_GROUP = "cilium-egress-ha";
function buildHookConfig(settings) {
  const common = { group: BINDING_GROUP, queue: settings.queue, keepFullObjectsInMemory: false };
  const config = {
    configVersion: "v1",
    kubernetes: [
      ...settings.pools.map((pool) => ({
        name: nodeBindingName(pool.name),
        apiVersion: "v1",
        kind: "Node",
        labelSelector: pool.selector,
        jqFilter: NODE_JQ_FILTER,
        ...common
      })),
      {
        name: POLICY_BINDING,
        apiVersion: "cilium.io/v2",
        kind: "CiliumEgressGatewayPolicy",
        jqFilter: POLICY_JQ_FILTER,
        ...common
      }
    ]
  };
  const kubernetes = config.kubernetes;
  if (settings.leaseSignal) {
    kubernetes.push({
      name: LEASE_BINDING,
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      namespace: { nameSelector: { matchNames: [NODE_LEASE_NAMESPACE] } },
      jqFilter: LEASE_JQ_FILTER,
      // Every kubelet renews every 10 s: keep the snapshot current, but never run on it. A dead
      // node sends no event anyway; the schedule binding evaluates staleness.
      executeHookOnEvent: [],
      executeHookOnSynchronization: false,
      ...common
    });
  }
  if (settings.agentSignal) {
    kubernetes.push({
      name: AGENT_BINDING,
      apiVersion: "v1",
      kind: "Pod",
      namespace: { nameSelector: { matchNames: [settings.agentNamespace] } },
      labelSelector: settings.agentSelector,
      jqFilter: AGENT_JQ_FILTER,
      ...common
    });
  }
  if (settings.resyncIntervalSeconds > 0) {
    config.schedule = [
      {
        name: RESYNC_BINDING,
        crontab: `@every ${settings.resyncIntervalSeconds}s`,
        group: BINDING_GROUP,
        queue: settings.queue,
        // A failed periodic run is retried by the next period; don't block the queue with it.
        allowFailure: true
      }
    ];
  }
  return config;
}

export {
  ANNOTATION_POOL,
  ANNOTATION_EGRESS_IP,
  HOSTNAME_LABEL,
  projectNode,
  projectPolicy,
  POLICY_BINDING,
  nodeBindingName,
  ContractError,
  parseBindingContext,
  BINDING_GROUP,
  buildHookConfig
};
