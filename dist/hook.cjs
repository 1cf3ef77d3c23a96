#!/usr/bin/env node
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/cli/hook-process.ts
var fs = __toESM(require("node:fs"), 1);
var import_node_path = require("node:path");

// src/config/label-selector.ts
var SelectorError = class extends Error {
  name = "SelectorError";
};
var NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
var PREFIX_PART = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
var VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
function isLabelKey(key) {
  const slash = key.lastIndexOf("/");
  if (slash === -1) return NAME_PART.test(key);
  return PREFIX_PART.test(key.slice(0, slash)) && NAME_PART.test(key.slice(slash + 1));
}
function isLabelValue(value) {
  return VALUE.test(value);
}
function requireKey(key, term) {
  if (!isLabelKey(key)) throw new SelectorError(`"${term}": "${key}" is not a valid label key`);
  return key;
}
function requireValue(value, term) {
  if (!isLabelValue(value)) throw new SelectorError(`"${term}": "${value}" is not a valid label value`);
  return value;
}
function splitTerms(text) {
  const terms = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      terms.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
  }
  terms.push(current.trim());
  return terms;
}
var SET_TERM = /^(\S+)\s+(in|notin)\s*\((.*)\)$/;
function parseLabelSelector(text) {
  if (text.trim() === "") throw new SelectorError("the selector is empty, which would select every node");
  const matchLabels = {};
  const matchExpressions = [];
  for (const term of splitTerms(text)) {
    if (term === "") throw new SelectorError(`"${text}" has an empty term`);
    const set = SET_TERM.exec(term);
    if (set) {
      const [, key = "", op, list = ""] = set;
      const values = list.split(",").map((v) => requireValue(v.trim(), term));
      if (values.length === 0 || values.some((v) => v === "")) {
        throw new SelectorError(`"${term}": the value list is empty`);
      }
      matchExpressions.push({ key: requireKey(key, term), operator: op === "in" ? "In" : "NotIn", values });
      continue;
    }
    const neq = term.indexOf("!=");
    if (neq > 0) {
      const key = requireKey(term.slice(0, neq).trim(), term);
      matchExpressions.push({ key, operator: "NotIn", values: [requireValue(term.slice(neq + 2).trim(), term)] });
      continue;
    }
    const eq = term.indexOf("=");
    if (eq > 0) {
      const key = requireKey(term.slice(0, eq).trim(), term);
      const value = requireValue(term.slice(term.startsWith("==", eq) ? eq + 2 : eq + 1).trim(), term);
      if (key in matchLabels && matchLabels[key] !== value) {
        throw new SelectorError(`"${text}": label ${key} is required to equal two different values`);
      }
      matchLabels[key] = value;
      continue;
    }
    if (term.startsWith("!")) {
      matchExpressions.push({ key: requireKey(term.slice(1).trim(), term), operator: "DoesNotExist" });
      continue;
    }
    matchExpressions.push({ key: requireKey(term, term), operator: "Exists" });
  }
  const selector = {};
  if (Object.keys(matchLabels).length > 0) selector.matchLabels = matchLabels;
  if (matchExpressions.length > 0) selector.matchExpressions = matchExpressions;
  return selector;
}
function validateLabelSelector(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SelectorError("a selector must be a string or an object with matchLabels/matchExpressions");
  }
  const input = value;
  for (const key of Object.keys(input)) {
    if (key !== "matchLabels" && key !== "matchExpressions") {
      throw new SelectorError(`unknown selector field "${key}" (expected matchLabels or matchExpressions)`);
    }
  }
  const selector = {};
  if (input.matchLabels !== void 0) {
    const labels = input.matchLabels;
    if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
      throw new SelectorError("matchLabels must be an object of strings");
    }
    const clean = {};
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== "string") throw new SelectorError(`matchLabels["${k}"] must be a string`);
      clean[requireKey(k, `matchLabels["${k}"]`)] = requireValue(v, `matchLabels["${k}"]`);
    }
    if (Object.keys(clean).length > 0) selector.matchLabels = clean;
  }
  if (input.matchExpressions !== void 0) {
    if (!Array.isArray(input.matchExpressions)) throw new SelectorError("matchExpressions must be a list");
    const exprs = [];
    input.matchExpressions.forEach((raw, i) => {
      const where = `matchExpressions[${i}]`;
      if (typeof raw !== "object" || raw === null) throw new SelectorError(`${where} must be an object`);
      const { key, operator, values } = raw;
      if (typeof key !== "string") throw new SelectorError(`${where}.key must be a string`);
      if (operator !== "In" && operator !== "NotIn" && operator !== "Exists" && operator !== "DoesNotExist") {
        throw new SelectorError(`${where}.operator must be In, NotIn, Exists or DoesNotExist`);
      }
      const req = { key: requireKey(key, where), operator };
      if (operator === "In" || operator === "NotIn") {
        if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== "string")) {
          throw new SelectorError(`${where}.values must be a non-empty list of strings for ${operator}`);
        }
        req.values = values.map((v) => requireValue(v, where));
      } else if (values !== void 0 && !(Array.isArray(values) && values.length === 0)) {
        throw new SelectorError(`${where}.values must be empty for ${operator}`);
      }
      exprs.push(req);
    });
    if (exprs.length > 0) selector.matchExpressions = exprs;
  }
  if (!selector.matchLabels && !selector.matchExpressions) {
    throw new SelectorError("the selector is empty, which would select every node");
  }
  return selector;
}
function formatLabelSelector(selector) {
  const terms = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") terms.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") terms.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") terms.push(e.key);
    else terms.push(`!${e.key}`);
  }
  return terms.join(",");
}

