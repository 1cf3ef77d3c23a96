/**
 * The egress outage a user lives, on a real Cilium v1.20.2 datapath: a pod's UDP traffic to a server
 * outside leaves through the gateway a CiliumEgressGatewayPolicy names; a gateway fails in one of five
 * ways; the hook (the real shell-operator running this checkout's hooks/ and dist/, with the chart's
 * RBAC and default settings) re-pins the policy; the server records when the traffic came back and from
 * which address. Assertions are about outcomes (what moved, how often, which source address the outside
 * saw); the times are recorded in .e2e/datapath.json and printed, never asserted.
 *
 * Run with `npm run e2e:datapath` (e2e/datapath/run.sh: prerequisites, tools, the control-plane network
 * namespace, cleanup). One run per scenario by default; E2E_FULL=1 for the full repetitions
 * (E2E_DATAPATH_RUNS, default 5).
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { waitFor } from "../harness/cluster.js";
import { CEGP_PATH, JSON_PATCH, type KubeObject, MERGE_PATCH } from "../support/kube.js";
import { gatewaysOf, HOSTNAME as HOSTNAME_LABEL } from "../support/world.js";
import { CLIENT, Datapath, GATEWAYS, missingPrerequisites, REPO, say } from "./datapath.js";
import { flap, lossy, partition, slow, starve, type Undo } from "./disturb.js";
import { AGENT_NOT_READY_TAINT, LEASE_SECONDS, RENEW_SECONDS } from "./kubelet.js";
import { type CrashStages, crashStages, flavour, load1, selection } from "./scenarios.js";
import { type Arrival, quantiles, switchOver } from "./traffic.js";

const FULL = process.env.E2E_FULL === "1";
/** The hook's Lease staleness with the chart default (`auto`): 0.4 × the 40 s Lease. */
const STALE_S = 16;
const { names: SELECTED, runs: RUNS } = selection(process.env);
const missing = missingPrerequisites();
const skip = missing.length > 0 ? `real-datapath e2e cannot run here: ${missing.join("; ")}` : false;

interface Sample {
  from: string;
  to: string;
  outage_ms: number;
  lost: number;
  moves: number;
  stages?: CrashStages;
  [k: string]: unknown;
}

interface Row {
  scenario: string;
  runs: number;
  outage_p50_ms: number;
  outage_p95_ms: number;
  lost_p50: number;
  lost_p95: number;
  moves: number;
  what: string;
  /** The 1-minute load average when the row was recorded. */
  load: number;
  /** A hard crash's stages, p50 and p95 of each, in ms from the cut. */
  stages?: Record<string, { p50: number | null; p95: number | null }>;
  samples: Sample[];
}

const rows: Row[] = [];
const notes: Record<string, unknown> = {};

function addRow(scenario: string, what: string, samples: Sample[]): void {
  const o = quantiles(samples.map((s) => s.outage_ms));
  const l = quantiles(samples.map((s) => s.lost));
  rows.push({
    scenario,
    runs: samples.length,
    outage_p50_ms: Math.round(o.p50),
    outage_p95_ms: Math.round(o.p95),
    lost_p50: l.p50,
    lost_p95: l.p95,
    moves: samples.reduce((n, s) => n + s.moves, 0),
    what,
    load: load1(),
    ...(samples.some((s) => s.stages) ? { stages: stageQuantiles(samples) } : {}),
    samples,
  });
}

function stageQuantiles(samples: Sample[]): Record<string, { p50: number | null; p95: number | null }> {
  const out: Record<string, { p50: number | null; p95: number | null }> = {};
  for (const k of Object.keys(samples[0]?.stages ?? {})) {
    const xs = samples.map((s) => s.stages?.[k as keyof CrashStages]).filter((x): x is number => typeof x === "number");
    const q = quantiles(xs);
    out[k] = xs.length > 0 ? { p50: q.p50, p95: q.p95 } : { p50: null, p95: null };
  }
  return out;
}

/** A setting's duration (`150ms`, `30s`, `1m`) in ms. */
function durationMs(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw.trim());
  if (!m) throw new Error(`not a duration: ${raw}`);
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000;
}

const recoverySeconds = (env: Record<string, string>): number =>
  durationMs(env.EGRESS_HA_RECOVERY_DELAY ?? "30s") / 1000;

