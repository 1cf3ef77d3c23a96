/**
 * What the datapath scenarios share: the selection (scenarios.ts), the report (report.ts), and the run
 * helpers (steady, failover, calm, repeat, a hard crash's stages, waiting for a hook log line) closed
 * over the datapath and the state runs hand on to each other (the last repair, the recovery delay).
 */
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { waitFor } from "../harness/cluster.js";
import { gatewaysOf } from "../support/world.js";
import { type Datapath, GATEWAYS, say } from "./datapath.js";
import type { Undo } from "./disturb.js";
import { newReport, type Sample } from "./report.js";
import { crashStages, flavour, selection } from "./scenarios.js";
import { type Arrival, switchOver } from "./traffic.js";

const FULL = process.env.E2E_FULL === "1";
/** The hook's Lease staleness with the chart default (`auto`): 0.4 × the 40 s Lease. */
export const STALE_S = 16;
export const { names: SELECTED, runs: RUNS } = selection(process.env);

/** A setting's duration (`150ms`, `30s`, `1m`) in ms. */
function durationMs(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw.trim());
  if (!m) throw new Error(`not a duration: ${raw}`);
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000;
}

const recoverySeconds = (env: Record<string, string>): number =>
  durationMs(env.EGRESS_HA_RECOVERY_DELAY ?? "30s") / 1000;

export type Run = ReturnType<typeof runContext>;

/** The run helpers; `attach` hands them the datapath once `before` has set it up. */
export function runContext() {
  let dp: Datapath;
  let lastRepair = 0;
  let recoveryS = 30;
  const report = newReport({ full: FULL, names: SELECTED, runs: RUNS });
  const { addRow } = report;

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

  /**
   * Registers a scenario once for each selected flavour (`name`, `name-prober`), in the order of these calls
   * (datapath.test.ts registers the scenario modules in the order their rows run).
   */
  const scenario = (name: string, title: string, body: (row: string, dp: Datapath) => Promise<void>): void => {
    for (const row of SELECTED.filter((n) => flavour(n).base === name)) {
      test(`${row}: ${title}`, { timeout: 3_600_000 }, async () => {
        await dp.operator.use(flavour(row).prober);
        await body(row, dp);
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

  return {
    /** The datapath set up, and the recovery delay its hook runs with. */
    attach(d: Datapath): void {
      dp = d;
      recoveryS = recoverySeconds(dp.hookEnv);
    },
    get dp(): Datapath {
      return dp;
    },
    /** When a scenario last repaired what it broke; `steady` waits the recovery delay from there. */
    get lastRepair(): number {
      return lastRepair;
    },
    set lastRepair(t: number) {
      lastRepair = t;
    },
    report,
    notes: report.notes,
    addRow: report.addRow,
    steady,
    failover,
    repeat,
    scenario,
    revived,
    hookLogs,
    calm,
    probePorts,
    probeTimeoutMs,
  };
}
