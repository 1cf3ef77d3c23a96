/**
 * Hook settings, read from environment variables. Parsing is pure (it takes the env as a
 * record) so `--config`, normal runs and `plan` all see the same settings, and tests can
 * feed any env. Every error names the variable.
 */
import { type LabelSelector, parseLabelSelector, SelectorError, validateLabelSelector } from "./label-selector.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Pool {
  name: string;
  selector: LabelSelector;
}

export interface Settings {
  /** Sorted by name. */
  pools: Pool[];
  /** Whether `spec.unschedulable` (kubectl cordon) makes a node ineligible. */
  cordonDrains: boolean;
  /** How long a node must have been Ready before it becomes a new gateway. */
  recoveryDelaySeconds: number;
  /** Taint keys that make a node ineligible, whatever their effect. */
  blockingTaints: string[];
  /** Period of the schedule binding that re-evaluates time-based rules; 0 disables it. */
  resyncIntervalSeconds: number;
  /** Log decisions but write no operations. */
  dryRun: boolean;
  logLevel: LogLevel;
  /** The hook's own deadline; shell-operator has none and a stuck hook blocks its queue. */
  runTimeoutSeconds: number;
  /** shell-operator queue for the bindings. */
  queue: string;
  /** Node Lease staleness as a health signal. */
  leaseSignal: boolean;
  /** Seconds without renewal after which a Lease is stale; null = derive from the Lease's duration. */
  leaseStaleAfterSeconds: number | null;
  /** cilium-agent pod readiness as a health signal. */
  agentSignal: boolean;
  agentNamespace: string;
  agentSelector: LabelSelector;
  /** How long a node's cilium agent may be down before its gateways move away. */
  agentGraceSeconds: number;
  /** Create a Kubernetes Event on the policy for every move and every stuck policy. */
  events: boolean;
  /** Most GatewayMoved Events in one run; above it, one summary Event per pool. */
  eventLimit: number;
  /** Per-policy gateway series: on, off, or on up to 1000 managed policies (null). */
  policyMetrics: boolean | null;
  /** The active probe of pool nodes on the resync tick; null when off. */
  probe: ProbeSettings | null;
  /** Where the hook remembers when each node was last unhealthy (recovery hysteresis). */
  stateFile: string;
}

export const ENV = {
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
} as const;

/** The prior art's pool label, so its users need no configuration. */
export const DEFAULT_POOLS = "egress=node.kubernetes.io/role=egress";

/** Taints that always make a node ineligible. */
export const REQUIRED_BLOCKING_TAINTS = [
  "node.kubernetes.io/unreachable",
  "node.kubernetes.io/not-ready",
  "node.cilium.io/agent-not-ready",
  // Set by an operator on a node that is shut down (non-graceful node shutdown).
  "node.kubernetes.io/out-of-service",
  // Set by cluster-autoscaler just before it deletes a node.
  "ToBeDeletedByClusterAutoscaler",
] as const;

/** A setting that could not be parsed. The message starts with the variable's name. */
export interface ProbeSettings {
  ports: number[];
  timeoutMs: number;
  /** Silent attempts in a row that make a node unhealthy (also the attempts per tick). */
  failures: number;
  /** The least time the silence must span. */
  windowSeconds: number;
  /** `tcp`: a connection (or a refusal) is an answer; `http`: only an HTTP answer to GET /hello is. */
  mode: "tcp" | "http";
}

export class SettingsError extends Error {
  override name = "SettingsError";
}

const POOL_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isPoolName(name: string): boolean {
  return POOL_NAME.test(name);
}

