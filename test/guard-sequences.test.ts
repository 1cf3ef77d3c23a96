/**
 * Random sequences for a user's worst week (issue 19): a pool that starts with nodes already dead,
 * a worker powered off, gateways that crash hard (silent at once, Lease frozen, NotReady only after
 * 40 s), agents that restart, kubelet clocks that run behind or ahead (on pod times and Leases), and
 * a probe port that is served or refused everywhere. Every run is a resync tick with full snapshots,
 * the probe's answers played from the world model, the state carried from run to run and patches
 * applied (or refused). After every run:
 * - no policy stays on a dead node while a node fits, whenever the world says a signal must see it:
 *   Kubernetes reports it down, or the probe (on, and its guard not tripped by the live nodes), or its
 *   Lease (stale, and that guard not tripped by the Leases of nodes Kubernetes does not report down);
 * - no move off a node every signal calls healthy (alive, Ready, agent up or in its grace, timed by
 *   the true time it went down, whatever its kubelet's clock says);
 * - two slots of a policy come to share a node only when no other node fits.
 * SEQUENCE_RUNS sets the number of sequences, as for test/sequences.test.ts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { readSettings } from "../src/config/settings.js";
import type { ProbeObservation } from "../src/engine/probe.js";
import { evaluate } from "../src/hook/pipeline.js";
import { EMPTY_STATE, type RunState } from "../src/hook/state.js";
import type { PolicyPatchOperation } from "../src/patch/operations.js";
import { RESYNC_BINDING } from "../src/protocol/binding-context.js";
import { agent, groupContext, lease, NOW, node, policy } from "./support/builders.js";
import { applyPatch } from "./support/json-patch.js";

const RUNS = Number(process.env.SEQUENCE_RUNS ?? 200);
const POOL = ["n0", "n1", "n2", "n3"];
const GRACE_MS = 60_000;
/** The node lifecycle controller marks a silent node NotReady after this long. */
const NOT_READY_AFTER_MS = 40_000;
/** The Lease signal's threshold for the kubelet's 40 s Lease (16 s), as whole seconds past it. */
const LEASE_STALE_MS = 17_000;
const DAY = 86_400_000;

interface NodeModel {
  alive: boolean;
  deadSince: number;
  /** The last time its kubelet renewed its Lease. */
  lastAlive: number;
  readySince: number;
  agentDownAt: number | null;
  agentUpSince: number;
  /** Its kubelet's clock minus the true time (ms). */
  skew: number;
}

type Action = { kind: "crash" | "recover" | "agent-down" | "agent-up"; node: number } | { kind: "wait" };

