"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
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
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/prober/main.ts
var main_exports = {};
__export(main_exports, {
  proberMain: () => proberMain
});
module.exports = __toCommonJS(main_exports);

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
var KNOWN_VARIABLES = new Set(Object.values(ENV));

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
  const readProbe = readProbeSettings(env);
  const prober = readProbe ? readProberSettings(env, tmp) : null;
  const probe = readProbe && prober ? { ...readProbe, windowSeconds: 0 } : readProbe;
  const resync = duration(env, ENV.resyncInterval, probe ? 1 : 2, 0);
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
    probe,
    stateFile,
    prober
  };
  refuseUnworkable(settings);
  return settings;
}

// src/io/kube-api.ts
var import_promises = require("node:fs/promises");
var http = __toESM(require("node:http"), 1);
var https = __toESM(require("node:https"), 1);
var SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
function inClusterClient(env, timeoutMs = 5e3) {
  const dir = env.EGRESS_HA_PROBER_SERVICEACCOUNT ?? SERVICE_ACCOUNT;
  const host = env.KUBERNETES_SERVICE_HOST ?? "";
  const base = env.EGRESS_HA_PROBER_API ?? `https://${host.includes(":") ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT ?? "443"}`;
  let ca = null;
  const send = async (method, path, data, idleMs, onResponse) => {
    ca ??= (0, import_promises.readFile)(`${dir}/ca.crt`, "utf8").catch(() => void 0);
    const token = (await (0, import_promises.readFile)(`${dir}/token`, "utf8").catch(() => "")).trim();
    const url = new URL(path, base);
    const headers = { accept: "application/json" };
    if (token !== "") headers.authorization = `Bearer ${token}`;
    if (data !== void 0) headers["content-type"] = "application/json";
    const options = { method, headers, timeout: idleMs };
    const request3 = url.protocol === "http:" ? http.request : https.request;
    const tls = url.protocol === "http:" ? {} : { ca: await ca };
    const req = request3(url, { ...options, ...tls }, onResponse);
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: nothing received for ${idleMs} ms`)));
    return req;
  };
  return {
    async request(method, path, body) {
      const data = body === void 0 ? void 0 : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        send(method, path, data, timeoutMs, (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed = text;
            try {
              parsed = JSON.parse(text);
            } catch {
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        }).then((req) => {
          req.on("error", reject);
          req.end(data);
        }, reject);
      });
    },
    async stream(path, onLine, opts) {
      return new Promise((resolve, reject) => {
        let req = null;
        const abort = () => req?.destroy();
        send("GET", path, void 0, opts.idleMs, (res) => {
          let rest = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => {
            const lines = (rest + chunk).split("\n");
            rest = lines.pop() ?? "";
            try {
              for (const line of lines) if (line.trim() !== "") onLine(line);
            } catch (err) {
              opts.signal.removeEventListener("abort", abort);
              req?.destroy();
              reject(err);
            }
          });
          res.on("error", (err) => opts.signal.aborted ? resolve(res.statusCode ?? 0) : reject(err));
          res.on("end", () => {
            opts.signal.removeEventListener("abort", abort);
            try {
              if (rest.trim() !== "") onLine(rest);
              resolve(res.statusCode ?? 0);
            } catch (err) {
              reject(err);
            }
          });
        }).then((r) => {
          req = r;
          if (opts.signal.aborted) return resolve(0);
          opts.signal.addEventListener("abort", abort, { once: true });
          r.on("error", (err) => opts.signal.aborted ? resolve(0) : reject(err));
          r.end();
        }, reject);
      });
    }
  };
}

// src/io/log.ts
var RANK = { debug: 0, info: 1, warn: 2, error: 3 };
function createLogger(write2, threshold) {
  const emit = (level, msg, fields) => {
    if (RANK[level] < RANK[threshold]) return;
    write2(`${JSON.stringify({ level, msg, ...fields })}
`);
  };
  return {
    enabled: (level) => RANK[level] >= RANK[threshold],
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields)
  };
}

// src/prober/run.ts
var http2 = __toESM(require("node:http"), 1);

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
function describe(err, what) {
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
      if (err) return reject(describe(err, what));
      const fail = (e) => fs.close(fd, () => reject(describe(e, what)));
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
        const next2 = () => {
          const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size - total + 1, 65536), 16 << 20, max - total + 1));
          fs.read(fd, buf, 0, buf.length, null, (err3, n) => {
            if (err3) return fail(err3);
            const done = () => fs.close(fd, () => resolve({ data: Buffer.concat(chunks, total), seen: seenOf(st) }));
            if (n === 0) return done();
            chunks.push(buf.subarray(0, n));
            total += n;
            if (total > max) return fail(new FileError(`${subject} grew over the limit of ${max} bytes`, "TOO_LARGE"));
            if (n < buf.length && total >= st.size) return done();
            next2();
          });
        };
        next2();
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
var unlinkQuietly = (path) => new Promise((resolve) => fs.unlink(path, () => resolve()));
async function readOwnFile(path, maxBytes) {
  try {
    return (await readRegular(path, path, { noFollow: true, owned: true, maxBytes })).toString("utf8");
  } catch (err) {
    if (err.code === "ENOENT") return null;
    throw err;
  }
}

// src/io/private-dir.ts
var fs2 = __toESM(require("node:fs"), 1);
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
    const check = (created) => fs2.lstat(dir, (err, st) => {
      if (err?.code === "ENOENT" && !created) {
        return fs2.mkdir(
          dir,
          { recursive: true, mode: 448 },
          (err2) => err2 ? reject(describe(err2, `cannot create directory ${dir}`)) : check(true)
        );
      }
      if (err) return reject(describe(err, `directory ${dir}`));
      const problem = privacyProblem(st, dir);
      if (problem) reject(problem);
      else resolve();
    });
    check(false);
  });
}

// src/io/probe.ts
var net = __toESM(require("node:net"), 1);
function connect2(address, port, timeoutMs, http3) {
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
      if (!http3) return finish("open");
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

// src/io/replace.ts
var fs3 = __toESM(require("node:fs"), 1);
var C2 = fs3.constants;
async function replaceFile(path, data, what) {
  const tmp = `${path}.tmp`;
  const create = () => call((done) => fs3.open(tmp, C2.O_WRONLY | C2.O_CREAT | C2.O_EXCL | C2.O_NOFOLLOW, 384, done));
  let fd;
  try {
    fd = await create().catch(async (err) => {
      if (err.code !== "EEXIST") throw err;
      await unlinkQuietly(tmp);
      return create();
    });
  } catch (err) {
    throw describe(err, what);
  }
  try {
    await call((done) => writeAll(fd, typeof data === "string" ? Buffer.from(data) : Buffer.from(data), done));
    await call((done) => fs3.close(fd, done));
    fd = -1;
    await call((done) => fs3.rename(tmp, path, done));
  } catch (err) {
    if (fd >= 0) await call((done) => fs3.close(fd, done)).catch(() => void 0);
    await unlinkQuietly(tmp);
    throw describe(err, what);
  }
}

// src/model/evidence.ts
var EVIDENCE_GROUP = "cilium-egress-ha.io";
var EVIDENCE_VERSION = "v1alpha1";
var EVIDENCE_KIND = "ProbeEvidence";
var EVIDENCE_PLURAL = "probeevidences";
var EVIDENCE_LABEL = "cilium-egress-ha.io/evidence";
var EVIDENCE_LABEL_VALUE = "probe";
var HEARTBEAT_FILE = "heartbeat.json";
var TARGETS_FILE = "targets.json";
function parseTargets(text) {
  const v = JSON.parse(text);
  if (!Array.isArray(v)) throw new Error("not a list");
  return v.map((t, i) => {
    const o = t;
    if (typeof o?.node !== "string" || typeof o.address !== "string")
      throw new Error(`item ${i} is not {node, address}`);
    return { node: o.node, address: o.address };
  });
}

// src/prober/conditions.ts
var REPEAT_MS = 6e4;
var ConditionLog = class {
  constructor(log, now) {
    this.log = log;
    this.now = now;
  }
  log;
  now;
  lasting = /* @__PURE__ */ new Map();
  /** The condition `key` holds now; `msg` says how. */
  report(key, level, msg, fields = {}) {
    const at = this.now();
    const before = this.lasting.get(key);
    if (before && before.msg === msg) {
      before.seen++;
      if (level === "warn" || at - before.loggedAt < REPEAT_MS) return;
      this.log.error(msg, { condition: key, ...fields, seen: before.seen });
      before.loggedAt = at;
      before.seen = 0;
      return;
    }
    this.lasting.set(key, { msg, loggedAt: at, seen: 0 });
    this.log[level](msg, { condition: key, ...fields });
  }
  /** The condition `key` no longer holds. */
  clear(key) {
    if (!this.lasting.delete(key)) return;
    this.log.info("condition cleared", { condition: key });
  }
};

// src/model/objects.ts
var ANNOTATION_POOL = "cilium-egress-ha/pool";
var ANNOTATION_EGRESS_IP = "cilium-egress-ha/egress-ip";
var ANNOTATION_LAST_MOVE = "cilium-egress-ha/last-move";
var ANNOTATION_POOL_TERMS = "cilium-egress-ha/pool-terms";
var HOSTNAME_LABEL = "kubernetes.io/hostname";
var AGENT_NOT_READY_TAINT = "node.cilium.io/agent-not-ready";
var NODE_DOWN_TAINTS = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

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
var INVENTORY_JQ_FILTER = [
  "{",
  "name: .metadata.name,",
  `hostname: .metadata.labels["${HOSTNAME_LABEL}"],`,
  "down: ((.metadata.deletionTimestamp != null)",
  'or (([.status.conditions[]? | select(.type == "Ready") | .status] | .[0]) != "True")',
  `or any(.spec.taints[]?.key; ${NODE_DOWN_TAINTS.map((t) => `. == "${t}"`).join(" or ")}))`,
  "}"
].join(" ");

// src/prober/lease-watch.ts
var LEASES_PATH = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";
var WATCH_SECONDS = 300;
var IDLE_MS = (WATCH_SECONDS + 30) * 1e3;
var RETRY_MS = [1e3, 2e3, 5e3, 1e4];
var Gone = class extends Error {
};
var resourceVersionOf = (o) => {
  const rv = o?.metadata?.resourceVersion;
  return typeof rv === "string" && rv !== "" ? rv : null;
};
function listError(status, body) {
  const message = body?.message;
  return new Error(`cannot list the node Leases: HTTP ${status}${typeof message === "string" ? `: ${message}` : ""}`);
}
async function watchLeases(api, on, signal) {
  let failures = 0;
  const wait = (ms) => new Promise((r) => {
    const t = setTimeout(r, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        r();
      },
      { once: true }
    );
  });
  while (!signal.aborted) {
    try {
      const list = await api.request("GET", LEASES_PATH);
      if (list.status !== 200) throw listError(list.status, list.body);
      const items = list.body?.items ?? [];
      let rv = resourceVersionOf(list.body);
      if (rv === null) throw new Error("cannot list the node Leases: the list has no resourceVersion");
      on.list(items.map(projectLease));
      on.state(true, null);
      failures = 0;
      while (!signal.aborted) {
        const path = `${LEASES_PATH}?watch=1&allowWatchBookmarks=true&timeoutSeconds=${WATCH_SECONDS}&resourceVersion=${rv}`;
        const status = await api.stream(
          path,
          (line) => {
            const ev = JSON.parse(line);
            if (ev.type === "ERROR") {
              const code = ev.object?.code;
              throw code === 410 ? new Gone("gone") : new Error(`the Lease watch failed: ${line.slice(0, 200)}`);
            }
            if (!["ADDED", "MODIFIED", "DELETED", "BOOKMARK"].includes(ev.type ?? ""))
              throw new Error(`the Lease watch sent no event: ${line.slice(0, 200)}`);
            rv = resourceVersionOf(ev.object) ?? rv;
            if (ev.type === "BOOKMARK") return;
            const lease = projectLease(ev.object);
            if (typeof lease.name !== "string") throw new Error("the Lease watch sent a Lease without a name");
            if (ev.type === "DELETED") on.deleted(lease.name);
            else on.changed(lease);
          },
          { signal, idleMs: IDLE_MS }
        );
        if (status === 410) break;
        if (status !== 200 && !signal.aborted) throw new Error(`the Lease watch failed: HTTP ${status}`);
      }
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof Gone) continue;
      on.state(false, err.message);
      await wait(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
    }
  }
}

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

// src/engine/lease-signal.ts
var AUTO_STALE_RATIO = 0.4;
var DEFAULT_LEASE_DURATION_SECONDS = 40;
function staleThreshold(lease, staleAfterSeconds) {
  if (staleAfterSeconds !== null) return staleAfterSeconds;
  return Math.max(5, AUTO_STALE_RATIO * (lease.durationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS));
}
function leaseAgeSeconds(seenMs, nowMs) {
  return (nowMs - seenMs) / 1e3 | 0;
}

// src/prober/leases.ts
function sightLease(before, lease, now) {
  const next2 = new Map(before);
  if (lease.renewTime === null) {
    next2.delete(lease.name);
    return next2;
  }
  const old = before.get(lease.name);
  const seenAt = old && old.renewTime === lease.renewTime ? old.seenAt : now;
  next2.set(lease.name, { renewTime: lease.renewTime, durationSeconds: lease.durationSeconds, seenAt });
  return next2;
}
function sightAll(before, leases, now) {
  let next2 = /* @__PURE__ */ new Map();
  for (const lease of leases) {
    const old = before.get(lease.name);
    if (old) next2.set(lease.name, old);
    next2 = sightLease(next2, lease, now);
  }
  return next2;
}
function staleLeases(sightings, staleAfterSeconds, now) {
  const out = [];
  for (const [node, s] of sightings) {
    const threshold = staleThreshold(
      { name: node, renewTime: s.renewTime, durationSeconds: s.durationSeconds },
      staleAfterSeconds
    );
    if (leaseAgeSeconds(s.seenAt, now) > threshold)
      out.push({ node, renewTime: s.renewTime, seenAt: new Date(s.seenAt).toISOString() });
  }
  return out.sort((a, b) => a.node < b.node ? -1 : a.node > b.node ? 1 : 0);
}
function sameLeases(a, b) {
  return a.length === b.length && a.every((l, i) => l.node === b[i]?.node && l.renewTime === b[i]?.renewTime);
}

// src/prober/metrics.ts
var RTT_BUCKETS = [5e-4, 1e-3, 25e-4, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5];
var LAG_BUCKETS = [1e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
var Histogram = class {
  constructor(buckets) {
    this.buckets = buckets;
    this.counts = buckets.map(() => 0);
  }
  buckets;
  counts;
  sum = 0;
  count = 0;
  observe(v) {
    this.sum += v;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (v <= this.buckets[i]) this.counts[i]++;
  }
  render(name, help) {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    for (const [i, b] of this.buckets.entries()) lines.push(`${name}_bucket{le="${b}"} ${this.counts[i]}`);
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum}`, `${name}_count ${this.count}`);
    return lines;
  }
};
var ProberMetrics = class {
  rtt = new Histogram(RTT_BUCKETS);
  lag = new Histogram(LAG_BUCKETS);
  rounds = { counted: 0, voided: 0 };
  writes = { ok: 0, failed: 0 };
  verdicts = { up: 0, silent: 0, refused: 0 };
  targets = 0;
  /** The Lease watch: 1 current, 0 not (the hook then times Leases on its tick); absent when off. */
  leaseWatch = null;
  staleLeases = 0;
  render() {
    const lines = [
      ...this.rtt.render("cilium_egress_ha_prober_rtt_seconds", "Round trip of each answered probe (all pool nodes)."),
      ...this.lag.render(
        "cilium_egress_ha_prober_round_lag_seconds",
        "How late each round's timers ran; a round later than half the timeout is void."
      ),
      "# HELP cilium_egress_ha_prober_rounds_total Probe rounds, counted or void (timer lag above half the timeout).",
      "# TYPE cilium_egress_ha_prober_rounds_total counter",
      `cilium_egress_ha_prober_rounds_total{result="counted"} ${this.rounds.counted}`,
      `cilium_egress_ha_prober_rounds_total{result="voided"} ${this.rounds.voided}`,
      "# HELP cilium_egress_ha_prober_evidence_writes_total Writes of this replica's evidence object.",
      "# TYPE cilium_egress_ha_prober_evidence_writes_total counter",
      `cilium_egress_ha_prober_evidence_writes_total{result="ok"} ${this.writes.ok}`,
      `cilium_egress_ha_prober_evidence_writes_total{result="failed"} ${this.writes.failed}`,
      "# HELP cilium_egress_ha_prober_nodes Pool nodes probed, by the prober's verdict.",
      "# TYPE cilium_egress_ha_prober_nodes gauge",
      ...Object.entries(this.verdicts).map(([v, n]) => `cilium_egress_ha_prober_nodes{verdict="${v}"} ${n}`),
      ...this.leaseWatch === null ? [] : [
        "# HELP cilium_egress_ha_prober_lease_watch Whether the prober's watch of the node Leases is current (1) or not (0).",
        "# TYPE cilium_egress_ha_prober_lease_watch gauge",
        `cilium_egress_ha_prober_lease_watch ${this.leaseWatch}`,
        "# HELP cilium_egress_ha_prober_stale_leases Node Leases the prober finds stale, as its evidence names them.",
        "# TYPE cilium_egress_ha_prober_stale_leases gauge",
        `cilium_egress_ha_prober_stale_leases ${this.staleLeases}`
      ]
    ];
    return `${lines.join("\n")}
`;
  }
};

