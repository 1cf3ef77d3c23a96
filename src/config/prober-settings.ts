/**
 * The prober's settings (EGRESS_HA_PROBER and EGRESS_HA_PROBER_*): the long-lived process beside
 * the hook that probes every pool node in rounds, and what the hook needs to find its evidence
 * (the namespace of the evidence objects, the shared directory of its heartbeat and targets).
 */
import { bool, duration, ENV, SettingsError, wholeNumber } from "./env.js";

export interface ProberSettings {
  /** Milliseconds from the start of one round to the start of the next. */
  intervalMs: number;
  /** Each probe's timeout (ms): a node silent for longer is silent this round. */
  timeoutMs: number;
  /** Silent rounds in a row that make the prober's verdict on a node `silent`. */
  failures: number;
  /** Parallel attempts a suspect (silent, short of a verdict) gets in each confirmation round. */
  confirm: number;
  /** Namespace of the evidence objects (the operator's own). */
  namespace: string;
  /** Directory shared by the hook and the prober (an emptyDir): heartbeat and targets. */
  dir: string;
  /** A heartbeat older than this (ms) means the prober is down: the hook probes on its tick. */
  staleMs: number;
  /** Port of the prober's /metrics and /healthz. */
  metricsPort: number;
}

/** The prober's settings, or null when EGRESS_HA_PROBER is off (the default: a plain image). */
export function readProberSettings(env: Record<string, string | undefined>, tmp: string): ProberSettings | null {
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
  const staleMs = Math.round(duration(env, ENV.proberStale, 3, 1) * 1000);
  return {
    intervalMs: Math.round(interval * 1000),
    timeoutMs: Math.round(timeout * 1000),
    failures: wholeNumber(env, ENV.proberFailures, 2, 1, 10),
    // 5 keeps a link losing 2 % each way (a probe lost with p = 0.04) below one false verdict in
    // 30 days: 0.04^(1 + 5) = 4.1e-9 per round, rounds at most every 100 ms (the timeout; 25.9
    // million in 30 days): 0.11. With 4 it would be 2.7 (docs/design.md, "The prober").
    confirm: wholeNumber(env, ENV.proberConfirm, 5, 1, 8),
    namespace,
    dir: dir.replace(/\/+$/, ""),
    staleMs,
    metricsPort: wholeNumber(env, ENV.proberMetricsPort, 9116, 1, 65535),
  };
}
