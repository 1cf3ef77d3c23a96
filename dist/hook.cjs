#!/usr/bin/env node
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
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

// src/io/probe.ts
var probe_exports = {};
__export(probe_exports, {
  probeNodes: () => probeNodes,
  probeRound: () => probeRound
});
function connect2(address, port, timeoutMs, http) {
  return new Promise((resolve) => {
    let done = false;
    const socket = net.connect({ host: address, port });
    const finish = (a) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish("silent"), timeoutMs);
    socket.once("connect", () => {
      if (!http) return finish("open");
      socket.once("data", () => finish("open"));
      socket.write(`GET /hello HTTP/1.0\r
Host: ${net.isIPv6(address) ? `[${address}]` : address}\r
\r
`);
    });
    socket.once("error", (err) => finish(err.code === "ECONNREFUSED" ? "refused" : "silent"));
  });
}
async function attempt(address, s) {
  const answers = await Promise.all(s.ports.map((p) => connect2(address, p, s.timeoutMs, s.mode === "http")));
  return answers.includes("open") ? "open" : answers.includes("refused") ? "refused" : "silent";
}
async function probeOne(t, s, clock) {
  let silent = 0;
  let silentSince = null;
  for (let i = 0; i < s.attempts; i++) {
    const start = clock();
    const answer = await attempt(t.address, s);
    if (answer !== "silent") return { node: t.node, answer, silent: 0, silentSince: null, rttMs: clock() - start };
    silent++;
    silentSince ??= start;
  }
  return { node: t.node, answer: "silent", silent, silentSince, rttMs: null };
}
function probeRound(targets, s, attemptsOf, clock = Date.now) {
  return Promise.all(
    targets.filter((t) => net.isIP(t.address) !== 0).map(async (t) => {
      const start = clock();
      let rttMs = null;
      const answers = await Promise.all(
        Array.from({ length: Math.max(1, attemptsOf(t.node)) }, async () => {
          const a = await attempt(t.address, s);
          if (a !== "silent") rttMs ??= clock() - start;
          return a;
        })
      );
      const answer = answers.includes("open") ? "open" : answers.includes("refused") ? "refused" : "silent";
      return { node: t.node, answer, rttMs };
    })
  );
}
function probeNodes(targets, s, clock = Date.now) {
  return Promise.all(targets.filter((t) => net.isIP(t.address) !== 0).map((t) => probeOne(t, s, clock)));
}
var net;
var init_probe = __esm({
  "src/io/probe.ts"() {
    "use strict";
    net = __toESM(require("node:net"), 1);
  }
});

// src/cli/hook-process.ts
var fs5 = __toESM(require("node:fs"), 1);
var import_node_path2 = require("node:path");

// src/config/env.ts
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
  eventLimit: "EGRESS_HA_EVENT_LIMIT",
  policyMetrics: "EGRESS_HA_POLICY_METRICS",
  probe: "EGRESS_HA_PROBE",
  probePorts: "EGRESS_HA_PROBE_PORTS",
  probeTimeout: "EGRESS_HA_PROBE_TIMEOUT",
  probeFailures: "EGRESS_HA_PROBE_FAILURES",
  probeWindow: "EGRESS_HA_PROBE_WINDOW",
  probeMode: "EGRESS_HA_PROBE_MODE",
  stateFile: "EGRESS_HA_STATE_FILE",
  prober: "EGRESS_HA_PROBER",
  proberInterval: "EGRESS_HA_PROBER_INTERVAL",
  proberTimeout: "EGRESS_HA_PROBER_TIMEOUT",
  proberFailures: "EGRESS_HA_PROBER_FAILURES",
  proberConfirm: "EGRESS_HA_PROBER_CONFIRM",
  proberNamespace: "EGRESS_HA_PROBER_NAMESPACE",
  proberDir: "EGRESS_HA_PROBER_DIR",
  proberStale: "EGRESS_HA_PROBER_STALE",
  proberMetricsPort: "EGRESS_HA_PROBER_METRICS_PORT"
};
var SettingsError = class extends Error {
  name = "SettingsError";
};
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
  const seconds2 = parseDurationSeconds(raw);
  if (seconds2 === null) throw new SettingsError(`${name}: "${raw}" is not a duration (examples: 30s, 2m, 90)`);
  if (seconds2 < min) throw new SettingsError(`${name}: ${raw} is below the minimum of ${min}s`);
  if (seconds2 > MAX_DURATION_SECONDS) throw new SettingsError(`${name}: ${raw} is above the maximum of 24 days`);
  return seconds2;
}
function bool(env, name, fallback) {
  const raw = env[name];
  if (raw === void 0 || raw.trim() === "") return fallback;
  const v = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  throw new SettingsError(`${name}: "${raw}" is not a boolean (use true or false)`);
}
function wholeNumber(env, name, fallback, min, max) {
  const raw = (env[name] ?? "").trim();
  if (raw === "") return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new SettingsError(`${name}: "${raw}" must be a whole number from ${min} to ${max}`);
  return n;
}

// src/config/combinations.ts
var RUN_WORK_SECONDS = 5;
var seconds = (ms) => `${Math.round(ms) / 1e3}s`;
function refuseUnworkable(s) {
  const tickDriven = [];
  if (s.probe) tickDriven.push(ENV.probe);
  if (s.leaseSignal) tickDriven.push(ENV.leaseSignal);
  if (s.resyncIntervalSeconds === 0 && tickDriven.length > 0) {
    throw new SettingsError(
      `${ENV.resyncInterval}: 0 turns off the resync tick, which ${tickDriven.join(" and ")} ${tickDriven.length === 1 ? "needs" : "need"} (a dead node sends no event); set an interval, or turn ${tickDriven.length === 1 ? "it" : "them"} off`
    );
  }
  if (s.probe) {
    const probingMs = s.probe.failures * s.probe.timeoutMs;
    const deadlineMs = Math.round(s.runTimeoutSeconds * 1e3);
    if (probingMs + RUN_WORK_SECONDS * 1e3 > deadlineMs) {
      throw new SettingsError(
        `${ENV.probeFailures} \xD7 ${ENV.probeTimeout}: ${s.probe.failures} \xD7 ${seconds(s.probe.timeoutMs)} = ${seconds(probingMs)} of probing a silent node, plus ${RUN_WORK_SECONDS}s for the run's own work, does not fit in ${ENV.runTimeout} (${seconds(deadlineMs)}): every tick with a silent node would end at the deadline; lower the probe's failures or timeout, or raise the run timeout`
      );
    }
  }
}

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
      const [, key = "", op, list2 = ""] = set;
      const values = list2.split(",").map((v) => requireValue(v.trim(), term));
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

// src/config/pools.ts
var DEFAULT_POOLS = "egress=node.kubernetes.io/role=egress";
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

// src/config/probe-settings.ts
function readProbeSettings(env) {
  if (!bool(env, ENV.probe, true)) return null;
  const ports = [];
  for (const raw of (env[ENV.probePorts] ?? "4240").split(",")) {
    const t = raw.trim();
    if (t === "") continue;
    const port = Number(t);
    if (!/^\d+$/.test(t) || port < 1 || port > 65535)
      throw new SettingsError(`${ENV.probePorts}: "${t}" is not a TCP port (1-65535)`);
    if (!ports.includes(port)) ports.push(port);
  }
  if (ports.length === 0) throw new SettingsError(`${ENV.probePorts}: no port given`);
  const timeout = duration(env, ENV.probeTimeout, 0.5, 0.05);
  if (timeout > 10)
    throw new SettingsError(`${ENV.probeTimeout}: ${env[ENV.probeTimeout]} is above the maximum of 10s`);
  const failuresRaw = (env[ENV.probeFailures] ?? "3").trim();
  const failures = Number(failuresRaw);
  if (!/^\d+$/.test(failuresRaw) || failures < 1 || failures > 10)
    throw new SettingsError(`${ENV.probeFailures}: "${failuresRaw}" must be a whole number from 1 to 10`);
  const mode = (env[ENV.probeMode] ?? "tcp").trim().toLowerCase() || "tcp";
  if (mode !== "tcp" && mode !== "http")
    throw new SettingsError(`${ENV.probeMode}: "${env[ENV.probeMode]}" is not one of tcp, http`);
  return {
    ports,
    timeoutMs: Math.round(timeout * 1e3),
    failures,
    windowSeconds: duration(env, ENV.probeWindow, 1, 0),
    mode
  };
}

// src/config/prober-settings.ts
function readProberSettings(env, tmp) {
  if (!bool(env, ENV.prober, false)) return null;
  const interval = duration(env, ENV.proberInterval, 0.4, 0.02);
  const timeout = duration(env, ENV.proberTimeout, 0.1, 0.02);
  if (timeout > 5)
    throw new SettingsError(`${ENV.proberTimeout}: ${env[ENV.proberTimeout]} is above the maximum of 5s`);
  if (interval > 10)
    throw new SettingsError(`${ENV.proberInterval}: ${env[ENV.proberInterval]} is above the maximum of 10s`);
  const namespace = (env[ENV.proberNamespace] ?? "kube-system").trim();
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace))
    throw new SettingsError(`${ENV.proberNamespace}: "${namespace}" is not a namespace name`);
  const dir = (env[ENV.proberDir] ?? "").trim() || `${tmp}/cilium-egress-ha-prober`;
  if (!dir.startsWith("/")) throw new SettingsError(`${ENV.proberDir}: "${dir}" must be an absolute path`);
  const staleMs = Math.round(duration(env, ENV.proberStale, 3, 1) * 1e3);
  return {
    intervalMs: Math.round(interval * 1e3),
    timeoutMs: Math.round(timeout * 1e3),
    failures: wholeNumber(env, ENV.proberFailures, 2, 1, 10),
    // 5 keeps a link losing 2 % each way (a probe lost with p = 0.04) below one false verdict in
    // 30 days: 0.04^(1 + 5) = 4.1e-9 per round, rounds at most every 100 ms (the timeout; 25.9
    // million in 30 days): 0.11. With 4 it would be 2.7 (docs/design.md, "The prober").
    confirm: wholeNumber(env, ENV.proberConfirm, 5, 1, 8),
    namespace,
    dir: dir.replace(/\/+$/, ""),
    staleMs,
    metricsPort: wholeNumber(env, ENV.proberMetricsPort, 9116, 1, 65535)
  };
}

// src/config/warnings.ts
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

// src/config/settings.ts
var REQUIRED_BLOCKING_TAINTS = [
  "node.kubernetes.io/unreachable",
  "node.kubernetes.io/not-ready",
  "node.cilium.io/agent-not-ready",
  // Set by an operator on a node that is shut down (non-graceful node shutdown).
  "node.kubernetes.io/out-of-service",
  // Set by cluster-autoscaler just before it deletes a node.
  "ToBeDeletedByClusterAutoscaler"
];
var LEASE_STALE_MIN_SECONDS = 15;
function readSettings(env) {
  const pools = parsePools(env[ENV.pools] ?? DEFAULT_POOLS);
  const extra = (env[ENV.extraBlockingTaints] ?? "").split(",").map((t) => t.trim()).filter((t) => t !== "");
  for (const taint of extra) {
    if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(taint)) {
      throw new SettingsError(`${ENV.extraBlockingTaints}: "${taint}" is not a valid taint key`);
    }
  }
  const tmp = (env.TMPDIR ?? "").trim() || "/tmp";
  const readProbe2 = readProbeSettings(env);
  const prober = readProbe2 ? readProberSettings(env, tmp) : null;
  const probe2 = readProbe2 && prober ? { ...readProbe2, windowSeconds: 0 } : readProbe2;
  const resync = duration(env, ENV.resyncInterval, probe2 ? 1 : 2, 0);
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
  const leaseStaleAfterSeconds = staleRaw === "" || staleRaw === "auto" ? null : duration(env, ENV.leaseStaleAfter, 0, LEASE_STALE_MIN_SECONDS);
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
  const stateFile = (env[ENV.stateFile] ?? "").trim() || `${tmp}/cilium-egress-ha/state.json`;
  if (!stateFile.startsWith("/") || stateFile.endsWith("/")) {
    throw new SettingsError(
      `${ENV.stateFile}: "${stateFile}" must be an absolute path to a file${env[ENV.stateFile]?.trim() ? "" : " (from TMPDIR)"}`
    );
  }
  const settings = {
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
    eventLimit: wholeNumber(env, ENV.eventLimit, 50, 0, 1e5),
    policyMetrics: ["", "auto"].includes((env[ENV.policyMetrics] ?? "").trim().toLowerCase()) ? null : bool(env, ENV.policyMetrics, true),
    probe: probe2,
    stateFile,
    prober
  };
  refuseUnworkable(settings);
  return settings;
}

// src/protocol/projection-checks.ts
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
  if (v.agentTaintAdded !== void 0 && v.agentTaintAdded !== null && typeof v.agentTaintAdded !== "string")
    return "agentTaintAdded is not a string";
  if (v.address !== void 0 && v.address !== null && typeof v.address !== "string") return "address is not a string";
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
function validateInventoryProjection(v) {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.hostname !== null && v.hostname !== void 0 && typeof v.hostname !== "string")
    return "hostname is not a string";
  if (v.down !== void 0 && typeof v.down !== "boolean") return "down is not a boolean";
  return {
    name: v.name,
    hostname: typeof v.hostname === "string" ? v.hostname : null,
    ...v.down === true ? { down: true } : {}
  };
}
function validatePolicyProjection(v) {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.pool !== null && typeof v.pool !== "string") return "pool annotation is not a string";
  if (v.uid !== void 0 && v.uid !== null && typeof v.uid !== "string") return "uid is not a string";
  if (typeof v.deleting !== "boolean") return "deleting is not a boolean";
  if (!("egressGateway" in v) || !("egressGateways" in v)) return "egressGateway/egressGateways keys are missing";
  if (v.lastMove !== void 0 && v.lastMove !== null && typeof v.lastMove !== "string")
    return "lastMove is not a string";
  if (v.poolTerms !== void 0 && v.poolTerms !== null && typeof v.poolTerms !== "string")
    return "poolTerms is not a string";
  if (v.hasAnnotations !== void 0 && typeof v.hasAnnotations !== "boolean") return "hasAnnotations is not a boolean";
  return v;
}

// src/model/objects.ts
var ANNOTATION_POOL = "cilium-egress-ha/pool";
var ANNOTATION_EGRESS_IP = "cilium-egress-ha/egress-ip";
var ANNOTATION_LAST_MOVE = "cilium-egress-ha/last-move";
var ANNOTATION_POOL_TERMS = "cilium-egress-ha/pool-terms";
var HOSTNAME_LABEL = "kubernetes.io/hostname";
var AGENT_NOT_READY_TAINT = "node.cilium.io/agent-not-ready";
var NODE_DOWN_TAINTS = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];
function reportedDown(node) {
  return node.deleting || node.ready?.status !== "True" || node.taints.some((t) => NODE_DOWN_TAINTS.includes(t));
}

// src/protocol/projections.ts
var NODE_JQ_FILTER = [
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
  "}"
].join(" ");
var POLICY_JQ_FILTER = [
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
function internalIP(node) {
  const addresses = field(node, "status", "addresses");
  if (!Array.isArray(addresses)) return null;
  for (const a of addresses) {
    const address = field(a, "address");
    if (field(a, "type") === "InternalIP" && typeof address === "string") return address;
  }
  return null;
}
function projectNode(node) {
  const taintList = field(node, "spec", "taints");
  const taints = Array.isArray(taintList) ? [...new Set(taintList.map((t) => field(t, "key")).filter((k) => typeof k === "string"))] : [];
  taints.sort(codepointCompare);
  const labels = field(node, "metadata", "labels");
  const conditions = field(node, "status", "conditions");
  const readyCondition = Array.isArray(conditions) ? conditions.find((c) => field(c, "type") === "Ready") : void 0;
  const annotation = field(node, "metadata", "annotations", ANNOTATION_EGRESS_IP);
  const agentTaint = Array.isArray(taintList) ? taintList.find((t) => field(t, "key") === AGENT_NOT_READY_TAINT && typeof field(t, "timeAdded") === "string") : void 0;
  return {
    name: field(node, "metadata", "name"),
    deleting: field(node, "metadata", "deletionTimestamp") !== null,
    unschedulable: field(node, "spec", "unschedulable") === true,
    labels: labels ?? {},
    taints,
    agentTaintAdded: agentTaint === void 0 ? null : field(agentTaint, "timeAdded"),
    ready: readyCondition === void 0 ? null : {
      status: field(readyCondition, "status"),
      since: field(readyCondition, "lastTransitionTime")
    },
    egressIP: annotation,
    address: internalIP(node)
  };
}
function projectPolicy(policy) {
  return {
    name: field(policy, "metadata", "name"),
    uid: field(policy, "metadata", "uid"),
    pool: field(policy, "metadata", "annotations", ANNOTATION_POOL),
    deleting: field(policy, "metadata", "deletionTimestamp") !== null,
    egressGateway: field(policy, "spec", "egressGateway"),
    egressGateways: field(policy, "spec", "egressGateways"),
    lastMove: field(policy, "metadata", "annotations", ANNOTATION_LAST_MOVE),
    poolTerms: field(policy, "metadata", "annotations", ANNOTATION_POOL_TERMS),
    hasAnnotations: field(policy, "metadata", "annotations") !== null
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
var INVENTORY_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  `hostname: .metadata.labels["${HOSTNAME_LABEL}"],`,
  "down: ((.metadata.deletionTimestamp != null)",
  'or (([.status.conditions[]? | select(.type == "Ready") | .status] | .[0]) != "True")',
  `or any(.spec.taints[]?.key; ${NODE_DOWN_TAINTS.map((t) => `. == "${t}"`).join(" or ")}))`,
  "}"
].join(" ");
function projectInventory(node) {
  const hostname2 = field(node, "metadata", "labels", HOSTNAME_LABEL);
  return {
    name: field(node, "metadata", "name"),
    hostname: hostname2,
    down: reportedDown(projectNode(node))
  };
}
var EVIDENCE_JQ_FILTER = "{name: .metadata.name, spec: .spec}";
function projectEvidence(o) {
  return { name: field(o, "metadata", "name"), spec: field(o, "spec") ?? null };
}

// src/protocol/binding-context.ts
var POLICY_BINDING = "policies";
var NODE_BINDING_PREFIX = "nodes-";
var RESYNC_BINDING = "resync";
var REFRESH_BINDING = "refresh";
var LEASE_BINDING = "leases";
var AGENT_BINDING = "agents";
var INVENTORY_BINDING = "hostnames";
var EVIDENCE_BINDING = "probe-evidence";
function nodeBindingName(pool) {
  return `${NODE_BINDING_PREFIX}${pool}`;
}
var ContractError = class extends Error {
  constructor(message, code = "contract") {
    super(message);
    this.code = code;
  }
  code;
  name = "ContractError";
};
var KNOWN_TYPES = /* @__PURE__ */ new Set(["Synchronization", "Event", "Group", "Schedule", "onStartup"]);
function readItems(items, where, validate, project, problems) {
  if (!Array.isArray(items))
    throw new ContractError(`${where} is ${describe(items)}, expected an array`, "context-shape");
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
    throw new ContractError(
      `the binding context is ${describe(doc)}, expected a JSON array of contexts`,
      "context-shape"
    );
  }
  const problems = [];
  const contexts = [];
  const snaps = /* @__PURE__ */ Object.create(null);
  const from = /* @__PURE__ */ Object.create(null);
  let withSnapshots = 0;
  let onlyTicks = true;
  doc.forEach((ctx, i) => {
    if (!isObject(ctx))
      throw new ContractError(`contexts[${i}] is ${describe(ctx)}, expected an object`, "context-shape");
    const binding = typeof ctx.binding === "string" ? ctx.binding : "";
    const type = typeof ctx.type === "string" ? ctx.type : "onStartup";
    if (!KNOWN_TYPES.has(type)) problems.push({ where: `contexts[${i}].type`, message: `unknown type "${type}"` });
    const summary = { binding, type };
    if (typeof ctx.watchEvent === "string") summary.watchEvent = ctx.watchEvent;
    contexts.push(summary);
    if (ctx.snapshots !== void 0) {
      if (!isObject(ctx.snapshots)) {
        throw new ContractError(
          `contexts[${i}].snapshots is ${describe(ctx.snapshots)}, expected an object`,
          "context-shape"
        );
      }
      withSnapshots++;
      if (type !== "Schedule") onlyTicks = false;
      for (const key of Object.keys(ctx.snapshots)) {
        snaps[key] = ctx.snapshots[key];
        from[key] = `contexts[${i}].snapshots`;
      }
    }
  });
  if (doc.length === 0) return { contexts, snapshot: null, policiesKnown: false, problems };
  if (withSnapshots === 0) {
    throw new ContractError(
      "no context carries snapshots; the hook's bindings must share one group (was the context recorded with this hook's --config?)",
      "no-snapshots"
    );
  }
  const where = (key) => from[key] ?? `contexts[${doc.length - 1}].snapshots`;
  const poolNames = pools ?? Object.keys(snaps).filter((k) => k.startsWith(NODE_BINDING_PREFIX)).map((k) => k.slice(NODE_BINDING_PREFIX.length)).sort();
  const poolNodes = /* @__PURE__ */ new Map();
  for (const pool of poolNames) {
    const key = nodeBindingName(pool);
    if (!(key in snaps)) {
      const present = Object.keys(snaps).join(", ") || "none";
      throw new ContractError(
        `no context has a "${key}" snapshot for pool "${pool}" (snapshots present: ${present}); the context was recorded with another pool configuration`,
        "snapshot-missing"
      );
    }
    poolNodes.set(
      pool,
      readItems(snaps[key], `${where(key)}["${key}"]`, validateNodeProjection, projectNode, problems)
    );
  }
  const policiesKnown = POLICY_BINDING in snaps;
  if (!policiesKnown && !onlyTicks) {
    throw new ContractError(`no context has a "${POLICY_BINDING}" snapshot`, "snapshot-missing");
  }
  const policies = policiesKnown ? readItems(
    snaps[POLICY_BINDING],
    `${where(POLICY_BINDING)}["${POLICY_BINDING}"]`,
    validatePolicyProjection,
    projectPolicy,
    problems
  ) : [];
  const optional = (key, needed, validate, project) => {
    if (!(key in snaps)) {
      if (needed)
        throw new ContractError(
          `no context has a "${key}" snapshot, which the enabled ${key} signal needs`,
          "snapshot-missing"
        );
      return null;
    }
    return readItems(snaps[key], `${where(key)}["${key}"]`, validate, project, problems);
  };
  const leases = optional(LEASE_BINDING, required.leases, validateLeaseProjection, projectLease);
  const agents = optional(AGENT_BINDING, required.agents, validateAgentProjection, projectAgent);
  const inventory = optional(
    INVENTORY_BINDING,
    required.inventory ?? false,
    validateInventoryProjection,
    projectInventory
  );
  return {
    contexts,
    snapshot: { pools: poolNodes, policies, leases, agents, inventory },
    policiesKnown,
    problems
  };
}

// src/hook/policy-index.ts
var indexPath = (stateFile) => `${stateFile}.policies`;
var MAX_INDEX_BYTES = 12 * 1024 * 1024;
var VERSION = 1;
function serializeIndex(policies) {
  return `${JSON.stringify({ version: VERSION, policies })}
`;
}
function parseIndex(text) {
  if (text.length > MAX_INDEX_BYTES) throw new Error(`${text.length} characters, over the limit of ${MAX_INDEX_BYTES}`);
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error("not valid JSON");
  }
  const d = typeof doc === "object" && doc !== null && !Array.isArray(doc) ? doc : {};
  if (d.version !== VERSION)
    throw new Error(`unknown index version (${typeof d.version === "number" ? d.version : typeof d.version})`);
  if (!Array.isArray(d.policies)) throw new Error("policies is not a list");
  const out = new Array(d.policies.length);
  for (let i = 0; i < d.policies.length; i++) {
    const checked = validatePolicyProjection(d.policies[i]);
    if (typeof checked === "string") throw new Error(`policies[${i}]: ${checked}`);
    out[i] = checked;
  }
  return out;
}

