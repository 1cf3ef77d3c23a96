/**
 * Memory at the largest supported size, on a real control plane: shell-operator (with the chart's
 * object patcher settings) runs the hook over N policies on 10 gateways, N/10 each. Three phases:
 * the start (shell-operator's Synchronization run brings every policy at once), a storm (two
 * gateways go Ready=False together: N/5 policies move, and their object events follow) and a
 * refresh (the 60 s `refresh` schedule brings full snapshots again).
 *
 * Measured: the peak RSS of the shell-operator process (VmHWM in /proc) and of every hook
 * process (the hook's Node runs under `/usr/bin/time -f %M` through CILIUM_EGRESS_HA_NODE, which
 * appends each run's peak to a file). The sum of the two peaks bounds what the pod needs; it must
 * stay below the chart's memory limit. Figures go to .e2e/memory.json and a table.
 *
 * N is 2 000 in the CI sample; E2E_FULL=1 measures the supported size, 20 000 (about 3 minutes on a
 * 2-core machine: the figures behind the chart's limit, docs/performance.md); E2E_MEMORY_POLICIES
 * sets another.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { SUPPORTED_POLICIES } from "../src/hook/conditions.js";
import { type Cluster, findTools, type ShellOperator, startCluster } from "./harness/cluster.js";
import { chartMemoryLimitMiB, chartPatcherEnv } from "./support/chart.js";
import { Kube } from "./support/kube.js";
import { gatewaysOf, imageLayout, LONG_AGO, repetitions, World } from "./support/world.js";

const REPO = path.join(import.meta.dirname, "..");
const TIME = "/usr/bin/time";
const POLICIES = repetitions("E2E_MEMORY_POLICIES", 2000, SUPPORTED_POLICIES);
const NODES = Array.from({ length: 10 }, (_, i) => `gw-${i}`);
const BROKEN = ["gw-0", "gw-1"];
const PER_NODE = Math.ceil(POLICIES / NODES.length);
const hookNode = process.env.CILIUM_EGRESS_HA_NODE || process.execPath;
const tools = findTools();
const skip =
  tools.missing.length > 0
    ? `e2e tools not built (${tools.missing.join(", ")}): run npm run e2e`
    : existsSync(TIME)
      ? false
      : `${TIME} not installed (apt-get install time)`;

/** Peak RSS of a live process, in MiB (VmHWM). */
function peakMiB(pid: number): number {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  assert.ok(m, `no VmHWM for pid ${pid}`);
  return Number(m[1]) / 1024;
}

const mib = (x: number): number => Math.round(x * 10) / 10;

