/**
 * `cilium-egress-ha prober`: the long-lived prober, its own bundle (dist/prober.cjs), loaded only
 * by this command so a hook run never pays for it. Reads the hook's settings from the same env,
 * and its pod's name (HOSTNAME) and uid (POD_UID, for the evidence's owner reference).
 * Exit codes: 0 stopped by SIGTERM/SIGINT, 2 invalid settings, 1 anything else.
 */
import { readSettings, SettingsError } from "../config/settings.js";
import { inClusterClient } from "../io/kube-api.js";
import { createLogger } from "../io/log.js";
import { runProber } from "./run.js";

export async function proberMain(env: Record<string, string | undefined>): Promise<number> {
  let settings: ReturnType<typeof readSettings>;
  try {
    settings = readSettings(env);
    if (!settings.prober || !settings.probe)
      throw new SettingsError("EGRESS_HA_PROBER: the prober needs EGRESS_HA_PROBER=true and EGRESS_HA_PROBE on");
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    process.stderr.write(
      `${JSON.stringify({ level: "error", msg: `invalid settings: ${err.message}`, code: "settings" })}\n`,
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
  for (const sig of ["SIGTERM", "SIGINT"] as const) process.once(sig, () => stop.abort());
  await runProber(
    settings,
    { api: inClusterClient(env), log, podName, podUid: env.POD_UID?.trim() || null },
    stop.signal,
  );
  return 0;
}