// src/prober/publish.ts
var EvidenceWriter = class {
  constructor(api, target) {
    this.api = api;
    this.target = target;
  }
  api;
  target;
  resourceVersion = null;
  get collection() {
    return `/apis/${EVIDENCE_GROUP}/${EVIDENCE_VERSION}/namespaces/${this.target.namespace}/${EVIDENCE_PLURAL}`;
  }
  object(spec) {
    const { name, namespace, podUid } = this.target;
    const metadata = { name, namespace, labels: { [EVIDENCE_LABEL]: EVIDENCE_LABEL_VALUE } };
    if (podUid) metadata.ownerReferences = [{ apiVersion: "v1", kind: "Pod", name, uid: podUid }];
    if (this.resourceVersion !== null) metadata.resourceVersion = this.resourceVersion;
    return { apiVersion: `${EVIDENCE_GROUP}/${EVIDENCE_VERSION}`, kind: EVIDENCE_KIND, metadata, spec };
  }
  remember(body) {
    const rv = body?.metadata?.resourceVersion;
    this.resourceVersion = typeof rv === "string" ? rv : null;
  }
  /** Writes `spec`; throws with the API's status when it cannot. Up to three calls. */
  async write(spec) {
    const path = `${this.collection}/${this.target.name}`;
    for (let attempt2 = 0; attempt2 < 3; attempt2++) {
      if (this.resourceVersion === null) {
        const got = await this.api.request("GET", path);
        if (got.status === 404) {
          const created = await this.api.request("POST", this.collection, this.object(spec));
          if (created.status === 201 || created.status === 200) return this.remember(created.body);
          if (created.status !== 409) throw apiError("create", created.status, created.body);
          continue;
        }
        if (got.status !== 200) throw apiError("read", got.status, got.body);
        this.remember(got.body);
      }
      const put = await this.api.request("PUT", path, this.object(spec));
      if (put.status === 200) return this.remember(put.body);
      if (put.status !== 409 && put.status !== 404) throw apiError("replace", put.status, put.body);
      this.resourceVersion = null;
    }
    throw new Error(`cannot write ${EVIDENCE_KIND} ${this.target.namespace}/${this.target.name}: conflicts`);
  }
};
function apiError(verb, status, body) {
  const message = body?.message;
  return Object.assign(
    new Error(`cannot ${verb} the evidence: HTTP ${status}${typeof message === "string" ? `: ${message}` : ""}`),
    {
      code: `HTTP_${status}`
    }
  );
}