// src/config/settings.ts
var ENV = {
  pools: "EGRESS_HA_POOLS",
  cordonDrains: "EGRESS_HA_CORDON_DRAINS",
  recoveryDelay: "EGRESS_HA_RECOVERY_DELAY",
  extraBlockingTaints: "EGRESS_HA_EXTRA_BLOCKING_TAINTS",
  resyncInterval: "EGRESS_HA_RESYNC_INTERVAL",
  dryRun: "EGRESS_HA_DRY_RUN",
  logLevel: "EGRESS_HA_LOG_LEVEL",
  runTimeout: "EGRESS_HA_RUN_TIMEOUT",
  queue: "EGRESS_HA_QUEUE",
  leaseSignal: "EGRESS_HA_LEASE_SIGNAL",
  leaseStaleAfter: "EGRESS_HA_LEASE_STALE_AFTER",
  agentSignal: "EGRESS_HA_AGENT_SIGNAL",
  agentNamespace: "EGRESS_HA_AGENT_NAMESPACE",
  agentSelector: "EGRESS_HA_AGENT_SELECTOR",
  agentGrace: "EGRESS_HA_AGENT_GRACE",
  events: "EGRESS_HA_EVENTS",
  stateFile: "EGRESS_HA_STATE_FILE"
};
var DEFAULT_POOLS = "egress=node.kubernetes.io/role=egress";
var REQUIRED_BLOCKING_TAINTS = [
  "node.kubernetes.io/unreachable",
  "node.kubernetes.io/not-ready",
  "node.cilium.io/agent-not-ready",
  // Set by an operator on a node that is shut down (non-graceful node shutdown).
  "node.kubernetes.io/out-of-service",
  // Set by cluster-autoscaler just before it deletes a node.
  "ToBeDeletedByClusterAutoscaler"
];
var SettingsError = class extends Error {
  name = "SettingsError";
};
var POOL_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
function isPoolName(name) {
  return POOL_NAME.test(name);
}
function parsePools(raw) {
  const variable = ENV.pools;
  const pools = /* @__PURE__ */ new Map();
  const add = (name, selector) => {
    if (!isPoolName(name)) {
      throw new SettingsError(
        `${variable}: pool name "${name}" must be a DNS label (lower-case letters, digits and '-', at most 63)`
      );
    }
    if (pools.has(name)) throw new SettingsError(`${variable}: pool "${name}" is defined twice`);
    try {
      pools.set(name, selector());
    } catch (err) {
      if (err instanceof SelectorError) throw new SettingsError(`${variable}: pool "${name}": ${err.message}`);
      throw err;
    }
  };
  const text = raw.trim();
  if (text.startsWith("{")) {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new SettingsError(`${variable}: not valid JSON: ${err.message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SettingsError(`${variable}: expected a JSON object of pool name to selector`);
    }
    for (const [name, sel] of Object.entries(parsed)) {
      add(name, () => typeof sel === "string" ? parseLabelSelector(sel) : validateLabelSelector(sel));
    }
  } else {
    for (const entry of text.split(";")) {
      if (entry.trim() === "") continue;
      const eq = entry.indexOf("=");
      if (eq <= 0) {
        throw new SettingsError(`${variable}: "${entry.trim()}" is not of the form <pool>=<label selector>`);
      }
      add(entry.slice(0, eq).trim(), () => parseLabelSelector(entry.slice(eq + 1)));
    }
  }
  if (pools.size === 0) throw new SettingsError(`${variable}: no pool is defined`);
  return [...pools.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([name, selector]) => ({ name, selector }));
}
var DURATION_PART = /(\d+(?:\.\d+)?)(h|ms|m|s)/gy;
var UNIT_SECONDS = { h: 3600, m: 60, s: 1, ms: 1e-3 };
function parseDurationSeconds(text) {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === "") return null;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  let consumed = 0;
  for (let m = DURATION_PART.exec(t); m !== null; m = DURATION_PART.exec(t)) {
    total += Number(m[1]) * (UNIT_SECONDS[m[2] ?? "s"] ?? 1);
    consumed = DURATION_PART.lastIndex;
  }
  return consumed === t.length ? total : null;
}
var MAX_DURATION_SECONDS = 24 * 24 * 3600;
function duration(env, name, fallback, min) {
  const raw = env[name];
  if (raw === void 0 || raw.trim() === "") return fallback;
  const seconds = parseDurationSeconds(raw);
  if (seconds === null) throw new SettingsError(`${name}: "${raw}" is not a duration (examples: 30s, 2m, 90)`);
  if (seconds < min) throw new SettingsError(`${name}: ${raw} is below the minimum of ${min}s`);
  if (seconds > MAX_DURATION_SECONDS) throw new SettingsError(`${name}: ${raw} is above the maximum of 24 days`);
  return seconds;
}
function bool(env, name, fallback) {
  const raw = env[name];
  if (raw === void 0 || raw.trim() === "") return fallback;
  const v = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  throw new SettingsError(`${name}: "${raw}" is not a boolean (use true or false)`);
}
function readSettings(env) {
  const pools = parsePools(env[ENV.pools] ?? DEFAULT_POOLS);
  const extra = (env[ENV.extraBlockingTaints] ?? "").split(",").map((t) => t.trim()).filter((t) => t !== "");
  for (const taint of extra) {
    if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(taint)) {
      throw new SettingsError(`${ENV.extraBlockingTaints}: "${taint}" is not a valid taint key`);
    }
  }
  const resync = duration(env, ENV.resyncInterval, 2, 0);
  if (resync !== 0 && (resync < 1 || !Number.isInteger(resync))) {
    throw new SettingsError(`${ENV.resyncInterval}: must be 0 (off) or a whole number of seconds >= 1`);
  }
  const level = (env[ENV.logLevel] ?? "info").trim().toLowerCase() || "info";
  if (level !== "debug" && level !== "info" && level !== "warn" && level !== "error") {
    throw new SettingsError(`${ENV.logLevel}: "${env[ENV.logLevel]}" is not one of debug, info, warn, error`);
  }
  const queue = (env[ENV.queue] ?? "cilium-egress-ha").trim();
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(queue)) {
    throw new SettingsError(`${ENV.queue}: "${queue}" must be lower-case letters, digits and '-'`);
  }
  const staleRaw = (env[ENV.leaseStaleAfter] ?? "auto").trim();
  const leaseStaleAfterSeconds = staleRaw === "" || staleRaw === "auto" ? null : duration(env, ENV.leaseStaleAfter, 0, 1);
  const agentNamespace = (env[ENV.agentNamespace] ?? "kube-system").trim();
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(agentNamespace)) {
    throw new SettingsError(`${ENV.agentNamespace}: "${agentNamespace}" is not a namespace name`);
  }
  let agentSelector;
  try {
    agentSelector = parseLabelSelector(env[ENV.agentSelector] ?? "k8s-app=cilium");
  } catch (err) {
    if (err instanceof SelectorError) throw new SettingsError(`${ENV.agentSelector}: ${err.message}`);
    throw err;
  }
  const tmp = (env.TMPDIR ?? "").trim() || "/tmp";
  const stateFile = (env[ENV.stateFile] ?? "").trim() || `${tmp}/cilium-egress-ha/state.json`;
  return {
    pools,
    cordonDrains: bool(env, ENV.cordonDrains, true),
    recoveryDelaySeconds: duration(env, ENV.recoveryDelay, 30, 0),
    blockingTaints: [.../* @__PURE__ */ new Set([...REQUIRED_BLOCKING_TAINTS, ...extra])],
    resyncIntervalSeconds: resync,
    dryRun: bool(env, ENV.dryRun, false),
    logLevel: level,
    runTimeoutSeconds: duration(env, ENV.runTimeout, 30, 1),
    queue,
    leaseSignal: bool(env, ENV.leaseSignal, true),
    leaseStaleAfterSeconds,
    agentSignal: bool(env, ENV.agentSignal, true),
    agentNamespace,
    agentSelector,
    agentGraceSeconds: duration(env, ENV.agentGrace, 60, 0),
    events: bool(env, ENV.events, true),
    stateFile
  };
}
var PREFIX = "EGRESS_HA_";
var KNOWN_VARIABLES = new Set(Object.values(ENV));
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j] + 1,
        row[j - 1] + 1,
        prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
    }
    prev = row;
  }
  return prev[b.length];
}
function unknownVariables(env) {
  return Object.keys(env).filter((name) => name.startsWith(PREFIX) && !KNOWN_VARIABLES.has(name)).sort().map((name) => {
    const [best] = [...KNOWN_VARIABLES].map((known) => ({ known, d: editDistance(name, known) })).sort((x, y) => x.d - y.d);
    const hint = best && best.d <= 3 ? ` (did you mean ${best.known}?)` : "";
    return `${name} is not a setting of this hook and is ignored${hint}`;
  });
}
function isKubeletSettableLabel(key) {
  const slash = key.indexOf("/");
  const namespace = slash === -1 ? "" : key.slice(0, slash);
  const within = (ns) => namespace === ns || namespace.endsWith(`.${ns}`);
  if (!within("kubernetes.io") && !within("k8s.io")) return true;
  if (KUBELET_LABELS.has(key)) return true;
  return within("kubelet.kubernetes.io") || within("node.kubernetes.io");
}
var KUBELET_LABELS = /* @__PURE__ */ new Set([
  "kubernetes.io/hostname",
  "kubernetes.io/arch",
  "kubernetes.io/os",
  "beta.kubernetes.io/arch",
  "beta.kubernetes.io/os",
  "beta.kubernetes.io/instance-type",
  "node.kubernetes.io/instance-type",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone"
]);
function kubeletJoinablePools(pools) {
  return pools.filter((pool) => {
    const positive = [
      ...Object.keys(pool.selector.matchLabels ?? {}),
      ...(pool.selector.matchExpressions ?? []).filter((e) => e.operator === "In" || e.operator === "Exists").map((e) => e.key)
    ];
    return !positive.some((key) => !isKubeletSettableLabel(key));
  });
}
function settingsWarnings(env, settings) {
  const warnings = unknownVariables(env);
  for (const pool of kubeletJoinablePools(settings.pools)) {
    const keys = [
      ...Object.keys(pool.selector.matchLabels ?? {}),
      ...(pool.selector.matchExpressions ?? []).map((e) => e.key)
    ];
    warnings.push(
      `${ENV.pools}: pool "${pool.name}" selects nodes only by labels that a node's own kubelet may set (${[...new Set(keys)].join(", ")}): a compromised node can label itself into the pool and attract its egress traffic. Select pool nodes by a label under node-restriction.kubernetes.io/, which only an administrator can set`
    );
  }
  return warnings;
}