// src/io/log.ts
var RANK = { debug: 0, info: 1, warn: 2, error: 3 };
function createLogger(write2, threshold) {
  const emit2 = (level, msg, fields2) => {
    if (RANK[level] < RANK[threshold]) return;
    write2(`${JSON.stringify({ level, msg, ...fields2 })}
`);
  };
  return {
    enabled: (level) => RANK[level] >= RANK[threshold],
    debug: (msg, fields2) => emit2("debug", msg, fields2),
    info: (msg, fields2) => emit2("info", msg, fields2),
    warn: (msg, fields2) => emit2("warn", msg, fields2),
    error: (msg, fields2) => emit2("error", msg, fields2)
  };
}

// src/engine/records.ts
var emptyRecord = () => /* @__PURE__ */ Object.create(null);
var own = (r, key) => r !== void 0 && Object.hasOwn(r, key) ? r[key] : void 0;

// src/hook/state.ts
var import_node_crypto = require("node:crypto");

// src/model/reason.ts
var REASON_GROUPS = [
  {
    title: "why a node is unhealthy (it gives up its gateways)",
    codes: [
      "node-not-ready",
      "node-tainted",
      "node-cordoned",
      "node-deleting",
      "lease-missing",
      "lease-no-renew-time",
      "lease-stale",
      "agent-down",
      "probe-silent"
    ]
  },
  {
    title: "why a healthy node is not settled, or takes no new gateway",
    codes: ["recovery-delay", "agent-grace"]
  },
  {
    title: "why a node does not fit a slot",
    codes: [
      "not-a-member",
      "unhealthy",
      "no-hostname-label",
      "hostname-ambiguous",
      "selector-mismatch",
      "egress-ip-missing",
      "egress-ip-invalid",
      "egress-ip-family",
      "egress-ip-conflict"
    ]
  },
  {
    title: "slots",
    codes: [
      "gateway-healthy",
      "gateway-in-grace",
      "gateway-deferred",
      "foreign-slot",
      "not-pinned",
      "gateway-not-in-pool",
      "gateway-unhealthy",
      "gateway-ambiguous",
      "gateway-selector-mismatch",
      "move",
      "no-node-fits"
    ]
  },
  {
    title: "policies",
    codes: ["all-healthy", "slots", "not-managed", "deleting", "invalid-policy", "unknown-pool"]
  },
  {
    title: "notices: conditions the hook warns about once, when they start or change",
    codes: [
      "time-in-future",
      "time-unparsable",
      "hostnames-ambiguous",
      "egress-ip-annotation-invalid",
      "egress-ip-annotation-conflict",
      "node-address-invalid"
    ]
  }
];
var REASON_CODES = REASON_GROUPS.flatMap((g) => g.codes);
function reason(code, ...[facts]) {
  return { code, ...facts };
}
function formatAge(seconds2) {
  const s = Math.max(0, Math.floor(seconds2));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
var str = (v) => v === null || v === void 0 ? "" : String(v);
var age = (v) => formatAge(typeof v === "number" ? v : 0);
var list = (v) => Array.isArray(v) ? v.map(str).join(", ") : str(v);
var reasons = (v) => v.map(renderReason).join(", ");
function renderReason(r) {
  switch (r.code) {
    case "node-not-ready":
      if (r.status === null) return "has no Ready condition";
      return `Ready=${str(r.status)}${r.status === "Unknown" ? " (kubelet stopped reporting)" : ""}${r.since ? ` since ${str(r.since)}` : ""}`;
    case "node-tainted":
      return `tainted ${str(r.taint)}`;
    case "node-cordoned":
      return "cordoned";
    case "node-deleting":
      return "being deleted";
    case "lease-missing":
      return "has no Lease in kube-node-lease";
    case "lease-no-renew-time":
      return "Lease has no renewTime";
    case "lease-stale":
      return `Lease not renewed for ${age(r.ageSeconds)} (stale after ${age(r.staleAfterSeconds)})`;
    case "agent-down":
      return `${str(r.detail)} for ${age(r.forSeconds)} (grace ${age(r.graceSeconds)})`;
    case "probe-silent":
      return `no answer on port ${str(r.port)} to ${str(r.failures)} probes in a row over ${age(r.forSeconds)}`;
    case "recovery-delay":
      return `${str(r.what)} for ${age(r.forSeconds)} of the ${age(r.delaySeconds)} recovery delay${r.was ? ` (was: ${str(r.was)})` : ""}`;
    case "agent-grace":
      return `${str(r.detail)} for ${age(r.forSeconds)}; keeps its gateways for the ${age(r.graceSeconds)} grace, takes no new one`;
    case "not-a-member":
      return `not a node of pool ${str(r.pool)}`;
    case "unhealthy":
      return reasons(r.problems);
    case "no-hostname-label":
      return "has no kubernetes.io/hostname label, so no pin can select it";
    case "hostname-ambiguous":
      return `its kubernetes.io/hostname ${str(r.hostname)} is shared by ${list(r.nodes)}`;
    case "selector-mismatch":
      return `does not match the policy's selector (${list(r.terms)})`;
    case "egress-ip-missing":
      return "has no cilium-egress-ha/egress-ip annotation, which the policy's egressIP needs";
    case "egress-ip-conflict":
      return `its cilium-egress-ha/egress-ip ${str(r.value)} is claimed by ${r.nodes.join(", ")}: a policy's traffic cannot be sent to an address two nodes claim`;
    case "egress-ip-invalid":
      return `its cilium-egress-ha/egress-ip annotation "${str(r.value)}" ${str(r.problem)}`;
    case "egress-ip-family":
      return `its egress IP ${str(r.value)} is ${str(r.got)}, the policy's egressIP is ${str(r.want)}`;
    case "gateway-healthy":
      return `gateway ${str(r.gateway)} is healthy`;
    case "gateway-in-grace":
      return `gateway ${str(r.gateway)} stays: ${renderReason(r.grace)}`;
    case "gateway-deferred":
      return `gateway ${str(r.gateway)} stays: unhealthy only to this replica's probe (${reasons(r.problems)}), and ${str(r.by)} chose it ${age(r.forSeconds)} ago; deferred to it for ${age(r.deferSeconds)}`;
    case "foreign-slot":
      return `gateway ${str(r.gateway ?? "(unpinned)")} is not a node of pool ${str(r.pool)}; left alone, as the policy has no cilium-egress-ha/pool annotation`;
    case "not-pinned":
      return "not pinned to a node";
    case "gateway-not-in-pool":
      return `gateway ${str(r.gateway)} is not a node of pool ${str(r.pool)} (deleted, or no longer selected by the pool)`;
    case "gateway-unhealthy":
      return `gateway ${str(r.gateway)} is unhealthy (${reasons(r.problems)})`;
    case "gateway-ambiguous":
      return `gateway ${str(r.gateway)} is ambiguous: its hostname matches ${list(r.nodes)}${r.unhealthy.length > 0 ? `, and ${list(r.unhealthy)} cannot serve` : ""}`;
    case "gateway-selector-mismatch":
      return `gateway ${str(r.gateway)} no longer matches the policy's selector (${list(r.terms)}), so the policy selects no node`;
    case "move": {
      const pin = r.hostname === r.node ? "" : ` (kubernetes.io/hostname=${str(r.hostname)})`;
      const tier = r.tier === "settled" ? "the settled node serving the fewest gateways" : "no settled node fits, so the recovering node healthy the longest";
      const shared = r.shared ? ", sharing it with another slot for lack of fitting nodes" : "";
      const ip = r.egressIP ? `, egressIP ${str(r.egressIP.from)} \u2192 ${str(r.egressIP.to)}` : "";
      return `${renderReason(r.cause)}; moving to ${str(r.node)}${pin}, ${tier} (${str(r.load)})${shared}${ip}`;
    }
    case "no-node-fits": {
      const detail = r.rejections.length > 0 ? r.rejections.map((x) => `${x.node}: ${renderReason(x.reason)}`).join("; ") : `pool ${str(r.pool)} has no nodes`;
      return `${renderReason(r.cause)}; no node of pool ${str(r.pool)} can take over: ${detail}`;
    }
    case "all-healthy":
      return `all ${r.gateways.length} gateways are healthy (${list(r.gateways)})`;
    case "slots":
      return r.parts.map((p) => `${p.slot}: ${renderReason(p.reason)}`).join("; ");
    case "not-managed":
      switch (r.because) {
        case "unmanageable":
          return `not managed: no cilium-egress-ha/pool annotation (and ${str(r.field)} ${str(r.message)})`;
        case "remembered-unpinned":
          return "not managed any more: managed earlier, but its gateway is no longer pinned by hostname";
        case "inventory-unknown":
          return "not managed this run: managed earlier, but which nodes exist is unknown (no node inventory or Lease snapshot)";
        default:
          return "not managed: no cilium-egress-ha/pool annotation, and no gateway is pinned to a pool node";
      }
    case "deleting":
      return "ignored: the policy is being deleted";
    case "invalid-policy":
      return `skipped: ${str(r.field)} ${str(r.message)}`;
    case "time-in-future":
      return `${str(r.object)} ${str(r.field)} ${str(r.value)} is later than the hook's clock (${str(r.now)}); taken as now`;
    case "time-unparsable":
      return `${str(r.object)} ${str(r.field)} ${JSON.stringify(str(r.value))} is not a time; taken as now`;
    case "hostnames-ambiguous":
      return `kubernetes.io/hostname ${str(r.hostname)} is shared by nodes ${list(r.nodes)}: a pin to it is never chosen, and is moved away from when one of them cannot serve`;
    case "egress-ip-annotation-conflict":
      return `node ${str(r.node)}: cilium-egress-ha/egress-ip ${str(r.value)} is also claimed by ${r.others.join(", ")}; none of them takes a policy with an egressIP while they conflict`;
    case "egress-ip-annotation-invalid":
      return `node ${str(r.node)}: cilium-egress-ha/egress-ip "${str(r.value)}" ${str(r.problem)}; the node takes no policy with an egressIP`;
    case "node-address-invalid":
      return `node ${str(r.node)}: ${str(r.field)} ${JSON.stringify(str(r.value))} is not an IP address; the probe does not reach the node (its other signals still apply)`;
    case "unknown-pool":
      return `names pool "${str(r.pool)}", which is not configured (configured: ${list(r.configured) || "none"})`;
  }
}

// src/engine/clock.ts
function due(at, now, seconds2) {
  const t = Date.parse(at);
  return Number.isNaN(t) || now < t || now - t >= seconds2 * 1e3;
}
var Clock = class {
  constructor(now, before = {}) {
    this.now = now;
    this.before = before;
  }
  now;
  before;
  notices = [];
  noted = /* @__PURE__ */ new Set();
  /** Future times seen this run, for the next one. */
  clamped = /* @__PURE__ */ Object.create(null);
  get iso() {
    return new Date(this.now).toISOString();
  }
  /** A time in ms, clamped to now; null stays null. */
  at(value, object, field2) {
    if (value === null || value === void 0 || value === "") return null;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      this.note(reason("time-unparsable", { object, field: field2, value }), object, field2);
      return this.now;
    }
    if (ms > this.now) {
      this.note(reason("time-in-future", { object, field: field2, value, now: this.iso }), object, field2);
      return this.firstSeen(value, `${object} ${field2}`);
    }
    return ms;
  }
  /**
   * A future time is taken as the time the hook first saw it, so it never holds anything back
   * for longer than it would have, had it been right.
   */
  firstSeen(value, key) {
    const seen = Object.hasOwn(this.before, key) ? this.before[key] : void 0;
    const first = seen && seen.value === value ? Math.min(Date.parse(seen.at), this.now) : this.now;
    const at = Number.isNaN(first) ? this.now : first;
    this.clamped[key] = { value, at: new Date(at).toISOString() };
    return at;
  }
  /** Each notice once a run, per kind, object and field. */
  note(r, object, field2) {
    const key = `${r.code}\0${object}\0${field2}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notices.push(r);
  }
};

// src/engine/memory.ts
function emptyEngineMemory() {
  return {
    unhealthy: emptyRecord(),
    leaseSeen: emptyRecord(),
    agentDown: emptyRecord(),
    remembered: emptyRecord(),
    clamped: emptyRecord(),
    probe: emptyRecord()
  };
}

// src/hook/state.ts
var METRICS_REFRESH_SECONDS = 60;
function strongHash(text) {
  return (0, import_node_crypto.createHash)("sha256").update(text).digest("base64");
}
function textHash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return `${(h >>> 0).toString(16)}-${text.length}`;
}
function metricsStale(last, text, now) {
  return metricsDue(last, now) || last?.hash !== textHash(text);
}
function metricsDue(last, now) {
  return last === null || last.force || due2(last.at, now, METRICS_REFRESH_SECONDS);
}
var due2 = (at, now, seconds2) => due(at, now.getTime(), seconds2);
function record() {
  return /* @__PURE__ */ Object.create(null);
}
function emptyState() {
  return {
    engine: emptyEngineMemory(),
    stuck: record(),
    failovers: record(),
    pending: [],
    notices: record(),
    metricsWritten: null,
    decided: null,
    index: null,
    sightings: record(),
    deferUntil: null
  };
}
var EMPTY_STATE = Object.freeze(emptyState());
function fields(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v : {};
}
var MAX_STATE_BYTES = 4 * 1024 * 1024;
var unsavedMarker = (stateFile) => `${stateFile}.unsaved`;
var STATE_VERSION = 2;
function readHook(state, h, version) {
  for (const [name, since] of Object.entries(fields(h.stuck))) {
    if (typeof since === "string") state.stuck[name] = since;
  }
  for (const [pool, n] of Object.entries(fields(h.failovers))) {
    if (typeof n === "number" && Number.isInteger(n) && n >= 0) state.failovers[pool] = n;
  }
  if (Array.isArray(h.pending)) {
    for (const entry of h.pending) {
      const e = fields(entry);
      const pins = (v) => Array.isArray(v) && v.every((x) => x === null || typeof x === "string");
      if (typeof e.id === "string" && typeof e.policy === "string" && typeof e.pool === "string" && typeof e.at === "string" && typeof e.slots === "number" && pins(e.from) && pins(e.to) && typeof e.code === "string") {
        const { id, policy, pool, at, slots, from, to, code } = e;
        const problems = Array.isArray(e.problems) ? e.problems.filter((p) => typeof p === "string") : [];
        state.pending.push({
          id,
          policy,
          pool,
          at,
          slots,
          from,
          to,
          code,
          ...problems.length > 0 ? { problems } : {}
        });
      }
    }
  }
  for (const [key, entry] of Object.entries(fields(h.notices))) {
    const e = fields(entry);
    if (typeof e.text === "string" && typeof e.at === "string")
      state.notices[key] = { text: version === 1 ? textHash(e.text) : e.text, at: e.at };
  }
  const mw = fields(h.metricsWritten);
  if (typeof mw.hash === "string" && typeof mw.at === "string" && typeof mw.force === "boolean")
    state.metricsWritten = { hash: mw.hash, at: mw.at, force: mw.force };
  if (typeof h.decided === "string") state.decided = h.decided;
  if (typeof h.index === "string") state.index = h.index;
  for (const [key, at] of Object.entries(fields(h.sightings))) if (typeof at === "string") state.sightings[key] = at;
  if (typeof h.deferUntil === "string") state.deferUntil = h.deferUntil;
}
function readEngine(e, unhealthy) {
  const m = emptyEngineMemory();
  for (const [name, pool] of Object.entries(fields(e.remembered))) {
    if (typeof pool === "string") m.remembered[name] = pool;
  }
  for (const [name, entry] of Object.entries(fields(e.leaseSeen))) {
    const x = fields(entry);
    if (typeof x.renewTime === "string" && typeof x.seenAt === "string") {
      m.leaseSeen[name] = { renewTime: x.renewTime, seenAt: x.seenAt };
    }
  }
  for (const [name, since] of Object.entries(fields(e.agentDown))) {
    if (typeof since === "string") m.agentDown[name] = since;
  }
  for (const [name, entry] of Object.entries(fields(unhealthy))) {
    const x = fields(entry);
    if (typeof x.at === "string" && typeof x.why === "string") m.unhealthy[name] = { at: x.at, why: x.why };
  }
  for (const [node, entry] of Object.entries(fields(e.probe))) {
    const x = fields(entry);
    const time = (v) => typeof v === "string" ? v : null;
    if (typeof x.failures === "number" && Number.isInteger(x.failures) && x.failures >= 0)
      m.probe[node] = {
        failures: x.failures,
        since: time(x.since),
        refusedSince: time(x.refusedSince),
        ...x.refuses === true ? { refuses: true } : {}
      };
  }
  for (const [key, entry] of Object.entries(fields(e.clamped))) {
    const x = fields(entry);
    if (typeof x.value === "string" && typeof x.at === "string") m.clamped[key] = { value: x.value, at: x.at };
  }
  return m;
}
function readStateText(text) {
  if (text.length > MAX_STATE_BYTES) throw new Error(`${text.length} characters, over the limit of ${MAX_STATE_BYTES}`);
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error("not valid JSON");
  }
  const doc = fields(parsed);
  if (doc.version !== 1 && doc.version !== STATE_VERSION) {
    const v = typeof doc.version === "number" ? String(doc.version) : typeof doc.version;
    throw new Error(`unknown state version (${v})`);
  }
  const version = doc.version;
  const state = emptyState();
  const engine = version === 1 ? doc : fields(doc.engine);
  state.engine = readEngine(engine, version === 1 ? doc.nodes : engine.unhealthy);
  readHook(state, version === 1 ? doc : fields(doc.hook), version);
  return { state, version };
}
function engineRecord(memory) {
  const { unhealthy, leaseSeen, agentDown, clamped: clamped2, probe: probe2, remembered } = memory;
  return { unhealthy, leaseSeen, agentDown, clamped: clamped2, probe: probe2, remembered };
}
function serializeState(state) {
  const { stuck, failovers, pending, notices, metricsWritten, decided, index, sightings, deferUntil } = state;
  const hook = { stuck, failovers, pending, notices, metricsWritten, decided, index, sightings, deferUntil };
  return `${JSON.stringify({ version: STATE_VERSION, engine: engineRecord(state.engine), hook })}
`;
}

// src/hook/budget.ts
var HOOK_RESERVE_BYTES = 16 * 1024;
var reserve = (cap) => Math.min(HOOK_RESERVE_BYTES, Math.floor(cap / 4));
var MAX_PENDING_MOVES = 2e4;
var bytes = (text) => Buffer.byteLength(text);
function signalMemoryFits(a, cap) {
  const memory = engineRecord({ ...a.memory, remembered: emptyRecord() });
  return bytes(JSON.stringify(memory)) + reserve(cap) <= cap;
}
function fitState(state, cap) {
  const shed = { notices: 0, stuck: 0, pending: 0 };
  let s = state;
  if (s.pending.length > MAX_PENDING_MOVES) {
    shed.pending = s.pending.length - MAX_PENDING_MOVES;
    s = { ...s, pending: s.pending.slice(shed.pending) };
  }
  let text = serializeState(s);
  if (bytes(text) > cap && Object.keys(s.notices).length > 0) {
    shed.notices = Object.keys(s.notices).length;
    s = { ...s, notices: emptyRecord() };
    text = serializeState(s);
  }
  if (bytes(text) > cap && Object.keys(s.stuck).length > 0) {
    shed.stuck = Object.keys(s.stuck).length;
    s = { ...s, stuck: emptyRecord() };
    text = serializeState(s);
  }
  while (bytes(text) > cap && s.pending.length > 0) {
    const per = bytes(JSON.stringify(s.pending)) / s.pending.length;
    const drop = Math.min(s.pending.length, Math.ceil((bytes(text) - cap) / per) + 1);
    shed.pending += drop;
    s = { ...s, pending: s.pending.slice(drop) };
    text = serializeState(s);
  }
  return { state: s, text, shed, fits: bytes(text) <= cap };
}

// src/hook/conditions.ts
var ERROR_REPEAT_SECONDS = 60;
function fingerprint(r) {
  return JSON.stringify(
    r,
    (key, value) => typeof value === "number" || key === "now" || key === "since" || key === "at" ? void 0 : value
  );
}
function repeatDue(notice, now) {
  return due2(notice.at, now, ERROR_REPEAT_SECONDS);
}
function conditionsToLog(previous, current, now, carry) {
  const next = /* @__PURE__ */ Object.create(null);
  if (carry) {
    for (const [key, notice] of Object.entries(previous)) if (carry.test(key)) next[key] = notice;
  }
  const log = [];
  const at = now.toISOString();
  for (const c of current) {
    const before = Object.hasOwn(previous, c.key) ? previous[c.key] : void 0;
    const text = textHash(c.fingerprint);
    if (before === void 0 || before.text !== text || c.level === "error" && repeatDue(before, now)) {
      log.push(c);
      next[c.key] = { text, at };
    } else {
      next[c.key] = before;
    }
  }
  const cleared = Object.keys(previous).filter((k) => !Object.hasOwn(next, k));
  return { log, cleared, next };
}
function noticeCondition(r, render) {
  const subject = "node" in r ? r.node : "hostname" in r ? r.hostname : "object" in r ? `${r.object} ${r.field}` : "";
  return {
    key: `notice:${r.code}:${String(subject)}`,
    level: "warn",
    fingerprint: fingerprint(r),
    msg: render(r),
    fields: { code: r.code }
  };
}
function fileCondition(setting, code, msg) {
  return { key: `file:${setting}`, level: "error", fingerprint: code, msg, fields: { file: setting, code } };
}
var SUPPORTED_POLICIES = 2e4;
function sizeCondition(policies) {
  if (policies <= SUPPORTED_POLICIES) return null;
  return {
    key: "size:policies",
    level: "error",
    fingerprint: String(SUPPORTED_POLICIES),
    msg: `${policies} policies, more than the ${SUPPORTED_POLICIES} the operator is measured for: shell-operator and the hook may pass the pod's memory limit and be killed mid-run; raise resources.limits.memory (docs/operations.md#memory-limit)`,
    fields: { code: "over-supported-size", policies, supported: SUPPORTED_POLICIES }
  };
}

