/**
 * Hook settings, read from environment variables. Parsing is pure (it takes the env as a
 * record) so `--config`, normal runs and `plan` all see the same settings, and tests can
 * feed any env. Every error names the variable.
 * Here: the Settings and readSettings, which reads them all. The variables' names and the
 * parsing of one value are in env.ts, the pools in pools.ts, the probe in probe-settings.ts, the
 * settings that cannot work together in combinations.ts and the startup warnings in warnings.ts; ENV, SettingsError and settingsWarnings are handed on
 * from here, so the rest of the hook imports its settings from this one place.
 */
import { refuseUnworkable } from "./combinations.js";
import { bool, duration, ENV, SettingsError, wholeNumber } from "./env.js";
import { type LabelSelector, parseLabelSelector, SelectorError } from "./label-selector.js";
import { DEFAULT_POOLS, type Pool, parsePools } from "./pools.js";
import { type ProbeSettings, readProbeSettings } from "./probe-settings.js";
import { type ProberSettings, readProberSettings } from "./prober-settings.js";

export { ENV, SettingsError } from "./env.js";
export { settingsWarnings } from "./warnings.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

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
  /** The long-lived prober beside the hook, whose evidence is the probe signal; null when off. */
  prober: ProberSettings | null;
}

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

/**
 * The least explicit Lease staleness: the kubelet renews its Lease every 10 s, so anything
 * shorter calls a healthy node stale between renewals (auto is 16 s for the default 40 s Lease).
 */
export const LEASE_STALE_MIN_SECONDS = 15;

/** Reads every setting from `env`, applying defaults. Throws SettingsError naming the variable. */
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

  const tmp = (env.TMPDIR ?? "").trim() || "/tmp";
  const readProbe = readProbeSettings(env);
  const prober = readProbe ? readProberSettings(env, tmp) : null;
  // The prober applies its own failure count in rounds: its verdict is the evidence, no window.
  const probe = readProbe && prober ? { ...readProbe, windowSeconds: 0 } : readProbe;
  // With the probe on, the tick is also when nodes are probed: 1 s keeps crash → patch under 3 s.
  // With the prober, the tick serves only the slow timers (and the probe while the prober is down).
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
    staleRaw === "" || staleRaw === "auto" ? null : duration(env, ENV.leaseStaleAfter, 0, LEASE_STALE_MIN_SECONDS);

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

  const stateFile = (env[ENV.stateFile] ?? "").trim() || `${tmp}/cilium-egress-ha/state.json`;
  // A relative path would depend on the directory shell-operator happens to start the hook in.
  if (!stateFile.startsWith("/") || stateFile.endsWith("/")) {
    throw new SettingsError(
      `${ENV.stateFile}: "${stateFile}" must be an absolute path to a file${env[ENV.stateFile]?.trim() ? "" : " (from TMPDIR)"}`,
    );
  }

  const settings: Settings = {
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
    prober,
  };
  refuseUnworkable(settings);
  return settings;
}