describe(`e2e: memory with ${POLICIES} policies (start, storm, refresh)`, { skip }, () => {
  let cluster: Cluster;
  let world: World;
  let so: ShellOperator | undefined;
  let work: string;
  let hookPeaks: string;
  /** Phase → [shell-operator peak so far, hook peak in the phase], MiB. */
  const phases = new Map<string, { shellOperator: number; hook: number; runs: number; seconds: number }>();
  let phaseStart = { runs: 0, at: 0 };

  /** Each hook run's peak RSS in MiB, in run order (`time` also writes a line for a failed exit). */
  const hookRuns = (): number[] =>
    existsSync(hookPeaks)
      ? readFileSync(hookPeaks, "utf8")
          .split("\n")
          .filter((l) => /^\d+$/.test(l))
          .map((l) => Number(l) / 1024)
      : [];

  /** The peaks over every phase so far, MiB. */
  const peaks = () => ({
    shellOperator: Math.max(...[...phases.values()].map((p) => p.shellOperator)),
    hook: Math.max(...[...phases.values()].map((p) => p.hook)),
  });

  const beginPhase = (): void => {
    phaseStart = { runs: hookRuns().length, at: Date.now() };
  };
  const endPhase = (name: string): void => {
    const runs = hookRuns().slice(phaseStart.runs);
    phases.set(name, {
      shellOperator: peakMiB(so?.process.pid ?? 0),
      hook: Math.max(0, ...runs),
      runs: runs.length,
      seconds: Math.round((Date.now() - phaseStart.at) / 1000),
    });
  };

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), "cegp-e2e-memory-"));
    const hooksDir = imageLayout(REPO, path.join(work, "image"));
    hookPeaks = path.join(work, "hook-peaks.txt");
    const timedNode = path.join(work, "timed-node");
    writeFileSync(timedNode, `#!/bin/sh\nexec ${TIME} -a -o '${hookPeaks}' -f %M '${hookNode}' "$@"\n`, {
      mode: 0o755,
    });
    cluster = await startCluster();
    world = new World(Kube.admin(cluster));
    await world.startWatches();
    for (const n of NODES) await world.createNode(n);
    const names = NODES.flatMap((n) => Array.from({ length: PER_NODE }, (_, i) => [n, `on-${n}-${i}`] as const));
    const t0 = Date.now();
    for (let i = 0; i < names.length; i += 50)
      await Promise.all(
        names.slice(i, i + 50).map(([n, name]) => world.createPolicy(name, { pool: "egress", hostname: n })),
      );
    process.stderr.write(`created ${names.length} policies in ${Math.round((Date.now() - t0) / 1000)} s\n`);
    mkdirSync(path.join(work, "state"));
    beginPhase();
    so = await cluster.startShellOperator({
      hooksDir,
      env: {
        SHELL_OPERATOR_HOOKS_DIR: hooksDir,
        CILIUM_EGRESS_HA_NODE: timedNode,
        ...chartPatcherEnv(),
        EGRESS_HA_LEASE_SIGNAL: "false",
        EGRESS_HA_AGENT_SIGNAL: "false",
        EGRESS_HA_PROBE: "false",
        EGRESS_HA_RECOVERY_DELAY: "1s",
        EGRESS_HA_STATE_FILE: path.join(work, "state", "state.json"),
      },
      logLevel: "info",
      workDir: mkdtempSync(path.join(work, "so-")),
    });
    // The Synchronization run with every policy, then a few resync ticks.
    const deadline = Date.now() + 300_000;
    while (hookRuns().length < 5 && Date.now() < deadline) await sleep(500);
    await sleep(5_000);
    endPhase("start (all policies at once)");
  });

  after(async () => {
    world?.stopWatches();
    const hookLog = so ? readFileSync(so.logPath, "utf8") : "";
    await so?.stop();
    await cluster?.stop();
    if (phases.size > 0) {
      const shellOperatorPeakMiB = mib(peaks().shellOperator);
      const hookPeakMiB = mib(peaks().hook);
      const record = {
        policies: POLICIES,
        shellOperatorPeakMiB,
        hookPeakMiB,
        sumPeakMiB: mib(shellOperatorPeakMiB + hookPeakMiB),
        limitMiB: chartMemoryLimitMiB(),
        phases: Object.fromEntries(
          [...phases].map(([k, p]) => [k, { ...p, shellOperator: mib(p.shellOperator), hook: mib(p.hook) }]),
        ),
        loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
        node: execFileSync(hookNode, ["--version"], { encoding: "utf8" }).trim(),
        at: new Date().toISOString(),
        overSupportedSizeLogged: hookLog.includes("over-supported-size"),
      };
      const file = path.join(REPO, ".e2e", "memory.json");
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
      const w = Math.max(...[...phases.keys()].map((k) => k.length), 5);
      const rows = [...phases].map(
        ([k, p]) =>
          `${k.padEnd(w)}  ${String(mib(p.shellOperator)).padStart(20)}  ${String(mib(p.hook)).padStart(13)}  ${String(p.runs).padStart(9)}`,
      );
      process.stdout.write(
        `\nMemory with ${POLICIES} policies (load ${record.loadAverage.join(" ")}):\n` +
          `${"phase".padEnd(w)}  shell-operator MiB*  hook peak MiB  hook runs\n${rows.join("\n")}\n` +
          `sum of the peaks ${record.sumPeakMiB} MiB, chart limit ${record.limitMiB} MiB (* VmHWM so far)\n`,
      );
    }
    if (process.env.E2E_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  });

  test(`a storm: ${BROKEN.join(" and ")} go Ready=False at once, their ${BROKEN.length * PER_NODE} policies move`, async () => {
    beginPhase();
    const brokenAt = Date.now();
    await Promise.all(BROKEN.map((n) => world.setReady(n, "False")));
    const expected = BROKEN.length * PER_NODE;
    const moved = new Set<string>();
    const deadline = Date.now() + 600_000;
    let seen = 0;
    while (moved.size < expected && Date.now() < deadline) {
      for (; seen < world.events.length; seen++) {
        const e = world.events[seen];
        if (!e || e.at < brokenAt || e.object.kind !== "CiliumEgressGatewayPolicy" || e.type !== "MODIFIED") continue;
        const name = e.object.metadata.name;
        const from = BROKEN.find((n) => name.startsWith(`on-${n}-`));
        if (from && !BROKEN.includes(gatewaysOf(e.object)[0] ?? from)) moved.add(name);
      }
      await sleep(200);
    }
    assert.equal(moved.size, expected, `${moved.size} of ${expected} policies moved off ${BROKEN.join(", ")}`);
    process.stderr.write(`storm: ${expected} policies moved in ${Math.round((Date.now() - brokenAt) / 1000)} s\n`);
    // Their object events reach the hook after the patches.
    await sleep(10_000);
    endPhase("storm (2 gateways down)");
    for (const n of BROKEN) await world.setReady(n, "True", LONG_AGO);
  });

  test("a refresh: the 60 s schedule brings full snapshots; the pod stays below the chart's limit", async () => {
    beginPhase();
    const refreshes = (): number =>
      (readFileSync(so?.logPath ?? "", "utf8").match(/"msg":"Hook executed successfully","binding":"refresh"/g) ?? [])
        .length;
    const before = refreshes();
    const deadline = Date.now() + 90_000;
    let now = before;
    while (now === before && Date.now() < deadline) {
      await sleep(1000);
      now = refreshes();
    }
    assert.ok(now > before, "a refresh run within 90 s");
    await sleep(3_000);
    endPhase("refresh (full snapshots)");
    const so_ = Math.max(...[...phases.values()].map((p) => p.shellOperator));
    const hook = Math.max(...[...phases.values()].map((p) => p.hook));
    const limit = chartMemoryLimitMiB();
    assert.ok(
      so_ + hook < limit,
      `shell-operator ${mib(so_)} MiB + hook ${mib(hook)} MiB under the limit ${limit} MiB`,
    );
  });
});