// src/model/evidence.ts
var EVIDENCE_GROUP = "cilium-egress-ha.io";
var EVIDENCE_VERSION = "v1alpha1";
var EVIDENCE_KIND = "ProbeEvidence";
var EVIDENCE_LABEL = "cilium-egress-ha.io/evidence";
var EVIDENCE_LABEL_VALUE = "probe";
var VERDICTS = ["up", "silent", "refused"];
var isTime = (v) => v === null || typeof v === "string" && !Number.isNaN(Date.parse(v));
var isCount = (v) => typeof v === "number" && Number.isInteger(v) && v >= 0;
function parseNode(v, at) {
  if (typeof v !== "object" || v === null) throw new Error(`${at} is not an object`);
  const o = v;
  if (typeof o.node !== "string" || o.node === "") throw new Error(`${at}.node is not a node name`);
  if (typeof o.verdict !== "string" || !VERDICTS.includes(o.verdict))
    throw new Error(`${at}.verdict is not one of ${VERDICTS.join(", ")}`);
  for (const k of ["since", "lastSilence", "lastRefusal"])
    if (!isTime(o[k] ?? null)) throw new Error(`${at}.${k} is not an RFC 3339 time`);
  if (!isCount(o.failures ?? 0)) throw new Error(`${at}.failures is not a whole number`);
  return {
    node: o.node,
    verdict: o.verdict,
    since: o.since ?? null,
    failures: o.failures ?? 0,
    lastSilence: o.lastSilence ?? null,
    lastRefusal: o.lastRefusal ?? null
  };
}
function parseLease(v, at) {
  const o = typeof v === "object" && v !== null ? v : {};
  if (typeof o.node !== "string" || o.node === "") throw new Error(`${at}.node is not a node name`);
  for (const k of ["renewTime", "seenAt"])
    if (typeof o[k] !== "string" || !isTime(o[k])) throw new Error(`${at}.${k} is not an RFC 3339 time`);
  return { node: o.node, renewTime: o.renewTime, seenAt: o.seenAt };
}
function parseEvidence(v) {
  if (typeof v !== "object" || v === null) throw new Error("spec is not an object");
  const o = v;
  if (typeof o.changed !== "string" || Number.isNaN(Date.parse(o.changed)))
    throw new Error("spec.changed is not an RFC 3339 time");
  for (const k of ["intervalMs", "timeoutMs", "failures"])
    if (!isCount(o[k])) throw new Error(`spec.${k} is not a whole number`);
  if (!Array.isArray(o.nodes)) throw new Error("spec.nodes is not a list");
  const leases = o.leases ?? [];
  if (!Array.isArray(leases)) throw new Error("spec.leases is not a list");
  return {
    changed: o.changed,
    intervalMs: o.intervalMs,
    timeoutMs: o.timeoutMs,
    failures: o.failures,
    nodes: o.nodes.map((n, i) => parseNode(n, `spec.nodes[${i}]`)),
    leases: leases.map((l, i) => parseLease(l, `spec.leases[${i}]`))
  };
}
var HEARTBEAT_FILE = "heartbeat.json";
var TARGETS_FILE = "targets.json";
var TICK_GATE_FILE = "tick-gate";
var LEASE_WATCH = ["watching", "off", "down"];
function parseHeartbeat(text) {
  try {
    const o = JSON.parse(text);
    if (typeof o.at !== "string" || Number.isNaN(Date.parse(o.at)) || typeof o.published !== "boolean") return null;
    const leases = o.leases ?? "off";
    if (typeof leases !== "string" || !LEASE_WATCH.includes(leases)) return null;
    const blind = o.blind ?? false;
    if (typeof blind !== "boolean") return null;
    return { at: o.at, published: o.published, leases, blind };
  } catch {
    return null;
  }
}
function serializeTargets(targets) {
  const sorted = [...targets].sort((a, b) => a.node < b.node ? -1 : a.node > b.node ? 1 : 0);
  return `${JSON.stringify(sorted.map((t) => ({ node: t.node, address: t.address })))}
`;
}

// src/model/ip-address.ts
var IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
var V4_MAPPED = /^\[::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}\]$/;
function ipv6Hostname(text) {
  if (!text.includes(":") || /[^0-9A-Fa-f:.]/.test(text)) return null;
  try {
    const host = new URL(`http://[${text}]/`).hostname;
    return host.length > 2 ? host : null;
  } catch {
    return null;
  }
}
function isIPAddress(text) {
  return IPV4.test(text) || ipv6Hostname(text) !== null;
}
var EGRESS_IP_MAX_LENGTH = 39;
function checkEgressIP(text) {
  if (text.length > EGRESS_IP_MAX_LENGTH)
    return { ok: false, problem: `is longer than ${EGRESS_IP_MAX_LENGTH} characters` };
  if (IPV4.test(text)) return { ok: true, family: "IPv4" };
  const host = ipv6Hostname(text);
  if (host === null) return { ok: false, problem: "is not an IP address" };
  if (V4_MAPPED.test(host)) return { ok: false, problem: "is an IPv4-mapped IPv6 address, which the CRD refuses" };
  return { ok: true, family: "IPv6" };
}
function familyOf(ip) {
  return ip.includes(":") ? "IPv6" : "IPv4";
}

// src/model/node-health.ts
var NODE_STATES = ["settled", "recovering", "grace", "unhealthy"];
function markEgressIPConflicts(nodes) {
  const claims = /* @__PURE__ */ new Map();
  for (const n of nodes) {
    if (n.egressIP.kind !== "valid" || !n.healthy) continue;
    const list2 = claims.get(n.egressIP.ip);
    if (list2) list2.push(n);
    else claims.set(n.egressIP.ip, [n]);
  }
  for (const [ip, claimants] of claims) {
    if (claimants.length < 2) continue;
    const names = claimants.map((c) => c.name).sort();
    for (const c of claimants)
      if (c.egressIP.kind === "valid") c.egressIP = { kind: "conflict", ip, family: c.egressIP.family, nodes: names };
  }
}
function parseEgressIP(raw) {
  if (raw === null || raw.trim() === "") return { kind: "none" };
  const ip = raw.trim();
  const check = checkEgressIP(ip);
  return check.ok ? { kind: "valid", ip, family: check.family } : { kind: "invalid", raw, problem: check.problem };
}
function assessNode(node, opts, now, signals = {}) {
  const problems = [];
  const ready = node.ready;
  if (ready === null || ready.status === null) {
    problems.push({ signal: "node", reason: reason("node-not-ready", { status: null }) });
  } else if (ready.status !== "True") {
    problems.push({
      signal: "node",
      reason: reason("node-not-ready", { status: ready.status, since: ready.since })
    });
  }
  for (const taint of node.taints) {
    if (opts.blockingTaints.includes(taint))
      problems.push({ signal: "node", reason: reason("node-tainted", { taint }) });
  }
  if (node.unschedulable && opts.cordonDrains) problems.push({ signal: "node", reason: reason("node-cordoned") });
  if (node.deleting) problems.push({ signal: "node", reason: reason("node-deleting") });
  if (signals.lease) problems.push({ signal: "lease", reason: signals.lease });
  if (signals.probe) problems.push({ signal: "probe", reason: signals.probe });
  let waiting = null;
  const agent = signals.agent;
  if (agent?.down) {
    const forSeconds = Math.max(0, (now - agent.down.since) / 1e3);
    const facts = { detail: agent.down.detail, forSeconds, graceSeconds: agent.graceSeconds };
    if (forSeconds >= agent.graceSeconds) problems.push({ signal: "agent", reason: reason("agent-down", facts) });
    else waiting = reason("agent-grace", facts);
  }
  const healthy = problems.length === 0;
  let healthySince = null;
  if (healthy) {
    const delay = opts.recoveryDelaySeconds;
    const marks = [];
    if (signals.readySince != null) marks.push({ what: "Ready", at: signals.readySince });
    if (agent?.readySince != null) marks.push({ what: "cilium agent Ready", at: agent.readySince });
    if (signals.lastUnhealthy)
      marks.push({ what: "healthy again", at: signals.lastUnhealthy.at, was: signals.lastUnhealthy.why });
    for (const m of marks) if (healthySince === null || m.at > healthySince) healthySince = m.at;
    if (waiting === null) {
      const recent = marks.find((m) => (now - m.at) / 1e3 < delay);
      if (recent) {
        waiting = reason("recovery-delay", {
          what: recent.what,
          forSeconds: Math.max(0, (now - recent.at) / 1e3),
          delaySeconds: delay,
          ...recent.was ? { was: recent.was } : {}
        });
      }
    }
  }
  const state = !healthy ? "unhealthy" : waiting?.code === "agent-grace" ? "grace" : waiting !== null ? "recovering" : "settled";
  const label = node.labels[HOSTNAME_LABEL];
  return {
    name: node.name,
    hostname: typeof label === "string" && label !== "" ? label : null,
    labels: node.labels,
    healthy,
    state,
    problems,
    waiting,
    healthySince,
    readySince: ready?.status === "True" ? ready.since : null,
    egressIP: parseEgressIP(node.egressIP)
  };
}

// src/patch/metrics.ts
var METRIC_GROUP = "cilium_egress_ha";
var PREFIX2 = "cilium_egress_ha_";
function sharedGateways(d, applied = true) {
  if (d.pool === null || d.slots.length < 2) return [];
  const by = /* @__PURE__ */ new Map();
  for (const s of d.slots) {
    const pin = applied ? s.to ?? s.from : s.from;
    if (pin === null || s.reason.code === "foreign-slot") continue;
    by.set(pin, [...by.get(pin) ?? [], s.slot.label]);
  }
  return [...by].filter(([, slots]) => slots.length > 1).map(([gateway, slots]) => ({ gateway, slots }));
}
function toMetrics(plan, failovers, applied = true, perPolicy = true) {
  const out = [];
  const set = (name, value, labels) => {
    out.push({ name: `${PREFIX2}${name}`, group: METRIC_GROUP, action: "set", value, labels });
  };
  const nodeName = /* @__PURE__ */ new Map();
  for (const pool of plan.pools) for (const n of pool.nodes) if (n.hostname !== null) nodeName.set(n.hostname, n.name);
  const gateways = /* @__PURE__ */ new Map();
  for (const d of plan.decisions) {
    if (d.pool === null || d.action !== "keep" && d.action !== "move" && d.action !== "stuck") continue;
    for (const s of d.slots) {
      const pin = applied ? s.to ?? s.from : s.from;
      if (pin === null) continue;
      const node = nodeName.get(pin) ?? pin;
      gateways.set(node, (gateways.get(node) ?? 0) + 1);
      if (perPolicy) set("policy_gateway", 1, { policy: d.policy, pool: d.pool, slot: s.slot.label, node });
    }
    if (d.action === "stuck") set("policy_stuck", 1, { policy: d.policy, pool: d.pool });
    for (const g of sharedGateways(d, applied))
      set("policy_shared_gateway", g.slots.length, {
        policy: d.policy,
        pool: d.pool,
        node: nodeName.get(g.gateway) ?? g.gateway
      });
  }
  for (const pool of plan.pools) {
    const counts = Object.fromEntries(NODE_STATES.map((s) => [s, 0]));
    for (const n of pool.nodes) counts[n.state]++;
    for (const [state, value] of Object.entries(counts)) set("pool_nodes", value, { pool: pool.pool, state });
    for (const n of pool.nodes) set("node_gateways", gateways.get(n.name) ?? 0, { pool: pool.pool, node: n.name });
    const conflicts = pool.nodes.filter((n) => n.egressIP.kind === "conflict").length;
    set("egress_ip_conflicts", conflicts, { pool: pool.pool });
    set("failovers", Object.hasOwn(failovers, pool.pool) ? failovers[pool.pool] : 0, {
      pool: pool.pool
    });
  }
  const invalid2 = plan.decisions.filter((d) => d.action === "invalid").length;
  set("policies_invalid", invalid2, {});
  for (const signal of plan.signals) {
    for (const state of ["active", "off", "unavailable", "suspended"]) {
      set("signal_state", signal.state === state ? 1 : 0, { signal: signal.signal, state });
    }
  }
  return out;
}
var STATE_BYTES_METRIC = `${PREFIX2}state_bytes`;
var STATE_BYTES_STEP = 4096;
function stateMetric(bytes2) {
  const value = Math.ceil(bytes2 / STATE_BYTES_STEP) * STATE_BYTES_STEP;
  return { name: STATE_BYTES_METRIC, group: METRIC_GROUP, action: "set", value, labels: {} };
}

// src/model/pin.ts
function labelTerm(key, value) {
  return `${key}=${value}`;
}
function expressionTerm(e) {
  const values = e.values ?? [];
  return values.length > 0 ? `${e.key} ${e.operator} (${values.join(",")})` : `${e.key} ${e.operator}`;
}
function termStrings(terms) {
  const out = [];
  for (const k in terms.matchLabels) out.push(labelTerm(k, terms.matchLabels[k]));
  for (const e of terms.matchExpressions ?? []) out.push(expressionTerm(e));
  return out;
}
var NONE = /* @__PURE__ */ new Set();
function parsePoolTerms(text) {
  if (!text) return NONE;
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? new Set(v.filter((x) => typeof x === "string")) : NONE;
  } catch {
    return NONE;
  }
}
function pinSelector(hostname2, user, pool) {
  const matchLabels = { [HOSTNAME_LABEL]: hostname2, ...user.matchLabels, ...pool.matchLabels };
  const expressions = [];
  const seen = /* @__PURE__ */ new Set();
  for (const e of [...user.matchExpressions ?? [], ...pool.matchExpressions ?? []]) {
    const term = expressionTerm(e);
    if (seen.has(term)) continue;
    seen.add(term);
    const values = e.values ?? [];
    expressions.push(
      values.length > 0 ? { key: e.key, operator: e.operator, values: [...values] } : { key: e.key, operator: e.operator }
    );
  }
  return expressions.length > 0 ? { matchLabels, matchExpressions: expressions } : { matchLabels };
}