const world = fc.record({
  served: fc.boolean(),
  probe: fc.boolean(),
  deadAtStart: fc.subarray([0, 1, 2, 3], { maxLength: 2 }),
  workerDead: fc.boolean(),
  skews: fc.array(fc.constantFrom(0, 0, -300_000, 120_000), { minLength: 4, maxLength: 4 }),
  steps: fc.array(
    fc.record({
      action: fc.oneof(
        fc.record({ kind: fc.constantFrom("crash", "recover", "agent-down", "agent-up"), node: fc.nat(3) }),
        fc.constant({ kind: "wait" as const }),
      ) as fc.Arbitrary<Action>,
      seconds: fc.integer({ min: 1, max: 30 }),
      lands: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    { minLength: 2, maxLength: 12 },
  ),
});

const readyReported = (n: NodeModel, now: number): boolean => n.alive || now - n.deadSince < NOT_READY_AFTER_MS;
const healthy = (n: NodeModel, now: number): boolean =>
  n.alive && (n.agentDownAt === null || now - n.agentDownAt < GRACE_MS);
const fits = (n: NodeModel): boolean => n.alive && n.agentDownAt === null;
const iso = (ms: number): string => new Date(ms).toISOString();

/** Whether a guard counting `bad` of `counted` trips: at least two, and more than half. */
const trips = (bad: number, counted: number): boolean => bad >= 2 && bad * 2 > counted;

test(`${RUNS} random bad weeks: no guard blinds a failover, no healthy gateway moves, no needless sharing`, () => {
  let moves = 0;
  let detected = 0;
  fc.assert(
    fc.property(world, (w) => {
      const settings = readSettings({
        EGRESS_HA_LEASE_SIGNAL: "true",
        EGRESS_HA_AGENT_SIGNAL: "true",
        EGRESS_HA_AGENT_GRACE: `${GRACE_MS / 1000}s`,
        EGRESS_HA_PROBE: w.probe ? "true" : "false",
      });
      let now = NOW.getTime();
      const nodes: NodeModel[] = POOL.map((_, i) => {
        const dead = w.deadAtStart.includes(i);
        return {
          alive: !dead,
          deadSince: now - DAY,
          lastAlive: dead ? now - DAY : now,
          readySince: now - DAY,
          agentDownAt: null,
          agentUpSince: now - DAY,
          skew: w.skews[i] ?? 0,
        };
      });
      let policies: Record<string, unknown>[] = [
        policy({ name: "single", pool: "egress", hostname: POOL.find((_, i) => !w.deadAtStart.includes(i)) as string }),
        policy({ name: "pair", pool: "egress", gateways: [{ hostname: "n2" }, { hostname: "n3" }] }),
      ];
      let state: RunState = EMPTY_STATE;
      for (const [k, s] of [{ action: { kind: "wait" }, seconds: 0, lands: 0 }, ...w.steps].entries()) {
        now += s.seconds * 1000;
        const a = s.action as Action;
        const m = a.kind === "wait" ? null : (nodes[a.node] as NodeModel);
        if (m && a.kind === "crash" && m.alive) Object.assign(m, { alive: false, deadSince: now });
        if (m && a.kind === "recover" && !m.alive)
          Object.assign(m, { alive: true, readySince: now, agentDownAt: null, agentUpSince: now });
        if (m && a.kind === "agent-down" && m.alive && m.agentDownAt === null) m.agentDownAt = now;
        if (m && a.kind === "agent-up" && m.alive && m.agentDownAt !== null)
          Object.assign(m, { agentDownAt: null, agentUpSince: now });
        for (const n of nodes) if (n.alive) n.lastAlive = now;

        // What the cluster shows: kubelet-written times carry the node's skew.
        const leaseAt = (name: string, at: number) => lease(name, (NOW.getTime() - at) / 1000);
        const workerLastAlive = w.workerDead ? NOW.getTime() - DAY : now;
        const cluster = {
          pools: {
            egress: POOL.map((name, i) => {
              const n = nodes[i] as NodeModel;
              const up = readyReported(n, now);
              return node({
                name,
                ready: up ? "True" : "False",
                readySince: iso(up ? n.readySince + n.skew : n.deadSince + NOT_READY_AFTER_MS),
              });
            }),
          },
          nodes: [
            node({
              name: "w0",
              ready: w.workerDead ? "False" : "True",
              labels: { "node.kubernetes.io/role": "worker" },
            }),
          ],
          policies,
          leases: [
            ...POOL.map((name, i) => leaseAt(name, (nodes[i] as NodeModel).lastAlive + (nodes[i] as NodeModel).skew)),
            leaseAt("w0", workerLastAlive),
          ],
          agents: POOL.map((name, i) => {
            const n = nodes[i] as NodeModel;
            return agent({
              node: name,
              ready: n.agentDownAt === null,
              readySince: iso((n.agentDownAt ?? n.agentUpSince) + n.skew),
            });
          }),
        };
        const probed: ProbeObservation[] = POOL.map((name, i) => {
          const n = nodes[i] as NodeModel;
          if (!n.alive) return { node: name, answer: "silent", silent: 3, silentSince: iso(now - 1500) };
          const answer = w.served && n.agentDownAt === null ? "open" : "refused";
          return { node: name, answer, silent: 0, silentSince: null };
        });
        const e = evaluate(groupContext(cluster, RESYNC_BINDING), settings, new Date(now), {
          state,
          writer: "replica-1",
          ...(w.probe ? { probed } : {}),
        });
        const where = (what: string) => `step ${k} (${a.kind}): ${what}`;
        const patches = e.operations.filter((o): o is PolicyPatchOperation => o.operation === "JSONPatch");
        const model = (host: string | null) => (host === null ? null : (nodes[POOL.indexOf(host)] ?? null));

        // Which guard the world trips: the silent, or stale, among those Kubernetes does not report down.
        const unexplained = nodes.filter((n) => readyReported(n, now));
        const probeTrips = trips(unexplained.filter((n) => !n.alive).length, unexplained.length);
        const stale = unexplained.filter((n) => !n.alive && now - n.lastAlive >= LEASE_STALE_MS).length;
        const leaseTrips = trips(stale, unexplained.length + (w.workerDead ? 0 : 1));
        const seen = (n: NodeModel): boolean =>
          !readyReported(n, now) || (w.probe && !probeTrips) || (now - n.lastAlive >= LEASE_STALE_MS && !leaseTrips);
        const anyFits = nodes.some((n) => fits(n));

        for (const d of e.plan?.decisions ?? []) {
          const finals = d.slots.map((sd) => (sd.action === "move" ? sd.to : sd.from));
          d.slots.forEach((sd, i) => {
            const from = model(sd.from);
            // no move off a node every signal calls healthy
            if (sd.action === "move" && from !== null)
              assert.ok(!healthy(from, now), where(`${d.policy} moved off healthy ${sd.from}`));
            // no policy on a dead node while a node fits (once a signal must see it)
            if (from !== null && !from.alive && seen(from) && anyFits) {
              detected++;
              assert.equal(sd.action, "move", where(`${d.policy} left on dead ${sd.from}: ${sd.reason.code}`));
              assert.ok(patches.some((o) => o.name === d.policy) || e.held.includes(d.policy), where("not written"));
            }
            // two slots share a node only when no other node fits
            if (sd.action === "move" && finals.some((f, j) => j !== i && f === sd.to)) {
              const free = POOL.filter((name, j) => !finals.includes(name) && fits(nodes[j] as NodeModel));
              assert.deepEqual(free, [], where(`${d.policy} shares ${sd.to} while ${free.join(",")} fit`));
            }
          });
        }
        moves += patches.length;
        if (s.lands < 0.8) {
          policies = policies.map((p) => {
            const ops = patches.filter((o) => o.name === (p.metadata as { name: string }).name);
            return ops.reduce((doc, op) => applyPatch(doc, op.jsonPatch), p);
          });
        }
        state = e.state;
      }
    }),
    { numRuns: RUNS, seed: Number(process.env.SEQUENCE_SEED ?? 20261219) },
  );
  assert.ok(moves > RUNS / 4, `only ${moves} moves in ${RUNS} sequences`);
  assert.ok(detected > RUNS / 4, `only ${detected} dead gateways checked in ${RUNS} sequences`);
});
