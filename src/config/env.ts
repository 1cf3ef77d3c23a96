/**
 * The hook's environment variables by name (ENV), SettingsError, and the parsing of one
 * variable's value (durations, booleans, whole numbers) with the defaults and bounds the caller
 * gives. Every error names the variable.
 */

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
  prober: "EGRESS_HA_PROBER",
  proberInterval: "EGRESS_HA_PROBER_INTERVAL",
  proberTimeout: "EGRESS_HA_PROBER_TIMEOUT",
  proberFailures: "EGRESS_HA_PROBER_FAILURES",
  proberConfirm: "EGRESS_HA_PROBER_CONFIRM",
  proberNamespace: "EGRESS_HA_PROBER_NAMESPACE",
  proberDir: "EGRESS_HA_PROBER_DIR",
  proberStale: "EGRESS_HA_PROBER_STALE",
  proberMetricsPort: "EGRESS_HA_PROBER_METRICS_PORT",
} as const;

/** A setting that could not be parsed. The message starts with the variable's name. */
export class SettingsError extends Error {
  override name = "SettingsError";
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

/** The duration in `name`, in seconds, from `min` to 24 days; `fallback` when unset or empty. */
export function duration(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const seconds = parseDurationSeconds(raw);
  if (seconds === null) throw new SettingsError(`${name}: "${raw}" is not a duration (examples: 30s, 2m, 90)`);
  if (seconds < min) throw new SettingsError(`${name}: ${raw} is below the minimum of ${min}s`);
  if (seconds > MAX_DURATION_SECONDS) throw new SettingsError(`${name}: ${raw} is above the maximum of 24 days`);
  return seconds;
}

/** The boolean in `name` (true/false, 1/0, yes/no, on/off); `fallback` when unset or empty. */
export function bool(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const v = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  throw new SettingsError(`${name}: "${raw}" is not a boolean (use true or false)`);
}

/** The whole number in `name`, from `min` to `max`; `fallback` when unset or empty. */
export function wholeNumber(
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