// src/model/policy.ts
function isObject2(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function problemAt(label, rest, message) {
  return { field: `spec.${label}${rest}`, message };
}
function readSlot(raw, label, path, owned) {
  if (!isObject2(raw)) return problemAt(label, "", "is missing or not an object");
  const nodeSelector = raw.nodeSelector;
  if (!isObject2(nodeSelector)) return problemAt(label, ".nodeSelector", "is missing or not an object");
  let matchLabels = null;
  if (nodeSelector.matchLabels !== void 0 && nodeSelector.matchLabels !== null) {
    if (!isObject2(nodeSelector.matchLabels)) return problemAt(label, ".nodeSelector.matchLabels", "is not an object");
    const labels = nodeSelector.matchLabels;
    for (const k in labels) {
      if (typeof labels[k] !== "string")
        return problemAt(label, `.nodeSelector.matchLabels["${k}"]`, "is not a string");
    }
    matchLabels = labels;
  }
  const expressions = [];
  const exprs = nodeSelector.matchExpressions;
  if (exprs !== void 0 && exprs !== null) {
    if (!Array.isArray(exprs)) return problemAt(label, ".nodeSelector.matchExpressions", "is not a list");
    for (let i = 0; i < exprs.length; i++) {
      const expr = exprs[i];
      const at = `.nodeSelector.matchExpressions[${i}]`;
      if (!isObject2(expr) || typeof expr.key !== "string" || typeof expr.operator !== "string") {
        return problemAt(label, at, "needs a key and an operator");
      }
      if (expr.key === HOSTNAME_LABEL) {
        return problemAt(label, at, `constrains ${HOSTNAME_LABEL}; pin the node with matchLabels instead`);
      }
      const values = Array.isArray(expr.values) ? expr.values.filter((v) => typeof v === "string") : [];
      expressions.push({ key: expr.key, operator: expr.operator, values });
    }
  }
  const egressIP = raw.egressIP;
  const iface = raw.interface;
  if (egressIP !== void 0 && egressIP !== null && typeof egressIP !== "string") {
    return problemAt(label, ".egressIP", "is not a string");
  }
  if (iface !== void 0 && iface !== null && typeof iface !== "string") {
    return problemAt(label, ".interface", "is not a string");
  }
  if (egressIP && iface) {
    return problemAt(label, "", "sets both egressIP and interface, so Cilium ignores the policy");
  }
  const hostname2 = matchLabels?.[HOSTNAME_LABEL] ?? null;
  const otherTerms = {};
  const poolTerms = {};
  const terms = [];
  for (const k in matchLabels) {
    if (k === HOSTNAME_LABEL) continue;
    const term = labelTerm(k, matchLabels[k]);
    terms.push(term);
    const into = owned.has(term) ? poolTerms : otherTerms;
    into.matchLabels ??= {};
    into.matchLabels[k] = matchLabels[k];
  }
  for (const e of expressions) {
    const term = expressionTerm(e);
    terms.push(term);
    const into = owned.has(term) ? poolTerms : otherTerms;
    into.matchExpressions ??= [];
    into.matchExpressions.push(e);
  }
  return {
    label,
    path,
    nodeSelector,
    matchLabels,
    hostname: hostname2 === "" ? null : hostname2,
    otherTerms,
    poolTerms,
    terms,
    egressIP: egressIP ? egressIP : null
  };
}
function invalid(p, problem) {
  return { name: p.name, poolAnnotation: p.pool, field: problem.field, message: problem.message };
}
function readPolicy(p) {
  const multi = p.egressGateways;
  const slots = [];
  const owned = parsePoolTerms(p.poolTerms);
  if (multi !== null && multi !== void 0 && !Array.isArray(multi)) {
    return invalid(p, { field: "spec.egressGateways", message: "is not a list" });
  }
  if (Array.isArray(multi) && multi.length > 0) {
    for (let i = 0; i < multi.length; i++) {
      const slot = readSlot(multi[i], `egressGateways[${i}]`, `/spec/egressGateways/${i}`, owned);
      if ("message" in slot) return invalid(p, slot);
      slots.push(slot);
    }
  } else {
    const slot = readSlot(p.egressGateway, "egressGateway", "/spec/egressGateway", owned);
    if ("message" in slot) return invalid(p, slot);
    slots.push(slot);
  }
  return { name: p.name, poolAnnotation: p.pool, deleting: p.deleting, slots };
}
function isInvalid(p) {
  return "message" in p;
}

// src/engine/inputs.ts
var byName = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function recoveringRanks(health) {
  const since = (h) => h.healthySince ?? Number.NEGATIVE_INFINITY;
  const recovering = [...health].filter((h) => h.state === "recovering");
  recovering.sort((a, b) => since(a) - since(b) || byName(a.name, b.name));
  return new Map(recovering.map((h, i) => [h.name, i]));
}
function decisionInputs(pools, terms, configured, inventory, nodesKnown) {
  const health = /* @__PURE__ */ new Map();
  for (const p of pools) for (const h of p.nodes) health.set(h.name, h);
  const ranks = recoveringRanks(health.values());
  const node = (h) => ({
    name: h.name,
    hostname: h.hostname,
    labels: h.labels,
    state: h.state,
    recoveringRank: ranks.get(h.name) ?? null,
    egressIP: h.egressIP
  });
  return {
    configured: [...configured],
    pools: pools.map((p) => ({
      pool: p.pool,
      nodes: p.nodes.map(node),
      terms: Object.hasOwn(terms, p.pool) ? terms[p.pool] : null
    })),
    inventory,
    nodesKnown
  };
}
function explanations(pools) {
  const out = /* @__PURE__ */ new Map();
  for (const p of pools)
    for (const h of p.nodes) out.set(h.name, { problems: h.problems.map((x) => x.reason), waiting: h.waiting });
  return out;
}

// src/engine/agent-signal.ts
var serving = (p) => !p.deleting && p.ready?.status === "True";
function podsByNode(agents, opts, poolNodes) {
  if (agents === null) {
    const detail2 = "the binding context has no agents snapshot; only the agent-not-ready taint is read";
    return { pods: null, status: { signal: "agent", state: "unavailable", detail: detail2 } };
  }
  const pods = /* @__PURE__ */ new Map();
  for (const pod of agents) {
    if (pod.node === null) continue;
    const list2 = pods.get(pod.node);
    if (list2) list2.push(pod);
    else pods.set(pod.node, [pod]);
  }
  if (poolNodes.size > 0 && ![...poolNodes.keys()].some((n) => pods.has(n))) {
    const detail2 = `no cilium agent pod (${opts.source}) runs on any pool node; check the agent namespace and selector; only the agent-not-ready taint is read`;
    return { pods: null, status: { signal: "agent", state: "unavailable", detail: detail2 } };
  }
  let ready = 0;
  for (const n of poolNodes.keys()) if ((pods.get(n) ?? []).some(serving)) ready++;
  const detail = `cilium agent Ready on ${ready} of ${poolNodes.size} pool nodes`;
  return { pods, status: { signal: "agent", state: "active", detail } };
}
function readySince(mine, clock) {
  let since = null;
  for (const p of mine) {
    if (!serving(p)) continue;
    const at = clock.at(p.ready?.since, `Pod ${p.name}`, "Ready lastTransitionTime");
    if (at !== null && (since === null || at < since)) since = at;
  }
  return since;
}
function downSince(name, node, mine, refusedSince, before, clock) {
  let since = clock.now;
  const consider = (at) => {
    if (at !== null && at < since) since = at;
  };
  if (refusedSince !== void 0) consider(refusedSince);
  if (before !== void 0) {
    consider(clock.at(own(before, name), "state file", `agentDown["${name}"]`));
    return since;
  }
  if (node.agentTaint)
    consider(clock.at(node.agentTaintAdded, `Node ${name}`, `taint ${AGENT_NOT_READY_TAINT} timeAdded`));
  for (const p of mine) {
    if (!p.deleting && p.ready?.status !== "True")
      consider(clock.at(p.ready?.since, `Pod ${p.name}`, "Ready lastTransitionTime"));
  }
  return since;
}
function downDetail(mine, node, refused, ports) {
  const parts = [];
  if (mine !== null)
    parts.push(
      mine.length === 0 ? "no cilium agent pod on the node" : `cilium agent ${mine.map((p) => `${p.name} ${p.deleting ? "terminating" : "not Ready"}`).join(", ")}`
    );
  if (node.agentTaint) parts.push(`tainted ${AGENT_NOT_READY_TAINT}`);
  if (refused) parts.push(`probe port ${ports.join(",")} refuses connections`);
  return parts.join(", ");
}
function readAgentSignal(agents, opts, poolNodes, refusals, before, clock) {
  const byNode = /* @__PURE__ */ new Map();
  const agentDown = emptyRecord();
  if (!opts)
    return { status: { signal: "agent", state: "off", detail: "cilium agent signal is off" }, byNode, agentDown };
  const grace = opts.graceSeconds;
  const { pods, status } = podsByNode(agents, opts, poolNodes);
  for (const [name, n] of poolNodes) {
    const mine = pods?.get(name) ?? [];
    const podDown = pods !== null && !mine.some(serving);
    const refusedSince = refusals.since.get(name);
    if (!podDown && !n.agentTaint && refusedSince === void 0) {
      byNode.set(name, { down: null, readySince: readySince(mine, clock), graceSeconds: grace });
      continue;
    }
    const since = downSince(name, n, mine, refusedSince, before, clock);
    const detail = downDetail(podDown ? mine : null, n, refusedSince !== void 0, refusals.ports);
    byNode.set(name, { down: { since, detail }, readySince: null, graceSeconds: grace });
    agentDown[name] = new Date(since).toISOString();
  }
  return { status, byNode, agentDown };
}

// src/engine/lease-signal.ts
var AUTO_STALE_RATIO = 0.4;
var DEFAULT_LEASE_DURATION_SECONDS = 40;
function staleThreshold(lease, staleAfterSeconds) {
  if (staleAfterSeconds !== null) return staleAfterSeconds;
  return Math.max(5, AUTO_STALE_RATIO * (lease.durationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS));
}
function sightLeases(leases, before, clock) {
  const next = emptyRecord();
  for (const lease of leases) {
    if (lease.renewTime === null) continue;
    const old = own(before, lease.name);
    if (old && old.renewTime === lease.renewTime) {
      const seen = clock.at(old.seenAt, "state file", `leaseSeen["${lease.name}"].seenAt`) ?? clock.now;
      next[lease.name] = { renewTime: old.renewTime, seenAt: new Date(seen).toISOString() };
    } else {
      next[lease.name] = { renewTime: lease.renewTime, seenAt: clock.iso };
    }
  }
  return next;
}
function leaseVerdict(lease, staleAfterSeconds, clock, seen) {
  if (lease.renewTime === null) return reason("lease-no-renew-time", {});
  let renewed;
  if (seen) {
    const sighting = own(seen, lease.name);
    renewed = sighting ? Date.parse(sighting.seenAt) : clock.now;
  } else {
    renewed = clock.at(lease.renewTime, `Lease ${lease.name}`, "spec.renewTime");
  }
  const ageSeconds = leaseAgeSeconds(renewed ?? clock.now, clock.now);
  const threshold = staleThreshold(lease, staleAfterSeconds);
  return ageSeconds > threshold ? reason("lease-stale", { ageSeconds, staleAfterSeconds: threshold }) : null;
}
function leaseAgeSeconds(seenMs, nowMs) {
  return (nowMs - seenMs) / 1e3 | 0;
}
function readLeaseSignal(leases, opts, clock, before, explained = () => false) {
  const leaseSeen = before && leases ? sightLeases(leases, before, clock) : before;
  const known = leases !== null && leases.length > 0;
  const reading = (status, verdicts2 = null) => ({
    status,
    verdicts: verdicts2,
    leaseSeen,
    known
  });
  if (!opts) return reading({ signal: "lease", state: "off", detail: "Lease signal is off" });
  if (leases === null || leases.length === 0) {
    const why = leases === null ? "the binding context has no leases snapshot" : "no Lease in kube-node-lease";
    return reading({ signal: "lease", state: "unavailable", detail: `${why}; Leases ignored` });
  }
  const verdicts = /* @__PURE__ */ new Map();
  let stale = 0;
  let counted = 0;
  for (const lease of leases) {
    const v = leaseVerdict(lease, opts.staleAfterSeconds, clock, leaseSeen);
    verdicts.set(lease.name, v);
    if (explained(lease.name)) continue;
    counted++;
    if (v !== null) stale++;
  }
  const left = leases.length - counted;
  const out = left > 0 ? ` (${left} left out: their nodes are reported down or gone)` : "";
  if (stale >= 2 && stale * 2 > counted) {
    return reading({
      signal: "lease",
      state: "suspended",
      detail: `${stale} of ${counted} node Leases are stale at once${out}, which points at the control plane or this hook's view, not the nodes; Leases ignored`
    });
  }
  return reading(
    { signal: "lease", state: "active", detail: `${stale} of ${counted} node Leases stale${out}` },
    verdicts
  );
}
function leaseOf(verdicts, node) {
  return verdicts.has(node) ? verdicts.get(node) : reason("lease-missing", {});
}

// src/engine/probe.ts
function portNotServed(observed, records) {
  let voters = 0;
  let refusing = 0;
  for (const o of observed) {
    const refuses = o.answer === "silent" ? records[o.node]?.refuses : o.answer === "refused";
    if (refuses === void 0) continue;
    voters++;
    if (refuses) refusing++;
  }
  return refusing >= 2 && refusing * 2 > voters;
}
function readProbe(opts, observed, prior, poolNodes, clock, explained = /* @__PURE__ */ new Set()) {
  const out = {
    status: { signal: "probe", state: "off", detail: "probe is off" },
    problems: /* @__PURE__ */ new Map(),
    refused: /* @__PURE__ */ new Map(),
    restart: /* @__PURE__ */ new Set(),
    next: /* @__PURE__ */ Object.create(null)
  };
  if (!opts) return out;
  const port = opts.ports.join(",");
  let records = /* @__PURE__ */ Object.create(null);
  for (const node of poolNodes) if (Object.hasOwn(prior, node)) records[node] = prior[node];
  if (observed !== null && observed.length > 0) {
    const counted = observed.filter((o) => !explained.has(o.node));
    const silent = counted.filter((o) => o.answer === "silent").length;
    const refused = observed.filter((o) => o.answer === "refused").length;
    const left = observed.length - counted.length;
    const reported = left > 0 ? ` (${left} reported down by Kubernetes left out)` : "";
    if (silent >= 2 && silent * 2 > counted.length) {
      out.status = {
        signal: "probe",
        state: "suspended",
        detail: `${silent} of ${counted.length} pool nodes${reported} are silent on port ${port} at once, which points at this operator's own network; probe ignored`
      };
      out.next = records;
      return out;
    }
    const ignoreRefusals = portNotServed(observed, records);
    const next = /* @__PURE__ */ Object.create(null);
    for (const o of observed) {
      const before = records[o.node];
      if (o.answer === "silent") {
        const since = before?.since ?? o.silentSince ?? clock.iso;
        next[o.node] = { failures: (before?.failures ?? 0) + o.silent, since, refusedSince: null };
        if (before?.refuses) next[o.node].refuses = true;
        out.restart.add(o.node);
      } else if (o.answer === "refused") {
        const refusedSince = ignoreRefusals ? null : before?.refusedSince ?? clock.iso;
        next[o.node] = { failures: 0, since: null, refusedSince, refuses: true };
        if (!ignoreRefusals) out.restart.add(o.node);
      }
    }
    records = next;
    const detail = `${silent} of ${counted.length} pool nodes silent${reported}, ${refused} refused on port ${port}`;
    out.status = {
      signal: "probe",
      state: "active",
      detail: ignoreRefusals ? `${detail}; refusals ignored: the port is not served on most nodes` : detail
    };
  } else {
    out.status = { signal: "probe", state: "active", detail: "not probed this run (probes run on the resync tick)" };
  }
  out.next = records;
  for (const [node, r] of Object.entries(records)) {
    if (r.refusedSince !== null) {
      const at = clock.at(r.refusedSince, "state file", `probe["${node}"].refusedSince`);
      if (at !== null) out.refused.set(node, at);
    }
    if (r.failures > 0 && r.since !== null) {
      const since = clock.at(r.since, "state file", `probe["${node}"].since`) ?? clock.now;
      const forSeconds = (clock.now - since) / 1e3;
      if (r.failures >= opts.failures && forSeconds >= opts.windowSeconds)
        out.problems.set(node, reason("probe-silent", { failures: r.failures, forSeconds, port }));
    }
  }
  return out;
}

// src/engine/signals.ts
var noObservations = () => ({
  memory: emptyEngineMemory(),
  keepSightings: false,
  probed: null
});
function nodeTimes(poolNodes, seen, clock) {
  const byNode = /* @__PURE__ */ new Map();
  for (const [name, n] of poolNodes) {
    const s = { readySince: clock.at(n.readySince, `Node ${name}`, "Ready lastTransitionTime") };
    const mem = own(seen.memory.unhealthy, name);
    if (mem) {
      const at = clock.at(mem.at, "state file", `nodes["${name}"].at`);
      if (at !== null) s.lastUnhealthy = { at, why: mem.why };
    }
    byNode.set(name, s);
  }
  return byNode;
}
function explainedBy(poolNodes, inventory) {
  const listed = new Map((inventory ?? []).map((n) => [n.name, n.down === true]));
  return (node) => {
    const pooled = poolNodes.get(node);
    if (pooled) return pooled.down === true;
    if (inventory === null) return false;
    return listed.get(node) ?? true;
  };
}
function readSignals(snapshot, opts, clock, seen, poolNodes) {
  const byNode = nodeTimes(poolNodes, seen, clock);
  const explained = explainedBy(poolNodes, snapshot.inventory ?? null);
  const { memory } = seen;
  const leaseSeen = seen.keepSightings ? memory.leaseSeen : void 0;
  const agentDown = seen.keepSightings ? memory.agentDown : void 0;
  const lease = readLeaseSignal(snapshot.leases, opts.lease, clock, leaseSeen, explained);
  if (lease.verdicts !== null) for (const [name, s] of byNode) s.lease = leaseOf(lease.verdicts, name);
  const down = new Set([...poolNodes].filter(([, n]) => n.down === true).map(([name]) => name));
  const probe2 = readProbe(opts.probe ?? null, seen.probed, memory.probe, new Set(poolNodes.keys()), clock, down);
  for (const [name, problem] of probe2.problems) {
    const s = byNode.get(name);
    if (s) s.probe = problem;
  }
  for (const name of probe2.restart) {
    const s = byNode.get(name);
    if (s) s.lastUnhealthy = { at: clock.now, why: "probe" };
  }
  const refusals = { since: probe2.refused, ports: opts.probe?.ports ?? [] };
  const agent = readAgentSignal(snapshot.agents, opts.agent, poolNodes, refusals, agentDown, clock);
  for (const [name, verdict] of agent.byNode) byNode.get(name).agent = verdict;
  return {
    byNode,
    statuses: [lease.status, agent.status, probe2.status],
    leaseSeen: lease.leaseSeen ?? memory.leaseSeen,
    agentDown: agent.agentDown,
    leasesKnown: lease.known,
    probe: probe2.next,
    restart: probe2.restart
  };
}

// src/engine/view.ts
var byName2 = (a, b) => a < b ? -1 : a > b ? 1 : 0;
var UNEXPLAINED = { problems: [], waiting: null };
var ClusterView = class {
  constructor(inputs, explanations2 = /* @__PURE__ */ new Map()) {
    this.explanations = explanations2;
    for (const { pool, nodes, terms } of inputs.pools) {
      const strings = terms === null ? [] : termStrings(terms);
      if (terms !== null && strings.length > 0) this.poolTerms.set(pool, { terms, strings });
      const names = [...new Set(nodes.map((n) => n.name))].sort(byName2);
      this.members.set(pool, names);
      this.memberSets.set(pool, new Set(names));
      for (const n of nodes) this.nodes.set(n.name, n);
    }
    const all = inputs.inventory ?? [...this.nodes.values()];
    const seen = /* @__PURE__ */ new Set();
    const index = (n) => {
      if (n.hostname === null || n.hostname === "" || seen.has(n.name)) return;
      seen.add(n.name);
      const list2 = this.byHostname.get(n.hostname);
      if (list2) list2.push(n.name);
      else this.byHostname.set(n.hostname, [n.name]);
    };
    for (const n of all) index(n);
    for (const n of this.nodes.values()) index(n);
    for (const list2 of this.byHostname.values()) list2.sort(byName2);
  }
  explanations;
  /** Pool → member names, sorted. */
  members = /* @__PURE__ */ new Map();
  nodes = /* @__PURE__ */ new Map();
  load = /* @__PURE__ */ new Map();
  memberSets = /* @__PURE__ */ new Map();
  /** Pool → its own terms and their term strings, for pools whose terms are known and not empty. */
  poolTerms = /* @__PURE__ */ new Map();
  /** kubernetes.io/hostname → the names of the nodes that carry it, sorted. */
  byHostname = /* @__PURE__ */ new Map();
  isMember(pool, node) {
    return this.memberSets.get(pool)?.has(node) ?? false;
  }
  /** Whether a pool node may keep its gateways (unknown nodes may not). */
  healthy(node) {
    const n = this.nodes.get(node);
    return n !== void 0 && n.state !== "unhealthy";
  }
  /** Why a pool node is unhealthy, for reasons only. */
  problems(node) {
    return [...(this.explanations.get(node) ?? UNEXPLAINED).problems];
  }
  /** Why a healthy pool node waits (agent grace, recovery delay), for reasons only. */
  waiting(node) {
    return (this.explanations.get(node) ?? UNEXPLAINED).waiting;
  }
  /** The nodes a hostname pin selects (Cilium matches the label, not the name). */
  nodesOf(hostname2) {
    return hostname2 === null ? [] : this.byHostname.get(hostname2) ?? [];
  }
  /** The one node a pin selects, or null when it selects none or several. */
  nodeOf(hostname2) {
    const nodes = this.nodesOf(hostname2);
    return nodes.length === 1 ? nodes[0] : null;
  }
  /** Hostnames carried by more than one node, with those nodes. */
  ambiguous() {
    const out = [];
    for (const [hostname2, nodes] of this.byHostname) if (nodes.length > 1) out.push({ hostname: hostname2, nodes });
    return out.sort((a, b) => byName2(a.hostname, b.hostname));
  }
  /** The pool's own terms, which every pin the hook writes carries; null when unknown or empty. */
  termsOf(pool) {
    return this.poolTerms.get(pool)?.terms ?? null;
  }
  /** Whether a pin carrying `terms` selects only members of `pool`: it carries every one of the pool's own terms. */
  confines(pool, terms) {
    const own2 = this.poolTerms.get(pool);
    return own2 !== void 0 && own2.strings.every((t) => terms.includes(t));
  }
  /**
   * The nodes a hostname pin selects, as far as the hook can tell: a pin that carries the pool's
   * terms selects only pool members (a node outside the pool that copied the hostname does not
   * match it); any other pin selects every node that carries the hostname.
   */
  pinned(pool, hostname2, terms) {
    const nodes = this.nodesOf(hostname2);
    if (nodes.length < 2 || !this.confines(pool, terms)) return nodes;
    return nodes.filter((n) => this.isMember(pool, n));
  }
  /** The nodes a pin to `hostname` that a move writes now selects: with the pool's terms, only members. */
  pinnedByMove(pool, hostname2) {
    const nodes = this.nodesOf(hostname2);
    if (nodes.length < 2 || !this.poolTerms.has(pool)) return nodes;
    return nodes.filter((n) => this.isMember(pool, n));
  }
  /** The one node a slot's pin selects (see `pinned`), or null when it selects none or several. */
  pinnedNode(pool, slot) {
    const nodes = this.pinned(pool, slot.hostname, slot.terms);
    return nodes.length === 1 ? nodes[0] : null;
  }
  addLoad(node, delta) {
    if (node !== null) this.load.set(node, (this.load.get(node) ?? 0) + delta);
  }
};

// src/engine/assess.ts
var byName3 = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function poolNodesOf(pools) {
  const objects = /* @__PURE__ */ new Map();
  const facts = /* @__PURE__ */ new Map();
  for (const nodes of pools.values()) {
    for (const n of nodes) {
      if (objects.has(n.name)) continue;
      objects.set(n.name, n);
      facts.set(n.name, {
        agentTaint: n.taints.includes(AGENT_NOT_READY_TAINT),
        agentTaintAdded: n.agentTaintAdded ?? null,
        readySince: n.ready?.status === "True" ? n.ready.since : null,
        down: reportedDown(n)
      });
    }
  }
  return { objects, facts };
}
function recoveryMemory(health, restart, before, delaySeconds, clock) {
  const memory = /* @__PURE__ */ Object.create(null);
  for (const h of health) {
    if (!h.healthy || restart.has(h.name)) {
      const why = h.healthy ? "probe" : h.problems.map((p) => p.reason.code).join(",");
      memory[h.name] = { at: clock.iso, why };
      continue;
    }
    const last = own(before, h.name);
    const at = last ? Date.parse(last.at) : Number.NaN;
    if (last && !Number.isNaN(at) && clock.now - Math.min(at, clock.now) < delaySeconds * 1e3)
      memory[h.name] = { at: new Date(Math.min(at, clock.now)).toISOString(), why: last.why };
  }
  return memory;
}
var ADDRESS_SHOWN = 64;
function nodeNotices(view, health, objects, probe2) {
  const notices = [];
  for (const a of view.ambiguous()) {
    if (a.nodes.some((n) => health.has(n)))
      notices.push(reason("hostnames-ambiguous", { hostname: a.hostname, nodes: [...a.nodes] }));
  }
  for (const h of health.values()) {
    if (h.egressIP.kind === "invalid")
      notices.push(
        reason("egress-ip-annotation-invalid", { node: h.name, value: h.egressIP.raw, problem: h.egressIP.problem })
      );
    else if (h.egressIP.kind === "conflict")
      notices.push(
        reason("egress-ip-annotation-conflict", {
          node: h.name,
          value: h.egressIP.ip,
          others: h.egressIP.nodes.filter((n) => n !== h.name)
        })
      );
  }
  for (const [name, n] of probe2 ? objects : []) {
    if (typeof n.address !== "string" || isIPAddress(n.address)) continue;
    const value = n.address.length > ADDRESS_SHOWN ? `${n.address.slice(0, ADDRESS_SHOWN)}\u2026` : n.address;
    notices.push(reason("node-address-invalid", { node: name, field: "status.addresses InternalIP", value }));
  }
  return notices;
}
function assess(snapshot, options, now, observations = noObservations()) {
  const before = observations.memory;
  const clock = new Clock(now.getTime(), before.clamped);
  const blockingTaints = options.agent ? options.blockingTaints.filter((t) => t !== AGENT_NOT_READY_TAINT) : options.blockingTaints;
  const healthOptions = { ...options, blockingTaints };
  const { objects, facts } = poolNodesOf(snapshot.pools);
  const signals = readSignals(snapshot, options, clock, observations, facts);
  const health = /* @__PURE__ */ new Map();
  for (const [name, n] of objects) health.set(name, assessNode(n, healthOptions, clock.now, signals.byNode.get(name)));
  markEgressIPConflicts(health.values());
  const pools = [...snapshot.pools.keys()].sort(byName3).map((pool) => ({
    pool,
    nodes: (snapshot.pools.get(pool) ?? []).map((n) => health.get(n.name))
  }));
  const nodesKnown = snapshot.inventory !== null && (options.lease === null || signals.leasesKnown);
  const inputs = decisionInputs(pools, options.poolTerms ?? {}, options.pools, snapshot.inventory, nodesKnown);
  const unhealthy = recoveryMemory(
    health.values(),
    signals.restart,
    before.unhealthy,
    options.recoveryDelaySeconds,
    clock
  );
  return {
    pools,
    inputs,
    explanations: explanations(pools),
    signals: signals.statuses,
    notices: [...clock.notices, ...nodeNotices(new ClusterView(inputs), health, objects, options.probe !== null)],
    memory: {
      unhealthy,
      leaseSeen: signals.leaseSeen,
      agentDown: signals.agentDown,
      remembered: before.remembered,
      clamped: clock.clamped,
      probe: signals.probe
    },
    nodesKnown
  };
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

// src/engine/decide-policy.ts
function unmanaged(policy, action, r, gateways = [], field2) {
  return { policy, pool: null, action, gateways, slots: [], reason: r, ...field2 ? { field: field2 } : {} };
}
function keep(slot, r) {
  return { slot, action: "keep", from: slot.hostname, to: slot.hostname, egressIP: null, reason: r };
}
function judgeGateway(view, pool, slot) {
  const gateway = slot.hostname;
  if (gateway === null) return { leave: reason("not-pinned") };
  const nodes = view.pinned(pool, gateway, slot.terms);
  if (nodes.length === 0) return { leave: reason("gateway-not-in-pool", { gateway, pool }) };
  if (nodes.length > 1) {
    const cannot = nodes.filter((n) => !view.isMember(pool, n) || !view.healthy(n));
    if (cannot.length > 0)
      return { leave: reason("gateway-ambiguous", { gateway, nodes: [...nodes], unhealthy: cannot }) };
    return { stay: reason("gateway-healthy", { gateway }) };
  }
  const node = nodes[0];
  if (!view.isMember(pool, node)) return { leave: reason("gateway-not-in-pool", { gateway, pool }) };
  if (!view.healthy(node))
    return { leave: reason("gateway-unhealthy", { gateway, node, problems: view.problems(node) }) };
  const h = view.nodes.get(node);
  const labels = h?.labels ?? {};
  const unmatched = [...unmatchedTerms(slot.otherTerms, labels), ...unmatchedTerms(slot.poolTerms, labels)];
  if (unmatched.length > 0) return { leave: reason("gateway-selector-mismatch", { gateway, terms: unmatched }) };
  if (h?.state === "grace")
    return { stay: reason("gateway-in-grace", { gateway, grace: view.waiting(node) }) };
  return { stay: reason("gateway-healthy", { gateway }) };
}
function placeMoving(view, placement, pool, outcomes, moving) {
  const taken = /* @__PURE__ */ new Set();
  for (const o of outcomes) {
    if (!o) continue;
    for (const n of view.pinned(pool, o.from, o.slot.terms)) taken.add(n);
  }
  if (moving.length > 1) {
    for (const m of moving) m.fits = placement.count(pool, m.slot);
    moving.sort((a, b) => a.fits - b.fits);
  }
  for (const { index, slot, cause } of moving) {
    const choice = placement.pick(pool, slot, taken);
    if ("rejections" in choice) {
      const r = reason("no-node-fits", { cause, pool, rejections: choice.rejections });
      outcomes[index] = { slot, action: "stuck", from: slot.hostname, to: null, egressIP: null, reason: r };
      for (const n of view.pinned(pool, slot.hostname, slot.terms)) taken.add(n);
      continue;
    }
    taken.add(choice.node);
    view.addLoad(view.pinnedNode(pool, slot), -1);
    view.addLoad(choice.node, 1);
    let egressIP = null;
    const target = view.nodes.get(choice.node)?.egressIP;
    if (slot.egressIP !== null && target?.kind === "valid" && target.ip !== slot.egressIP) {
      egressIP = { from: slot.egressIP, to: target.ip };
    }
    const { node, hostname: hostname2, tier, load, shared } = choice;
    outcomes[index] = {
      slot,
      action: "move",
      from: slot.hostname,
      to: hostname2,
      egressIP,
      pin: pinSelector(hostname2, slot.otherTerms, view.termsOf(pool) ?? {}),
      reason: reason("move", { cause, node, hostname: hostname2, tier, load, shared, egressIP })
    };
  }
}
function summarize(slots) {
  const action = slots.some((s) => s.action === "move") ? "move" : slots.some((s) => s.action === "stuck") ? "stuck" : "keep";
  if (slots.length === 1) return { action, reason: slots[0].reason };
  if (action === "keep" && slots.every((s) => s.reason.code === "gateway-healthy"))
    return { action, reason: reason("all-healthy", { gateways: slots.map((s) => s.from) }) };
  const parts = slots.filter((s) => s.action !== "keep" || s.reason.code !== "gateway-healthy").map((s) => ({ slot: s.slot.label, reason: s.reason }));
  return { action, reason: reason("slots", { parts }) };
}
function decidePolicy(view, placement, shape, pool, managed) {
  const outcomes = new Array(shape.slots.length);
  const moving = [];
  shape.slots.forEach((slot, index) => {
    if (!managed[index]) {
      outcomes[index] = keep(slot, reason("foreign-slot", { gateway: slot.hostname, pool }));
      return;
    }
    const j = judgeGateway(view, pool, slot);
    if ("stay" in j) outcomes[index] = keep(slot, j.stay);
    else moving.push({ index, slot, cause: j.leave, fits: 0 });
  });
  if (moving.length > 0) placeMoving(view, placement, pool, outcomes, moving);
  const { action, reason: r } = summarize(outcomes);
  const decision = {
    policy: shape.name,
    pool,
    action,
    gateways: shape.slots.map((s) => s.hostname),
    slots: outcomes,
    reason: r
  };
  if (action === "move") decision.poolTerms = termStrings(view.termsOf(pool) ?? {});
  return decision;
}

// src/engine/placement.ts
function fit(view, pool, node, slot) {
  const h = view.nodes.get(node);
  if (!h || !view.isMember(pool, node)) return reason("not-a-member", { pool });
  if (h.state === "unhealthy") return reason("unhealthy", { problems: view.problems(node) });
  if (h.state === "grace") return view.waiting(node);
  if (h.hostname === null) return reason("no-hostname-label");
  const sharing = view.pinnedByMove(pool, h.hostname);
  if (sharing.length > 1) return reason("hostname-ambiguous", { hostname: h.hostname, nodes: [...sharing] });
  const unmatched = unmatchedTerms(slot.otherTerms, h.labels);
  if (unmatched.length > 0) return reason("selector-mismatch", { terms: unmatched });
  if (slot.egressIP !== null) {
    if (h.egressIP.kind === "none") return reason("egress-ip-missing");
    if (h.egressIP.kind === "invalid")
      return reason("egress-ip-invalid", { value: h.egressIP.raw, problem: h.egressIP.problem });
    if (h.egressIP.kind === "conflict")
      return reason("egress-ip-conflict", { value: h.egressIP.ip, nodes: [...h.egressIP.nodes] });
    const want = familyOf(slot.egressIP);
    if (h.egressIP.family !== want)
      return reason("egress-ip-family", { value: h.egressIP.ip, got: h.egressIP.family, want });
  }
  return h.state === "settled" ? "settled" : "recovering";
}
var Placement = class {
  constructor(view) {
    this.view = view;
  }
  view;
  cache = /* @__PURE__ */ new Map();
  /**
   * The fitting nodes of `pool` for `slot`, by tier, in name order. Fit depends only on the pool
   * and on what the slot requires, so it is computed once per distinct requirement: thousands of
   * policies usually share a handful.
   */
  fitting(pool, slot) {
    const family = slot.egressIP === null ? null : familyOf(slot.egressIP);
    const key = JSON.stringify([pool, slot.otherTerms, family]);
    let tiers = this.cache.get(key);
    if (!tiers) {
      tiers = { settled: [], recovering: [] };
      for (const node of this.view.members.get(pool) ?? []) {
        const t = fit(this.view, pool, node, slot);
        if (t === "settled") tiers.settled.push(node);
        else if (t === "recovering") tiers.recovering.push(node);
      }
      const rank = (n) => this.view.nodes.get(n)?.recoveringRank ?? 0;
      tiers.recovering.sort((a, b) => rank(a) - rank(b));
      this.cache.set(key, tiers);
    }
    return tiers;
  }
  count(pool, slot) {
    const t = this.fitting(pool, slot);
    return t.settled.length + t.recovering.length;
  }
  pick(pool, slot, taken) {
    const { settled, recovering } = this.fitting(pool, slot);
    if (settled.length + recovering.length === 0) {
      const rejections = (this.view.members.get(pool) ?? []).map((node) => ({
        node,
        reason: fit(this.view, pool, node, slot)
      }));
      return { rejections };
    }
    const free = (nodes2) => nodes2.filter((n) => !taken.has(n));
    const freeSettled = free(settled);
    const freeRecovering = free(recovering);
    const tier = freeSettled.length > 0 || freeRecovering.length === 0 && settled.length > 0 ? "settled" : "recovering";
    const nodes = tier === "settled" ? settled : recovering;
    const fresh = tier === "settled" ? freeSettled : freeRecovering;
    const choices = fresh.length > 0 ? fresh : nodes;
    let best = choices[0];
    if (tier === "settled") {
      const load = (n) => this.view.load.get(n) ?? 0;
      for (const node of choices) if (load(node) < load(best)) best = node;
    }
    const h = this.view.nodes.get(best);
    return {
      node: best,
      hostname: h?.hostname ?? best,
      tier,
      load: this.view.load.get(best) ?? 0,
      shared: fresh.length === 0
    };
  }
};

// src/engine/scope.ts
function pinnedToMember(view, pool, hostname2) {
  for (const node of view.nodesOf(hostname2)) if (view.isMember(pool, node)) return true;
  return false;
}
function scopeOf(view, shape, configured, remembered, nodesKnown) {
  if (shape.poolAnnotation !== null) {
    if (configured.includes(shape.poolAnnotation))
      return { kind: "managed", pool: shape.poolAnnotation, via: "annotation", slots: shape.slots.map(() => true) };
    return {
      kind: "invalid",
      field: `metadata.annotations["${ANNOTATION_POOL}"]`,
      reason: reason("unknown-pool", { pool: shape.poolAnnotation, configured: [...configured] })
    };
  }
  let best = null;
  for (const pool of view.members.keys()) {
    let count = 0;
    for (const s of shape.slots) if (pinnedToMember(view, pool, s.hostname)) count++;
    if (count > 0 && (best === null || count > best.count)) best = { pool, count };
  }
  if (best !== null) {
    const pool = best.pool;
    return { kind: "managed", pool, via: "pin", slots: shape.slots.map((s) => pinnedToMember(view, pool, s.hostname)) };
  }
  const before = Object.hasOwn(remembered, shape.name) ? remembered[shape.name] : void 0;
  if (before !== void 0 && configured.includes(before)) {
    if (!nodesKnown)
      return {
        kind: "ignore",
        reason: reason("not-managed", { because: "inventory-unknown" }),
        keepRemembered: before
      };
    const gone = shape.slots.map((s) => s.hostname !== null && view.nodesOf(s.hostname).length === 0);
    if (gone.some(Boolean)) return { kind: "managed", pool: before, via: "remembered", slots: gone };
    if (shape.slots.every((s) => s.hostname === null))
      return { kind: "ignore", reason: reason("not-managed", { because: "remembered-unpinned" }) };
  }
  return { kind: "ignore", reason: reason("not-managed", { because: "no-pool-pin" }) };
}

// src/engine/decide.ts
var byName4 = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function unmanageable(shape) {
  if (shape.poolAnnotation === null)
    return unmanaged(
      shape.name,
      "ignore",
      reason("not-managed", { because: "unmanageable", field: shape.field, message: shape.message })
    );
  return unmanaged(
    shape.name,
    "invalid",
    reason("invalid-policy", { field: shape.field, message: shape.message }),
    [],
    shape.field
  );
}
function decidePolicies(inputs, explanations2, policies, remembered) {
  const view = new ClusterView(inputs, explanations2);
  const placement = new Placement(view);
  const nextRemembered = /* @__PURE__ */ Object.create(null);
  const sorted = [...policies].sort((a, b) => byName4(a.name, b.name));
  const decisions = new Array(sorted.length);
  const managed = [];
  sorted.forEach((p, index) => {
    const shape = readPolicy(p);
    if (isInvalid(shape)) {
      decisions[index] = unmanageable(shape);
      return;
    }
    const gateways = shape.slots.map((s) => s.hostname);
    if (shape.deleting) {
      decisions[index] = unmanaged(shape.name, "ignore", reason("deleting"), gateways);
      return;
    }
    const scope = scopeOf(view, shape, inputs.configured, remembered, inputs.nodesKnown);
    if (scope.kind === "invalid") {
      decisions[index] = unmanaged(shape.name, "invalid", scope.reason, [], scope.field);
    } else if (scope.kind === "ignore") {
      decisions[index] = unmanaged(shape.name, "ignore", scope.reason, gateways);
      if (scope.keepRemembered !== void 0) nextRemembered[shape.name] = scope.keepRemembered;
    } else {
      managed.push({ index, shape, pool: scope.pool, slots: scope.slots });
      shape.slots.forEach((s, i) => {
        if (scope.slots[i]) view.addLoad(view.pinnedNode(scope.pool, s), 1);
      });
      if (scope.via !== "annotation") nextRemembered[shape.name] = scope.pool;
    }
  });
  for (const m of managed) decisions[m.index] = decidePolicy(view, placement, m.shape, m.pool, m.slots);
  return { decisions, remembered: nextRemembered };
}
function planOf(a, decisions, remembered) {
  return {
    decisions,
    pools: a.pools,
    inputs: a.inputs,
    signals: a.signals,
    notices: a.notices,
    memory: { ...a.memory, remembered },
    nodesKnown: a.nodesKnown
  };
}
function decideFrom(assessment, policies) {
  const { inputs, explanations: explanations2, memory } = assessment;
  const decided = decidePolicies(inputs, explanations2, policies, memory.remembered);
  return planOf(assessment, decided.decisions, decided.remembered);
}

// src/hook/assessment.ts
function parseContext(doc, settings, options = {}) {
  return parseBindingContext(
    doc,
    options.poolsFromContext ? null : settings.pools.map((p) => p.name),
    options.strict ? { leases: settings.leaseSignal, agents: settings.agentSignal } : { leases: false, agents: false }
  );
}
function isTick(parsed) {
  return parsed.contexts.some((c) => c.type === "Schedule" || c.binding === RESYNC_BINDING);
}
function probeTargets(parsed) {
  const seen = /* @__PURE__ */ new Map();
  for (const nodes of parsed.snapshot?.pools.values() ?? [])
    for (const n of nodes) if (n.address && isIPAddress(n.address)) seen.set(n.name, n.address);
  return [...seen].map(([node, address]) => ({ node, address }));
}
function decisionOptions(settings, pools) {
  const poolTerms = /* @__PURE__ */ Object.create(null);
  for (const p of settings.pools) if (pools.includes(p.name)) poolTerms[p.name] = p.selector;
  return {
    pools,
    poolTerms,
    cordonDrains: settings.cordonDrains,
    recoveryDelaySeconds: settings.recoveryDelaySeconds,
    blockingTaints: settings.blockingTaints,
    lease: settings.leaseSignal ? { staleAfterSeconds: settings.leaseStaleAfterSeconds } : null,
    agent: settings.agentSignal ? {
      source: `${formatLabelSelector(settings.agentSelector)} in ${settings.agentNamespace}`,
      graceSeconds: settings.agentGraceSeconds
    } : null,
    probe: settings.probe ? { failures: settings.probe.failures, windowSeconds: settings.probe.windowSeconds, ports: settings.probe.ports } : null
  };
}
function observationsOf(state, options) {
  return {
    memory: state.engine,
    // Lease ages and agent grace by the hook's own sightings whenever there is a state to keep them in.
    keepSightings: options.state !== void 0,
    probed: options.probed ?? null
  };
}
function withMemory(plan, memory) {
  if (memory !== "lost") return plan;
  return {
    ...plan,
    signals: plan.signals.map(
      (s) => (s.signal === "lease" || s.signal === "agent") && s.state === "active" ? { ...s, state: "unavailable", detail: `${s.detail}, but the hook's state file cannot be kept` } : s
    )
  };
}
function assessRun(snapshot, settings, pools, now, state, options) {
  const opts = decisionOptions(settings, pools);
  const a = assess(snapshot, opts, now, observationsOf(state, options));
  const fits = options.stateCap === void 0 || signalMemoryFits(a, options.stateCap);
  return withMemory(a, fits ? options.memory : "lost");
}

// src/hook/evidence.ts
function readEvidence(doc, writer) {
  if (!Array.isArray(doc)) return { kind: "absent" };
  let items;
  for (const ctx of doc) {
    const snaps = ctx?.snapshots;
    if (snaps && typeof snaps === "object" && Object.hasOwn(snaps, EVIDENCE_BINDING)) items = snaps[EVIDENCE_BINDING];
  }
  if (items === void 0) return { kind: "absent" };
  if (!Array.isArray(items)) return { kind: "invalid", message: `the ${EVIDENCE_BINDING} snapshot is not a list` };
  for (const item of items) {
    const o = item;
    const projected = o?.filterResult ?? (o?.object ? projectEvidence(o.object) : null);
    if (projected?.name !== writer) continue;
    try {
      return { kind: "found", evidence: parseEvidence(projected?.spec) };
    } catch (err) {
      return { kind: "invalid", message: err.message };
    }
  }
  return { kind: "none" };
}
var degraded = (code, msg) => ({
  use: false,
  condition: {
    key: "prober",
    level: "warn",
    fingerprint: code,
    msg: `${msg}; the probe runs on the resync tick until the prober is back`,
    fields: { code }
  }
});
function proberUse(settings, heartbeat, read3, writer, now) {
  const p = settings.prober;
  if (!p) return degraded("off", "the prober is off");
  if (writer === void 0) return degraded("no-pod-name", "HOSTNAME is not set, so this run cannot find its evidence");
  if (heartbeat === null) return degraded("no-heartbeat", `the prober has written no heartbeat in ${p.dir}`);
  if ("error" in heartbeat) return degraded("heartbeat-unreadable", `the prober's heartbeat: ${heartbeat.error}`);
  const age2 = now.getTime() - Date.parse(heartbeat.at);
  if (age2 > p.staleMs)
    return degraded("heartbeat-stale", `the prober's heartbeat is ${(age2 / 1e3).toFixed(1)}s old: it is down or hung`);
  if (!heartbeat.published) return degraded("unpublished", "the prober cannot write its evidence");
  if (heartbeat.blind) return degraded("blind", "the prober counted no probe round lately (it runs late: starved)");
  if (read3.kind === "absent") return degraded("no-binding", `no context carries the ${EVIDENCE_BINDING} snapshot`);
  if (read3.kind === "invalid") return degraded("evidence-invalid", `the evidence of ${writer}: ${read3.message}`);
  return { use: true, evidence: read3.kind === "found" ? read3.evidence : null };
}
function observationsOf2(evidence, poolNodes, failures) {
  const byNode = new Map((evidence?.nodes ?? []).map((n) => [n.node, n]));
  return poolNodes.map((node) => {
    const e = byNode.get(node);
    if (e?.verdict === "silent")
      return { node, answer: "silent", silent: Math.max(e.failures, failures), silentSince: e.since };
    if (e?.verdict === "refused") return { node, answer: "refused", silent: 0, silentSince: null };
    return { node, answer: "open", silent: 0, silentSince: null };
  });
}
function withLastSightings(state, evidence, now) {
  if (!evidence) return state;
  return withLeaseSightings(withLastUnhealthy(state, evidence, now), evidence, now);
}
function withLeaseSightings(state, evidence, now) {
  const before = state.engine.leaseSeen;
  let leaseSeen = null;
  for (const l of evidence.leases) {
    const seenAt = Math.min(Date.parse(l.seenAt), now.getTime());
    const mine = own(before, l.node);
    if (mine && mine.renewTime === l.renewTime && Date.parse(mine.seenAt) <= seenAt) continue;
    leaseSeen ??= Object.assign(emptyRecord(), before);
    leaseSeen[l.node] = { renewTime: l.renewTime, seenAt: new Date(seenAt).toISOString() };
  }
  return leaseSeen ? { ...state, engine: { ...state.engine, leaseSeen } } : state;
}
function withLastUnhealthy(state, evidence, now) {
  const before = state.engine.unhealthy;
  let unhealthy = null;
  for (const n of evidence.nodes) {
    const last = [n.lastSilence, n.lastRefusal].filter((t) => t !== null).map((t) => Math.min(Date.parse(t), now.getTime())).reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    if (!Number.isFinite(last)) continue;
    const seen = own(before, n.node);
    if (seen && Date.parse(seen.at) >= last) continue;
    unhealthy ??= Object.assign(emptyRecord(), before);
    unhealthy[n.node] = { at: new Date(last).toISOString(), why: "probe" };
  }
  return unhealthy ? { ...state, engine: { ...state.engine, unhealthy } } : state;
}
function proberMetric(use) {
  return {
    name: "cilium_egress_ha_probe_degraded",
    group: METRIC_GROUP,
    action: "set",
    value: use.use ? 0 : 1,
    labels: use.use ? {} : { code: String(use.condition.fields?.code ?? "") }
  };
}
function targetsWrite(settings, parsed, current) {
  if (!settings.prober || parsed.snapshot === null) return null;
  const text = serializeTargets(probeTargets(parsed));
  return text === current ? null : { path: `${settings.prober.dir}/${TARGETS_FILE}`, text };
}

// src/engine/moves.ts
function moveMessage(m) {
  const pins = (xs) => xs.map((x) => x ?? "none").join(",");
  const why = m.problems && m.problems.length > 0 ? `${m.code}: ${m.problems.join(", ")}` : m.code;
  return `gateway moved from ${pins(m.from)} to ${pins(m.to)} (${why})`;
}
function moveProblems(d) {
  const r = d.slots.find((s) => s.action === "move")?.reason;
  if (r?.code !== "move" || r.cause.code !== "gateway-unhealthy") return [];
  return [...new Set(r.cause.problems.map((p) => p.code))];
}
var clamped = (m, now) => {
  const t = Date.parse(m.at);
  return t > now ? { ...m, at: new Date(now).toISOString() } : m;
};
var PENDING_EXPIRY_SECONDS = 300;
var PENDING_HOLD_SECONDS = 10;
var DEFER_SECONDS = 300;
function parseLastMove(text) {
  if (!text) return null;
  try {
    const v = JSON.parse(text);
    return typeof v === "object" && v !== null && typeof v.id === "string" && typeof v.by === "string" ? v : null;
  } catch {
    return null;
  }
}
function sightingKey(m) {
  const dash = m.id.lastIndexOf("-");
  return `${m.by} ${dash > 0 ? m.id.slice(0, dash) : m.id}`;
}
function sightedAt(seen, m) {
  const key = sightingKey(m);
  return Object.hasOwn(seen.sightings, key) ? Date.parse(seen.sightings[key]) : Number.NaN;
}
var HEAD = /^\{"id":"([^"\\]*)","by":"([^"\\]*)",/;
function headOf(text) {
  const m = HEAD.exec(text);
  if (m) return { id: m[1], by: m[2], text };
  const lm = parseLastMove(text);
  return lm ? { id: lm.id, by: lm.by, text } : null;
}
function sightMoves(policies, previous, now) {
  const last = /* @__PURE__ */ new Map();
  const sightings = /* @__PURE__ */ Object.create(null);
  const at = now.toISOString();
  for (const p of policies) {
    const head = p.lastMove ? headOf(p.lastMove) : null;
    if (head === null) continue;
    last.set(p.name, head);
    const key = sightingKey(head);
    if (Object.hasOwn(sightings, key)) continue;
    const before = Object.hasOwn(previous, key) ? Date.parse(previous[key]) : Number.NaN;
    sightings[key] = before <= now.getTime() ? previous[key] : at;
  }
  return { last, sightings };
}
function settleMoves(pending, pins, seen, writer, now) {
  const out = { confirmed: [], dropped: [], pending: [] };
  if (pending.length === 0) return out;
  const confirmedPolicies = /* @__PURE__ */ new Set();
  for (const stored of pending) {
    const move = clamped(stored, now);
    const current = pins.get(move.policy);
    if (current === void 0) {
      out.dropped.push({ move, why: "policy-gone" });
      continue;
    }
    const lm = seen.last.get(move.policy) ?? null;
    if (lm && lm.id === move.id && lm.by === writer) {
      out.confirmed.push(move);
      confirmedPolicies.add(move.policy);
    } else if (lm && sightedAt(seen, lm) > Date.parse(move.at) || !same(current, move.from)) {
      out.dropped.push({ move, why: "superseded" });
    } else if (now - Date.parse(move.at) > PENDING_EXPIRY_SECONDS * 1e3 || Number.isNaN(Date.parse(move.at))) {
      out.dropped.push({ move, why: "expired" });
    } else {
      out.pending.push(move);
    }
  }
  if (confirmedPolicies.size > 0) {
    const keep2 = [];
    for (const m of out.pending) {
      if (confirmedPolicies.has(m.policy)) out.dropped.push({ move: m, why: "superseded" });
      else keep2.push(m);
    }
    out.pending = keep2;
  }
  return out;
}
var PER_REPLICA = /* @__PURE__ */ new Set(["probe-silent"]);
function perReplicaProblems(s) {
  if (s.action !== "move" || s.reason.code !== "move" || s.reason.cause.code !== "gateway-unhealthy") return null;
  const problems = s.reason.cause.problems;
  return problems.length > 0 && problems.every((p) => PER_REPLICA.has(p.code)) ? [...problems] : null;
}
function deferMoves(decisions, seen, writer, now) {
  let until = null;
  const out = decisions.map((d) => {
    if (d.action !== "move") return d;
    const head = seen.last.get(d.policy);
    if (head === void 0 || head.by === writer) return d;
    const since = sightedAt(seen, head);
    const ends = since + DEFER_SECONDS * 1e3;
    const lm = now < ends && now >= since ? parseLastMove(head.text) : null;
    if (lm === null) return d;
    let changed = false;
    const slots = d.slots.map((s, i) => {
      const problems = perReplicaProblems(s);
      if (problems === null || s.from === null || lm.to[i] !== s.from) return s;
      changed = true;
      const r = reason("gateway-deferred", {
        gateway: s.from,
        problems,
        by: lm.by,
        forSeconds: Math.floor((now - since) / 1e3),
        deferSeconds: DEFER_SECONDS
      });
      return { slot: s.slot, action: "keep", from: s.from, to: s.from, egressIP: null, reason: r };
    });
    if (!changed) return d;
    until = until === null ? ends : Math.min(until, ends);
    return { ...d, slots, ...summarize(slots) };
  });
  return { decisions: out, until };
}
var same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
function inFlight(pending, policy, from, to, now) {
  return pending.some(
    (m) => m.policy === policy && !due(m.at, now, PENDING_HOLD_SECONDS) && same(m.from, from) && same(m.to, to)
  );
}
function moveSummary(d) {
  const r = d.slots.find((s) => s.action === "move")?.reason;
  return r?.code === "move" ? { reason: r.cause.code, tier: r.tier } : { reason: d.reason.code, tier: "settled" };
}

// src/patch/events.ts
var EVENT_COMPONENT = "cilium-egress-ha";
var EVENT_NAMESPACE = "default";
function truncate(message) {
  return Buffer.byteLength(message) <= 1024 ? message : `${Buffer.from(message).subarray(0, 1020).toString()}\u2026`;
}
function eventName(object, now, reason2, n) {
  const suffix = `.${reason2.toLowerCase()}.${now.getTime().toString(16)}${n > 0 ? `.${n}` : ""}`;
  const head = object.slice(0, 253 - suffix.length).replace(/[-.]+$/, "");
  return `${head}${suffix}`;
}
var onPolicy = (name, uids) => {
  const o = { apiVersion: "cilium.io/v2", kind: "CiliumEgressGatewayPolicy", name };
  const uid = uids.get(name);
  if (uid) o.uid = uid;
  return o;
};
function ranked(counts) {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
function stuckSummaries(stuck, hostToNode) {
  const byPool = /* @__PURE__ */ new Map();
  for (const d of stuck) {
    const list2 = byPool.get(d.pool ?? "");
    if (list2) list2.push(d);
    else byPool.set(d.pool ?? "", [d]);
  }
  const out = [];
  for (const [pool, ds] of [...byPool].sort(([a], [b]) => a < b ? -1 : 1)) {
    const pins = /* @__PURE__ */ new Map();
    const codes = /* @__PURE__ */ new Map();
    for (const d of ds) {
      codes.set(d.reason.code, (codes.get(d.reason.code) ?? 0) + 1);
      for (const s of d.slots) if (s.from !== null) pins.set(s.from, (pins.get(s.from) ?? 0) + 1);
    }
    const on = ranked(pins);
    const source = on[0]?.[0] ?? "";
    const list2 = (xs) => xs.map(([k, v]) => `${k} (${v})`).join(", ");
    out.push({
      involved: { apiVersion: "v1", kind: "Node", name: hostToNode.get(source) ?? source },
      reason: "NoEligibleGateways",
      type: "Warning",
      message: `${ds.length} policies of pool ${pool} have no eligible gateway: on ${list2(on)}; why: ${list2(ranked(codes))}; one summary instead of an Event per policy`
    });
  }
  return out;
}
function summaries(confirmed, hostToNode) {
  const byPool = /* @__PURE__ */ new Map();
  for (const m of confirmed) {
    const list2 = byPool.get(m.pool);
    if (list2) list2.push(m);
    else byPool.set(m.pool, [m]);
  }
  const out = [];
  for (const [pool, moves] of [...byPool].sort(([a], [b]) => a < b ? -1 : 1)) {
    const count = (pins) => {
      const c = /* @__PURE__ */ new Map();
      for (const m of moves) for (const p of pins(m)) if (p !== null) c.set(p, (c.get(p) ?? 0) + 1);
      return ranked(c);
    };
    const from = count((m) => m.from.filter((p, i) => p !== m.to[i]));
    const to = count((m) => m.to.filter((p, i) => p !== m.from[i]));
    const source = from[0]?.[0] ?? "";
    const slots = moves.reduce((n, m) => n + m.slots, 0);
    const list2 = (xs) => xs.map(([k, v]) => `${k} (${v})`).join(", ");
    out.push({
      involved: { apiVersion: "v1", kind: "Node", name: hostToNode.get(source) ?? source },
      reason: "GatewaysMoved",
      type: "Normal",
      message: `${moves.length} policies of pool ${pool} (${slots} gateways) moved: from ${list2(from)} to ${list2(to)}; one summary instead of an Event per policy`
    });
  }
  return out;
}
function toEventOperations(confirmed, decisions, uids, previouslyStuck, now, limit = Number.POSITIVE_INFINITY, hostToNode = /* @__PURE__ */ new Map()) {
  const items = confirmed.length > limit ? summaries(confirmed, hostToNode) : confirmed.map((m) => ({
    involved: onPolicy(m.policy, uids),
    reason: "GatewayMoved",
    type: "Normal",
    message: moveMessage(m)
  }));
  const stuck = decisions.filter((d) => d.action === "stuck" && !Object.hasOwn(previouslyStuck, d.policy));
  if (stuck.length > limit) items.push(...stuckSummaries(stuck, hostToNode));
  else
    for (const d of stuck)
      items.push({
        involved: onPolicy(d.policy, uids),
        reason: "NoEligibleGateway",
        type: "Warning",
        message: renderReason(d.reason)
      });
  const time = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  return items.map(({ involved, reason: reason2, type, message }, n) => ({
    operation: "Create",
    object: {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: eventName(String(involved.name), now, reason2, n), namespace: EVENT_NAMESPACE },
      involvedObject: involved,
      reason: reason2,
      type,
      message: truncate(message),
      source: { component: EVENT_COMPONENT },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1
    }
  }));
}

// src/patch/operations.ts
function pointerToken(token) {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
function slotPatch(d) {
  const { slot } = d;
  const selector = `${slot.path}/nodeSelector`;
  const tests = [{ op: "test", path: selector, value: slot.nodeSelector }];
  const changes = [{ op: "replace", path: selector, value: d.pin }];
  if (d.egressIP !== null) {
    tests.push({ op: "test", path: `${slot.path}/egressIP`, value: d.egressIP.from });
    changes.push({ op: "replace", path: `${slot.path}/egressIP`, value: d.egressIP.to });
  }
  return { tests, changes };
}
function toOperations(writes) {
  const ops = [];
  for (const { decision, lastMove, hasAnnotations } of writes) {
    if (decision.action !== "move") continue;
    const tests = [];
    const changes = [];
    const owned = new Set(decision.poolTerms);
    for (const slot of decision.slots) {
      if (slot.action !== "move") {
        for (const t of termStrings(slot.slot.poolTerms)) owned.add(t);
        continue;
      }
      const p = slotPatch(slot);
      tests.push(...p.tests);
      changes.push(...p.changes);
    }
    const annotations = {
      [ANNOTATION_POOL_TERMS]: JSON.stringify([...owned].sort()),
      [ANNOTATION_LAST_MOVE]: JSON.stringify(lastMove)
    };
    if (!hasAnnotations) {
      tests.push({ op: "test", path: "/metadata/annotations", value: null });
      changes.push({ op: "add", path: "/metadata/annotations", value: annotations });
    } else {
      for (const [key, value] of Object.entries(annotations))
        changes.push({ op: "add", path: `/metadata/annotations/${pointerToken(key)}`, value });
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

// src/hook/tick.ts
var CARRIED_ON_TICKS = /^(size:|stuck:|stuck-pool:|invalid:|shared:|file:policy index$)/;
var DEFERRABLE = /* @__PURE__ */ new Set(["metrics-due", "stuck-repeat", "prober-changed"]);
function healthDigest(a, dryRun) {
  const signals = a.signals.map((s) => [s.signal, s.state]);
  return strongHash(JSON.stringify([a.inputs, signals, dryRun]));
}
function deferralEnded(until, now) {
  const t = Date.parse(until);
  return Number.isNaN(t) || now.getTime() >= t || t - now.getTime() > DEFER_SECONDS * 1e3;
}
function tickNeed(state, digest, now, metricsExpected) {
  if (state.decided === null) return "first-decision";
  if (state.decided !== digest) return "nodes-changed";
  if (state.pending.length > 0) return "moves-pending";
  if (state.deferUntil !== null && deferralEnded(state.deferUntil, now)) return "deferral-ends";
  if (metricsExpected && metricsDue(state.metricsWritten, now)) return "metrics-due";
  for (const [key, notice] of Object.entries(state.notices))
    if ((key.startsWith("stuck:") || key.startsWith("stuck-pool:")) && repeatDue(notice, now)) return "stuck-repeat";
  return null;
}

// src/hook/pipeline.ts
var DEFAULT_WRITER = "cilium-egress-ha";
var POLICY_METRICS_AUTO_LIMIT = 1e3;
var NOTHING_SETTLED = { confirmed: [], dropped: [], pending: [] };
function evaluate(doc, settings, now, options = {}) {
  const { poolsFromContext = false, strict = false, writer = DEFAULT_WRITER } = options;
  const state = options.state ?? EMPTY_STATE;
  const parsed = options.parsed ?? parseContext(doc, settings, { poolsFromContext, strict });
  if (parsed.snapshot === null) {
    return {
      contexts: parsed.contexts,
      problems: parsed.problems,
      plan: null,
      operations: [],
      metrics: [],
      state,
      written: [],
      held: [],
      settled: NOTHING_SETTLED
    };
  }
  let snapshot = parsed.snapshot;
  if (!parsed.policiesKnown) {
    if (options.policies === void 0)
      throw new ContractError(
        "the binding context carries no policies snapshot (a resync tick); decide it with the policies of the hook's policy index"
      );
    snapshot = { ...snapshot, policies: [...options.policies] };
  }
  const pools = poolsFromContext ? [...snapshot.pools.keys()] : settings.pools.map((p) => p.name);
  const assessed = poolsFromContext ? { ...settings, pools: [] } : settings;
  const assessment = options.assessment ?? assessRun(snapshot, assessed, pools, now, state, options);
  const ms = now.getTime();
  const seen = sightMoves(snapshot.policies, state.sightings, now);
  const decided = decideFrom(assessment, snapshot.policies);
  const deferred = deferMoves(decided.decisions, seen, writer, ms);
  const plan = { ...decided, decisions: deferred.decisions };
  const pins = new Map(plan.decisions.map((d) => [d.policy, d.gateways]));
  const settled = settleMoves(state.pending, pins, seen, writer, ms);
  const failovers = Object.assign(/* @__PURE__ */ Object.create(null), state.failovers);
  for (const m of settled.confirmed)
    failovers[m.pool] = (Object.hasOwn(failovers, m.pool) ? failovers[m.pool] : 0) + m.slots;
  const byName5 = new Map(snapshot.policies.map((p) => [p.name, p]));
  const stuck = /* @__PURE__ */ Object.create(null);
  const writes = [];
  const written = [];
  const held = [];
  const at = now.toISOString();
  const stamp = ms.toString(36);
  for (const d of plan.decisions) {
    if (d.slots.some((s) => s.action === "stuck")) {
      stuck[d.policy] = Object.hasOwn(state.stuck, d.policy) ? state.stuck[d.policy] : at;
    }
    if (d.action !== "move" || d.pool === null || settings.dryRun) continue;
    const from = d.slots.map((s) => s.from);
    const to = d.slots.map((s) => s.to ?? s.from);
    if (inFlight(settled.pending, d.policy, from, to, ms)) {
      held.push(d.policy);
      continue;
    }
    const id = `${stamp}-${written.length}`;
    const problems = moveProblems(d);
    const lastMove = { id, by: writer, at, ...moveSummary(d), from, to };
    const object = byName5.get(d.policy);
    writes.push({ decision: d, lastMove, hasAnnotations: object?.hasAnnotations ?? object?.pool != null });
    written.push({
      id,
      policy: d.policy,
      pool: d.pool,
      at,
      slots: d.slots.filter((s) => s.action === "move").length,
      from,
      to,
      code: moveSummary(d).reason,
      ...problems.length > 0 ? { problems } : {}
    });
  }
  const uids = new Map(snapshot.policies.map((p) => [p.name, p.uid ?? null]));
  const hostToNode = /* @__PURE__ */ new Map();
  for (const pool of plan.pools)
    for (const n of pool.nodes) if (n.hostname !== null) hostToNode.set(n.hostname, n.name);
  const events = settings.events ? toEventOperations(settled.confirmed, plan.decisions, uids, state.stuck, now, settings.eventLimit, hostToNode) : [];
  const managed = plan.decisions.filter((d) => d.pool !== null).length;
  const perPolicy = settings.policyMetrics ?? managed <= POLICY_METRICS_AUTO_LIMIT;
  return {
    contexts: parsed.contexts,
    problems: parsed.problems,
    plan,
    operations: [...toOperations(writes), ...events],
    metrics: [
      ...toMetrics(plan, failovers, !settings.dryRun, perPolicy),
      ...options.stateBytes !== void 0 ? [stateMetric(options.stateBytes)] : []
    ],
    state: {
      engine: plan.memory,
      stuck,
      failovers,
      pending: [...settled.pending, ...written],
      metricsWritten: state.metricsWritten,
      notices: state.notices,
      decided: healthDigest(plan, settings.dryRun),
      index: state.index,
      sightings: seen.sightings,
      deferUntil: deferred.until === null ? null : new Date(deferred.until).toISOString()
    },
    written,
    held,
    settled
  };
}

// src/hook/tick-check.ts
function checkTick(settings, now, options, metricsExpected) {
  const state = options.state ?? EMPTY_STATE;
  const parsed = options.parsed;
  const snapshot = parsed.snapshot;
  if (snapshot === null) throw new ContractError("a resync tick without snapshots");
  const pools = settings.pools.map((p) => p.name);
  const a = assessRun(snapshot, settings, pools, now, state, options);
  const digest = healthDigest(a, settings.dryRun);
  const plan = planOf(a, [], a.memory.remembered);
  return {
    need: tickNeed(state, digest, now, metricsExpected),
    assessment: a,
    quiet: {
      contexts: parsed.contexts,
      problems: parsed.problems,
      plan,
      operations: [],
      metrics: [],
      state: { ...state, engine: plan.memory },
      written: [],
      held: [],
      settled: NOTHING_SETTLED,
      tick: "quiet"
    }
  };
}

// src/hook/decide-run.ts
function optionsOf(g) {
  return {
    strict: true,
    state: g.loaded.state,
    memory: g.loaded.memory,
    stateCap: g.stateCap,
    stateBytes: g.loaded.text === null ? 0 : Buffer.byteLength(g.loaded.text),
    parsed: g.parsed,
    ...g.probed ? { probed: g.probed } : {},
    ...g.writer ? { writer: g.writer } : {}
  };
}
function assessTick(g) {
  if (g.parsed.snapshot === null || g.parsed.policiesKnown) return null;
  const tick = checkTick(g.settings, g.now, { ...optionsOf(g), parsed: g.parsed }, g.metricsPath !== null);
  if (tick.need === null && g.prober && !g.prober.use.use !== Object.hasOwn(g.loaded.state.notices, "prober"))
    return { ...tick, need: "prober-changed" };
  return tick;
}
function decideRun(g, tick, index) {
  const decided = decideEvaluation(g, tick, index);
  if (!g.prober) return decided;
  const metrics = [...decided.evaluation.metrics, proberMetric(g.prober.use)];
  return { ...decided, evaluation: { ...decided.evaluation, metrics } };
}
function decideEvaluation(g, tick, index) {
  const options = optionsOf(g);
  if (tick === null) return { evaluation: evaluate(g.doc, g.settings, g.now, options), problems: [] };
  if (tick.need === null) return { evaluation: tick.quiet, problems: [] };
  if (Array.isArray(index))
    return {
      evaluation: evaluate(g.doc, g.settings, g.now, { ...options, policies: index, assessment: tick.assessment }),
      problems: []
    };
  if (DEFERRABLE.has(tick.need)) return { evaluation: tick.quiet, problems: [] };
  const why = index ?? { code: "ENOENT", message: "the policy index was not read" };
  return {
    // Forget the index, so that the next full run writes it again even if the policies did not change.
    evaluation: { ...tick.quiet, tick: "blind", state: { ...tick.quiet.state, index: null } },
    // One condition whatever the cause (the message says which), so it is not logged anew as it changes.
    problems: [
      fileCondition(
        "policy index",
        "UNUSABLE",
        `resync tick (${tick.need}) cannot decide the policies: ${why.message} (${why.code}); the next full run (an object event, or the refresh within a minute) will`
      )
    ]
  };
}

// src/hook/gather.ts
var codeOf = (err) => String(err.code ?? "EIO");
function requireEnv(env, name) {
  const value = env[name];
  if (value === void 0 || value === "") {
    throw new ContractError(`${name} is not set; shell-operator sets it for every hook run`, "env-missing");
  }
  return value;
}
async function readContext(io, path) {
  let text;
  try {
    text = await io.readFile(path);
  } catch (err) {
    throw new ContractError(
      `cannot read BINDING_CONTEXT_PATH ${path}: ${err.message}`,
      "context-unreadable"
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ContractError(
      `BINDING_CONTEXT_PATH ${path} is not valid JSON: ${err.message}`,
      "context-invalid-json"
    );
  }
}
async function probe(io, settings, parsed, log) {
  if (!settings.probe || !io.probe || !isTick(parsed)) return void 0;
  const targets = probeTargets(parsed);
  if (targets.length === 0) return void 0;
  const p = settings.probe;
  const outcomes = await io.probe(targets, {
    ports: p.ports,
    timeoutMs: p.timeoutMs,
    attempts: p.failures,
    mode: p.mode
  });
  if (log.enabled("debug"))
    log.debug("probe", { outcomes: outcomes.map((o) => ({ node: o.node, answer: o.answer, rttMs: o.rttMs })) });
  return outcomes.map((o) => ({
    node: o.node,
    answer: o.answer,
    silent: o.silent,
    silentSince: o.silentSince === null ? null : new Date(o.silentSince).toISOString()
  }));
}
async function loadState(io, path) {
  const problems = [];
  const lost = "running without memory, so the Lease and agent signals are unavailable";
  let memory = "kept";
  let text = null;
  try {
    text = await io.readState(path);
  } catch (err) {
    const code = codeOf(err);
    memory = "lost";
    const msg = `${err.message}; ${code === "TOO_LARGE" ? `discarded, so ${lost.replace("running ", "")}` : lost}`;
    problems.push(fileCondition(ENV.stateFile, code, msg));
  }
  const unsaved = io.stateUnsaved?.() ?? null;
  if (unsaved && !problems.some((p) => p.fingerprint === unsaved.code)) {
    if (unsaved.code !== "LOCKED") memory = "lost";
    const consequence = unsaved.code === "LOCKED" ? "this run's updates are not saved" : lost;
    problems.push(fileCondition(ENV.stateFile, unsaved.code, `${unsaved.message}; ${consequence}`));
  }
  if (io.lastSaveFailed?.()) {
    memory = "lost";
    const msg = `${ENV.stateFile} ${path}: an earlier run could not save its state; ${lost} until a save succeeds`;
    problems.push(fileCondition(ENV.stateFile, "UNSAVED", msg));
  }
  let state = EMPTY_STATE;
  let version = STATE_VERSION;
  if (text !== null) {
    try {
      ({ state, version } = readStateText(text));
    } catch (err) {
      memory = "lost";
      const msg = `${ENV.stateFile} ${path}: ${err.message}; discarded, so ${lost.replace("running ", "")}`;
      problems.push(fileCondition(ENV.stateFile, "INVALID", msg));
    }
  }
  return { state, text, memory, writable: unsaved === null, problems: problems.slice(0, 1), version };
}
async function readProberFile(io, path) {
  if (!io.readProberFile) return null;
  try {
    return await io.readProberFile(path);
  } catch (err) {
    return { error: `${err.message} (${codeOf(err)})` };
  }
}
async function readProber(io, settings, doc, writer) {
  if (!settings.prober) return null;
  const dir = settings.prober.dir;
  const beat = await readProberFile(io, `${dir}/${HEARTBEAT_FILE}`);
  const heartbeat = beat === null || typeof beat === "object" ? beat : parseHeartbeat(beat) ?? { error: "not a heartbeat" };
  const targets = await readProberFile(io, `${dir}/${TARGETS_FILE}`);
  const gate = await readProberFile(io, `${dir}/${TICK_GATE_FILE}`);
  const use = proberUse(settings, heartbeat, readEvidence(doc, writer), writer, io.now());
  return {
    use,
    leases: heartbeat !== null && "leases" in heartbeat ? heartbeat.leases : null,
    targets: typeof targets === "string" ? targets : null,
    gate: typeof gate === "string" ? gate : null
  };
}
async function gather(io, settings, log) {
  const contextPath = requireEnv(io.env, "BINDING_CONTEXT_PATH");
  const patchPath = requireEnv(io.env, "KUBERNETES_PATCH_PATH");
  const doc = await readContext(io, contextPath);
  const parsed = parseContext(doc, settings, { strict: true });
  const writer = io.env.HOSTNAME?.trim() || void 0;
  const prober = await readProber(io, settings, doc, writer);
  const evidence = prober?.use.use ? prober.use.evidence : void 0;
  const probed = evidence !== void 0 && settings.probe ? observationsOf2(
    evidence,
    probeTargets(parsed).map((t) => t.node),
    settings.probe.failures
  ) : await probe(io, settings, parsed, log);
  const now = io.now();
  const loaded = await loadState(io, settings.stateFile);
  if (evidence) loaded.state = withLastSightings(loaded.state, evidence, now);
  const metricsPath = io.env.METRICS_PATH;
  return {
    settings,
    patchPath,
    metricsPath: metricsPath === void 0 || metricsPath === "" ? null : metricsPath,
    doc,
    parsed,
    probed,
    now,
    loaded,
    writer,
    prober,
    stateCap: io.stateCapBytes ?? MAX_STATE_BYTES
  };
}
async function readPolicyIndex(io, stateFile, expected) {
  const path = indexPath(stateFile);
  if (!io.readIndex) return { code: "UNSUPPORTED", message: "this hook process keeps no policy index" };
  if (expected === null) return { code: "ENOENT", message: `no usable policy index was written (${path})` };
  let text;
  try {
    text = await io.readIndex(path);
  } catch (err) {
    return { code: codeOf(err), message: `cannot read ${path}: ${err.message}` };
  }
  if (text === null) return { code: "ENOENT", message: `${path} is missing` };
  if (strongHash(text) !== expected)
    return {
      code: "STALE",
      message: `${path} is not the index the state recorded (another writer, or a failed write)`
    };
  try {
    return parseIndex(text);
  } catch (err) {
    return { code: "INVALID", message: `${path}: ${err.message}` };
  }
}

// src/hook/log-lines.ts
function stuckPool(pool, stuck) {
  const codes = /* @__PURE__ */ new Map();
  for (const d of stuck) codes.set(d.reason.code, (codes.get(d.reason.code) ?? 0) + 1);
  const first = stuck[0];
  return {
    key: `stuck-pool:${pool}`,
    level: "error",
    fingerprint: textHash(stuck.map((d) => `${d.policy}\0${fingerprint(d.reason)}`).join("")),
    msg: `${stuck.length} policies of pool ${pool} are stuck (${[...codes].map(([c, n]) => `${c}: ${n}`).join(", ")}); the first, ${first.policy}: ${renderReason(first.reason)}`,
    fields: { pool, action: "stuck", policies: stuck.length, code: first.reason.code }
  };
}
function conditionsOf(e, limit, dryRun) {
  const out = [];
  const plan = e.plan;
  if (plan === null) return out;
  const size = e.tick ? null : sizeCondition(plan.decisions.length);
  if (size) out.push(size);
  for (const n of plan.notices) out.push(noticeCondition(n, renderReason));
  for (const s of plan.signals) {
    if (s.state === "suspended" || s.state === "unavailable")
      out.push({
        key: `signal:${s.signal}`,
        level: "error",
        fingerprint: s.state,
        msg: `${s.signal} signal ${s.state}: ${s.detail}`,
        fields: { signal: s.signal, state: s.state }
      });
  }
  const isStuck = (d) => d.action === "stuck" || d.slots.some((s) => s.action === "stuck");
  const stuckByPool = /* @__PURE__ */ new Map();
  for (const d of plan.decisions) {
    if (!isStuck(d)) continue;
    const list2 = stuckByPool.get(d.pool ?? "");
    if (list2) list2.push(d);
    else stuckByPool.set(d.pool ?? "", [d]);
  }
  const pooled = /* @__PURE__ */ new Set();
  for (const [pool, stuck] of stuckByPool)
    if (stuck.length > limit) {
      pooled.add(pool);
      out.push(stuckPool(pool, stuck));
    }
  for (const d of plan.decisions) {
    const shared = sharedGateways(d, !dryRun);
    if (shared.length > 0)
      out.push({
        key: `shared:${d.policy}`,
        level: "warn",
        fingerprint: JSON.stringify(shared),
        msg: `policy ${d.policy}: ${shared.map((g) => `slots ${g.slots.join(", ")} share gateway ${g.gateway}`).join("; ")}; no failback spreads them again: re-pin one by hand`,
        fields: { policy: d.policy, pool: d.pool, shared }
      });
    if (isStuck(d) && pooled.has(d.pool ?? "")) continue;
    if (isStuck(d))
      out.push({
        key: `stuck:${d.policy}`,
        level: "error",
        fingerprint: fingerprint(d.reason),
        msg: `policy ${d.policy}: ${renderReason(d.reason)}`,
        fields: { policy: d.policy, pool: d.pool, action: "stuck", code: d.reason.code }
      });
    else if (d.action === "invalid")
      out.push({
        key: `invalid:${d.policy}`,
        level: "warn",
        fingerprint: fingerprint(d.reason),
        msg: `policy ${d.policy}: ${renderReason(d.reason)}`,
        fields: { policy: d.policy, action: "invalid", code: d.reason.code, ...d.field ? { field: d.field } : {} }
      });
  }
  return out;
}
function startupConditions(g, env) {
  const seen = /* @__PURE__ */ new Map();
  return settingsWarnings(env, g.settings).map((w) => {
    const variable = /^[A-Z][A-Z0-9_]*/.exec(w)?.[0] ?? "settings";
    const n = seen.get(variable) ?? 0;
    seen.set(variable, n + 1);
    return { key: `settings:${variable}:${n}`, level: "warn", fingerprint: w, msg: w };
  });
}
function emptyRunLines(g) {
  return [
    { level: "debug", msg: "empty binding context, nothing to decide" },
    ...g.loaded.problems.map((p) => conditionLine(p))
  ];
}
function skippedLines(e) {
  return e.problems.map((p) => ({
    level: "warn",
    msg: `skipped ${p.where}: ${p.message}`,
    fields: { code: "skipped", where: p.where }
  }));
}
function conditionLine(c) {
  return { level: c.level, msg: c.msg, fields: { ...c.fields, condition: c.key } };
}
function debugLines(e) {
  const out = [];
  if (e.plan === null) return out;
  for (const pool of e.plan.pools) {
    const unfit = pool.nodes.filter((n) => n.state !== "settled");
    if (unfit.length > 0)
      out.push({
        level: "debug",
        msg: `pool ${pool.pool}: ${unfit.length} of ${pool.nodes.length} nodes are not settled`,
        fields: {
          pool: pool.pool,
          nodes: unfit.map((n) => ({
            node: n.name,
            state: n.state,
            why: n.healthy ? n.waiting ? renderReason(n.waiting) : "healthy" : n.problems.map((p) => renderReason(p.reason)).join(", ")
          }))
        }
      });
  }
  for (const d of e.plan.decisions)
    if (d.action !== "move")
      out.push({
        level: "debug",
        msg: `policy ${d.policy}: ${renderReason(d.reason)}`,
        fields: { policy: d.policy, action: d.action, code: d.reason.code }
      });
  for (const m of e.written)
    out.push({
      level: "debug",
      msg: `policy ${m.policy}: patch written (move ${m.id}), awaiting confirmation`,
      fields: { policy: m.policy, move: m.id }
    });
  for (const p of e.held)
    out.push({
      level: "debug",
      msg: `policy ${p}: an identical move is in flight; not written again`,
      fields: { policy: p }
    });
  return out;
}
function moveLines(e, dryRun) {
  const out = [];
  if (dryRun && e.plan) {
    for (const d of e.plan.decisions)
      if (d.action === "move")
        out.push({
          level: "info",
          msg: `policy ${d.policy}: would move (dry run): ${renderReason(d.reason)}`,
          fields: { policy: d.policy, pool: d.pool, action: "move", code: d.reason.code, dryRun: true }
        });
  }
  for (const m of e.settled.confirmed)
    out.push({
      level: "info",
      msg: `policy ${m.policy}: ${moveMessage(m)}`,
      fields: { policy: m.policy, pool: m.pool, action: "moved", move: m.id, code: m.code }
    });
  for (const { move, why } of e.settled.dropped)
    out.push({
      level: why === "expired" ? "warn" : "debug",
      msg: `policy ${move.policy}: move ${move.id} did not take effect (${why})`,
      fields: { policy: move.policy, move: move.id, code: `move-${why}` }
    });
  return out;
}
function summaryLine(e, dryRun) {
  if (e.tick)
    return {
      level: "debug",
      msg: e.tick === "quiet" ? "resync tick: nothing the decisions read changed since the last one; no policy decided" : "resync tick: the policies could not be decided"
    };
  const decisions = e.plan?.decisions ?? [];
  const counts = { keep: 0, move: 0, stuck: 0, ignore: 0, invalid: 0 };
  for (const d of decisions) counts[d.action] = (counts[d.action] ?? 0) + 1;
  const summary = Object.entries(counts).map(([action, n]) => `${n} ${action}`).join(", ");
  const wouldMove = counts.move ?? 0;
  const dry = dryRun && wouldMove > 0 ? ` (dry run: ${wouldMove} policy patches not written)` : "";
  const eventful = e.operations.length > 0 || e.settled.dropped.length > 0 || wouldMove > 0;
  return {
    level: eventful ? "info" : "debug",
    msg: `decided ${decisions.length} policies: ${summary}${dry}`,
    fields: { ...counts, dryRun }
  };
}
function runLines(g, e, files, env, debug) {
  const conditions = conditionsToLog(
    g.loaded.state.notices,
    [...conditionsOf(e, g.settings.eventLimit, g.settings.dryRun), ...files, ...startupConditions(g, env)],
    g.now,
    e.tick ? CARRIED_ON_TICKS : void 0
  );
  const lines = [
    ...conditions.log.map(conditionLine),
    ...conditions.cleared.map((key) => ({
      level: "info",
      msg: `condition cleared: ${key}`,
      fields: { condition: key }
    })),
    ...debug ? debugLines(e) : [],
    ...moveLines(e, g.settings.dryRun),
    summaryLine(e, g.settings.dryRun)
  ];
  return { lines, notices: conditions.next };
}

// src/hook/run-io.ts
var EXIT_OK = 0;
var EXIT_CONTRACT = 1;
var EXIT_USAGE = 2;

// src/hook/tick-gate.ts
function gateHeldBy(settings, prober, pools) {
  if (!prober.use.use) return "prober-degraded";
  if (settings.leaseSignal && prober.leases !== "watching") return "lease-watch";
  for (const p of pools) for (const n of p.nodes) if (n.waiting !== null) return n.waiting.code;
  return null;
}
function gateWrite(settings, prober, pools) {
  if (!settings.prober) return null;
  const text = `${gateHeldBy(settings, prober, pools) === null ? "skip" : "run"}
`;
  return text === prober.gate ? null : { path: `${settings.prober.dir}/${TICK_GATE_FILE}`, text };
}
function leaseWatchCondition(settings, prober) {
  if (!settings.leaseSignal || !prober.use.use || prober.leases === "watching") return null;
  return {
    key: "prober-leases",
    level: "warn",
    fingerprint: prober.leases ?? "unknown",
    msg: "the prober does not watch the node Leases: their staleness is read on the resync tick",
    fields: { code: `lease-watch-${prober.leases ?? "unknown"}` }
  };
}

// src/hook/writes.ts
function planIndex(g, can) {
  const snapshot = g.parsed.snapshot;
  if (!g.parsed.policiesKnown || snapshot === null || !g.loaded.writable || !can.keepsIndex)
    return { write: null, hash: void 0, problem: null };
  const text = serializeIndex(snapshot.policies);
  const bytes2 = Buffer.byteLength(text);
  if (bytes2 > MAX_INDEX_BYTES) {
    const msg = `policy index: ${bytes2} bytes, over the limit of ${MAX_INDEX_BYTES}; resync ticks cannot decide the policies, so failover waits for an object event`;
    return { write: null, hash: null, problem: fileCondition("policy index", "TOO_LARGE", msg) };
  }
  const hash = strongHash(text);
  if (hash === g.loaded.state.index) return { write: null, hash, problem: null };
  return { write: { path: indexPath(g.settings.stateFile), text, hash }, hash, problem: null };
}
function planWrites(g, e, indexProblems, can) {
  const { settings, now } = g;
  const before = g.loaded.state;
  const index = planIndex(g, can);
  const wroteOperations = e.operations.length > 0 && !settings.dryRun;
  const last = before.metricsWritten;
  const kept = last ? { ...last, force: last.force || wroteOperations } : null;
  let metrics = null;
  let metricsWritten = kept;
  if (g.metricsPath !== null && !e.tick) {
    const text = toNdjson(e.metrics);
    const compared = toNdjson(e.metrics.filter((m) => m.name !== STATE_BYTES_METRIC));
    if (metricsStale(last, compared, now)) {
      metrics = { path: g.metricsPath, text };
      metricsWritten = { hash: textHash(compared), at: now.toISOString(), force: wroteOperations };
    }
  }
  return {
    metrics,
    patch: wroteOperations ? { path: g.patchPath, text: toNdjson(e.operations) } : null,
    index: index.write,
    state: { ...e.state, metricsWritten, index: index.hash === void 0 ? e.state.index : index.hash },
    ifFailed: { metrics: kept, index: null },
    saveState: g.loaded.writable,
    conditions: [...g.loaded.problems, ...indexProblems, ...index.problem ? [index.problem] : []]
  };
}
function nextState(plan, failed, notices) {
  return {
    ...plan.state,
    notices,
    ...failed.metrics ? { metricsWritten: plan.ifFailed.metrics } : {},
    ...failed.index ? { index: plan.ifFailed.index } : {}
  };
}

// src/hook/run.ts
var emit = (log, lines) => {
  for (const l of lines) log[l.level](l.msg, l.fields);
};
async function writeMetrics(io, plan) {
  if (plan.metrics === null) return null;
  try {
    await io.writeFile(plan.metrics.path, plan.metrics.text);
    return null;
  } catch (err) {
    const msg = `cannot write METRICS_PATH ${plan.metrics.path}: ${err.message}; the patches are written all the same`;
    return fileCondition("METRICS_PATH", codeOf(err), msg);
  }
}
async function writeRest(io, g, plan, log, metricsFailed, notices) {
  if (plan.patch !== null) {
    try {
      await io.writeFile(plan.patch.path, plan.patch.text);
    } catch (err) {
      throw new ContractError(
        `cannot write KUBERNETES_PATCH_PATH ${plan.patch.path}: ${err.message}`,
        "output-unwritable"
      );
    }
  }
  let indexFailed = false;
  if (plan.index !== null && io.writeIndex) {
    try {
      await io.writeIndex(plan.index.path, plan.index.text);
    } catch (err) {
      indexFailed = true;
      log.error(
        `cannot write the policy index ${plan.index.path}: ${err.message}; resync ticks cannot decide the policies until it is written`,
        { file: "policy index", code: codeOf(err) }
      );
    }
  }
  if (!plan.saveState) return;
  const path = g.settings.stateFile;
  const fitted = fitState(nextState(plan, { metrics: metricsFailed, index: indexFailed }, notices), g.stateCap);
  const { shed } = fitted;
  if (shed.notices + shed.stuck + shed.pending > 0)
    log.warn(
      `${ENV.stateFile}: over its cap of ${g.stateCap} bytes; shed ${shed.notices} logged conditions, ${shed.stuck} stuck policies and ${shed.pending} pending moves (never confirmed), never the signals' memory`,
      { file: ENV.stateFile, code: "state-shed", ...shed }
    );
  if (fitted.text === g.loaded.text) return;
  const unsaved = async (code, why) => {
    log.error(`cannot write ${ENV.stateFile} ${path}: ${why}; the next run starts without this run's memory`, {
      file: ENV.stateFile,
      code
    });
    if (code !== "LOCKED" && code !== "CONFLICT") await io.markUnsaved?.(path);
  };
  if (!fitted.fits) return unsaved("TOO_LARGE", `the new state passes the cap of ${g.stateCap} bytes even so`);
  try {
    await io.writeState(path, fitted.text);
  } catch (err) {
    await unsaved(codeOf(err), err.message);
  }
}
async function run(io, settings, log) {
  const g = await gather(io, settings, log);
  if (g.loaded.text !== null && g.loaded.version !== STATE_VERSION)
    log.info(`${ENV.stateFile}: read in the layout of version ${g.loaded.version}, saved in that of ${STATE_VERSION}`, {
      version: g.loaded.version
    });
  const tick = assessTick(g);
  const index = tick?.need != null ? await readPolicyIndex(io, settings.stateFile, g.loaded.state.index) : null;
  const { evaluation: e, problems } = decideRun(g, tick, index);
  log.debug("binding context", { contexts: e.contexts });
  emit(log, skippedLines(e));
  if (e.plan === null) return emit(log, emptyRunLines(g));
  const plan = planWrites(g, e, problems, { keepsIndex: io.writeIndex !== void 0 });
  const metricsProblem = await writeMetrics(io, plan);
  const files = [
    ...plan.conditions,
    ...metricsProblem ? [metricsProblem] : [],
    ...g.prober && !g.prober.use.use ? [g.prober.use.condition] : [],
    ...g.prober ? [leaseWatchCondition(g.settings, g.prober)].filter((c) => c !== null) : []
  ];
  const { lines, notices } = runLines(g, e, files, io.env, log.enabled("debug"));
  emit(log, lines);
  await writeRest(io, g, plan, log, metricsProblem !== null, notices);
  await writeProberFiles(io, g, e.plan.pools, log);
}
async function writeProberFiles(io, g, pools, log) {
  if (!g.prober || !io.writeProberFile) return;
  const writes = [
    { what: "prober targets", write: targetsWrite(g.settings, g.parsed, g.prober.targets) },
    { what: "tick gate", write: gateWrite(g.settings, g.prober, pools) }
  ];
  for (const { what, write: write2 } of writes) {
    if (write2 === null) continue;
    try {
      await io.writeProberFile(write2.path, write2.text);
    } catch (err) {
      log.error(`cannot write the ${what} ${write2.path}: ${err.message}`, {
        file: what,
        code: codeOf(err)
      });
    }
  }
}
async function runHook(io, preread) {
  let settings;
  try {
    settings = preread ?? readSettings(io.env);
  } catch (err) {
    if (err instanceof SettingsError) {
      io.stderr(`${JSON.stringify({ level: "error", msg: `invalid settings: ${err.message}`, code: "settings" })}
`);
      return EXIT_USAGE;
    }
    throw err;
  }
  const log = createLogger(io.stderr, settings.logLevel);
  try {
    await run(io, settings, log);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ContractError) {
      log.error(err.message, { code: err.code });
      return EXIT_CONTRACT;
    }
    throw err;
  }
}

// src/io/files.ts
var fs = __toESM(require("node:fs"), 1);
var C = fs.constants;
var FileError = class extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
  code;
  name = "FileError";
};
function call(fn) {
  return new Promise((resolve, reject) => fn((err, value) => err ? reject(err) : resolve(value)));
}
var euid = () => process.geteuid?.() ?? -1;
function kind(st) {
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isDirectory()) return "a directory";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}
function describe2(err, what) {
  if (err instanceof FileError) return err;
  const e = err;
  const subject = what || "it";
  if (e.code === "ELOOP") return new FileError(`${subject} is a symbolic link; refusing to follow it`, "SYMLINK");
  if (e.code === "ENXIO") return new FileError(`${subject} is not a regular file (a FIFO or socket)`, "NOT_REGULAR");
  const reason2 = String(e.message ?? e.code).split(", ")[0] ?? "";
  return new FileError(what ? `${what}: ${reason2}` : reason2, e.code ?? "EIO");
}
async function readRegular(path, what, opts = {}) {
  return (await readWithStat(path, what, opts)).data;
}
var seenOf = (st) => ({ ino: st.ino, dev: st.dev, size: st.size, mtimeMs: st.mtimeMs });
function readWithStat(path, what, opts = {}) {
  const flags = C.O_RDONLY | C.O_NONBLOCK | (opts.noFollow ? C.O_NOFOLLOW : 0);
  const subject = what || "it";
  return new Promise((resolve, reject) => {
    fs.open(path, flags, (err, fd) => {
      if (err) return reject(describe2(err, what));
      const fail = (e) => fs.close(fd, () => reject(describe2(e, what)));
      fs.fstat(fd, (err2, st) => {
        if (err2) return fail(err2);
        if (!st.isFile()) return fail(new FileError(`${subject} is not a regular file (${kind(st)})`, "NOT_REGULAR"));
        if (opts.owned && st.uid !== euid()) {
          return fail(
            new FileError(`${subject} is owned by uid ${st.uid}, not by the hook's uid ${euid()}`, "FOREIGN")
          );
        }
        const max = opts.maxBytes ?? Number.MAX_SAFE_INTEGER;
        if (st.size > max) {
          return fail(new FileError(`${subject} is ${st.size} bytes, over the limit of ${max}`, "TOO_LARGE"));
        }
        const chunks = [];
        let total = 0;
        const next = () => {
          const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size - total + 1, 65536), 16 << 20, max - total + 1));
          fs.read(fd, buf, 0, buf.length, null, (err3, n) => {
            if (err3) return fail(err3);
            const done = () => fs.close(fd, () => resolve({ data: Buffer.concat(chunks, total), seen: seenOf(st) }));
            if (n === 0) return done();
            chunks.push(buf.subarray(0, n));
            total += n;
            if (total > max) return fail(new FileError(`${subject} grew over the limit of ${max} bytes`, "TOO_LARGE"));
            if (n < buf.length && total >= st.size) return done();
            next();
          });
        };
        next();
      });
    });
  });
}
function writeAll(fd, data, done) {
  let offset = 0;
  const step = () => {
    if (offset >= data.length) {
      done(null);
      return;
    }
    fs.write(fd, data, offset, data.length - offset, null, (err, n) => {
      if (err) return done(err);
      offset += n;
      step();
    });
  };
  step();
}
function writeOutput(path, data, what) {
  const bytes2 = Buffer.from(data);
  return new Promise((resolve, reject) => {
    fs.open(path, C.O_WRONLY | C.O_CREAT | C.O_NONBLOCK, 438, (err, fd) => {
      if (err) return reject(describe2(err, what));
      const fail = (e, truncate2) => {
        const close4 = () => fs.close(fd, () => reject(describe2(e, what)));
        if (truncate2) fs.ftruncate(fd, 0, close4);
        else close4();
      };
      fs.fstat(fd, (err2, st) => {
        if (err2) return fail(err2, false);
        if (!st.isFile() && !st.isCharacterDevice()) {
          return fail(new FileError(`${what || "it"} is not a regular file (${kind(st)})`, "NOT_REGULAR"), false);
        }
        const write2 = () => writeAll(fd, bytes2, (err3) => {
          if (err3) return fail(err3, st.isFile());
          fs.close(fd, (err4) => err4 ? reject(describe2(err4, what)) : resolve());
        });
        if (st.isFile()) fs.ftruncate(fd, 0, (e) => e ? fail(e, false) : write2());
        else write2();
      });
    });
  });
}
var unlinkQuietly = (path) => new Promise((resolve) => fs.unlink(path, () => resolve()));
async function readOwnFile(path, maxBytes) {
  try {
    return (await readRegular(path, path, { noFollow: true, owned: true, maxBytes })).toString("utf8");
  } catch (err) {
    if (err.code === "ENOENT") return null;
    throw err;
  }
}
var touchQuietly = (path) => new Promise(
  (resolve) => fs.open(
    path,
    C.O_WRONLY | C.O_CREAT | C.O_NOFOLLOW | C.O_NONBLOCK,
    384,
    (err, fd) => err ? resolve() : fs.close(fd, () => resolve())
  )
);
var existsQuietly = (path) => new Promise((resolve) => fs.lstat(path, (err) => resolve(!err)));

// src/io/lock.ts
var fs2 = __toESM(require("node:fs"), 1);
var import_node_os = require("node:os");
var C2 = fs2.constants;
function alive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code !== "ESRCH";
  }
}
var LOCK_WRITE_GRACE_MS = 5e3;
function inspectLock(path) {
  return new Promise((resolve) => {
    fs2.open(path, C2.O_RDONLY | C2.O_NOFOLLOW | C2.O_NONBLOCK, (err, fd) => {
      if (err) return resolve(err.code === "ENOENT" ? null : { stale: true, ino: -1, dev: -1 });
      fs2.fstat(fd, (err2, st) => {
        if (err2) return fs2.close(fd, () => resolve({ stale: true, ino: -1, dev: -1 }));
        const buf = Buffer.alloc(320);
        fs2.read(fd, buf, 0, buf.length, 0, (err3, n) => {
          fs2.close(fd, () => {
            const [pid, until, host] = buf.subarray(0, err3 ? 0 : n).toString().trim().split(" ");
            const odd = !st.isFile() || st.uid !== euid();
            const expires = Number(until);
            const stale = odd || (Number.isFinite(expires) ? expires < Date.now() || host === (0, import_node_os.hostname)() && !alive(Number(pid)) : Date.now() - st.mtimeMs > LOCK_WRITE_GRACE_MS);
            resolve({ stale, ino: st.ino, dev: st.dev });
          });
        });
      });
    });
  });
}
async function lockFile(path, holdMs, waitMs) {
  const lock = `${path}.lock`;
  const giveUp = Date.now() + waitMs;
  let breaks = 0;
  for (; ; ) {
    const expires = Date.now() + holdMs;
    try {
      const fd = await call(
        (done) => fs2.open(lock, C2.O_WRONLY | C2.O_CREAT | C2.O_EXCL | C2.O_NOFOLLOW, 384, done)
      );
      const st = await call((done) => fs2.fstat(fd, done));
      const content = Buffer.from(`${process.pid} ${expires} ${(0, import_node_os.hostname)()}
`);
      await call((done) => writeAll(fd, content, done)).finally(
        () => call((done) => fs2.close(fd, done)).catch(() => void 0)
      );
      let released = false;
      return {
        held: true,
        release: async () => {
          if (released) return;
          released = true;
          const now = await call((done) => fs2.lstat(lock, done)).catch(() => null);
          if (now && now.ino === st.ino && now.dev === st.dev) await unlinkQuietly(lock);
        }
      };
    } catch (err) {
      if (err.code !== "EEXIST") throw describe2(err, `lock ${lock}`);
    }
    const seen = await inspectLock(lock);
    if (seen === null) continue;
    if (seen.stale) {
      const now = await call((done) => fs2.lstat(lock, done)).catch(() => null);
      if (now && (seen.ino === -1 || now.ino === seen.ino && now.dev === seen.dev)) await unlinkQuietly(lock);
      if (++breaks <= 3) continue;
    }
    if (Date.now() >= giveUp) return { held: false, release: async () => void 0 };
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.floor(Math.random() * 20)));
  }
}