function writeReport(dp: Datapath | undefined, totalMs: number): string {
  const file = path.join(REPO, ".e2e", "datapath.json");
  mkdirSync(path.dirname(file), { recursive: true });
  const cpu = os.cpus();
  const report = {
    date: new Date().toISOString(),
    machine: `${cpu.length} cores (${cpu[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}`,
    mode: `${FULL ? "full table" : "CI sample"}, ${RUNS} run(s) per scenario: ${SELECTED.join(", ")}`,
    node: process.version,
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
    cilium: "v1.20.2, tunnel mode (VXLAN), BPF masquerade, one kernel, one network namespace per node",
    kubelet: `heartbeat from the harness: ${LEASE_SECONDS} s Lease renewed every ${RENEW_SECONDS} s; kube-controller-manager defaults (5 s period, 50 s grace)`,
    hook: dp
      ? Object.fromEntries(
          Object.entries(dp.hookEnv).filter(([k]) => k.startsWith("EGRESS_HA_") && k !== "EGRESS_HA_STATE_FILE"),
        )
      : {},
    timings_ms: { ...(dp?.timings ?? {}), total: totalMs },
    rows: rows.map(({ samples, ...r }) => ({ ...r, samples })),
    notes,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

function table(): string {
  const lines = [
    "scenario                                   runs  outage p50 ms  outage p95 ms  lost p50  lost p95  moves  load",
  ];
  for (const r of rows) {
    lines.push(
      `${r.scenario.padEnd(42)} ${String(r.runs).padStart(4)}  ${String(r.outage_p50_ms).padStart(13)}  ${String(r.outage_p95_ms).padStart(13)}  ${String(r.lost_p50).padStart(8)}  ${String(r.lost_p95).padStart(8)}  ${String(r.moves).padStart(5)}  ${String(r.load).padStart(4)}`,
    );
  }
  return lines.join("\n");
}

describe("e2e: the egress outage on a real Cilium datapath", { skip }, () => {
  let dp: Datapath;
  let started = 0;
  let lastRepair = 0;
  let recoveryS = 30;

  const onSignal = (sig: NodeJS.Signals) => {
    say(`${sig}: tearing down`);
    void (dp?.teardown() ?? Promise.resolve()).finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
  };

  before(
    async () => {
      started = Date.now();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      dp = new Datapath(process.env.CEHA_DP_PREFIX as string);
      try {
        await dp.setup();
      } catch (e) {
        say(`setup failed: ${(e as Error).message}`);
        throw e;
      }
      recoveryS = recoverySeconds(dp.hookEnv);
    },
    { timeout: 900_000 },
  );

  after(
    async () => {
      const total = Date.now() - started;
      try {
        const file = writeReport(dp, total);
        process.stdout.write(`\nEgress outage on a real Cilium datapath (${file}):\n${table()}\n`);
      } finally {
        await dp?.teardown();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    },
    { timeout: 300_000 },
  );

  /** Every gateway healthy and out of the hook's recovery memory; traffic flowing through the policy's gateway. */
  const steady = async (policy: string, egressIP: boolean): Promise<string> => {
    await dp.waitNodesHealthy(GATEWAYS, 300_000);
    const wait = lastRepair + (recoveryS + 2) * 1000 - Date.now();
    if (wait > 0) await sleep(wait);
    const gw = await dp.gatewayOf(policy);
    await dp.probe.waitFor((a) => a.src === dp.source(gw, egressIP), Date.now(), 90_000, `through ${gw}`);
    return gw;
  };

  /** The stages of a hard crash, from what the operator recorded (scenarios.ts, crashStages). */
  const stagesOf = (gw: string, t0: number, lastOld: Arrival | undefined, patchAt: number, firstNew: Arrival) => {
    const op = dp.operator;
    const p = op.withProber ? op.hookEnv : undefined;
    return crashStages({
      t0,
      gateway: gw,
      lastOld,
      patchAt,
      firstNew,
      hookStarts: op.hookStarts(),
      verdicts: (op.prober?.lines ?? [])
        .filter((l) => l.line.msg === "probe verdicts changed")
        .map((l) => ({ t: l.t, nodes: (l.line.nodes as string[]) ?? [] })),
      evidence: op.evidence.map((e) => ({
        at: e.at,
        verdicts: Object.fromEntries(
          ((e.object.spec as { nodes?: { node: string; verdict: string }[] })?.nodes ?? []).map((n) => [
            n.node,
            n.verdict,
          ]),
        ),
      })),
      ...(p
        ? {
            prober: {
              intervalMs: durationMs(p.EGRESS_HA_PROBER_INTERVAL ?? "400ms"),
              timeoutMs: durationMs(p.EGRESS_HA_PROBER_TIMEOUT ?? "100ms"),
              failures: Number(p.EGRESS_HA_PROBER_FAILURES ?? 2),
            },
          }
        : {}),
    });
  };

  /**
   * One failover: break the policy's gateway, wait for the move and for traffic through the new one, repair.
   * `stages` records a hard crash's stages; `facts` adds to the sample once traffic follows the move.
   */
  const failover = async (
    policy: string,
    egressIP: boolean,
    breakIt: (gw: string) => Promise<void>,
    repair: (gw: string) => Promise<void>,
    opts: {
      stages?: boolean;
      facts?: (moved: { gateway: string; to: string; patchAt: number }) => Promise<Record<string, unknown>>;
    } = {},
  ): Promise<Sample> => {
    const gw = await steady(policy, egressIP);
    const t0 = Date.now();
    await breakIt(gw);
    const moved = await dp.world.waitForPolicy(policy, (p) => gatewaysOf(p)[0] !== gw, {
      since: t0,
      timeoutMs: 240_000,
    });
    const to = gatewaysOf(moved.object)[0] ?? "";
    assert.ok((GATEWAYS as readonly string[]).includes(to), `moved to a pool node, not "${to}"`);
    if (egressIP) {
      const ip = (moved.object.spec as { egressGateway?: { egressIP?: string } }).egressGateway?.egressIP;
      assert.equal(ip, dp.node(to).egressIP, `the patch sets ${to}'s egress IP`);
    }
    const newSrc = dp.source(to, egressIP);
    const first = await dp.probe.waitFor((a) => a.src === newSrc, t0, 90_000, `through ${to} (${newSrc})`);
    await sleep(3000);
    const end = Date.now();
    const sw = switchOver(dp.probe, t0 - 2000, end, dp.source(gw, egressIP), newSrc);
    const tail = dp.probe.between(end - 2000, end);
    assert.ok(tail.length > 0, "traffic flows after the move");
    assert.deepEqual([...new Set(tail.map((a) => a.src))], [newSrc], "after the move the outside sees the new source");
    const sample: Sample = {
      from: gw,
      to,
      outage_ms: Math.round(sw.outageMs),
      lost: dp.probe.lost(t0 - 2000, end - 1000),
      moves: dp.moves(policy, t0, end).length,
      event_to_patch_ms: moved.at - t0,
      patch_to_first_packet_ms: Math.round(first.t - moved.at),
      strays_after_switch: sw.strays,
      source_after: newSrc,
      ...(opts.stages ? { stages: stagesOf(gw, t0, sw.lastOld, moved.at, first) } : {}),
      ...(opts.facts ? await opts.facts({ gateway: gw, to, patchAt: moved.at }) : {}),
    };
    say(`${policy}: ${gw} → ${to}: ${JSON.stringify(sample)}`);
    await repair(gw);
    lastRepair = Date.now();
    return sample;
  };

  const repeat = async (n: number, f: () => Promise<Sample>): Promise<Sample[]> => {
    const out: Sample[] = [];
    for (let i = 0; i < n; i++) out.push(await f());
    return out;
  };

  /** Registers a scenario once for each selected flavour (`name`, `name-prober`), in this file's order. */
  const scenario = (name: string, title: string, body: (row: string) => Promise<void>): void => {
    for (const row of SELECTED.filter((n) => flavour(n).base === name)) {
      test(`${row}: ${title}`, { timeout: 3_600_000 }, async () => {
        await dp.operator.use(flavour(row).prober);
        await body(row);
      });
    }
  };

  /** A crashed node back (link and heartbeat) and healthy again. */
  const revived = async (gw: string): Promise<void> => {
    await dp.revive(gw);
    await dp.waitNodesHealthy([gw], 300_000);
  };

  /** Waits until the running hook logs a line matching `re` after this call. */
  const hookLogs = (): ((re: RegExp, what: string, timeoutMs: number) => Promise<void>) => {
    const file = dp.operator.so?.logPath;
    if (!file) throw new Error("the operator is not running");
    const from = statSync(file).size;
    return (re, what, timeoutMs) =>
      waitFor(what, async () => re.test(readFileSync(file).subarray(from).toString()), {
        timeoutMs,
        intervalMs: 500,
      });
  };

  scenario("crash", "hard crash: link cut and heartbeat stopped; the policy moves and traffic follows", async (row) => {
    await dp.createPolicy("dp-crash", "gw1");
    try {
      const samples = await repeat(RUNS, () =>
        failover("dp-crash", false, (gw) => dp.crash(gw), revived, { stages: true }),
      );
      for (const s of samples) assert.equal(s.moves, 1, "one move per crash");
      addRow(row, "link cut + heartbeat stopped; outage = last packet via old → first via new", samples);
    } finally {
      await dp.deletePolicy("dp-crash");
    }
  });

  scenario(
    "fallback",
    "the prober killed and not restarted, then a hard crash: the hook probes on its own 1 s tick, and says so",
    async (row) => {
      if (!dp.operator.withProber) {
        notes[row] = "runs only with the prober (fallback-prober): it kills the prober";
        return;
      }
      await dp.createPolicy("dp-fallback", "gw1");
      try {
        const samples = await repeat(RUNS, async () => {
          const prober = dp.operator.prober;
          assert.ok(prober, "the prober runs");
          const logged = hookLogs();
          // Crashed, and left down (a crash loop's back-off): its heartbeat goes stale, the lone
          // ticks reach the hook again (the tick gate), and the hook probes on them.
          process.kill(-prober.pid, "SIGKILL");
          await logged(/heartbeat is [0-9.]+s old/, "the hook reports the prober down", 30_000);
          try {
            const sample = await failover("dp-fallback", false, (gw) => dp.crash(gw), revived);
            const metrics = await (await fetch(dp.operator.so?.metricsUrl ?? "")).text();
            assert.match(
              metrics,
              /cilium_egress_ha_probe_degraded\{code="heartbeat-stale"[^}]*\} 1/,
              "the probe signal reported degraded",
            );
            return sample;
          } finally {
            // The prober back, as its container's restart would bring it.
            await dp.operator.stop();
            await dp.operator.use(true);
          }
        });
        for (const s of samples) assert.equal(s.moves, 1, "one move per crash");
        addRow(row, "prober killed, then link cut + heartbeat stopped; the tick probe moves the policy", samples);
      } finally {
        await dp.deletePolicy("dp-fallback");
      }
    },
  );

  scenario(
    "lease",
    "Lease only: the probe vouches for no pool node, then a hard crash; the Lease moves the policy",
    async (row) => {
      // A probe port filtered on the gateway alone makes it silent alone: the probe would fail it and
      // move the policy before the crash. Filtered towards every pool node, the partition guard
      // suspends the probe, so nothing but the Lease can see the crash.
      const logged = hookLogs();
      const undo = await partition(probePorts());
      try {
        await logged(/probe signal suspended/, "the hook reports the probe suspended", 90_000);
        await dp.createPolicy("dp-lease", "gw1");
        try {
          const samples = await repeat(RUNS, () => {
            let staleAt = 0;
            return failover(
              "dp-lease",
              false,
              async (gw) => {
                await dp.crash(gw);
                // the kubelet stand-in's last renewal, plus the hook's staleness threshold
                staleAt = dp.kubelet(gw).lastRenewAt + STALE_S * 1000;
              },
              revived,
              {
                stages: true,
                facts: async ({ to, patchAt }) => ({
                  lease_to_patch_ms: Math.round(patchAt - staleAt),
                  new_gateway_healthy: await dp.nodeHealthy(to),
                }),
              },
            );
          });
          for (const s of samples) {
            assert.equal(s.moves, 1, "one move per crash");
            assert.equal(s.new_gateway_healthy, true, `moved to a healthy pool node, not ${s.to}`);
            // a renewal's time is taken after its PATCH returns: allow the hook a second's head start
            assert.ok((s.lease_to_patch_ms as number) > -1000, "moved before the Lease went stale: not the Lease path");
          }
          const q = quantiles(samples.map((s) => s.lease_to_patch_ms as number));
          notes[row] = { lease_to_patch_p50_ms: q.p50, lease_to_patch_p95_ms: q.p95 };
          addRow(row, "probe port filtered towards every pool node (probe suspended), then a hard crash", samples);
        } finally {
          await dp.deletePolicy("dp-lease");
        }
      } finally {
        await undo();
      }
    },
  );

  scenario("cordon", "graceful: cordon; the policy moves while the old gateway still forwards", async (row) => {
    await dp.createPolicy("dp-cordon", "gw1");
    try {
      const samples = await repeat(RUNS, () =>
        failover(
          "dp-cordon",
          false,
          (gw) => dp.cordon(gw, true),
          (gw) => dp.cordon(gw, false),
        ),
      );
      for (const s of samples) assert.equal(s.moves, 1, "one move per cordon");
      addRow(row, "kubectl cordon; the old gateway keeps forwarding", samples);
    } finally {
      await dp.deletePolicy("dp-cordon");
    }
  });

  scenario("notready", "graceful: kubelet reports Ready=False while the datapath works", async (row) => {
    await dp.createPolicy("dp-notready", "gw1");
    try {
      const samples = await repeat(RUNS, () =>
        failover(
          "dp-notready",
          false,
          (gw) => dp.kubelet(gw).setReady("False"),
          async (gw) => {
            await dp.kubelet(gw).setReady("True");
            await dp.waitNodesHealthy([gw], 300_000);
          },
        ),
      );
      for (const s of samples) assert.equal(s.moves, 1, "one move per Ready=False");
      addRow(row, "the kubelet reports NotReady; the old gateway keeps forwarding", samples);
    } finally {
      await dp.deletePolicy("dp-notready");
    }
  });

  scenario(
    "restart",
    "agent restart on the gateway: nothing moves; the restart's own loss is recorded",
    async (row) => {
      await dp.createPolicy("dp-restart", "gw1");
      const samples: Sample[] = [];
      try {
        for (let i = 0; i < RUNS; i++) {
          const gw = await steady("dp-restart", false);
          const t0 = Date.now();
          await dp.agent(gw).kill();
          const tainted = dp.taintRule.log.length;
          await sleep(1000); // the kubelet restarts the container
          const agentProc = dp.agent(gw).start();
          const tStart = Date.now();
          await dp.startAgentWait(gw, agentProc);
          const healthyAt = Date.now();
          await dp.waitNodesHealthy([gw], 300_000);
          await sleep(10_000); // a late move would show up here
          const end = Date.now();
          const gap = dp.probe.longestGap(t0 - 2000, end);
          const moves = dp.moves("dp-restart", t0, end);
          const taints = dp.taintRule.log.slice(tainted).filter((x) => x.node === gw);
          const sample: Sample = {
            from: gw,
            to: await dp.gatewayOf("dp-restart"),
            outage_ms: Math.round(gap.ms),
            lost: dp.probe.lost(t0 - 2000, end - 1000),
            moves: moves.length,
            agent_down_ms: healthyAt - t0,
            agent_start_to_healthy_ms: healthyAt - tStart,
            agent_not_ready_taint: taints.map((x) => `${x.action} +${x.at - t0} ms`),
          };
          say(`dp-restart: ${JSON.stringify(sample)}`);
          samples.push(sample);
          // the scenario can fail: the taint cilium-operator sets while the agent is down was there
          assert.ok(
            taints.some((x) => x.action === "taint"),
            `${AGENT_NOT_READY_TAINT} was set on ${gw} while its agent was down`,
          );
          if (moves.length === 0) {
            const tail = dp.probe.between(end - 2000, end);
            assert.ok(tail.length > 0, "traffic flows after the restart");
            assert.deepEqual(
              [...new Set(tail.map((a) => a.src))],
              [dp.source(gw)],
              `traffic still leaves through ${gw}`,
            );
          }
          lastRepair = Date.now();
          if (moves.length > 0) {
            // put it back where the next run expects it
            await dp.kube.must(
              "PATCH",
              `${CEGP_PATH}/dp-restart`,
              [
                {
                  op: "replace",
                  path: "/spec/egressGateway/nodeSelector/matchLabels/kubernetes.io~1hostname",
                  value: gw,
                },
              ],
              JSON_PATCH,
            );
          }
        }
        addRow(
          row,
          `cilium-agent SIGKILLed, restarted 1 s later; ${AGENT_NOT_READY_TAINT} taint while down; outage = longest gap`,
          samples,
        );
      } finally {
        await dp.deletePolicy("dp-restart");
      }
      const moved = samples.filter((s) => s.moves > 0);
      assert.equal(moved.length, 0, `an agent restart moved the policy in ${moved.length} of ${samples.length} runs`);
    },
  );

  /**
   * A 0-move case: the policy's gateway healthy, a disturbance held for `holdMs` and undone, then 10 s
   * for a late move. `after` may check more once the disturbance is over (its moves are not counted).
   */
  const calm = async (
    row: string,
    what: string,
    disturb: (gw: string) => Promise<Undo>,
    holdMs: number,
    after?: (gw: string) => Promise<Record<string, unknown>>,
  ): Promise<void> => {
    const policy = `dp-${flavour(row).base}`;
    await dp.createPolicy(policy, "gw1");
    const samples: Sample[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const gw = await steady(policy, false);
        const t0 = Date.now();
        const undo = await disturb(gw);
        try {
          await sleep(holdMs);
        } finally {
          await undo();
        }
        await sleep(10_000); // a late move would show up here
        const end = Date.now();
        const sample: Sample = {
          from: gw,
          to: await dp.gatewayOf(policy),
          outage_ms: Math.round(dp.probe.longestGap(t0 - 2000, end).ms),
          lost: dp.probe.lost(t0 - 2000, end - 1000),
          moves: dp.moves(policy, t0, end).length,
          ...(after ? await after(gw) : {}),
        };
        say(`${policy}: ${JSON.stringify(sample)}`);
        samples.push(sample);
        await dp.waitNodesHealthy(GATEWAYS, 300_000);
      }
      addRow(row, what, samples);
    } finally {
      // Runs of one case follow each other at once (a node the hook remembers recovering moves
      // nothing here); the next scenario waits for the recovery delays this one may have started.
      lastRepair = Date.now();
      await dp.deletePolicy(policy);
    }
    const moved = samples.filter((s) => s.moves > 0).length;
    assert.equal(moved, 0, `${row} moved the policy in ${moved} of ${samples.length} runs`);
  };

  const probePorts = () => (dp.hookEnv.EGRESS_HA_PROBE_PORTS ?? "4240").split(",").map(Number);
  const probeTimeoutMs = () =>
    durationMs(
      (dp.operator.withProber ? dp.hookEnv.EGRESS_HA_PROBER_TIMEOUT : dp.hookEnv.EGRESS_HA_PROBE_TIMEOUT) ?? "150ms",
    );

  scenario("partition", "the operator cut off from the pool (its probes dropped) for 30 s: nothing moves", (row) =>
    calm(row, "iptables DROP of the probe port towards every pool node, 30 s", () => partition(probePorts()), 30_000),
  );

  /**
   * What the hook's probe made of a node while disturbed: with the tick probe, the most silent attempts
   * in a row its state recorded and whether it was remembered unhealthy (and why); with the prober,
   * its verdict changes naming the node. Sampled from the state file every 500 ms until `stop`.
   */
  const probeView = (gw: string): { stop: () => Record<string, unknown> } => {
    const from = Date.now();
    const file = dp.hookEnv.EGRESS_HA_STATE_FILE ?? "";
    let maxFailures = 0;
    let unhealthy: string | null = null;
    const timer = setInterval(() => {
      try {
        const engine = (JSON.parse(readFileSync(file, "utf8")) as { engine?: Record<string, Record<string, unknown>> })
          .engine;
        const failures = (engine?.probe?.[gw] as { failures?: number } | undefined)?.failures ?? 0;
        maxFailures = Math.max(maxFailures, failures);
        unhealthy ??= (engine?.unhealthy?.[gw] as { why?: string } | undefined)?.why ?? null;
      } catch {
        // between the hook's write and rename, or not written yet
      }
    }, 500);
    return {
      stop: () => {
        clearInterval(timer);
        if (dp.operator.withProber)
          return {
            prober_verdicts: (dp.operator.prober?.lines ?? [])
              .filter((l) => l.t >= from && l.line.msg === "probe verdicts changed")
              .flatMap((l) => ((l.line.nodes as string[]) ?? []).filter((n) => n.startsWith(`${gw}=`))),
          };
        return { probe_max_silent_in_a_row: maxFailures, remembered_unhealthy: unhealthy };
      },
    };
  };

  /** A disturbance with the probe's view of the gateway recorded into `seen` when undone. */
  const viewed =
    (seen: Record<string, unknown>, disturb: (gw: string) => Promise<Undo>) =>
    async (gw: string): Promise<Undo> => {
      for (const k of Object.keys(seen)) delete seen[k];
      const view = probeView(gw);
      try {
        const undo = await disturb(gw);
        return async () => {
          await undo();
          Object.assign(seen, view.stop());
        };
      } catch (e) {
        view.stop();
        throw e;
      }
    };

  scenario("slow", "a slow gateway answering within the probe timeout for 30 s: nothing moves", (row) => {
    const seen: Record<string, unknown> = {};
    return calm(
      row,
      "everything towards the gateway held 0.6 × the probe timeout (a netfilter queue and its holder), 30 s",
      viewed(seen, (gw) => slow(dp, gw, Math.round(0.6 * probeTimeoutMs()))),
      30_000,
      async () => ({ delay_ms: Math.round(0.6 * probeTimeoutMs()), ...seen }),
    ).catch((e: Error) => {
      // without the holder the node cannot be delayed: say so in the report instead of a figure
      if (!/nfq-delay.* not built/.test(e.message)) throw e;
      notes[row] = `not measured: ${e.message}`;
      say(`${row}: ${notes[row]}`);
    });
  });

  scenario("loss", "2 % packet loss each way on the gateway's link for 60 s: nothing moves", (row) => {
    const seen: Record<string, unknown> = {};
    return calm(
      row,
      "iptables statistic: 2 % of the packets dropped at random each way on the gateway's link, 60 s",
      viewed(seen, (gw) => lossy(dp, gw, 0.02, seen)),
      60_000,
      async () => ({ ...seen }),
    );
  });

  /** The node that flaps: the first pool node that is not the gateway. */
  const flapper = (gw: string): string => GATEWAYS.find((g) => g !== gw) as string;

  scenario(
    "flap",
    "a pool node flapping (link down 1 s, up 1 s) for 30 s: nothing moves, and it takes no gateway",
    (row) =>
      calm(
        row,
        "another pool node's link down 1 s / up 1 s for 30 s; then the gateway is cordoned and must not land on it",
        (gw) => flap(dp, flapper(gw), 2000),
        30_000,
        async (gw) => {
          const t = Date.now();
          await dp.cordon(gw, true);
          try {
            const moved = await dp.world.waitForPolicy(`dp-flap`, (p) => gatewaysOf(p)[0] !== gw, {
              since: t,
              timeoutMs: 60_000,
            });
            const to = gatewaysOf(moved.object)[0];
            assert.notEqual(to, flapper(gw), "the flapping node took the gateway");
            return { cordon_moved_to: to };
          } finally {
            await dp.cordon(gw, false);
          }
        },
      ),
  );

  scenario("starve", "the operator's CPU starved (a busy loop on every core) for 60 s: nothing moves", (row) =>
    calm(row, `a busy loop on each of the ${os.cpus().length} cores, 60 s`, () => starve(), 60_000),
  );

  scenario("pool", "whole pool down, then one node back: the policy moves to it", async (row) => {
    await dp.createPolicy("dp-pool", "gw1");
    const samples: Sample[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const gw = await steady("dp-pool", false);
        const t0 = Date.now();
        for (const g of GATEWAYS) await dp.crash(g);
        // The Leases go stale one after the other (0.4 × 40 s after each one's last renewal): until the
        // last one has, the hook sees a live-looking node and may move the policy onto it. After that,
        // nothing may move.
        const allStale = Math.max(...GATEWAYS.map((g) => dp.kubelet(g).lastRenewAt)) + STALE_S * 1000;
        await sleep(Math.max(0, allStale - Date.now()) + 10_000);
        const during = dp.moves("dp-pool", t0, Date.now());
        const afterAllStale = dp.moves("dp-pool", allStale + 3000, Date.now());
        const silent = dp.probe.between(t0 + 2000, Date.now()).filter((a) => a.src !== dp.node(CLIENT).ip);
        assert.equal(silent.length, 0, "no traffic leaves while the whole pool is down");
        const pinned = await dp.gatewayOf("dp-pool");
        const back = GATEWAYS.find((g) => g !== pinned) as string;
        const tBack = Date.now();
        await dp.revive(back);
        const moved = await dp.world.waitForPolicy("dp-pool", (p) => gatewaysOf(p)[0] === back, {
          since: tBack,
          timeoutMs: 300_000,
        });
        const first = await dp.probe.waitFor((a) => a.src === dp.source(back), tBack, 90_000, `through ${back}`);
        await sleep(3000);
        const end = Date.now();
        const sample: Sample = {
          from: gw,
          to: back,
          outage_ms: Math.round(first.t - tBack),
          lost: dp.probe.lost(tBack, first.t),
          moves: during.length + dp.moves("dp-pool", tBack, end).length,
          moves_while_leases_went_stale: during.length,
          moves_after_all_stale: afterAllStale.length,
          pinned_while_down: pinned,
          return_to_patch_ms: moved.at - tBack,
          patch_to_first_packet_ms: Math.round(first.t - moved.at),
          whole_outage_ms: Math.round(first.t - t0),
        };
        say(`dp-pool: ${JSON.stringify(sample)}`);
        samples.push(sample);
        for (const g of GATEWAYS) if (g !== back) await dp.revive(g);
        await dp.waitNodesHealthy(GATEWAYS, 300_000);
        lastRepair = Date.now();
      }
      addRow(row, "outage measured from the node's return (link + heartbeat)", samples);
    } finally {
      await dp.deletePolicy("dp-pool");
    }
    for (const s of samples) {
      assert.equal(s.moves_after_all_stale, 0, "nothing moves once every pool node is known to be down");
      assert.ok((GATEWAYS as readonly string[]).includes(s.pinned_while_down as string), "pinned to a pool node");
    }
  });

  scenario(
    "egressip",
    "egressIP: the policy moves with the new node's egress IP, which the outside sees",
    async (row) => {
      // address first, then the policy: the order that works (see 5b)
      for (const g of GATEWAYS) await dp.addEgressIP(g);
      await dp.createPolicy("dp-egressip", "gw1", { egressIP: dp.node("gw1").egressIP });
      try {
        const samples = await repeat(RUNS, () =>
          failover(
            "dp-egressip",
            true,
            (gw) => dp.cordon(gw, true),
            (gw) => dp.cordon(gw, false),
          ),
        );
        for (const s of samples) assert.equal(s.moves, 1, "one move per cordon");
        addRow(row, "policy with egressIP; every gateway carries its own as a /32 on eth0", samples);
      } finally {
        await dp.deletePolicy("dp-egressip");
      }
    },
  );

  scenario(
    "egressip-order",
    "egressIP order: the address added after the policy points at the node (cilium/cilium#47761)",
    async (row) => {
      const x = "gw3";
      const y = "gw2";
      const result: Record<string, unknown> = {};
      await dp.removeEgressIP(x);
      await dp.probe.waitFor((a) => a.src === dp.node(CLIENT).ip, Date.now(), 60_000, "without a policy");
      // policy first (not managed by the hook, so nothing but this test writes it)
      const tPolicy = Date.now();
      await dp.createPolicy("dp-order", x, { egressIP: dp.node(x).egressIP, managed: false });
      await sleep(5000);
      const before = dp.probe.between(tPolicy + 1000, Date.now());
      result.policy_before_address = {
        arrived: before.length,
        sources: [...new Set(before.map((a) => a.src))],
        egress_map_on_gateway: (
          await dp
            .agent(x)
            .dbg(["bpf", "egress", "list"])
            .catch((e: Error) => e.message)
        ).trim(),
      };
      // then the address
      const tAddr = Date.now();
      await dp.addEgressIP(x);
      const noticed = await dp.probe
        .waitFor((a) => a.src === dp.node(x).egressIP, tAddr, 30_000, "from the late address")
        .then((a) => Math.round(a.t - tAddr))
        .catch(() => null);
      result.address_added_later = {
        traffic_with_egress_ip_after_ms: noticed,
        egress_map_on_gateway: (
          await dp
            .agent(x)
            .dbg(["bpf", "egress", "list"])
            .catch((e: Error) => e.message)
        ).trim(),
      };
      if (noticed === null) {
        // does touching the policy make the agent look again?
        const tTouch = Date.now();
        await dp.kube.must(
          "PATCH",
          `${CEGP_PATH}/dp-order`,
          { metadata: { annotations: { "e2e/touched": String(tTouch) } } },
          MERGE_PATCH,
        );
        result.after_touching_policy_ms = await dp.probe
          .waitFor((a) => a.src === dp.node(x).egressIP, tTouch, 20_000, "after touching the policy")
          .then((a) => Math.round(a.t - tTouch))
          .catch(() => null);
        if (result.after_touching_policy_ms === null) {
          const tRestart = Date.now();
          await dp.agent(x).stop();
          await dp.startAgent(x);
          result.after_agent_restart_ms = await dp.probe
            .waitFor((a) => a.src === dp.node(x).egressIP, tRestart, 60_000, "after restarting the agent")
            .then((a) => Math.round(a.t - tRestart))
            .catch(() => null);
          await dp.waitNodesHealthy([x], 300_000);
        }
      }
      // address first, then the patch: the order the hook relies on
      await dp.addEgressIP(y).catch(() => {}); // present since test 5
      const tPatch = Date.now();
      await dp.kube.must(
        "PATCH",
        `${CEGP_PATH}/dp-order`,
        [
          { op: "replace", path: "/spec/egressGateway/nodeSelector/matchLabels/kubernetes.io~1hostname", value: y },
          { op: "replace", path: "/spec/egressGateway/egressIP", value: dp.node(y).egressIP },
        ],
        JSON_PATCH,
      );
      const viaY = await dp.probe.waitFor(
        (a) => a.src === dp.node(y).egressIP,
        tPatch,
        60_000,
        `through ${y}'s egress IP`,
      );
      result.address_first_then_patch_ms = Math.round(viaY.t - tPatch);
      notes[row] = result;
      say(`dp-order: ${JSON.stringify(result)}`);
      await dp.deletePolicy("dp-order");
      for (const g of GATEWAYS) await dp.removeEgressIP(g);
      assert.ok(
        result.address_first_then_patch_ms !== undefined,
        "address first, then patch: traffic leaves with the egress IP",
      );
    },
  );

  scenario(
    "pins",
    "the pin's pool term: the pool label reaches the CiliumNode, and a pin with hostname + pool term is followed",
    async (row) => {
      // The chart's default pool label, set by an administrator (a kubelet cannot set it).
      const RESTRICTED = "node-restriction.kubernetes.io/egress-pool";
      for (const g of GATEWAYS)
        await dp.kube.must(
          "PATCH",
          `/api/v1/nodes/${g}`,
          { metadata: { labels: { [RESTRICTED]: "egress" } } },
          MERGE_PATCH,
        );
      // (1) With the agents' default settings (no --exclude-node-label-patterns), both pool labels reach each CiliumNode.
      const seen: Record<string, Record<string, string>> = {};
      const deadline = Date.now() + 60_000;
      for (const g of GATEWAYS) {
        for (;;) {
          const cn = await dp.kube.must<KubeObject>("GET", `/apis/cilium.io/v2/ciliumnodes/${g}`);
          const labels = (cn.metadata.labels ?? {}) as Record<string, string>;
          seen[g] = labels;
          if (labels[RESTRICTED] === "egress" || Date.now() > deadline) break;
          await sleep(500);
        }
        assert.equal(seen[g]?.[RESTRICTED], "egress", `${RESTRICTED} on CiliumNode ${g}`);
        assert.equal(seen[g]?.["node.kubernetes.io/role"], "egress", `node.kubernetes.io/role on CiliumNode ${g}`);
      }
      notes[`${row}: pool label on the CiliumNode`] = seen;
      // (2) A pin with the hostname and a pool term is followed; a re-pin of both moves the traffic.
      const pin = (host: string, pool: string) => ({ matchLabels: { [HOSTNAME_LABEL]: host, [RESTRICTED]: pool } });
      const repin = (selector: unknown) =>
        dp.kube.must(
          "PATCH",
          `${CEGP_PATH}/dp-pin`,
          [{ op: "replace", path: "/spec/egressGateway/nodeSelector", value: selector }],
          JSON_PATCH,
        );
      const [g1, g2] = GATEWAYS as readonly string[] as [string, string];
      await dp.createPolicy("dp-pin", g1, { managed: false });
      try {
        await repin(pin(g1, "egress"));
        await dp.probe.waitFor(
          (a) => a.src === dp.source(g1),
          Date.now(),
          90_000,
          `through ${g1} (hostname + pool term)`,
        );
        const tMove = Date.now();
        await repin(pin(g2, "egress"));
        const via = await dp.probe.waitFor(
          (a) => a.src === dp.source(g2),
          tMove,
          90_000,
          `through ${g2} after the re-pin`,
        );
        // The term is evaluated: a pin whose pool term the node does not carry is not followed.
        const tWrong = Date.now();
        await repin(pin(g1, "other"));
        await sleep(5000);
        const after = dp.probe.between(tWrong + 2000, Date.now());
        assert.ok(!after.some((a) => a.src === dp.source(g1)), `a pin with a pool term ${g1} lacks is not followed`);
        notes[`${row}: pin with the pool term`] = {
          repin_ms: Math.round(via.t - tMove),
          wrong_term_arrivals: after.length,
        };
      } finally {
        await dp.deletePolicy("dp-pin");
        for (const g of GATEWAYS)
          await dp.kube.must(
            "PATCH",
            `/api/v1/nodes/${g}`,
            { metadata: { labels: { [RESTRICTED]: null } } },
            MERGE_PATCH,
          );
      }
      // (3) The hook's own move writes the pin with the harness pool's term, and the traffic follows it.
      await dp.createPolicy("dp-pin-move", g1);
      try {
        const samples = await repeat(1, () =>
          failover(
            "dp-pin-move",
            false,
            (gw) => dp.cordon(gw, true),
            (gw) => dp.cordon(gw, false),
          ),
        );
        const moved = await dp.world.policy("dp-pin-move");
        const selector = (moved.spec as { egressGateway: { nodeSelector: { matchLabels: Record<string, string> } } })
          .egressGateway.nodeSelector;
        assert.equal(selector.matchLabels["node.kubernetes.io/role"], "egress", "the hook's pin carries the pool term");
        addRow(row, "cordon; the hook re-pins with hostname + pool term", samples);
      } finally {
        await dp.deletePolicy("dp-pin-move");
      }
    },
  );
});
