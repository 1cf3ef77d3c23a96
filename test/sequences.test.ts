/**
 * Properties over random *sequences* of cluster states, with the state file carried from run
 * to run and the patches played against the policies as the API server would (or refused, as
 * after a concurrent edit). Nodes die, recover, are cordoned and uncordoned; cilium agents
 * restart; policies are added and re-pinned by hand; time moves on. After every run:
 * - a healthy gateway never moves;
 * - a gateway on an unhealthy node moves whenever a node fits (or an identical move is in flight);
 * - no patch writes a slot's current value again;
 * - unmanaged policies are never touched;
 * - a refused patch changes no counter: the failover count grows only by confirmed moves whose
 *   patches landed.
 * The expectations come from the world model below, not from the engine's own assessment.
 *
 * Runs come as shell-operator sends them: a step that changes an object is an object event (full
 * snapshots); a step where only time passes is a resync tick (every snapshot but the policies),
 * unless the policies changed since the last full run (their event comes first). Every tick is
 * checked against a full run on the same state: it decides exactly as that run would, or, when it
 * decides no policy (a quiet tick), that run would have written nothing and found no new stuck
 * policy.
 * SEQUENCE_RUNS sets the number of sequences (the suite's default is small; the nightly size,
 * 10 000, is documented in CONTRIBUTING.md).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { readSettings } from "../src/config/settings.js";
import type { LastMove } from "../src/engine/moves.js";
import { parseContext } from "../src/hook/assessment.js";
import { type Evaluation, evaluate } from "../src/hook/pipeline.js";
import { EMPTY_STATE, type RunState } from "../src/hook/state.js";
import { checkTick } from "../src/hook/tick-check.js";
import type { PolicyPatchOperation } from "../src/patch/operations.js";
import { projectPolicy } from "../src/protocol/projections.js";
import { agent, groupContext, NOW, node, policy, tickContext } from "./support/builders.js";
import { applyPatch } from "./support/json-patch.js";

const RUNS = Number(process.env.SEQUENCE_RUNS ?? 200);
const STEPS = 14;
const POOL_NODES = ["n0", "n1", "n2", "n3"];
const GRACE = 60;
const SETTINGS = readSettings({
  EGRESS_HA_LEASE_SIGNAL: "false",
  EGRESS_HA_AGENT_SIGNAL: "true",
  EGRESS_HA_AGENT_GRACE: `${GRACE}s`,
  EGRESS_HA_EVENTS: "true",
});

interface NodeModel {
  ready: boolean;
  readySince: number;
  cordoned: boolean;
  /** When its agent went down (ms), or null when it is up. */
  agentDown: number | null;
  agentUpSince: number;
}

type Action =
  | { kind: "die"; node: number }
  | { kind: "recover"; node: number }
  | { kind: "cordon"; node: number }
  | { kind: "uncordon"; node: number }
  | { kind: "agent-down"; node: number }
  | { kind: "agent-up"; node: number }
  | { kind: "add-policy"; node: number; annotated: boolean }
  | { kind: "repin"; policy: number; node: number }
  | { kind: "wait" };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant("die" as const), node: fc.nat(3) }),
  fc.record({ kind: fc.constant("recover" as const), node: fc.nat(3) }),
  fc.record({ kind: fc.constant("cordon" as const), node: fc.nat(3) }),
  fc.record({ kind: fc.constant("uncordon" as const), node: fc.nat(3) }),
  fc.record({ kind: fc.constant("agent-down" as const), node: fc.nat(3) }),
  fc.record({ kind: fc.constant("agent-up" as const), node: fc.nat(3) }),
  fc.record({ kind: fc.constant("add-policy" as const), node: fc.nat(4), annotated: fc.boolean() }),
  fc.record({ kind: fc.constant("repin" as const), policy: fc.nat(5), node: fc.nat(4) }),
  fc.constant({ kind: "wait" as const }),
);

const step = fc.record({
  action,
  seconds: fc.integer({ min: 1, max: 45 }),
  lands: fc.double({ min: 0, max: 1, noNaN: true }),
});

/** Node index 4 is "w0", a worker outside the pool. */
const hostOf = (i: number): string => (i < POOL_NODES.length ? (POOL_NODES[i] as string) : "w0");

function healthy(m: NodeModel, now: number): boolean {
  return m.ready && !m.cordoned && (m.agentDown === null || now - m.agentDown < GRACE * 1000);
}

