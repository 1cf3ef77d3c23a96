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
 *
 * This file wires the datapath's setup and teardown; the scenarios live in failovers.ts, zero-move.ts
 * and egress-ips.ts, the helpers they share in context.ts, the report in report.ts.
 */
import { after, before, describe } from "node:test";
import { runContext } from "./context.js";
import { Datapath, missingPrerequisites, say } from "./datapath.js";
import { registerEgressIPs } from "./egress-ips.js";
import { registerFailovers, registerPool } from "./failovers.js";
import { registerZeroMoves } from "./zero-move.js";

const missing = missingPrerequisites();
const skip = missing.length > 0 ? `real-datapath e2e cannot run here: ${missing.join("; ")}` : false;

describe("e2e: the egress outage on a real Cilium datapath", { skip }, () => {
  let dp: Datapath;
  let started = 0;
  const run = runContext();

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
      run.attach(dp);
    },
    { timeout: 900_000 },
  );

  after(
    async () => {
      const total = Date.now() - started;
      try {
        const file = run.report.writeReport(dp, total);
        process.stdout.write(`\nEgress outage on a real Cilium datapath (${file}):\n${run.report.table()}\n`);
      } finally {
        await dp?.teardown();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    },
    { timeout: 300_000 },
  );

  // The rows run in the order of these calls (E2E_SCENARIOS and the CI sample list names; this order runs them).
  registerFailovers(run); // crash, fallback, lease, cordon, notready
  registerZeroMoves(run); // restart, partition, slow, loss, flap, starve
  registerPool(run); // pool
  registerEgressIPs(run); // egressip, egressip-order, pins
});