function parsePools(raw: string): Pool[] {
  const variable = ENV.pools;
  const pools = new Map<string, LabelSelector>();
  const add = (name: string, selector: () => LabelSelector): void => {
    if (!isPoolName(name)) {
      throw new SettingsError(
        `${variable}: pool name "${name}" must be a DNS label (lower-case letters, digits and '-', at most 63)`,
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
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new SettingsError(`${variable}: not valid JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SettingsError(`${variable}: expected a JSON object of pool name to selector`);
    }
    for (const [name, sel] of Object.entries(parsed)) {
      add(name, () => (typeof sel === "string" ? parseLabelSelector(sel) : validateLabelSelector(sel)));
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
  return [...pools.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, selector]) => ({ name, selector }));
}

const DURATION_PART = /(\d+(?:\.\d+)?)(h|ms|m|s)/gy;
const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** Parses `90`, `30s`, `2m`, `1m30s`, `1.5h` into seconds. */
export function parseDurationSeconds(text: string): number | null {
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

/** Node's timers overflow above 2^31 ms (about 24.8 days) and then fire at once. */
const MAX_DURATION_SECONDS = 24 * 24 * 3600;

function duration(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const seconds = parseDurationSeconds(raw);
  if (seconds === null) throw new SettingsError(`${name}: "${raw}" is not a duration (examples: 30s, 2m, 90)`);
  if (seconds < min) throw new SettingsError(`${name}: ${raw} is below the minimum of ${min}s`);
  if (seconds > MAX_DURATION_SECONDS) throw new SettingsError(`${name}: ${raw} is above the maximum of 24 days`);
  return seconds;
}

function bool(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const v = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  throw new SettingsError(`${name}: "${raw}" is not a boolean (use true or false)`);
}

/** Reads every setting from `env`, applying defaults. Throws SettingsError naming the variable. */
function wholeNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = (env[name] ?? "").trim();
  if (raw === "") return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new SettingsError(`${name}: "${raw}" must be a whole number from ${min} to ${max}`);
  return n;
}

function readProbeSettings(env: Record<string, string | undefined>): ProbeSettings | null {
  if (!bool(env, ENV.probe, true)) return null;
  const ports: number[] = [];
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
    timeoutMs: Math.round(timeout * 1000),
    failures,
    windowSeconds: duration(env, ENV.probeWindow, 1, 0),
    mode,
  };
}

export function readSettings(env: Record<string, string | undefined>): Settings {
  const pools = parsePools(env[ENV.pools] ?? DEFAULT_POOLS);

  const extra = (env[ENV.extraBlockingTaints] ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  for (const taint of extra) {
    if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(taint)) {
      throw new SettingsError(`${ENV.extraBlockingTaints}: "${taint}" is not a valid taint key`);
    }
  }

  const probe = readProbeSettings(env);
  // With the probe on, the tick is also when nodes are probed: 1 s keeps crash → patch under 3 s.
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
  const leaseStaleAfterSeconds =
    staleRaw === "" || staleRaw === "auto" ? null : duration(env, ENV.leaseStaleAfter, 0, 1);

  const agentNamespace = (env[ENV.agentNamespace] ?? "kube-system").trim();
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(agentNamespace)) {
    throw new SettingsError(`${ENV.agentNamespace}: "${agentNamespace}" is not a namespace name`);
  }
  let agentSelector: LabelSelector;
  try {
    agentSelector = parseLabelSelector(env[ENV.agentSelector] ?? "k8s-app=cilium");
  } catch (err) {
    if (err instanceof SelectorError) throw new SettingsError(`${ENV.agentSelector}: ${err.message}`);
    throw err;
  }

  const tmp = (env.TMPDIR ?? "").trim() || "/tmp";
  const stateFile = (env[ENV.stateFile] ?? "").trim() || `${tmp}/cilium-egress-ha/state.json`;
  // A relative path would depend on the directory shell-operator happens to start the hook in.
  if (!stateFile.startsWith("/") || stateFile.endsWith("/")) {
    throw new SettingsError(
      `${ENV.stateFile}: "${stateFile}" must be an absolute path to a file${env[ENV.stateFile]?.trim() ? "" : " (from TMPDIR)"}`,
    );
  }

  return {
    pools,
    cordonDrains: bool(env, ENV.cordonDrains, true),
    recoveryDelaySeconds: duration(env, ENV.recoveryDelay, 30, 0),
    blockingTaints: [...new Set([...REQUIRED_BLOCKING_TAINTS, ...extra])],
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
    eventLimit: wholeNumber(env, ENV.eventLimit, 50, 0, 100_000),
    policyMetrics: ["", "auto"].includes((env[ENV.policyMetrics] ?? "").trim().toLowerCase())
      ? null
      : bool(env, ENV.policyMetrics, true),
    probe,
    stateFile,
  };
}

// --- Startup warnings ------------------------------------------------------------------------

const PREFIX = "EGRESS_HA_";
const KNOWN_VARIABLES: ReadonlySet<string> = new Set(Object.values(ENV));

/** Levenshtein distance, for "did you mean" on a misspelled variable. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** `EGRESS_HA_*` variables that are set but are no setting: most likely a misspelling, silently ignored otherwise. */
export function unknownVariables(env: Record<string, string | undefined>): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && !KNOWN_VARIABLES.has(name))
    .sort()
    .map((name) => {
      const [best] = [...KNOWN_VARIABLES]
        .map((known) => ({ known, d: editDistance(name, known) }))
        .sort((x, y) => x.d - y.d);
      const hint = best && best.d <= 3 ? ` (did you mean ${best.known}?)` : "";
      return `${name} is not a setting of this hook and is ignored${hint}`;
    });
}

/**
 * Whether a Node's own kubelet may set or change the label `key` under the NodeRestriction admission
 * plugin: any label outside the kubernetes.io and k8s.io namespaces, plus the kubelet's own labels
 * (k8s.io/kubelet IsKubeletLabel). Labels under node-restriction.kubernetes.io/ are never kubelet-settable.
 */
export function isKubeletSettableLabel(key: string): boolean {
  const slash = key.indexOf("/");
  const namespace = slash === -1 ? "" : key.slice(0, slash);
  const within = (ns: string): boolean => namespace === ns || namespace.endsWith(`.${ns}`);
  if (!within("kubernetes.io") && !within("k8s.io")) return true;
  if (KUBELET_LABELS.has(key)) return true;
  return within("kubelet.kubernetes.io") || within("node.kubernetes.io");
}

const KUBELET_LABELS: ReadonlySet<string> = new Set([
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
  "failure-domain.beta.kubernetes.io/zone",
]);

/**
 * Pools that a compromised node can join by labelling itself: no requirement of the selector
 * asks for a label (equals, in, exists) that its kubelet cannot set. Negative requirements
 * (!=, notin, !key) never protect: a node meets them by not having the label.
 */
export function kubeletJoinablePools(pools: readonly Pool[]): Pool[] {
  return pools.filter((pool) => {
    const positive = [
      ...Object.keys(pool.selector.matchLabels ?? {}),
      ...(pool.selector.matchExpressions ?? [])
        .filter((e) => e.operator === "In" || e.operator === "Exists")
        .map((e) => e.key),
    ];
    return !positive.some((key) => !isKubeletSettableLabel(key));
  });
}

/** Warnings to print when the hook starts (`--config`): each is one line, naming the variable. */
export function settingsWarnings(env: Record<string, string | undefined>, settings: Settings): string[] {
  const warnings = unknownVariables(env);
  for (const pool of kubeletJoinablePools(settings.pools)) {
    const keys = [
      ...Object.keys(pool.selector.matchLabels ?? {}),
      ...(pool.selector.matchExpressions ?? []).map((e) => e.key),
    ];
    warnings.push(
      `${ENV.pools}: pool "${pool.name}" selects nodes only by labels that a node's own kubelet may set ` +
        `(${[...new Set(keys)].join(", ")}): a compromised node can label itself into the pool and attract its ` +
        `egress traffic. Select pool nodes by a label under node-restriction.kubernetes.io/, which only an ` +
        `administrator can set`,
    );
  }
  return warnings;
}
