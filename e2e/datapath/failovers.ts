/**
 * The datapath scenarios that move a policy: a hard crash (with the prober, with the prober killed, with the
 * Lease alone), the graceful cordon and NotReady, and the whole pool down until one node comes back.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { gatewaysOf } from "../support/world.js";
import { RUNS, type Run, STALE_S } from "./context.js";
import { CLIENT, GATEWAYS, say } from "./datapath.js";
import { partition } from "./disturb.js";
import type { Sample } from "./report.js";
import { quantiles } from "./traffic.js";

/** Hard crashes and graceful failovers: crash, fallback, lease, cordon, notready. */
export function registerFailovers(run: Run): void {
  const { scenario, repeat, failover, revived, hookLogs, probePorts, notes, addRow } = run;

  scenario(
    "crash",
    "hard crash: link cut and heartbeat stopped; the policy moves and traffic follows",
    async (row, dp) => {
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
    },
  );

  scenario(
    "fallback",
    "the prober killed and not restarted, then a hard crash: the hook probes on its own 1 s tick, and says so",
    async (row, dp) => {
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
    async (row, dp) => {
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

  scenario("cordon", "graceful: cordon; the policy moves while the old gateway still forwards", async (row, dp) => {
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

  scenario("notready", "graceful: kubelet reports Ready=False while the datapath works", async (row, dp) => {
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
}

/** The whole pool down, then one node back: pool. */
export function registerPool(run: Run): void {
  const { scenario, steady, addRow } = run;

  scenario("pool", "whole pool down, then one node back: the policy moves to it", async (row, dp) => {
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
        run.lastRepair = Date.now();
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
}