// src/io/private-dir.ts
var fs3 = __toESM(require("node:fs"), 1);
var import_node_path = require("node:path");
var C3 = fs3.constants;
function privacyProblem(st, dir) {
  if (st.isSymbolicLink()) return new FileError(`directory ${dir} is a symbolic link`, "SYMLINK");
  if (!st.isDirectory()) return new FileError(`${dir} is not a directory (${kind(st)})`, "NOT_PRIVATE");
  if (st.uid !== euid()) {
    return new FileError(`directory ${dir} is owned by uid ${st.uid}, not by the hook's uid ${euid()}`, "FOREIGN");
  }
  if ((st.mode & 18) !== 0) {
    return new FileError(
      `directory ${dir} is writable by other users (mode ${(st.mode & 4095).toString(8)}); give the state a directory of its own, for example ${dir}/cilium-egress-ha/state.json`,
      "NOT_PRIVATE"
    );
  }
  return null;
}
function ensurePrivateDir(dir) {
  return new Promise((resolve, reject) => {
    const check = (created) => fs3.lstat(dir, (err, st) => {
      if (err?.code === "ENOENT" && !created) {
        return fs3.mkdir(
          dir,
          { recursive: true, mode: 448 },
          (err2) => err2 ? reject(describe2(err2, `cannot create directory ${dir}`)) : check(true)
        );
      }
      if (err) return reject(describe2(err, `directory ${dir}`));
      const problem = privacyProblem(st, dir);
      if (problem) reject(problem);
      else resolve();
    });
    check(false);
  });
}
function checkStateLocation(path) {
  const dir = (0, import_node_path.dirname)(path);
  let st;
  try {
    st = fs3.lstatSync(dir);
  } catch (err) {
    if (err.code !== "ENOENT") return describe2(err, `directory ${dir}`).message;
    let up = dir;
    for (; ; ) {
      const parent = (0, import_node_path.dirname)(up);
      if (parent === up) return `cannot create directory ${dir}`;
      up = parent;
      try {
        if (!fs3.statSync(up).isDirectory()) return `cannot create directory ${dir}: ${up} is not a directory`;
      } catch (e) {
        if (e.code === "ENOENT") continue;
        return describe2(e, `cannot create directory ${dir}: ${up}`).message;
      }
      try {
        fs3.accessSync(up, C3.W_OK | C3.X_OK);
        return null;
      } catch (e) {
        return `cannot create directory ${dir}: ${up} is not writable (${e.code})`;
      }
    }
  }
  const problem = privacyProblem(st, dir);
  if (problem) return problem.message;
  try {
    fs3.accessSync(dir, C3.W_OK | C3.X_OK);
  } catch (err) {
    return `directory ${dir} is not writable (${err.code})`;
  }
  let file;
  try {
    file = fs3.lstatSync(path);
  } catch (err) {
    if (err.code === "ENOENT") return null;
    return describe2(err, path).message;
  }
  if (!file.isFile()) return `${path} is not a regular file (${kind(file)})`;
  if (file.uid !== euid()) return `${path} is owned by uid ${file.uid}, not by the hook's uid ${euid()}`;
  try {
    fs3.accessSync(path, C3.R_OK);
  } catch (err) {
    return `${path} is not readable (${err.code})`;
  }
  return null;
}