function fits(m: NodeModel, now: number): boolean {
  return healthy(m, now) && m.agentDown === null;
}

test(`${RUNS} random sequences of cluster states keep every property after every run`, () => {
  let moves = 0;
  let confirmedTotal = 0;
  const ticks = { quiet: 0, decided: 0 };
  fc.assert(
    fc.property(fc.array(step, { minLength: 3, maxLength: STEPS }), (steps) => {
      let now = NOW.getTime();
      const nodes: NodeModel[] = POOL_NODES.map(() => ({
        ready: true,
        readySince: now - 86_400_000,
        cordoned: false,
        agentDown: null,
        agentUpSince: now - 86_400_000,
      }));
      let policies: Record<string, unknown>[] = [
        policy({ name: "p0", pool: "egress", hostname: "n0" }),
        policy({ name: "p1", pool: "egress", hostname: "n1" }),
        policy({ name: "legacy", hostname: "n2" }),
        policy({ name: "theirs", hostname: "w0" }),
      ];
      let state: RunState = EMPTY_STATE;
      const landed = new Set<string>();
      // The policies of the last full run (the hook's policy index), and whether they changed since.
      let index: Record<string, unknown>[] = [];
      let changed = true;
      for (const s of steps) {
        now += s.seconds * 1000;
        const a = s.action;
        const m = "node" in a && a.node < nodes.length ? (nodes[a.node] as NodeModel) : null;
        switch (a.kind) {
          case "die":
            if (m?.ready) m.ready = false;
            break;
          case "recover":
            if (m && !m.ready) {
              m.ready = true;
              m.readySince = now;
            }
            break;
          case "cordon":
            if (m) m.cordoned = true;
            break;
          case "uncordon":
            if (m) m.cordoned = false;
            break;
          case "agent-down":
            if (m && m.agentDown === null) m.agentDown = now;
            break;
          case "agent-up":
            if (m && m.agentDown !== null) {
              m.agentDown = null;
              m.agentUpSince = now;
            }
            break;
          case "add-policy":
            changed = true;
            if (policies.length < 8)
              policies.push(
                policy({
                  name: `p${policies.length}`,
                  ...(a.annotated ? { pool: "egress" } : {}),
                  hostname: hostOf(a.node),
                }),
              );
            break;
          case "repin": {
            changed = true;
            const target = policies[a.policy % policies.length] as Record<string, unknown>;
            const spec = target.spec as { egressGateway: { nodeSelector: { matchLabels: Record<string, string> } } };
            spec.egressGateway.nodeSelector.matchLabels["kubernetes.io/hostname"] = hostOf(a.node);
            break;
          }
          case "wait":
            break;
        }
        const poolObjects = POOL_NODES.map((name, i) => {
          const n = nodes[i] as NodeModel;
          return node({
            name,
            ready: n.ready ? "True" : "False",
            readySince: new Date(n.readySince).toISOString(),
            unschedulable: n.cordoned,
          });
        });
        const agents = POOL_NODES.map((name, i) => {
          const n = nodes[i] as NodeModel;
          return agent({
            node: name,
            ready: n.agentDown === null,
            readySince: new Date(n.agentDown ?? n.agentUpSince).toISOString(),
          });
        });
        const worker = node({ name: "w0", labels: { "node.kubernetes.io/role": "worker" } });
        const before = structuredClone(policies);
        const cluster = { pools: { egress: poolObjects }, nodes: [worker], policies, agents };
        const at = new Date(now);
        const full: Evaluation = evaluate(groupContext(cluster), SETTINGS, at, { state, writer: "replica-1" });
        let e = full;
        if (a.kind === "wait" && !changed) {
          const tick = tickContext(cluster);
          const parsed = parseContext(tick, SETTINGS, { strict: true });
          const check = checkTick(SETTINGS, at, { state, parsed }, false);
          if (check.need === null) {
            ticks.quiet++;
            e = check.quiet;
            assert.deepEqual(full.operations, [], "a quiet tick where a full run would write");
            assert.deepEqual(full.settled.confirmed, [], "a quiet tick where a full run would confirm a move");
            assert.deepEqual(Object.keys(full.state.stuck), Object.keys(state.stuck), "stuck policies changed");
            // Nothing is left on an unhealthy node that a decision would move.
            if (nodes.some((n) => fits(n, now)))
              for (const d of full.plan?.decisions ?? [])
                if (d.pool !== null && d.action === "move") assert.fail(`${d.policy} left on a quiet tick`);
          } else {
            ticks.decided++;
            e = evaluate(tick, SETTINGS, at, {
              state,
              writer: "replica-1",
              parsed,
              policies: index.map(projectPolicy),
            });
            assert.deepEqual(e.operations, full.operations, `a tick (${check.need}) decided unlike a full run`);
            assert.deepEqual(e.state, full.state);
          }
        } else {
          index = structuredClone(policies);
          changed = false;
        }
        const patches = e.operations.filter((o): o is PolicyPatchOperation => o.operation === "JSONPatch");
        const byName = new Map(before.map((p) => [(p.metadata as { name: string }).name, p]));
        const modelOf = (host: string | null): NodeModel | null => {
          const i = host === null ? -1 : POOL_NODES.indexOf(host);
          return i < 0 ? null : (nodes[i] as NodeModel);
        };
        for (const op of patches) {
          moves++;
          const p = byName.get(op.name) as Record<string, unknown>;
          const meta = p.metadata as { annotations?: Record<string, string> };
          const pin = (p.spec as { egressGateway: { nodeSelector: { matchLabels: Record<string, string> } } })
            .egressGateway.nodeSelector.matchLabels["kubernetes.io/hostname"] as string;
          // unmanaged policies are never touched
          assert.ok(
            meta.annotations?.["cilium-egress-ha/pool"] !== undefined || modelOf(pin) !== null,
            `${op.name} is not managed`,
          );
          // a healthy gateway never moves
          const gw = modelOf(pin);
          assert.ok(gw === null || !healthy(gw, now), `${op.name} moved off healthy ${pin}`);
          // no slot is written with the value it already has
          const tests = op.jsonPatch.filter((o) => o.op === "test");
          const replaces = op.jsonPatch.filter((o) => o.op === "replace");
          for (const r of replaces) {
            const t = tests.find((x) => x.path === r.path);
            assert.notDeepEqual(r.value, t?.value, `${op.name}: no-op write of ${r.path}`);
          }
        }
        // a gateway on an unhealthy node moves whenever a node fits
        const anyFits = nodes.some((n) => fits(n, now));
        for (const d of e.plan?.decisions ?? []) {
          if (d.pool === null) continue;
          const gw = modelOf(d.gateways[0] ?? null);
          if (gw !== null && !healthy(gw, now) && anyFits) {
            assert.ok(
              d.action === "move",
              `${d.policy} on an unhealthy node did not move (${d.action}, ${d.reason.code})`,
            );
            assert.ok(
              patches.some((o) => o.name === d.policy) || e.held.includes(d.policy),
              `${d.policy}: a move neither written nor in flight`,
            );
          }
        }
        // a refused patch changes no counter
        const confirmed = e.settled.confirmed;
        for (const c of confirmed) assert.ok(landed.has(c.id), `move ${c.id} confirmed but its patch never landed`);
        const sum = (r: Record<string, number>): number => Object.values(r).reduce((x, y) => x + y, 0);
        assert.equal(
          sum(e.state.failovers) - sum(state.failovers),
          confirmed.reduce((n, c) => n + c.slots, 0),
        );
        confirmedTotal += confirmed.length;
        // The API server: the patches land together, or (a concurrent edit) not at all.
        if (s.lands < 0.8) {
          try {
            policies = policies.map((p) => {
              const ops = patches.filter((o) => o.name === (p.metadata as { name: string }).name);
              return ops.reduce((doc, op) => applyPatch(doc, op.jsonPatch), p);
            });
            if (patches.length > 0) changed = true;
            for (const op of patches) {
              const last = op.jsonPatch.at(-1)?.value;
              const text =
                typeof last === "string" ? last : (last as Record<string, string>)["cilium-egress-ha/last-move"];
              landed.add((JSON.parse(text as string) as LastMove).id);
            }
          } catch {
            policies = before;
          }
        }
        state = e.state;
      }
    }),
    { numRuns: RUNS, seed: Number(process.env.SEQUENCE_SEED ?? 20261130) },
  );
  // The walks are not vacuous: moves were written and confirmed.
  assert.ok(moves > RUNS / 4, `only ${moves} moves in ${RUNS} sequences`);
  assert.ok(confirmedTotal > 0, "no move was ever confirmed");
  assert.ok(ticks.quiet > 0 && ticks.decided > 0, `ticks: ${JSON.stringify(ticks)}`);
});