// src/io/log.ts
var RANK = { debug: 0, info: 1, warn: 2, error: 3 };
function createLogger(write, threshold) {
  const emit = (level, msg, fields2) => {
    if (RANK[level] < RANK[threshold]) return;
    write(`${JSON.stringify({ level, msg, ...fields2 })}
`);
  };
  return {
    enabled: (level) => RANK[level] >= RANK[threshold],
    debug: (msg, fields2) => emit("debug", msg, fields2),
    info: (msg, fields2) => emit("info", msg, fields2),
    warn: (msg, fields2) => emit("warn", msg, fields2),
    error: (msg, fields2) => emit("error", msg, fields2)
  };
}

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

// src/patch/operations.ts
function pointerToken(token) {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
function slotPatch(d) {
  const { slot } = d;
  const selector = `${slot.path}/nodeSelector`;
  const hostnamePath = `${selector}/matchLabels/${pointerToken(HOSTNAME_LABEL)}`;
  const tests = [];
  const changes = [];
  if (slot.hostname !== null && slot.matchLabels !== null) {
    tests.push({ op: "test", path: hostnamePath, value: slot.hostname });
    changes.push({ op: "replace", path: hostnamePath, value: d.to });
  } else if (slot.matchLabels !== null) {
    tests.push({ op: "test", path: `${selector}/matchLabels`, value: slot.matchLabels });
    changes.push({ op: "add", path: hostnamePath, value: d.to });
  } else {
    tests.push({ op: "test", path: selector, value: slot.nodeSelector });
    changes.push({ op: "add", path: `${selector}/matchLabels`, value: { [HOSTNAME_LABEL]: d.to } });
  }
  if (d.egressIP !== null) {
    tests.push({ op: "test", path: `${slot.path}/egressIP`, value: d.egressIP.from });
    changes.push({ op: "replace", path: `${slot.path}/egressIP`, value: d.egressIP.to });
  }
  return { tests, changes };
}
function toOperations(decisions) {
  const ops = [];
  for (const decision of decisions) {
    if (decision.action !== "move") continue;
    const tests = [];
    const changes = [];
    for (const slot of decision.slots) {
      if (slot.action !== "move") continue;
      const p = slotPatch(slot);
      tests.push(...p.tests);
      changes.push(...p.changes);
    }
    ops.push({
      operation: "JSONPatch",
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: decision.policy,
      jsonPatch: [...tests, ...changes]
    });
  }
  return ops;
}
function toNdjson(items) {
  let out = "";
  for (const item of items) out += `${JSON.stringify(item)}
`;
  return out;
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
function readyProblem(ready) {
  if (ready === null) return null;
  if (!isObject(ready)) return `ready is ${describe(ready)}, expected an object or null`;
  if (ready.status !== null && typeof ready.status !== "string") return "ready.status is not a string";
  if (ready.since !== null && typeof ready.since !== "string") return "ready.since is not a string";
  return null;
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
  const ready = readyProblem(v.ready);
  if (ready) return ready;
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
  const ready = readyProblem(v.ready);
  if (ready) return ready;
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

// src/model/ip-address.ts
var IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
function isIPAddress(text) {
  if (IPV4.test(text)) return true;
  if (!text.includes(":") || /[^0-9A-Fa-f:.]/.test(text)) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

// src/model/node-health.ts
var AUTO_STALE_RATIO = 0.4;
var DEFAULT_LEASE_DURATION_SECONDS = 40;
function formatAge(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
function parseEgressIP(raw) {
  if (raw === null || raw.trim() === "") return { kind: "none" };
  const ip = raw.trim();
  return isIPAddress(ip) ? { kind: "valid", ip } : { kind: "invalid", raw };
}
function leaseAge(lease, now, seen) {
  if (lease.renewTime === null) return null;
  if (seen) {
    const sighting = seen.get(lease.name);
    return sighting && sighting.renewTime === lease.renewTime ? (now.getTime() - Date.parse(sighting.seenAt)) / 1e3 : 0;
  }
  const renewed = Date.parse(lease.renewTime);
  return Number.isNaN(renewed) ? null : (now.getTime() - renewed) / 1e3;
}
function staleThreshold(lease, staleAfterSeconds) {
  if (staleAfterSeconds !== null) return staleAfterSeconds;
  return Math.max(5, AUTO_STALE_RATIO * (lease.durationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS));
}
function isLeaseStale(lease, staleAfterSeconds, now, seen) {
  const age = leaseAge(lease, now, seen);
  return age === null || age > staleThreshold(lease, staleAfterSeconds);
}
function ageSince(since, now) {
  if (!since) return null;
  const ms = Date.parse(since);
  return Number.isNaN(ms) ? null : (now.getTime() - ms) / 1e3;
}
function assessNode(node, opts, now, inputs = {}) {
  const problems = [];
  const signals = [];
  const flag = (signal, text) => {
    problems.push(text);
    signals.push(signal);
  };
  const ready = node.ready;
  if (ready === null || ready.status === null) {
    flag("node", "has no Ready condition");
  } else if (ready.status !== "True") {
    const why = ready.status === "Unknown" ? " (kubelet stopped reporting)" : "";
    const since = ready.since ? ` since ${ready.since}` : "";
    flag("node", `Ready=${ready.status}${why}${since}`);
  }
  for (const taint of node.taints) {
    if (opts.blockingTaints.includes(taint)) flag("node", `tainted ${taint}`);
  }
  if (node.unschedulable && opts.cordonDrains) flag("node", "cordoned");
  if (node.deleting) flag("node", "being deleted");
  if (inputs.lease) {
    const lease = inputs.lease.byNode.get(node.name);
    if (!lease) {
      flag("lease", "has no Lease in kube-node-lease");
    } else if (isLeaseStale(lease, inputs.lease.staleAfterSeconds, now, inputs.lease.seen)) {
      const age = leaseAge(lease, now, inputs.lease.seen);
      const threshold = staleThreshold(lease, inputs.lease.staleAfterSeconds);
      flag(
        "lease",
        age === null ? "Lease has no renewTime" : `Lease not renewed for ${formatAge(age)} (stale after ${formatAge(threshold)})`
      );
    }
  }
  let agentSince = null;
  let agentDown = null;
  if (inputs.agent) {
    const pods = inputs.agent.byNode.get(node.name) ?? [];
    const serving = pods.filter((p) => !p.deleting && p.ready?.status === "True");
    if (serving.length === 0) {
      const notReady = pods.find((p) => !p.deleting && p.ready?.status !== "True" && p.ready?.since);
      const since = notReady?.ready?.since ?? inputs.agentDownSince ?? now.toISOString();
      const why = pods.length === 0 ? "no cilium agent pod on the node" : `cilium agent ${pods.map((p) => `${p.name} ${p.deleting ? "terminating" : "not Ready"}`).join(", ")}`;
      agentDown = { since, why };
      const down = ageSince(since, now) ?? 0;
      if (down >= inputs.agent.graceSeconds) flag("agent", `${why} for ${formatAge(down)}`);
    } else {
      const ages = serving.map((p) => ({ since: p.ready?.since ?? null, age: ageSince(p.ready?.since, now) }));
      const oldest = ages.reduce(
        (a, b) => (b.age ?? Number.POSITIVE_INFINITY) > (a.age ?? Number.POSITIVE_INFINITY) ? b : a
      );
      agentSince = oldest.age === null ? null : oldest.since;
    }
  }
  const healthy = problems.length === 0;
  let settling = null;
  if (healthy && agentDown) {
    const down = ageSince(agentDown.since, now) ?? 0;
    settling = `${agentDown.why} for ${formatAge(down)} (a gateway moves away after ${formatAge(inputs.agent?.graceSeconds ?? 0)})`;
  } else if (healthy) {
    const delay = opts.recoveryDelaySeconds;
    const of = `of the ${formatAge(delay)} recovery delay`;
    const readyAgeS = ageSince(ready?.since, now);
    const agentAgeS = ageSince(agentSince, now);
    const memoryAgeS = ageSince(inputs.lastUnhealthy?.at, now);
    if (readyAgeS !== null && readyAgeS < delay) {
      settling = `Ready for ${formatAge(readyAgeS)} ${of}`;
    } else if (agentAgeS !== null && agentAgeS < delay) {
      settling = `cilium agent Ready for ${formatAge(agentAgeS)} ${of}`;
    } else if (memoryAgeS !== null && memoryAgeS < delay) {
      settling = `healthy again for ${formatAge(memoryAgeS)} ${of} (was: ${inputs.lastUnhealthy?.why})`;
    }
  }
  return {
    name: node.name,
    hostname: node.labels["kubernetes.io/hostname"] || node.name,
    labels: node.labels,
    healthy,
    candidate: healthy && settling === null,
    problems,
    signals,
    settling,
    readySince: ready?.status === "True" ? ready.since : null,
    agentDownSince: agentDown?.since ?? null,
    egressIP: parseEgressIP(node.egressIP)
  };
}
function describeHealth(h) {
  if (!h.healthy) return h.problems.join(", ");
  if (h.settling) return h.settling;
  return "eligible";
}
function nodeState(h) {
  if (!h.healthy) return "unhealthy";
  return h.candidate ? "eligible" : "recovering";
}

// src/model/policy.ts
function isObject2(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function readSlot(raw, label, path) {
  const field2 = `spec.${label}`;
  if (!isObject2(raw)) return { field: field2, message: "is missing or not an object" };
  const nodeSelector = raw.nodeSelector;
  if (!isObject2(nodeSelector)) return { field: `${field2}.nodeSelector`, message: "is missing or not an object" };
  let matchLabels = null;
  if (nodeSelector.matchLabels !== void 0 && nodeSelector.matchLabels !== null) {
    if (!isObject2(nodeSelector.matchLabels)) {
      return { field: `${field2}.nodeSelector.matchLabels`, message: "is not an object" };
    }
    const labels = nodeSelector.matchLabels;
    for (const k in labels) {
      if (typeof labels[k] !== "string") {
        return { field: `${field2}.nodeSelector.matchLabels["${k}"]`, message: "is not a string" };
      }
    }
    matchLabels = labels;
  }
  const expressions = [];
  if (nodeSelector.matchExpressions !== void 0 && nodeSelector.matchExpressions !== null) {
    if (!Array.isArray(nodeSelector.matchExpressions)) {
      return { field: `${field2}.nodeSelector.matchExpressions`, message: "is not a list" };
    }
    for (const [i, expr] of nodeSelector.matchExpressions.entries()) {
      const at = `${field2}.nodeSelector.matchExpressions[${i}]`;
      if (!isObject2(expr) || typeof expr.key !== "string" || typeof expr.operator !== "string") {
        return { field: at, message: "needs a key and an operator" };
      }
      if (expr.key === HOSTNAME_LABEL) {
        return { field: at, message: `constrains ${HOSTNAME_LABEL}; pin the node with matchLabels instead` };
      }
      const values = Array.isArray(expr.values) ? expr.values.filter((v) => typeof v === "string") : [];
      expressions.push({ key: expr.key, operator: expr.operator, values });
    }
  }
  const egressIP = raw.egressIP;
  const iface = raw.interface;
  if (egressIP !== void 0 && egressIP !== null && typeof egressIP !== "string") {
    return { field: `${field2}.egressIP`, message: "is not a string" };
  }
  if (iface !== void 0 && iface !== null && typeof iface !== "string") {
    return { field: `${field2}.interface`, message: "is not a string" };
  }
  if (egressIP && iface) {
    return { field: field2, message: "sets both egressIP and interface, so Cilium ignores the policy" };
  }
  const hostname = matchLabels?.[HOSTNAME_LABEL] ?? null;
  const otherTerms = {};
  for (const k in matchLabels) {
    if (k === HOSTNAME_LABEL) continue;
    otherTerms.matchLabels ??= {};
    otherTerms.matchLabels[k] = matchLabels[k];
  }
  if (expressions.length > 0) otherTerms.matchExpressions = expressions;
  return {
    label,
    path,
    nodeSelector,
    matchLabels,
    hostname: hostname === "" ? null : hostname,
    otherTerms,
    egressIP: egressIP ? egressIP : null
  };
}
function readPolicy(p) {
  const base = { name: p.name, poolAnnotation: p.pool };
  const multi = p.egressGateways;
  const slots = [];
  if (multi !== null && multi !== void 0 && !Array.isArray(multi)) {
    return { ...base, field: "spec.egressGateways", message: "is not a list" };
  }
  if (Array.isArray(multi) && multi.length > 0) {
    for (const [i, raw] of multi.entries()) {
      const slot = readSlot(raw, `egressGateways[${i}]`, `/spec/egressGateways/${i}`);
      if ("message" in slot) return { ...base, ...slot };
      slots.push(slot);
    }
  } else {
    const slot = readSlot(p.egressGateway, "egressGateway", "/spec/egressGateway");
    if ("message" in slot) return { ...base, ...slot };
    slots.push(slot);
  }
  return { ...base, deleting: p.deleting, slots };
}
function isInvalid(p) {
  return "message" in p;
}

// src/model/selector-match.ts
function unmatchedTerms(selector, labels) {
  const failed = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) failed.push(`${key}=${value}`);
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expr.key);
    const value = labels[expr.key];
    const values = expr.values ?? [];
    let ok;
    switch (expr.operator) {
      case "In":
        ok = has && values.includes(value);
        break;
      case "NotIn":
        ok = !has || !values.includes(value);
        break;
      case "Exists":
        ok = has;
        break;
      case "DoesNotExist":
        ok = !has;
        break;
      default:
        ok = false;
    }
    if (!ok) failed.push(`${expr.key} ${expr.operator}${values.length ? ` (${values.join(",")})` : ""}`);
  }
  return failed;
}

// src/engine/decide.ts
var byName = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var Cluster = class {
  health = /* @__PURE__ */ new Map();
  members = /* @__PURE__ */ new Map();
  load = /* @__PURE__ */ new Map();
  signals = [];
  memory = /* @__PURE__ */ Object.create(null);
  leaseSeen;
  agentDown = /* @__PURE__ */ Object.create(null);
  /** Names of every node in the cluster, from the Lease snapshot; null without it. */
  leaseNames;
  constructor(snapshot, opts, now, seen) {
    const memory = seen.unhealthy ?? {};
    this.leaseSeen = seen.leaseSeen ? this.sightLeases(snapshot, seen.leaseSeen, now) : void 0;
    this.leaseNames = snapshot.leases === null ? null : new Set(snapshot.leases.map((l) => l.name));
    const priorAgentDown = seen.agentDown ?? {};
    const poolNodes = /* @__PURE__ */ new Set();
    for (const nodes of snapshot.pools.values()) for (const n of nodes) poolNodes.add(n.name);
    const lease = this.leaseSignal(snapshot, opts, now);
    const agent = this.agentSignal(snapshot, opts, poolNodes);
    for (const pool of [...snapshot.pools.keys()].sort(byName)) {
      const names = /* @__PURE__ */ new Set();
      for (const node of snapshot.pools.get(pool) ?? []) {
        if (!this.health.has(node.name)) {
          const before = Object.hasOwn(memory, node.name) ? memory[node.name] : void 0;
          const agentDownSince = Object.hasOwn(priorAgentDown, node.name) ? priorAgentDown[node.name] : void 0;
          const h = assessNode(node, opts, now, { lease, agent, lastUnhealthy: before, agentDownSince });
          this.health.set(node.name, h);
          this.remember(h, before, opts.recoveryDelaySeconds, now);
          if (h.agentDownSince !== null) this.agentDown[node.name] = h.agentDownSince;
        }
        names.add(node.name);
      }
      this.members.set(pool, [...names].sort(byName));
    }
  }
  remember(h, before, delay, now) {
    if (!h.healthy) {
      this.memory[h.name] = { at: now.toISOString(), why: h.problems.join(", ") };
    } else if (before && (now.getTime() - Date.parse(before.at)) / 1e3 < delay) {
      this.memory[h.name] = before;
    }
  }
  /** Keeps a sighting while a Lease's renewTime stays the same; a new renewTime is seen now. */
  sightLeases(snapshot, before, now) {
    const next = /* @__PURE__ */ Object.create(null);
    for (const lease of snapshot.leases ?? []) {
      if (lease.renewTime === null) continue;
      const old = Object.hasOwn(before, lease.name) ? before[lease.name] : void 0;
      next[lease.name] = old && old.renewTime === lease.renewTime ? old : { renewTime: lease.renewTime, seenAt: now.toISOString() };
    }
    return next;
  }
  leaseSignal(snapshot, opts, now) {
    if (!opts.lease) {
      this.signals.push({ signal: "lease", state: "off", detail: "Lease signal is off" });
      return void 0;
    }
    const leases = snapshot.leases;
    if (leases === null || leases.length === 0) {
      const why = leases === null ? "the binding context has no leases snapshot" : "no Lease in kube-node-lease";
      this.signals.push({ signal: "lease", state: "unavailable", detail: `${why}; Leases ignored` });
      return void 0;
    }
    const seen = this.leaseSeen ? new Map(Object.entries(this.leaseSeen)) : void 0;
    const stale = leases.filter((l) => isLeaseStale(l, opts.lease?.staleAfterSeconds ?? null, now, seen)).length;
    if (stale >= 2 && stale * 2 > leases.length) {
      this.signals.push({
        signal: "lease",
        state: "suspended",
        detail: `${stale} of ${leases.length} node Leases are stale at once, which points at the control plane or this hook's view, not the nodes; Leases ignored`
      });
      return void 0;
    }
    this.signals.push({ signal: "lease", state: "active", detail: `${stale} of ${leases.length} node Leases stale` });
    return {
      byNode: new Map(leases.map((l) => [l.name, l])),
      staleAfterSeconds: opts.lease.staleAfterSeconds,
      seen
    };
  }
  agentSignal(snapshot, opts, poolNodes) {
    if (!opts.agent) {
      this.signals.push({ signal: "agent", state: "off", detail: "cilium agent signal is off" });
      return void 0;
    }
    if (snapshot.agents === null) {
      this.signals.push({
        signal: "agent",
        state: "unavailable",
        detail: "the binding context has no agents snapshot; cilium agents ignored"
      });
      return void 0;
    }
    const byNode = /* @__PURE__ */ new Map();
    for (const pod of snapshot.agents) {
      if (pod.node === null) continue;
      byNode.set(pod.node, [...byNode.get(pod.node) ?? [], pod]);
    }
    if (poolNodes.size > 0 && ![...poolNodes].some((n) => byNode.has(n))) {
      this.signals.push({
        signal: "agent",
        state: "unavailable",
        detail: `no cilium agent pod (${opts.agent.source}) runs on any pool node; check the agent namespace and selector; cilium agents ignored`
      });
      return void 0;
    }
    const ready = [...poolNodes].filter(
      (n) => (byNode.get(n) ?? []).some((p) => !p.deleting && p.ready?.status === "True")
    );
    this.signals.push({
      signal: "agent",
      state: "active",
      detail: `cilium agent Ready on ${ready.length} of ${poolNodes.size} pool nodes`
    });
    return { byNode, graceSeconds: opts.agent.graceSeconds };
  }
  memberSets = /* @__PURE__ */ new Map();
  isMember(pool, node) {
    let set = this.memberSets.get(pool);
    if (!set) {
      set = new Set(this.members.get(pool));
      this.memberSets.set(pool, set);
    }
    return set.has(node);
  }
  byHostname;
  /**
   * The node a policy's `kubernetes.io/hostname` pin selects. Cilium matches the label, and on
   * some clouds it differs from the node's name (AWS: `ip-10-0-1-2.ec2.internal` vs `ip-10-0-1-2`).
   */
  nodeOf(hostname) {
    if (hostname === null) return null;
    if (!this.byHostname) {
      this.byHostname = /* @__PURE__ */ new Map();
      for (const h of this.health.values())
        if (!this.byHostname.has(h.hostname)) this.byHostname.set(h.hostname, h.name);
    }
    return this.byHostname.get(hostname) ?? null;
  }
  /** The pin value that selects `node`: its kubernetes.io/hostname label. */
  hostnameOf(node) {
    return this.health.get(node)?.hostname ?? node;
  }
  addLoad(node, delta) {
    if (node !== null) this.load.set(node, (this.load.get(node) ?? 0) + delta);
  }
  /** Why `node` cannot take `slot`, or null if it can. */
  rejection(node, slot) {
    const h = this.health.get(node);
    if (!h) return "not in the snapshot";
    if (!h.candidate) return describeHealth(h);
    const unmatched = unmatchedTerms(slot.otherTerms, h.labels);
    if (unmatched.length > 0) return `does not match the policy's selector (${unmatched.join(", ")})`;
    if (slot.egressIP !== null) {
      if (h.egressIP.kind === "none")
        return `has no ${ANNOTATION_EGRESS_IP} annotation, which the policy's egressIP needs`;
      if (h.egressIP.kind === "invalid")
        return `its ${ANNOTATION_EGRESS_IP} annotation "${h.egressIP.raw}" is not an IP address`;
    }
    return null;
  }
  viableCache = /* @__PURE__ */ new Map();
  /**
   * The pool nodes that may take `slot`, in name order. Viability depends only on the pool and
   * on what the slot requires (other selector terms, an egress IP), not on load, so it is
   * computed once per distinct requirement: thousands of policies usually share a handful.
   */
  viable(pool, slot) {
    const key = JSON.stringify([pool, slot.otherTerms, slot.egressIP !== null]);
    let nodes = this.viableCache.get(key);
    if (!nodes) {
      nodes = (this.members.get(pool) ?? []).filter((node) => this.rejection(node, slot) === null);
      this.viableCache.set(key, nodes);
    }
    return nodes;
  }
  pick(pool, slot, taken) {
    const viable = this.viable(pool, slot);
    if (viable.length === 0) {
      const rejections = (this.members.get(pool) ?? []).map((node) => `${node}: ${this.rejection(node, slot)}`);
      return { rejections };
    }
    const fresh = viable.filter((n) => !taken.has(n));
    const choices = fresh.length > 0 ? fresh : viable;
    let best = choices[0];
    for (const node of choices) {
      if ((this.load.get(node) ?? 0) < (this.load.get(best) ?? 0)) best = node;
    }
    return { node: best, load: this.load.get(best) ?? 0, shared: fresh.length === 0 };
  }
};
function keep(slot, reason) {
  return { slot, action: "keep", from: slot.hostname, to: slot.hostname, egressIP: null, reason };
}
function whyMove(cluster, pool, slot) {
  const current = slot.hostname;
  if (current === null) return "not pinned to a node";
  const node = cluster.nodeOf(current);
  if (node === null || !cluster.isMember(pool, node)) {
    return `gateway ${current} is not a node of pool ${pool} (deleted, or no longer selected by the pool)`;
  }
  const h = cluster.health.get(node);
  if (!h.healthy) return `gateway ${current} is not eligible (${h.problems.join(", ")})`;
  const unmatched = unmatchedTerms(slot.otherTerms, h.labels);
  if (unmatched.length > 0) {
    return `gateway ${current} no longer matches the policy's selector (${unmatched.join(", ")}), so the policy selects no node`;
  }
  return null;
}
function resolvePool(cluster, shape, configured, remembered) {
  if (shape.poolAnnotation !== null) {
    if (configured.includes(shape.poolAnnotation)) return { pool: shape.poolAnnotation, via: "annotation" };
    return {
      invalid: `names pool "${shape.poolAnnotation}", which is not configured (configured: ${configured.join(", ") || "none"})`
    };
  }
  let best = null;
  for (const pool of cluster.members.keys()) {
    const count = shape.slots.filter((s) => {
      const node = cluster.nodeOf(s.hostname);
      return node !== null && cluster.isMember(pool, node);
    }).length;
    if (count > 0 && (best === null || count > best.count)) best = { pool, count };
  }
  if (best !== null) return { pool: best.pool, via: `pinned to nodes of pool ${best.pool}` };
  const before = Object.hasOwn(remembered, shape.name) ? remembered[shape.name] : void 0;
  if (before !== void 0 && configured.includes(before) && cluster.leaseNames !== null) {
    const names = cluster.leaseNames;
    if (shape.slots.every((s) => s.hostname === null || !names.has(s.hostname))) {
      return { pool: before, via: `managed earlier; its pinned node is gone`, allSlots: true };
    }
  }
  return { ignore: `not managed: no ${ANNOTATION_POOL} annotation, and no gateway is pinned to a pool node` };
}
function decidePolicy(cluster, shape, pool, annotated) {
  const outcomes = new Array(shape.slots.length);
  const moving = [];
  shape.slots.forEach((slot, index) => {
    if (!annotated) {
      const node = cluster.nodeOf(slot.hostname);
      if (node === null || !cluster.isMember(pool, node)) {
        const where = `gateway ${slot.hostname ?? "(unpinned)"} is not a node of pool ${pool}`;
        outcomes[index] = keep(slot, `${where}; left alone, as the policy has no ${ANNOTATION_POOL} annotation`);
        return;
      }
    }
    const why = whyMove(cluster, pool, slot);
    if (why === null) {
      outcomes[index] = keep(slot, `gateway ${slot.hostname} is healthy`);
    } else {
      moving.push({ index, slot, why, viable: 0 });
    }
  });
  const taken = /* @__PURE__ */ new Set();
  if (moving.length > 0) {
    for (const o of outcomes) {
      const node = o ? cluster.nodeOf(o.from) : null;
      if (node !== null) taken.add(node);
    }
  }
  if (moving.length > 1) {
    for (const m of moving) m.viable = cluster.viable(pool, m.slot).length;
    moving.sort((a, b) => a.viable - b.viable);
  }
  for (const { index, slot, why } of moving) {
    const choice = cluster.pick(pool, slot, taken);
    if ("rejections" in choice) {
      const detail = choice.rejections.length > 0 ? choice.rejections.join("; ") : `pool ${pool} has no nodes`;
      outcomes[index] = {
        slot,
        action: "stuck",
        from: slot.hostname,
        to: null,
        egressIP: null,
        reason: `${why}; no node of pool ${pool} can take over: ${detail}`
      };
      continue;
    }
    taken.add(choice.node);
    cluster.addLoad(cluster.nodeOf(slot.hostname), -1);
    cluster.addLoad(choice.node, 1);
    const pin = cluster.hostnameOf(choice.node);
    let egressIP = null;
    const target = cluster.health.get(choice.node);
    if (slot.egressIP !== null && target.egressIP.kind === "valid" && target.egressIP.ip !== slot.egressIP) {
      egressIP = { from: slot.egressIP, to: target.egressIP.ip };
    }
    const shared = choice.shared ? ", sharing it with another slot for lack of eligible nodes" : "";
    const ip = egressIP ? `, egressIP ${egressIP.from} \u2192 ${egressIP.to}` : "";
    outcomes[index] = {
      slot,
      action: "move",
      from: slot.hostname,
      to: pin,
      egressIP,
      reason: `${why}; moving to ${choice.node}${pin === choice.node ? "" : ` (kubernetes.io/hostname=${pin})`}, the eligible node serving the fewest gateways (${choice.load})${shared}${ip}`
    };
  }
  const slots = outcomes;
  const action = slots.some((s) => s.action === "move") ? "move" : slots.some((s) => s.action === "stuck") ? "stuck" : "keep";
  let reason;
  if (slots.length === 1) {
    reason = slots[0].reason;
  } else if (action === "keep") {
    reason = `all ${slots.length} gateways are healthy (${slots.map((s) => s.from).join(", ")})`;
  } else {
    reason = slots.filter((s) => s.action !== "keep").map((s) => `${s.slot.label}: ${s.reason}`).join("; ");
  }
  return {
    policy: shape.name,
    pool,
    action,
    gateways: shape.slots.map((s) => s.hostname),
    slots,
    reason
  };
}
function invalidDecision(p) {
  return {
    policy: p.name,
    pool: p.poolAnnotation,
    action: "invalid",
    gateways: [],
    slots: [],
    reason: `skipped: ${p.field} ${p.message}`,
    field: p.field
  };
}
function decide(snapshot, options, now, observations = {}) {
  const cluster = new Cluster(snapshot, options, now, observations);
  const shapes = [...snapshot.policies].sort((a, b) => byName(a.name, b.name)).map(readPolicy);
  const resolved = /* @__PURE__ */ new Map();
  const decisions = /* @__PURE__ */ new Map();
  for (const shape of shapes) {
    if (isInvalid(shape)) {
      decisions.set(
        shape,
        shape.poolAnnotation === null ? {
          policy: shape.name,
          pool: null,
          action: "ignore",
          gateways: [],
          slots: [],
          reason: `not managed: no ${ANNOTATION_POOL} annotation (and ${shape.field} ${shape.message})`
        } : invalidDecision(shape)
      );
      continue;
    }
    if (shape.deleting) {
      decisions.set(shape, ignore(shape, "ignored: the policy is being deleted"));
      continue;
    }
    const r = resolvePool(cluster, shape, options.pools, observations.remembered ?? {});
    if ("invalid" in r) {
      decisions.set(
        shape,
        invalidDecision({ ...shape, field: `metadata.annotations["${ANNOTATION_POOL}"]`, message: r.invalid })
      );
    } else if ("ignore" in r) {
      decisions.set(shape, ignore(shape, r.ignore));
    } else {
      resolved.set(shape, r);
      for (const slot of shape.slots) cluster.addLoad(cluster.nodeOf(slot.hostname), 1);
    }
  }
  const remembered = /* @__PURE__ */ Object.create(null);
  for (const [shape, r] of resolved) {
    const annotated = shape.poolAnnotation !== null;
    decisions.set(shape, decidePolicy(cluster, shape, r.pool, annotated || r.allSlots === true));
    if (!annotated) remembered[shape.name] = r.pool;
  }
  return {
    decisions: shapes.map((s) => decisions.get(s)),
    pools: [...cluster.members].map(([pool, names]) => ({
      pool,
      nodes: names.map((n) => cluster.health.get(n))
    })),
    signals: cluster.signals,
    memory: cluster.memory,
    ...cluster.leaseSeen ? { leaseSeen: cluster.leaseSeen } : {},
    agentDown: cluster.agentDown,
    remembered
  };
}
function ignore(shape, reason) {
  return {
    policy: shape.name,
    pool: null,
    action: "ignore",
    gateways: shape.slots.map((s) => s.hostname),
    slots: [],
    reason
  };
}

// src/patch/events.ts
var EVENT_COMPONENT = "cilium-egress-ha";
var EVENT_NAMESPACE = "default";
function truncate(message) {
  return Buffer.byteLength(message) <= 1024 ? message : `${Buffer.from(message).subarray(0, 1020).toString()}\u2026`;
}
function eventName(policy, now, reason) {
  const suffix = `.${reason.toLowerCase()}.${now.getTime().toString(16)}`;
  const head = policy.slice(0, 253 - suffix.length).replace(/[-.]+$/, "");
  return `${head}${suffix}`;
}
function toEventOperations(decisions, uids, previouslyStuck, now) {
  const ops = [];
  for (const d of decisions) {
    let reason;
    let type;
    if (d.action === "move") {
      reason = "GatewayMoved";
      type = "Normal";
    } else if (d.action === "stuck" && !Object.hasOwn(previouslyStuck, d.policy)) {
      reason = "NoEligibleGateway";
      type = "Warning";
    } else {
      continue;
    }
    const involvedObject = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: d.policy
    };
    const uid = uids.get(d.policy);
    if (uid) involvedObject.uid = uid;
    const time = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    ops.push({
      operation: "Create",
      object: {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: eventName(d.policy, now, reason), namespace: EVENT_NAMESPACE },
        involvedObject,
        reason,
        type,
        message: truncate(d.reason),
        source: { component: EVENT_COMPONENT },
        firstTimestamp: time,
        lastTimestamp: time,
        count: 1
      }
    });
  }
  return ops;
}

// src/patch/metrics.ts
var METRIC_GROUP = "cilium_egress_ha";
var PREFIX2 = "cilium_egress_ha_";
function toMetrics(plan, failovers, applied = true) {
  const out = [];
  const set = (name, value, labels) => {
    out.push({ name: `${PREFIX2}${name}`, group: METRIC_GROUP, action: "set", value, labels });
  };
  const nodeName = /* @__PURE__ */ new Map();
  for (const pool of plan.pools) for (const n of pool.nodes) nodeName.set(n.hostname, n.name);
  const gateways = /* @__PURE__ */ new Map();
  for (const d of plan.decisions) {
    if (d.pool === null || d.action !== "keep" && d.action !== "move" && d.action !== "stuck") continue;
    for (const s of d.slots) {
      const pin = applied ? s.to ?? s.from : s.from;
      if (pin === null) continue;
      const node = nodeName.get(pin) ?? pin;
      gateways.set(node, (gateways.get(node) ?? 0) + 1);
      set("policy_gateway", 1, { policy: d.policy, pool: d.pool, slot: s.slot.label, node });
    }
    if (d.action === "stuck") set("policy_stuck", 1, { policy: d.policy, pool: d.pool });
  }
  for (const pool of plan.pools) {
    const counts = { eligible: 0, recovering: 0, unhealthy: 0 };
    for (const n of pool.nodes) counts[nodeState(n)]++;
    for (const [state, value] of Object.entries(counts)) set("pool_nodes", value, { pool: pool.pool, state });
    for (const n of pool.nodes) set("node_gateways", gateways.get(n.name) ?? 0, { pool: pool.pool, node: n.name });
    set("failovers_total", Object.hasOwn(failovers, pool.pool) ? failovers[pool.pool] : 0, {
      pool: pool.pool
    });
  }
  const invalid = plan.decisions.filter((d) => d.action === "invalid").length;
  set("policies_invalid", invalid, {});
  for (const signal of plan.signals) {
    for (const state of ["active", "off", "unavailable", "suspended"]) {
      set("signal_state", signal.state === state ? 1 : 0, { signal: signal.signal, state });
    }
  }
  return out;
}

// src/hook/state.ts
function record() {
  return /* @__PURE__ */ Object.create(null);
}
function emptyState() {
  return {
    nodes: record(),
    stuck: record(),
    failovers: record(),
    leaseSeen: record(),
    agentDown: record(),
    remembered: record()
  };
}
var EMPTY_STATE = Object.freeze(emptyState());
function fields(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v : {};
}
function parseState(text) {
  const doc = fields(JSON.parse(text));
  if (doc.version !== 1) throw new Error(`unknown state version ${JSON.stringify(doc.version)}`);
  const state = emptyState();
  for (const [name, pool] of Object.entries(fields(doc.remembered))) {
    if (typeof pool === "string") state.remembered[name] = pool;
  }
  for (const [name, entry] of Object.entries(fields(doc.leaseSeen))) {
    const e = fields(entry);
    if (typeof e.renewTime === "string" && typeof e.seenAt === "string") {
      state.leaseSeen[name] = { renewTime: e.renewTime, seenAt: e.seenAt };
    }
  }
  for (const [name, since] of Object.entries(fields(doc.agentDown))) {
    if (typeof since === "string") state.agentDown[name] = since;
  }
  for (const [name, entry] of Object.entries(fields(doc.nodes))) {
    const e = fields(entry);
    if (typeof e.at === "string" && typeof e.why === "string") state.nodes[name] = { at: e.at, why: e.why };
  }
  for (const [name, since] of Object.entries(fields(doc.stuck))) {
    if (typeof since === "string") state.stuck[name] = since;
  }
  for (const [pool, n] of Object.entries(fields(doc.failovers))) {
    if (typeof n === "number" && Number.isInteger(n) && n >= 0) state.failovers[pool] = n;
  }
  return state;
}
function serializeState(state) {
  return `${JSON.stringify({ version: 1, ...state })}
`;
}

// src/hook/pipeline.ts
function evaluate(doc, settings, now, options = {}) {
  const { poolsFromContext = false, strict = false, state = EMPTY_STATE } = options;
  const parsed = parseBindingContext(
    doc,
    poolsFromContext ? null : settings.pools.map((p) => p.name),
    strict ? { leases: settings.leaseSignal, agents: settings.agentSignal } : { leases: false, agents: false }
  );
  if (parsed.snapshot === null) {
    return { contexts: parsed.contexts, problems: parsed.problems, plan: null, operations: [], metrics: [], state };
  }
  const pools = poolsFromContext ? [...parsed.snapshot.pools.keys()] : settings.pools.map((p) => p.name);
  const plan = decide(
    parsed.snapshot,
    {
      pools,
      cordonDrains: settings.cordonDrains,
      recoveryDelaySeconds: settings.recoveryDelaySeconds,
      blockingTaints: settings.blockingTaints,
      lease: settings.leaseSignal ? { staleAfterSeconds: settings.leaseStaleAfterSeconds } : null,
      agent: settings.agentSignal ? {
        source: `${formatLabelSelector(settings.agentSelector)} in ${settings.agentNamespace}`,
        graceSeconds: settings.agentGraceSeconds
      } : null
    },
    now,
    {
      unhealthy: state.nodes,
      // Lease ages by the hook's own sightings whenever there is a state to keep them in.
      leaseSeen: options.state ? state.leaseSeen : void 0,
      agentDown: state.agentDown,
      remembered: state.remembered
    }
  );
  const stuck = /* @__PURE__ */ Object.create(null);
  const failovers = Object.assign(/* @__PURE__ */ Object.create(null), state.failovers);
  for (const d of plan.decisions) {
    if (d.slots.some((s) => s.action === "stuck")) {
      stuck[d.policy] = Object.hasOwn(state.stuck, d.policy) ? state.stuck[d.policy] : now.toISOString();
    }
    if (d.action === "move" && d.pool !== null && !settings.dryRun) {
      const before = Object.hasOwn(failovers, d.pool) ? failovers[d.pool] : 0;
      failovers[d.pool] = before + d.slots.filter((s) => s.action === "move").length;
    }
  }
  const uids = new Map(parsed.snapshot.policies.map((p) => [p.name, p.uid ?? null]));
  const events = settings.events ? toEventOperations(plan.decisions, uids, state.stuck, now) : [];
  return {
    contexts: parsed.contexts,
    problems: parsed.problems,
    plan,
    operations: [...toOperations(plan.decisions), ...events],
    metrics: toMetrics(plan, failovers, !settings.dryRun),
    state: {
      nodes: plan.memory,
      stuck,
      failovers,
      leaseSeen: plan.leaseSeen ?? state.leaseSeen,
      agentDown: plan.agentDown,
      remembered: plan.remembered
    }
  };
}

// src/hook/run.ts
var EXIT_OK = 0;
var EXIT_CONTRACT = 1;
var EXIT_USAGE = 2;
function requireEnv(env, name) {
  const value = env[name];
  if (value === void 0 || value === "") {
    throw new ContractError(`${name} is not set; shell-operator sets it for every hook run`);
  }
  return value;
}
function logDecision(log, d) {
  if ((d.action === "keep" || d.action === "ignore") && !log.enabled("debug")) return;
  const fields2 = { policy: d.policy, pool: d.pool, action: d.action };
  const moves = d.slots.filter((s) => s.action === "move");
  if (moves.length > 0) fields2.moves = moves.map((s) => ({ slot: s.slot.label, from: s.from, to: s.to }));
  if (d.field) fields2.field = d.field;
  const msg = `policy ${d.policy}: ${d.reason}`;
  switch (d.action) {
    case "move":
      log.info(msg, fields2);
      break;
    case "stuck":
      log.error(msg, fields2);
      break;
    case "invalid":
      log.warn(msg, fields2);
      break;
    default:
      log.debug(msg, fields2);
  }
}
async function loadState(io, path, log) {
  let text;
  try {
    text = await io.readState(path);
  } catch (err) {
    log.warn(`cannot read ${ENV.stateFile} ${path}: ${err.message}; starting without memory`);
    return { state: EMPTY_STATE, text: null };
  }
  if (text === null) return { state: EMPTY_STATE, text };
  try {
    return { state: parseState(text), text };
  } catch (err) {
    log.warn(`ignoring ${ENV.stateFile} ${path}: ${err.message}`);
    return { state: EMPTY_STATE, text };
  }
}
async function runHook(io, preread) {
  let settings;
  try {
    settings = preread ?? readSettings(io.env);
  } catch (err) {
    if (err instanceof SettingsError) {
      io.stderr(`${JSON.stringify({ level: "error", msg: `invalid settings: ${err.message}` })}
`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const log = createLogger(io.stderr, settings.logLevel);
  try {
    const contextPath = requireEnv(io.env, "BINDING_CONTEXT_PATH");
    const patchPath = requireEnv(io.env, "KUBERNETES_PATCH_PATH");
    let text;
    try {
      text = await io.readFile(contextPath);
    } catch (err) {
      throw new ContractError(`cannot read BINDING_CONTEXT_PATH ${contextPath}: ${err.message}`);
    }
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new ContractError(`BINDING_CONTEXT_PATH ${contextPath} is not valid JSON: ${err.message}`);
    }
    const now = io.now();
    const before = await loadState(io, settings.stateFile, log);
    const result = evaluate(doc, settings, now, { strict: true, state: before.state });
    log.debug("binding context", { contexts: result.contexts });
    for (const p of result.problems) log.warn(`skipped ${p.where}: ${p.message}`, { where: p.where });
    if (result.plan === null) {
      log.info("empty binding context, nothing to decide");
      return EXIT_OK;
    }
    for (const pool of log.enabled("debug") ? result.plan.pools : []) {
      const unfit = pool.nodes.filter((n) => !n.candidate);
      if (unfit.length > 0) {
        log.debug(`pool ${pool.pool}: ${unfit.length} of ${pool.nodes.length} nodes cannot take a gateway`, {
          pool: pool.pool,
          nodes: unfit.map((n) => ({ node: n.name, why: n.healthy ? n.settling : n.problems.join(", ") }))
        });
      }
    }
    for (const signal of result.plan.signals) {
      const fields2 = { signal: signal.signal, state: signal.state };
      if (signal.state === "suspended" || signal.state === "unavailable")
        log.error(`${signal.signal} signal ${signal.state}: ${signal.detail}`, fields2);
      else log.debug(`${signal.signal} signal ${signal.state}: ${signal.detail}`, fields2);
    }
    for (const d of result.plan.decisions) logDecision(log, d);
    const counts = { keep: 0, move: 0, stuck: 0, ignore: 0, invalid: 0 };
    for (const d of result.plan.decisions) counts[d.action] = (counts[d.action] ?? 0) + 1;
    const summary = Object.entries(counts).map(([action, n]) => `${n} ${action}`).join(", ");
    if (result.operations.length > 0 && !settings.dryRun) {
      try {
        await io.writeFile(patchPath, toNdjson(result.operations));
      } catch (err) {
        throw new ContractError(`cannot write KUBERNETES_PATCH_PATH ${patchPath}: ${err.message}`);
      }
    }
    const metricsPath = io.env.METRICS_PATH;
    if (metricsPath) {
      try {
        await io.writeFile(metricsPath, toNdjson(result.metrics));
      } catch (err) {
        throw new ContractError(`cannot write METRICS_PATH ${metricsPath}: ${err.message}`);
      }
    }
    try {
      const after = serializeState(result.state);
      if (after !== before.text) await io.writeState(settings.stateFile, after);
    } catch (err) {
      log.warn(`cannot write ${ENV.stateFile} ${settings.stateFile}: ${err.message}`);
    }
    const patches = result.operations.filter((op) => op.operation === "JSONPatch").length;
    const events = result.operations.length - patches;
    const dry = settings.dryRun && result.operations.length > 0 ? ` (dry run: ${patches} policy patches and ${events} events not written)` : "";
    log.info(`decided ${result.plan.decisions.length} policies: ${summary}${dry}`, {
      ...counts,
      dryRun: settings.dryRun
    });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ContractError) {
      log.error(err.message);
      return EXIT_CONTRACT;
    }
    throw err;
  }
}

// src/io/stdio.ts
var import_node_fs = require("node:fs");
function writeFd(fd, text) {
  const buf = Buffer.from(text);
  let offset = 0;
  while (offset < buf.length) {
    try {
      offset += (0, import_node_fs.writeSync)(fd, buf, offset);
    } catch (err) {
      if (err.code !== "EAGAIN") throw err;
    }
  }
}

// src/protocol/hook-config.ts
var NODE_LEASE_NAMESPACE = "kube-node-lease";
var BINDING_GROUP = "cilium-egress-ha";
function buildHookConfig(settings) {
  const common = {
    group: BINDING_GROUP,
    queue: settings.queue,
    keepFullObjectsInMemory: false
  };
  if (settings.resyncIntervalSeconds > 0) common.allowFailure = true;
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
        allowFailure: true
      }
    ];
  }
  return config;
}