// src/io/replace.ts
var fs4 = __toESM(require("node:fs"), 1);
var C4 = fs4.constants;
async function replaceFile(path, data, what) {
  const tmp = `${path}.tmp`;
  const create = () => call((done) => fs4.open(tmp, C4.O_WRONLY | C4.O_CREAT | C4.O_EXCL | C4.O_NOFOLLOW, 384, done));
  let fd;
  try {
    fd = await create().catch(async (err) => {
      if (err.code !== "EEXIST") throw err;
      await unlinkQuietly(tmp);
      return create();
    });
  } catch (err) {
    throw describe2(err, what);
  }
  try {
    await call((done) => writeAll(fd, typeof data === "string" ? Buffer.from(data) : Buffer.from(data), done));
    await call((done) => fs4.close(fd, done));
    fd = -1;
    await call((done) => fs4.rename(tmp, path, done));
  } catch (err) {
    if (fd >= 0) await call((done) => fs4.close(fd, done)).catch(() => void 0);
    await unlinkQuietly(tmp);
    throw describe2(err, what);
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
var FULL_REFRESH_SECONDS = 60;
var PROBER_REFRESH_SECONDS = 300;
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
      },
      {
        // Every node, projected to its name, hostname label and whether it is reported down: a
        // heartbeat does not change the projection; a label change or a node going down (rare) does.
        name: INVENTORY_BINDING,
        apiVersion: "v1",
        kind: "Node",
        jqFilter: INVENTORY_JQ_FILTER,
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
  if (settings.prober) {
    kubernetes.push({
      name: EVIDENCE_BINDING,
      apiVersion: `${EVIDENCE_GROUP}/${EVIDENCE_VERSION}`,
      kind: EVIDENCE_KIND,
      namespace: { nameSelector: { matchNames: [settings.prober.namespace] } },
      labelSelector: { matchLabels: { [EVIDENCE_LABEL]: EVIDENCE_LABEL_VALUE } },
      jqFilter: EVIDENCE_JQ_FILTER,
      ...common
    });
  }
  if (settings.resyncIntervalSeconds > 0) {
    config.schedule = [
      {
        name: RESYNC_BINDING,
        crontab: `@every ${settings.resyncIntervalSeconds}s`,
        includeSnapshotsFrom: kubernetes.map((b) => b.name).filter((name) => name !== POLICY_BINDING),
        queue: settings.queue,
        allowFailure: true
      },
      {
        name: REFRESH_BINDING,
        crontab: `@every ${Math.max(settings.prober ? PROBER_REFRESH_SECONDS : FULL_REFRESH_SECONDS, settings.resyncIntervalSeconds)}s`,
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
    const problem = checkStateLocation(settings.stateFile);
    if (problem !== null) throw new SettingsError(`${ENV.stateFile}: ${problem}`);
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
function armDeadline(timeoutSeconds) {
  const ms = Math.max(0, timeoutSeconds * 1e3 - process.uptime() * 1e3);
  setTimeout(() => {
    writeFd(
      2,
      `${JSON.stringify({ level: "error", msg: `run exceeded EGRESS_HA_RUN_TIMEOUT (${timeoutSeconds}s); giving up so shell-operator retries` })}
`
    );
    if (process.getActiveResourcesInfo().some((r) => r.startsWith("FS"))) process.kill(process.pid, "SIGKILL");
    process.exit(EXIT_CONTRACT);
  }, ms).unref();
}
function stateIO(timeoutSeconds) {
  let lock = null;
  let dirOk = false;
  let unsaved = null;
  let saveFailed = false;
  let seen;
  const what = (path) => `${ENV.stateFile} ${path}`;
  return {
    readState: async (path) => {
      try {
        await ensurePrivateDir((0, import_node_path2.dirname)(path));
      } catch (err) {
        const problem = new FileError(`${what(path)}: ${err.message}`, err.code);
        unsaved = problem;
        throw problem;
      }
      dirOk = true;
      const holdMs = Math.max(1e3, timeoutSeconds * 1e3 - process.uptime() * 1e3 + 1e3);
      try {
        lock = await lockFile(path, holdMs, Math.min(2e3, holdMs / 2));
        if (!lock.held) {
          unsaved = {
            code: "LOCKED",
            message: `${what(path)} is locked by another hook process (${path}.lock); several processes must not share one state file`
          };
        }
      } catch (err) {
        unsaved = {
          code: err.code,
          message: `${what(path)}: cannot write in its directory: ${err.message}`
        };
      }
      saveFailed = await existsQuietly(unsavedMarker(path));
      try {
        const read3 = await readWithStat(path, what(path), { noFollow: true, owned: true, maxBytes: MAX_STATE_BYTES });
        seen = read3.seen;
        return read3.data.toString("utf8");
      } catch (err) {
        if (err.code !== "ENOENT") throw err;
        seen = null;
        return null;
      }
    },
    writeState: async (path, data) => {
      if (!dirOk || !lock?.held) throw new FileError("this run does not hold the state file's lock", "LOCKED");
      const size = Buffer.byteLength(data);
      if (size > MAX_STATE_BYTES) {
        throw new FileError(
          `the new state is ${size} bytes, over the limit of ${MAX_STATE_BYTES}; not saved`,
          "TOO_LARGE"
        );
      }
      if (seen !== void 0) {
        const now = await call(
          (done) => fs5.lstat(path, (err, st) => done(err?.code === "ENOENT" ? null : err, err ? null : st))
        );
        const same2 = now === null || seen === null ? now === seen : now.ino === seen.ino && now.dev === seen.dev && now.size === seen.size && now.mtimeMs === seen.mtimeMs;
        if (!same2) {
          throw new FileError(
            "it was changed by another process during this run; this run's update is dropped",
            "CONFLICT"
          );
        }
      }
      await replaceFile(path, data, "");
      if (saveFailed) await unlinkQuietly(unsavedMarker(path));
      await lock.release();
    },
    readIndex: async (path) => {
      if (!dirOk) throw new FileError("the state directory is not the hook's own", "EACCES");
      try {
        return (await readRegular(path, `policy index ${path}`, { noFollow: true, owned: true, maxBytes: MAX_INDEX_BYTES })).toString("utf8");
      } catch (err) {
        if (err.code === "ENOENT") return null;
        throw err;
      }
    },
    writeIndex: async (path, data) => {
      if (!dirOk || !lock?.held) throw new FileError("this run does not hold the state file's lock", "LOCKED");
      await replaceFile(path, data, "");
    },
    stateUnsaved: () => unsaved,
    lastSaveFailed: () => saveFailed,
    markUnsaved: (path) => dirOk ? touchQuietly(unsavedMarker(path)) : Promise.resolve(),
    release: async () => {
      await lock?.release();
    }
  };
}
async function runHookProcess() {
  let timeoutSeconds = 30;
  let settings;
  try {
    settings = readSettings(process.env);
    timeoutSeconds = settings.runTimeoutSeconds;
  } catch {
  }
  armDeadline(timeoutSeconds);
  const state = stateIO(timeoutSeconds);
  try {
    return await runHook(
      {
        env: process.env,
        readFile: async (path) => (await readRegular(path, "")).toString("utf8"),
        writeFile: async (path, data) => {
          if (path === "/dev/stdout") writeFd(1, data);
          else await writeOutput(path, data, "");
        },
        readState: state.readState,
        writeState: state.writeState,
        readIndex: state.readIndex,
        writeIndex: state.writeIndex,
        stateUnsaved: state.stateUnsaved,
        // The directory shared with the prober: its heartbeat, and the targets this hook writes.
        readProberFile: (path) => readOwnFile(path, 4 << 20),
        writeProberFile: async (path, data) => {
          await ensurePrivateDir((0, import_node_path2.dirname)(path));
          await replaceFile(path, data, path);
        },
        lastSaveFailed: state.lastSaveFailed,
        markUnsaved: state.markUnsaved,
        stderr: (text) => writeFd(2, text),
        now: () => /* @__PURE__ */ new Date(),
        // node:net loads only when a tick probes.
        probe: async (targets, s) => (await Promise.resolve().then(() => (init_probe(), probe_exports))).probeNodes(targets, s)
      },
      settings
    );
  } finally {
    await state.release();
  }
}

// src/cli/main.ts
async function main(args) {
  if (args.length === 1 && args[0] === "--config") return printHookConfig(process.env);
  if (args.length === 0) return runHookProcess();
  if (args.length === 1 && args[0] === "prober") return (await import("./prober.cjs")).proberMain(process.env);
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
