/**
 * Settings that parse one by one but cannot work together, refused with every variable named:
 * - a resync interval of 0 with the probe or the Lease signal on: both are read on the tick only
 *   (a dead node sends no event), so they would report active and never act;
 * - a probe whose worst case, with the run's own work, cannot end before the run's deadline:
 *   every tick with a silent node would die at the deadline, and nothing would ever move.
 */
import { ENV, SettingsError } from "./env.js";

/**
 * What a run itself may take besides probing: its decisions at the largest supported size (the
 * policy index's cap, about 45 000 policies) took 1.2–1.6 s on a loaded 2-core machine
 * (2026-12-02); 5 s leaves a margin of three.
 */
export const RUN_WORK_SECONDS = 5;

interface Combined {
  resyncIntervalSeconds: number;
  runTimeoutSeconds: number;
  leaseSignal: boolean;
  probe: { timeoutMs: number; failures: number } | null;
}

/** Seconds as the messages show them: at most millisecond precision, no float noise. */
const seconds = (ms: number): string => `${Math.round(ms) / 1000}s`;

/** Throws SettingsError when the settings cannot work together. */
export function refuseUnworkable(s: Combined): void {
  const tickDriven: string[] = [];
  if (s.probe) tickDriven.push(ENV.probe);
  if (s.leaseSignal) tickDriven.push(ENV.leaseSignal);
  if (s.resyncIntervalSeconds === 0 && tickDriven.length > 0) {
    throw new SettingsError(
      `${ENV.resyncInterval}: 0 turns off the resync tick, which ${tickDriven.join(" and ")} ` +
        `${tickDriven.length === 1 ? "needs" : "need"} (a dead node sends no event); set an interval, or turn ` +
        `${tickDriven.length === 1 ? "it" : "them"} off`,
    );
  }
  if (s.probe) {
    const probingMs = s.probe.failures * s.probe.timeoutMs;
    const deadlineMs = Math.round(s.runTimeoutSeconds * 1000);
    if (probingMs + RUN_WORK_SECONDS * 1000 > deadlineMs) {
      throw new SettingsError(
        `${ENV.probeFailures} × ${ENV.probeTimeout}: ${s.probe.failures} × ${seconds(s.probe.timeoutMs)} = ` +
          `${seconds(probingMs)} of probing a silent node, plus ${RUN_WORK_SECONDS}s for the run's own work, does ` +
          `not fit in ${ENV.runTimeout} (${seconds(deadlineMs)}): every tick with a silent node would end at the ` +
          `deadline; lower the probe's failures or timeout, or raise the run timeout`,
      );
    }
  }
}
