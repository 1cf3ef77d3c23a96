/**
 * The prober as the chart runs it, for the e2e harnesses that measure it (the real datapath,
 * e2e/tick-cost.ts): the prober container's settings read from the rendered chart, the process
 * started beside shell-operator with the pod's name and a service-account directory (token and CA)
 * standing in for the kubelet's, its log lines timed as they arrive (the prober's own lines carry
 * no time), and the ProbeEvidence kind the chart installs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { waitFor } from "../harness/cluster.js";
import type { Manifest } from "./chart.js";
import type { Kube } from "./kube.js";

export const EVIDENCE_GROUP_PATH = "/apis/cilium-egress-ha.io/v1alpha1";

/** The list path of the ProbeEvidence objects in a namespace. */
export const evidencePath = (namespace: string): string =>
  `${EVIDENCE_GROUP_PATH}/namespaces/${namespace}/probeevidences`;

type Container = { name: string; env?: { name: string; value?: string }[] };

/** The literal environment the rendered chart gives the prober container (native sidecar or plain). */
export function proberContainerEnv(manifests: Manifest[]): Record<string, string> {
  const deployment = manifests.find((m) => m.kind === "Deployment");
  const spec = (
    deployment?.spec as { template?: { spec?: { containers?: Container[]; initContainers?: Container[] } } }
  )?.template?.spec;
  const prober = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].find((c) => c.name === "prober");
  if (!prober) throw new Error("the chart renders no prober container (prober.enabled=true and the probe on?)");
  return Object.fromEntries(
    (prober.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]),
  );
}

/** Waits until the apiserver serves the ProbeEvidence kind (its CRD applied with the chart). */
export async function waitForEvidenceKind(kube: Kube, namespace: string): Promise<void> {
  await waitFor(
    "the ProbeEvidence kind served",
    async () => (await kube.request("GET", evidencePath(namespace))).status === 200,
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

export interface ProberLine {
  /** Date.now() when the line arrived. */
  t: number;
  line: Record<string, unknown>;
}

export interface RunningProber {
  pid: number;
  /** Every JSON line the prober logged, timed on arrival. */
  readonly lines: ProberLine[];
  readonly metricsUrl: string;
  stop(): Promise<void>;
}

export interface ProberOptions {
  /** The prober container's environment from the chart (proberContainerEnv). */
  chartEnv: Record<string, string>;
  /** Overrides (the shared directory, the metrics port), applied last. */
  env?: Record<string, string>;
  /** The API server's URL and the CA that signs its certificate. */
  server: string;
  caFile: string;
  /** A service-account token (serviceAccountKubeconfig's). */
  token: string;
  podName: string;
  workDir: string;
  /** The dist/ directory whose cilium-egress-ha.cjs runs the prober. */
  dist: string;
}

/** The token in a kubeconfig serviceAccountKubeconfig wrote. */
export function kubeconfigToken(file: string): string {
  const cfg = JSON.parse(readFileSync(file, "utf8")) as { users: { user: { token?: string } }[] };
  const token = cfg.users[0]?.user.token;
  if (!token) throw new Error(`${file} carries no token`);
  return token;
}

export async function startProber(o: ProberOptions): Promise<RunningProber> {
  const saDir = path.join(o.workDir, "serviceaccount");
  mkdirSync(saDir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(saDir, "token"), o.token, { mode: 0o600 });
  writeFileSync(path.join(saDir, "ca.crt"), readFileSync(o.caFile));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    ...o.chartEnv,
    HOSTNAME: o.podName,
    POD_UID: "",
    EGRESS_HA_PROBER_API: o.server,
    EGRESS_HA_PROBER_SERVICEACCOUNT: saDir,
    ...o.env,
  };
  const log = openSync(path.join(o.workDir, "prober.log"), "a");
  const child: ChildProcess = spawn(process.execPath, [path.join(o.dist, "cilium-egress-ha.cjs"), "prober"], {
    detached: true, // its own process group, stopped by its PID
    stdio: ["ignore", "ignore", "pipe"],
    env,
  });
  if (child.pid === undefined) throw new Error("cannot start the prober");
  const pid = child.pid;
  const lines: ProberLine[] = [];
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  readline.createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (text) => {
    const t = Date.now();
    writeSync(log, `${new Date(t).toISOString()} ${text}\n`);
    try {
      lines.push({ t, line: JSON.parse(text) as Record<string, unknown> });
    } catch {
      // not a JSON line (a crash's stack): kept in the log file only
    }
  });
  const metricsUrl = `http://127.0.0.1:${env.EGRESS_HA_PROBER_METRICS_PORT ?? "9116"}/metrics`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      return;
    }
    const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
    if (!done) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone
      }
      await exited;
    }
  };
  try {
    await waitFor("the prober started", async () => lines.some((l) => l.line.msg === "prober started"), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { pid, lines, metricsUrl, stop };
}