// src/cli/hook-process.ts
function printHookConfig(env) {
  try {
    const settings = readSettings(env);
    for (const warning of settingsWarnings(env, settings)) writeFd(2, `cilium-egress-ha: warning: ${warning}
`);
    writeFd(1, `${JSON.stringify(buildHookConfig(settings))}
`);
    return 0;
  } catch (err) {
    if (err instanceof SettingsError) {
      writeFd(2, `cilium-egress-ha: invalid settings: ${err.message}
`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
function call(fn) {
  return new Promise((resolve, reject) => fn((err, value) => err ? reject(err) : resolve(value)));
}
var readFile2 = (path) => call((done) => fs.readFile(path, "utf8", done));
var writeFile2 = (path, data) => call((done) => fs.writeFile(path, data, done));
async function writeWhole(path, data) {
  if (path === "/dev/stdout") {
    writeFd(1, data);
    return;
  }
  try {
    await writeFile2(path, data);
  } catch (err) {
    await call((done) => fs.truncate(path, 0, done)).catch(() => void 0);
    throw err;
  }
}
async function runHookProcess() {
  let timeoutSeconds = 30;
  let settings;
  try {
    settings = readSettings(process.env);
    timeoutSeconds = settings.runTimeoutSeconds;
  } catch {
  }
  const deadline = setTimeout(() => {
    writeFd(
      2,
      `${JSON.stringify({ level: "error", msg: `run exceeded EGRESS_HA_RUN_TIMEOUT (${timeoutSeconds}s); giving up so shell-operator retries` })}
`
    );
    process.exit(EXIT_CONTRACT);
  }, timeoutSeconds * 1e3);
  deadline.unref();
  try {
    return await runHook(
      {
        env: process.env,
        readFile: readFile2,
        writeFile: writeWhole,
        readState: async (path) => {
          try {
            return await readFile2(path);
          } catch (err) {
            if (err.code === "ENOENT") return null;
            throw err;
          }
        },
        writeState: async (path, data) => {
          await call((done) => fs.mkdir((0, import_node_path.dirname)(path), { recursive: true }, done));
          const tmp = `${path}.${process.pid}.tmp`;
          await writeFile2(tmp, data);
          await call((done) => fs.rename(tmp, path, done));
        },
        stderr: (text) => writeFd(2, text),
        now: () => /* @__PURE__ */ new Date()
      },
      settings
    );
  } finally {
    clearTimeout(deadline);
  }
}

// src/cli/main.ts
async function main(args) {
  if (args.length === 1 && args[0] === "--config") return printHookConfig(process.env);
  if (args.length === 0) return runHookProcess();
  const { runCli } = await import("./cli.cjs");
  return runCli(process.argv);
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`cilium-egress-ha: unexpected error: ${err?.stack ?? String(err)}
`);
    process.exitCode = 1;
  }
);
