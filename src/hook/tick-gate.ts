/**
 * The tick gate, pure: whether the next lone resync tick may be skipped by the hook script
 * (hooks/cilium-egress-ha) without starting Node. With the prober, the resync tick keeps today's
 * interval, so that the moment the prober stops beating the hook probes on its own every tick; but
 * while the prober is fine nothing on a tick can change a decision:
 * - the probe and Lease staleness come as evidence writes, which run the hook at once;
 * - the only timers left are a healthy node's recovery delay and an agent's grace (`waiting`),
 *   and while one runs the gate says `run`;
 * - everything else (a Node's condition, a taint, an agent pod, a policy) is an object event.
 * The refresh binding (full snapshots every 5 minutes with the prober) still runs the hook, as a
 * safety net.
 */
import type { Settings } from "../config/settings.js";
import type { PoolHealth } from "../engine/assess.js";
import { TICK_GATE_FILE } from "../model/evidence.js";
import type { Condition } from "./conditions.js";
import type { ProberRead } from "./gather.js";

export type Gate = "skip" | "run";

/** Why a run leaves the gate at `run`; null when lone ticks may be skipped. */
export function gateHeldBy(settings: Settings, prober: ProberRead, pools: readonly PoolHealth[]): string | null {
  if (!prober.use.use) return "prober-degraded";
  if (settings.leaseSignal && prober.leases !== "watching") return "lease-watch";
  for (const p of pools) for (const n of p.nodes) if (n.waiting !== null) return n.waiting.code;
  return null;
}

/** The gate file to write, or null when it already says so. */
export function gateWrite(
  settings: Settings,
  prober: ProberRead,
  pools: readonly PoolHealth[],
): { path: string; text: string } | null {
  if (!settings.prober) return null;
  const text = `${gateHeldBy(settings, prober, pools) === null ? "skip" : "run"}\n`;
  return text === prober.gate ? null : { path: `${settings.prober.dir}/${TICK_GATE_FILE}`, text };
}

/** A lasting warning while the prober's evidence is used but its Lease watch is not current. */
export function leaseWatchCondition(settings: Settings, prober: ProberRead): Condition | null {
  if (!settings.leaseSignal || !prober.use.use || prober.leases === "watching") return null;
  return {
    key: "prober-leases",
    level: "warn",
    fingerprint: prober.leases ?? "unknown",
    msg: "the prober does not watch the node Leases: their staleness is read on the resync tick",
    fields: { code: `lease-watch-${prober.leases ?? "unknown"}` },
  };
}