// src/prober/rounds.ts
var FRESH = {
  verdict: "up",
  silent: 0,
  silentSince: null,
  refusedSince: null,
  lastSilence: null,
  lastRefusal: null
};
function roundLag(t, timeoutMs) {
  return Math.max(0, t.startedAt - t.scheduledAt, t.endedAt - t.startedAt - timeoutMs);
}
function next(before, a, at, failures) {
  if (a.answer === "open") return { ...before, verdict: "up", silent: 0, silentSince: null, refusedSince: null };
  if (a.answer === "refused")
    return {
      ...before,
      verdict: "refused",
      silent: 0,
      silentSince: null,
      refusedSince: before.refusedSince ?? at,
      lastRefusal: at
    };
  const silent = before.silent + 1;
  const silentSince = before.silentSince ?? at;
  if (silent < failures) return { ...before, silent, silentSince };
  return { ...before, verdict: "silent", silent, silentSince, refusedSince: null, lastSilence: at };
}
function applyRound(before, answers, timing, opts) {
  const lagMs = roundLag(timing, opts.timeoutMs);
  if (lagMs * 2 > opts.timeoutMs)
    return { tracks: new Map(before), lagMs, voided: true, changed: [], suspects: suspectsOf(before, opts.failures) };
  const tracks = /* @__PURE__ */ new Map();
  const changed = [];
  for (const a of answers) {
    const prior = before.get(a.node);
    const t = next(prior ?? FRESH, a, timing.startedAt, opts.failures);
    tracks.set(a.node, t);
    if ((prior?.verdict ?? "up") !== t.verdict) changed.push(a.node);
  }
  for (const [node, t] of before) if (!tracks.has(node) && t.verdict !== "up") changed.push(node);
  return { tracks, lagMs, voided: false, changed: changed.sort(), suspects: suspectsOf(tracks, opts.failures) };
}
var isSuspect = (t, failures) => t !== void 0 && t.silent > 0 && t.silent < failures;
function suspectsOf(tracks, failures) {
  return [...tracks].filter(([, t]) => isSuspect(t, failures)).map(([node]) => node);
}
function attemptsFor(tracks, node, opts) {
  return isSuspect(tracks.get(node), opts.failures) ? opts.confirm : 1;
}
function nextRoundAt(r, timing, intervalMs) {
  if (r.suspects.length > 0) return timing.endedAt;
  return Math.max(timing.startedAt + intervalMs, timing.endedAt);
}
var iso = (ms) => ms === null ? null : new Date(ms).toISOString();
function evidenceOf(tracks, leases, changedAt, settings) {
  const nodes = [];
  for (const [node, t] of [...tracks].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) {
    if (t.verdict === "up" && t.lastSilence === null && t.lastRefusal === null) continue;
    nodes.push({
      node,
      verdict: t.verdict,
      since: iso(t.verdict === "silent" ? t.silentSince : t.verdict === "refused" ? t.refusedSince : null),
      failures: t.verdict === "silent" ? t.silent : 0,
      lastSilence: iso(t.lastSilence),
      lastRefusal: iso(t.lastRefusal)
    });
  }
  const { intervalMs, timeoutMs, failures } = settings;
  return { changed: new Date(changedAt).toISOString(), intervalMs, timeoutMs, failures, nodes, leases: [...leases] };
}

