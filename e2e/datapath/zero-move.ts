/**
 * The datapath's 0-move cases: the gateway's agent restarted, the operator cut off from the pool, a slow or
 * lossy gateway, a flapping pool node, the operator's CPU starved. Each must move nothing.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { CEGP_PATH, JSON_PATCH } from "../support/kube.js";
import { gatewaysOf } from "../support/world.js";
import { RUNS, type Run } from "./context.js";
import { GATEWAYS, say } from "./datapath.js";
import { flap, lossy, partition, slow, starve, type Undo } from "./disturb.js";
import { AGENT_NOT_READY_TAINT } from "./kubelet.js";
import type { Sample } from "./report.js";

/** The 0-move cases: restart, partition, slow, loss, flap, starve. */
export function registerZeroMoves(run: Run): void {
  const { scenario, steady, calm, probePorts, probeTimeoutMs, notes, addRow } = run;

  scenario(
    "restart",
    "agent restart on the gateway: nothing moves; the restart's own loss is recorded",
    async (row, dp) => {
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
          run.lastRepair = Date.now();
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

  scenario("partition", "the operator cut off from the pool (its probes dropped) for 30 s: nothing moves", (row) =>
    calm(row, "iptables DROP of the probe port towards every pool node, 30 s", () => partition(probePorts()), 30_000),
  );

  /**
   * What the hook's probe made of a node while disturbed: with the tick probe, the most silent attempts
   * in a row its state recorded and whether it was remembered unhealthy (and why); with the prober,
   * its verdict changes naming the node. Sampled from the state file every 500 ms until `stop`.
   */
  const probeView = (gw: string): { stop: () => Record<string, unknown> } => {
    const { dp } = run;
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

  scenario("slow", "a slow gateway answering within the probe timeout for 30 s: nothing moves", (row, dp) => {
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

  scenario("loss", "2 % packet loss each way on the gateway's link for 60 s: nothing moves", (row, dp) => {
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
    (row, dp) =>
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
}
