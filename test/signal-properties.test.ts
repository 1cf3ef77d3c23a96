/**
 * Property tests for the Lease signal's guard and for recovery hysteresis, over random clusters
 * (fast-check): whatever the Lease ages and the remembered failures, these invariants hold.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { readSettings } from "../src/config/settings.js";
import { evaluate } from "../src/hook/pipeline.js";
import { EMPTY_STATE, type RunState } from "../src/hook/state.js";
import { renderReason } from "../src/model/reason.js";
import { agent, groupContext, lease, NOW, node, policy } from "./support/builders.js";
import { facts } from "./support/reasons.js";
import { withEngine } from "./support/state.js";

const params = { numRuns: 300 };

interface World {
  leaseAges: number[];
  pins: number[];
  /** Seconds since the hook last saw each node unhealthy, or null. */
  lastUnhealthy: (number | null)[];
}

const worldArb = fc.integer({ min: 2, max: 8 }).chain((n) =>
  fc.record({
    leaseAges: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: n, maxLength: n }),
    pins: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 6 }),
    lastUnhealthy: fc.array(fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }), { minLength: n, maxLength: n }),
  }),
);

const nameOf = (i: number) => `n${i}`;

function evaluateWorld(w: World, env: Record<string, string>) {
  const names = w.leaseAges.map((_, i) => nameOf(i));
  const leases = w.leaseAges.map((age, i) => lease(nameOf(i), age));
  const state: RunState = withEngine(EMPTY_STATE, {
    unhealthy: Object.fromEntries(
      w.lastUnhealthy.flatMap((age, i) =>
        age === null ? [] : [[nameOf(i), { at: new Date(NOW.getTime() - age * 1000).toISOString(), why: "earlier" }]],
      ),
    ),
    // Seen at renewal: Lease ages are now − renewTime.
    leaseSeen: Object.fromEntries(
      leases.map((l) => {
        const { metadata, spec } = l as { metadata: { name: string }; spec: { renewTime: string } };
        return [metadata.name, { renewTime: spec.renewTime, seenAt: spec.renewTime }];
      }),
    ),
  });
  const cluster = {
    pools: { egress: names.map((name) => node({ name })) },
    policies: w.pins.map((pin, i) => policy({ name: `p${i}`, pool: "egress", hostname: nameOf(pin) })),
    leases,
    agents: names.map((n) => agent({ node: n })),
  };
  const settings = readSettings({ EGRESS_HA_RECOVERY_DELAY: "30s", EGRESS_HA_EVENTS: "false", ...env });
  return evaluate(groupContext(cluster), settings, NOW, { strict: true, state });
}

test("guard: when most Leases are stale at once, the Lease signal changes no decision", () => {
  fc.assert(
    fc.property(worldArb, (w) => {
      const stale = w.leaseAges.filter((a) => a > 16).length;
      const on = evaluateWorld(w, {});
      const off = evaluateWorld(w, { EGRESS_HA_LEASE_SIGNAL: "false" });
      const decisions = (r: typeof on) => r.plan?.decisions.map((d) => [d.policy, d.action, d.slots.map((s) => s.to)]);
      const status = on.plan?.signals.find((s) => s.signal === "lease")?.state;
      if (stale >= 2 && stale * 2 > w.leaseAges.length) {
        assert.equal(status, "suspended");
        assert.deepEqual(decisions(on), decisions(off));
      } else {
        assert.equal(status, "active");
      }
    }),
    params,
  );
});

test("with the Lease signal active, gateways leave only stale nodes and go only to fresh ones", () => {
  fc.assert(
    fc.property(worldArb, (w) => {
      const stale = w.leaseAges.filter((a) => a > 16).length;
      fc.pre(!(stale >= 2 && stale * 2 > w.leaseAges.length));
      const on = evaluateWorld(w, {});
      for (const d of on.plan?.decisions ?? []) {
        for (const s of d.slots) {
          const from = Number(s.from?.slice(1));
          if (s.action === "move") {
            assert.ok((w.leaseAges[from] as number) > 16, `${d.policy} left n${from}, whose Lease is fresh`);
            const to = Number(s.to?.slice(1));
            assert.ok((w.leaseAges[to] as number) <= 16, `${d.policy} moved to n${to}, whose Lease is stale`);
          }
          if (s.action === "keep") assert.ok((w.leaseAges[from] as number) <= 16, `${d.policy} kept stale n${from}`);
        }
      }
    }),
    params,
  );
});

test("hysteresis: a node seen unhealthy within the recovery delay takes no gateway, but keeps its own", () => {
  fc.assert(
    fc.property(worldArb, (w) => {
      const result = evaluateWorld(w, { EGRESS_HA_LEASE_SIGNAL: "false" });
      for (const d of result.plan?.decisions ?? []) {
        for (const s of d.slots) {
          // Every node is healthy here, so nothing moves: recent failures keep no gateway away.
          assert.equal(s.action, "keep", `${d.policy}: ${renderReason(s.reason)}`);
          assert.equal(s.reason.code, "gateway-healthy");
        }
      }
      for (const n of result.plan?.pools[0]?.nodes ?? []) {
        const age = w.lastUnhealthy[Number(n.name.slice(1))];
        const recent = age !== null && age !== undefined && age < 30;
        assert.equal(n.state, recent ? "recovering" : "settled", `${n.name}: ${n.waiting && renderReason(n.waiting)}`);
        if (recent) assert.equal(n.waiting?.code, "recovery-delay");
      }
    }),
    params,
  );
});

test("hysteresis: a move lands on a node seen unhealthy within the recovery delay only when no settled node is fresh, and then on the one healthy the longest", () => {
  fc.assert(
    fc.property(worldArb, (w) => {
      // Leases decide who is down; remembered failures decide who is settled.
      const stale = w.leaseAges.filter((a) => a > 16).length;
      fc.pre(!(stale >= 2 && stale * 2 > w.leaseAges.length));
      const result = evaluateWorld(w, {});
      const fresh = (i: number) => (w.leaseAges[i] as number) <= 16;
      const recent = (i: number) => {
        const age = w.lastUnhealthy[i];
        return age !== null && age !== undefined && age < 30;
      };
      const indexes = w.leaseAges.map((_, i) => i);
      const settledFresh = indexes.filter((i) => fresh(i) && !recent(i));
      for (const d of result.plan?.decisions ?? []) {
        for (const s of d.slots) {
          const where = `${d.policy}: ${renderReason(s.reason)}`;
          // A slot on a stale node always finds a fresh one here (some Lease is fresh).
          if (!fresh(Number(s.from?.slice(1)))) assert.equal(s.action, "move", where);
          if (s.action !== "move") continue;
          const to = Number(s.to?.slice(1));
          if (settledFresh.length > 0) {
            assert.ok(!recent(to), `${where}: moved to n${to}, unhealthy ${w.lastUnhealthy[to]}s ago`);
            assert.equal(facts(s.reason).tier, "settled", where);
          } else {
            assert.equal(facts(s.reason).tier, "recovering", where);
            for (const i of indexes.filter(fresh))
              assert.ok(
                (w.lastUnhealthy[i] as number) <= (w.lastUnhealthy[to] as number),
                `${where}: n${i} has been healthy longer than n${to}`,
              );
          }
        }
      }
    }),
    params,
  );
});