// src/prober/run.ts
var blindAfterMs = (p) => Math.max(2e3, 3 * (p.intervalMs + p.timeoutMs));
var sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
async function runProber(settings, io, signal) {
  const p = settings.prober;
  const probe = settings.probe;
  if (!p || !probe) throw new Error("the prober needs EGRESS_HA_PROBER=true and the probe on");
  const now = io.now ?? Date.now;
  const { log } = io;
  const conditions = new ConditionLog(log, now);
  await ensurePrivateDir(p.dir);
  const metrics = new ProberMetrics();
  const writer = new EvidenceWriter(io.api, { namespace: p.namespace, name: io.podName, podUid: io.podUid });
  const round = { intervalMs: p.intervalMs, timeoutMs: p.timeoutMs, failures: p.failures, confirm: p.confirm };
  let tracks = /* @__PURE__ */ new Map();
  let targets = [];
  let targetsText = null;
  let lastRound = now();
  let lastCounted = now();
  let sightings = /* @__PURE__ */ new Map();
  let stale = [];
  let leaseWatch = settings.leaseSignal ? "down" : "off";
  metrics.leaseWatch = settings.leaseSignal ? 0 : null;
  let published = false;
  let writing = null;
  let dirty = true;
  const publish = () => {
    if (writing) return;
    dirty = false;
    writing = writer.write(evidenceOf(tracks, stale, now(), round)).then(
      () => {
        metrics.writes.ok++;
        published = true;
        conditions.clear("prober:evidence");
      },
      (err) => {
        metrics.writes.failed++;
        published = false;
        dirty = true;
        conditions.report("prober:evidence", "error", `cannot write the probe evidence: ${err.message}`, {
          code: err.code ?? "EIO"
        });
      }
    ).finally(() => {
      writing = null;
      if (dirty && !signal.aborted) setTimeout(publish, published ? 0 : 1e3);
    });
  };
  const server = http2.createServer((req, res) => {
    if (req.url === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(metrics.render());
    } else if (req.url === "/healthz") {
      const ok = now() - lastRound < Math.max(3e3, 10 * p.intervalMs);
      res.writeHead(ok ? 200 : 503).end(ok ? "ok\n" : "rounds stalled\n");
    } else res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(p.metricsPort, resolve));
  signal.addEventListener("abort", () => server.close(), { once: true });
  const readTargets = async () => {
    try {
      const text = await readOwnFile(`${p.dir}/${TARGETS_FILE}`, 4 << 20);
      if (text !== null && text !== targetsText) {
        targets = parseTargets(text);
        targetsText = text;
        metrics.targets = targets.length;
      }
      conditions.clear("prober:targets");
    } catch (err) {
      conditions.report("prober:targets", "warn", `cannot read the probe targets: ${err.message}`);
    }
  };
  const beat = async () => {
    const at = now();
    const current = published && !dirty;
    const blind = at - lastCounted > blindAfterMs(p);
    const line = JSON.stringify({
      at: new Date(at).toISOString(),
      published: current,
      leases: leaseWatch,
      blind,
      // All the hook script's tick gate reads: the evidence is current and this prober can see.
      ok: current && !blind && leaseWatch !== "down"
    });
    await replaceFile(`${p.dir}/${HEARTBEAT_FILE}`, `${line}
`, "the prober heartbeat").then(
      () => conditions.clear("prober:heartbeat"),
      (err) => conditions.report("prober:heartbeat", "error", `cannot write the heartbeat: ${err.message}`)
    );
  };
  log.info("prober started", {
    intervalMs: p.intervalMs,
    timeoutMs: p.timeoutMs,
    failures: p.failures,
    confirm: p.confirm
  });
  publish();
  const leasesWatched = settings.leaseSignal ? watchLeases(
    io.api,
    {
      list: (leases) => {
        sightings = sightAll(sightings, leases, now());
      },
      changed: (lease) => {
        sightings = sightLease(sightings, lease, now());
      },
      deleted: (name) => {
        sightings = new Map(sightings);
        sightings.delete(name);
      },
      state: (up, why) => {
        leaseWatch = up ? "watching" : "down";
        metrics.leaseWatch = up ? 1 : 0;
        if (up) conditions.clear("prober:leases");
        else conditions.report("prober:leases", "error", `${why}; the hook times Leases on its tick meanwhile`);
      }
    },
    signal
  ) : Promise.resolve();
  const checkLeases = () => {
    if (leaseWatch !== "watching") return;
    const nowStale = staleLeases(sightings, settings.leaseStaleAfterSeconds, now());
    if (sameLeases(nowStale, stale)) return;
    log.info("stale node Leases changed", { leases: nowStale.map((l) => l.node) });
    stale = nowStale;
    metrics.staleLeases = stale.length;
    dirty = true;
    publish();
  };
  let scheduled = now();
  let nextTargets = scheduled;
  let nextBeat = scheduled;
  while (!signal.aborted) {
    await sleep(scheduled - now());
    if (scheduled >= nextTargets) {
      await readTargets();
      nextTargets = scheduled + 1e3;
    }
    if (scheduled >= nextBeat) {
      await beat();
      nextBeat = Math.max(nextBeat + 500, scheduled);
    }
    const startedAt = now();
    const answers = await probeRound(
      targets,
      { ports: probe.ports, timeoutMs: p.timeoutMs, mode: probe.mode },
      (node) => attemptsFor(tracks, node, round),
      now
    );
    const timing = { scheduledAt: scheduled, startedAt, endedAt: now() };
    const r = applyRound(tracks, answers, timing, round);
    lastRound = now();
    metrics.lag.observe(r.lagMs / 1e3);
    if (r.voided) {
      metrics.rounds.voided++;
      conditions.report("prober:starved", "warn", "probe rounds void: the prober runs late", { lagMs: r.lagMs });
    } else {
      conditions.clear("prober:starved");
      metrics.rounds.counted++;
      lastCounted = now();
      for (const a of answers) if (a.rttMs !== null) metrics.rtt.observe(a.rttMs / 1e3);
      tracks = r.tracks;
      metrics.verdicts = { up: 0, silent: 0, refused: 0 };
      for (const t of tracks.values()) metrics.verdicts[t.verdict] = (metrics.verdicts[t.verdict] ?? 0) + 1;
      if (r.changed.length > 0) {
        log.info("probe verdicts changed", { nodes: r.changed.map((n) => `${n}=${tracks.get(n)?.verdict ?? "gone"}`) });
        dirty = true;
        publish();
      }
      checkLeases();
    }
    scheduled = nextRoundAt(r, timing, p.intervalMs);
  }
  await Promise.all([writing, leasesWatched]);
}

// src/prober/main.ts
async function proberMain(env) {
  let settings;
  try {
    settings = readSettings(env);
    if (!settings.prober || !settings.probe)
      throw new SettingsError("EGRESS_HA_PROBER: the prober needs EGRESS_HA_PROBER=true and EGRESS_HA_PROBE on");
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    process.stderr.write(
      `${JSON.stringify({ level: "error", msg: `invalid settings: ${err.message}`, code: "settings" })}
`
    );
    return 2;
  }
  const log = createLogger((line) => process.stderr.write(line), settings.logLevel);
  const podName = env.HOSTNAME?.trim() ?? "";
  if (podName === "") {
    log.error("HOSTNAME is not set: the evidence is named after the pod", { code: "env-missing" });
    return 1;
  }
  const stop = new AbortController();
  for (const sig of ["SIGTERM", "SIGINT"]) process.once(sig, () => stop.abort());
  await runProber(
    settings,
    { api: inClusterClient(env), log, podName, podUid: env.POD_UID?.trim() || null },
    stop.signal
  );
  return 0;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  proberMain
});
