/**
 * Which datapath scenarios run, how often, and with which operator flavour; and the stages of a hard
 * crash, from the records the harness keeps (e2e/datapath/operator.ts).
 *
 * - `E2E_SCENARIOS=crash,crash-prober` runs exactly those (comma-separated names, in the order
 *   datapath.test.ts registers them); without it, the CI sample (every scenario once, the hard crash
 *   with the prober too) or, with `E2E_FULL=1`, the full table (also the Lease-only path, the lossy link and the 0-move cases
 *   with the prober).
 * - `E2E_RUNS=<n>` repetitions of each; default 1, or `E2E_DATAPATH_RUNS` (5) with `E2E_FULL=1`.
 * - `<name>-prober` runs a scenario with the prober beside the hook (the chart's `prober.enabled=true`);
 *   `E2E_PROBER=1` runs every selected scenario that way.
 */
import os from "node:os";
import type { Arrival } from "./traffic.js";

/** The scenarios of the CI sample, in the order they run. */
export const SAMPLE = [
  "crash",
  "crash-prober",
  "fallback-prober",
  "cordon",
  "notready",
  "restart",
  "pool",
  "egressip",
  "egressip-order",
  "pins",
];
/** The Lease-only path, both flavours: too slow for the CI sample (the full table adds it). */
export const LEASE_ONLY = ["lease", "lease-prober"];
/** The 0-move cases measured with the prober, and the lossy link (the full table adds them). */
export const ZERO_MOVE = [
  "restart-prober",
  "partition-prober",
  "slow-prober",
  "loss",
  "loss-prober",
  "flap-prober",
  "starve-prober",
];

export interface Selection {
  /** Scenario names to run, each as a row will be named (a `-prober` suffix when the prober runs). */
  names: string[];
  runs: number;
}

export function selection(env: Record<string, string | undefined>): Selection {
  const full = env.E2E_FULL === "1";
  const runs = Number(env.E2E_RUNS ?? (full ? (env.E2E_DATAPATH_RUNS ?? 5) : 1));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`E2E_RUNS=${env.E2E_RUNS}: a whole number ≥ 1`);
  const asked = (env.E2E_SCENARIOS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  let names = asked.length > 0 ? asked : full ? [...SAMPLE, ...LEASE_ONLY, ...ZERO_MOVE] : SAMPLE;
  if (env.E2E_PROBER === "1") names = names.map((n) => (n.endsWith("-prober") ? n : `${n}-prober`));
  return { names: [...new Set(names)], runs };
}

/** A row name split into its scenario and flavour. */
export function flavour(name: string): { base: string; prober: boolean } {
  return name.endsWith("-prober")
    ? { base: name.slice(0, -"-prober".length), prober: true }
    : { base: name, prober: false };
}

/** The 1-minute load average, rounded, recorded with every figure. */
export const load1 = (): number => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

export interface CrashRecords {
  /** When the link was cut and the heartbeat stopped. */
  t0: number;
  gateway: string;
  lastOld: Arrival | undefined;
  patchAt: number;
  firstNew: Arrival;
  hookStarts: number[];
  /** The prober's verdict changes, timed on arrival (absent without the prober). */
  verdicts: { t: number; nodes: string[] }[];
  /** Evidence writes as the watch saw them, with each node's verdict. */
  evidence: { at: number; verdicts: Record<string, string> }[];
  /** The prober's settings, to place its first silent probe. */
  prober?: { intervalMs: number; timeoutMs: number; failures: number };
}

/** The stages of one hard crash in ms from the cut (null where this flavour has no such stage). */
export interface CrashStages {
  last_datagram: number | null;
  first_silent_probe: number | null;
  verdict: number | null;
  evidence_written: number | null;
  hook_started: number | null;
  patch: number;
  first_datagram_new: number;
}

export function crashStages(r: CrashRecords): CrashStages {
  const rel = (t: number | undefined | null) => (t === undefined || t === null ? null : Math.round(t - r.t0));
  const verdict = r.verdicts.find((v) => v.t >= r.t0 && v.nodes.includes(`${r.gateway}=silent`))?.t;
  const written = r.evidence.find((e) => e.at >= r.t0 && e.verdicts[r.gateway] === "silent")?.at;
  const started = r.hookStarts.filter((t) => t >= r.t0 && t <= r.patchAt).at(-1);
  // The prober logs verdicts, not probes: the first silent probe went out `failures` timeouts
  // before the verdict (each confirmation round starts when the silent round before it ends).
  const p = r.prober;
  const firstSilent = verdict !== undefined && p ? verdict - p.failures * p.timeoutMs : null;
  return {
    last_datagram: rel(r.lastOld?.t),
    first_silent_probe: rel(firstSilent),
    verdict: rel(verdict),
    evidence_written: rel(written),
    hook_started: rel(started),
    patch: Math.round(r.patchAt - r.t0),
    first_datagram_new: Math.round(r.firstNew.t - r.t0),
  };
}
