/**
 * The datapath's egress IPs and pins: a policy with an egressIP moved with the new node's address, the
 * order of address and policy Cilium needs, and the pin's pool term on the CiliumNode and in the hook's pin.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { CEGP_PATH, JSON_PATCH, type KubeObject, MERGE_PATCH } from "../support/kube.js";
import { HOSTNAME as HOSTNAME_LABEL } from "../support/world.js";
import { RUNS, type Run } from "./context.js";
import { CLIENT, GATEWAYS, say } from "./datapath.js";

/** Egress IPs and pins: egressip, egressip-order, pins. */
export function registerEgressIPs(run: Run): void {
  const { scenario, repeat, failover, notes, addRow } = run;

  scenario(
    "egressip",
    "egressIP: the policy moves with the new node's egress IP, which the outside sees",
    async (row, dp) => {
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
    async (row, dp) => {
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
    async (row, dp) => {
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
}
