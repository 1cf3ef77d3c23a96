/**
 * The operator pod of the real-datapath e2e, as the chart renders it: shell-operator running this
 * checkout's hook as the chart's ServiceAccount with the chart's settings and, when asked, the
 * prober beside it (the prober container's settings, its ProbeEvidence kind and Role, the hook with
 * EGRESS_HA_PROBER=true and the slower tick). One at a time; `use` swaps the pod's flavour between
 * scenarios, so the tick probe and the prober are measured side by side in one session.
 *
 * For the stage breakdown of a hard crash it keeps, each timed on arrival in this process: when
 * every hook run started (a line the image's hook wrapper appends before it execs the hook; a
 * `date` per run, on both flavours alike), the prober's verdict changes (its log) and the evidence
 * writes (a watch on the ProbeEvidence objects).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Cluster, ShellOperator } from "../harness/cluster.js";
import { applyManifests, chartEnv, renderChart, serviceAccountKubeconfig } from "../support/chart.js";
import type { Kube, WatchEvent } from "../support/kube.js";
import {
  evidencePath,
  kubeconfigToken,
  proberContainerEnv,
  type RunningProber,
  startProber,
  waitForEvidenceKind,
} from "../support/prober.js";
import { imageLayout } from "../support/world.js";

/** The pod's name: the hook and the prober read it from HOSTNAME; the evidence is named after it. */
export const POD_NAME = "egress-ha-operator-0";
const POOLS = `pools=${JSON.stringify({ egress: "node.kubernetes.io/role=egress" })}`;

export class Operator {
  so: ShellOperator | undefined;
  prober: RunningProber | undefined;
  /** The hook's environment of the running flavour (the shell-operator container's, from the chart). */
  hookEnv: Record<string, string> = {};
  /** Whether the running flavour has the prober. */
  withProber: boolean | undefined;
  /** Evidence writes as the apiserver's watch delivered them. */
  readonly evidence: WatchEvent[] = [];
  private stopWatch: (() => void) | undefined;
  private generation = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly kube: Kube,
    private readonly repo: string,
    private readonly work: string,
    private readonly namespace: string,
  ) {}

  private get stampFile(): string {
    return path.join(this.work, "hook-starts.txt");
  }

  /** Starts the operator pod with or without the prober, stopping the other flavour first. */
  async use(withProber: boolean): Promise<void> {
    if (this.withProber === withProber && this.so) return;
    await this.stop();
    const gen = ++this.generation;
    const manifests = renderChart(this.namespace, [`prober.enabled=${withProber}`], [POOLS]);
    await applyManifests(
      this.cluster,
      manifests.filter((m) => m.kind !== "Deployment"),
      path.join(this.work, `chart-${gen}.yaml`),
    );
    const kubeconfig = await serviceAccountKubeconfig(
      this.cluster,
      this.kube,
      manifests,
      this.namespace,
      path.join(this.work, `sa-${gen}.kubeconfig`),
    );
    const hooksDir = this.layout(gen);
    const shared = path.join(this.work, `prober-${gen}`);
    const proberDir = withProber ? { EGRESS_HA_PROBER_DIR: shared } : {};
    this.hookEnv = {
      ...chartEnv(manifests),
      ...proberDir,
      SHELL_OPERATOR_HOOKS_DIR: hooksDir,
      HOSTNAME: POD_NAME,
      // a fresh state per flavour: one's recovery memory is not the other's
      EGRESS_HA_STATE_FILE: path.join(this.work, `hook-state-${gen}`, "state.json"),
    };
    await sleep(1000); // the RBAC authorizer's informers catch up
    if (withProber) {
      await waitForEvidenceKind(this.kube, this.namespace);
      if (!this.stopWatch) {
        const w = this.kube.watch(evidencePath(this.namespace), (e) => this.evidence.push(e));
        this.stopWatch = w.stop;
        await w.ready;
      }
      this.prober = await startProber({
        chartEnv: proberContainerEnv(manifests),
        env: proberDir,
        server: this.cluster.server,
        caFile: this.cluster.pki.caCrt,
        token: kubeconfigToken(kubeconfig),
        podName: POD_NAME,
        workDir: path.join(this.work, `prober-proc-${gen}`),
        dist: path.join(hooksDir, "..", "dist"),
      });
    }
    this.so = await this.cluster.startShellOperator({
      hooksDir,
      kubeconfig,
      env: this.hookEnv,
      logLevel: "info",
      workDir: path.join(this.work, `shell-operator-${gen}`),
    });
    this.withProber = withProber;
  }

  /**
   * The image layout with the hook wrapper that records each run's start: one line, the time in ms,
   * then exec of the image's own wrapper (so the hook runs exactly as in the image).
   */
  private layout(gen: number): string {
    const hooksDir = imageLayout(this.repo, path.join(this.work, `image-${gen}`));
    const hook = path.join(hooksDir, "cilium-egress-ha");
    // beside hooks/, so the image wrapper's own ../dist still resolves
    const realDir = path.join(hooksDir, "..", "hooks-real");
    mkdirSync(realDir);
    const real = path.join(realDir, "cilium-egress-ha");
    renameSync(hook, real);
    writeFileSync(hook, `#!/bin/sh\n[ "$1" = --config ] || date +%s%3N >>'${this.stampFile}'\nexec '${real}' "$@"\n`, {
      mode: 0o755,
    });
    chmodSync(real, 0o755);
    return hooksDir;
  }

  /** When the hook runs started (ms since the epoch), in order. */
  hookStarts(): number[] {
    try {
      return readFileSync(this.stampFile, "utf8")
        .split("\n")
        .filter((l) => l !== "")
        .map(Number);
    } catch {
      return [];
    }
  }

  async stop(): Promise<void> {
    await this.so?.stop().catch(() => {});
    this.so = undefined;
    await this.prober?.stop().catch(() => {});
    this.prober = undefined;
  }

  /** Stops everything, the evidence watch too. Idempotent. */
  async teardown(): Promise<void> {
    this.stopWatch?.();
    this.stopWatch = undefined;
    await this.stop();
  }
}
