/**
 * The active probe's settings (EGRESS_HA_PROBE and EGRESS_HA_PROBE_*): which ports of a pool
 * node to try, how long to wait, and how many silent attempts over how long make it unhealthy.
 */
import { bool, duration, ENV, SettingsError } from "./env.js";

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

/** The probe's settings, or null when EGRESS_HA_PROBE turns it off. */
export function readProbeSettings(env: Record<string, string | undefined>): ProbeSettings | null {
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
