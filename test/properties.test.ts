/**
 * Property tests over random clusters: random pools of nodes in every state the engine knows,
 * random policies (annotated or pinned, one or several slots, with egressIP or extra selector
 * terms), run through evaluate() at a fixed NOW. The expectations come from a small,
 * independent model of node health in this file, not from the engine's own assessment.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { REQUIRED_BLOCKING_TAINTS, readSettings, type Settings } from "../src/config/settings.js";
import type { PolicyDecision } from "../src/engine/decide.js";
import { type EvaluateOptions, type Evaluation, evaluate } from "../src/hook/pipeline.js";
import { renderReason } from "../src/model/reason.js";
import { type PolicyPatchOperation, toNdjson } from "../src/patch/operations.js";
import { HOSTNAME_LABEL } from "../src/protocol/projections.js";
import { type ClusterObjects, type GatewaySpec, groupContext, NOW, node, policy } from "./support/builders.js";
import { applyPatch } from "./support/json-patch.js";
import { facts } from "./support/reasons.js";

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const POOLS = ["a", "b"] as const;
type PoolName = (typeof POOLS)[number];
const POOLS_ENV = "a=egress-a=true;b=egress-b=true";

const NODE_NAMES = ["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7"];
/** Names a policy may be pinned to that are never nodes of the cluster. */
const GHOSTS = ["gone-1", "gone-2"];
const VALID_IPS = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "2001:db8::1", "2001:db8::2"];
const NODE_ANNOTATION_IPS = [...VALID_IPS, "not-an-ip", "  "];
const TAINTS = [...REQUIRED_BLOCKING_TAINTS, "dedicated", "node.kubernetes.io/disk-pressure"];

// ---------------------------------------------------------------------------------------------
// The model

interface NodeModel {
  name: string;
  pools: PoolName[];
  ready: "True" | "False" | "Unknown" | null;
  /** Seconds between the Ready transition and NOW; negative is in the future. */
  readyAgeSeconds: number;
  taints: string[];
  unschedulable: boolean;
  deleting: boolean;
  zone: "x" | "y" | null;
  egressIP: string | null;
}

interface SlotModel {
  hostname: string | null;
  /** Write the hostname label with an empty value (the engine reads that as unpinned). */
  emptyHostname: boolean;
  egressIP: string | null;
  zone: "x" | null;
  /** Drop an empty matchLabels so the nodeSelector is `{}`. */
  bareSelector: boolean;
}

interface PolicyModel {
  name: string;
  pool: PoolName | "unconfigured" | null;
  main: SlotModel;
  gateways: SlotModel[];
  deleting: boolean;
}

interface Env {
  cordonDrains: boolean;
  recoveryDelaySeconds: number;
}

interface World {
  env: Env;
  nodes: NodeModel[];
  policies: PolicyModel[];
  /** Seed for the input-order shuffle of property (e). */
  seed: number;
}

// ---------------------------------------------------------------------------------------------
// Generators

const ageArb = fc.oneof(
  fc.constantFrom(-60, 0, 29, 30, 31, 299, 300, 301, 86_400),
  fc.integer({ min: -120, max: 7200 }),
);

function nodeArb(overlap: boolean): fc.Arbitrary<Omit<NodeModel, "name">> {
  const memberships: PoolName[][] = overlap ? [["a"], ["b"], ["a", "b"]] : [["a"], ["b"]];
  return fc.record({
    pools: fc.constantFrom(...memberships),
    ready: fc.constantFrom<NodeModel["ready"]>("True", "True", "True", "True", "False", "Unknown", null),
    readyAgeSeconds: ageArb,
    taints: fc.oneof(
      { arbitrary: fc.constant<string[]>([]), weight: 3 },
      { arbitrary: fc.subarray(TAINTS, { minLength: 1, maxLength: 2 }), weight: 1 },
    ),
    unschedulable: fc.constantFrom(false, false, false, true),
    deleting: fc.constantFrom(false, false, false, false, false, true),
    zone: fc.constantFrom<NodeModel["zone"]>("x", "x", "y", null),
    egressIP: fc.option(fc.constantFrom(...NODE_ANNOTATION_IPS), { nil: null }),
  });
}

/** Slots are mostly pinned to nodes that exist, sometimes to ghosts, sometimes to nothing. */
function slotArb(nodeNames: string[], simple: boolean): fc.Arbitrary<SlotModel> {
  const host =
    nodeNames.length > 0
      ? fc.oneof(
          { arbitrary: fc.constantFrom(...nodeNames), weight: 6 },
          { arbitrary: fc.constantFrom(...GHOSTS), weight: 1 },
        )
      : fc.constantFrom(...GHOSTS);
  return fc.record({
    hostname: fc.option(host, { nil: null, freq: 6 }),
    emptyHostname: fc.constantFrom(false, false, false, true),
    egressIP: simple ? fc.constant(null) : fc.option(fc.constantFrom("10.0.0.1", ...VALID_IPS), { nil: null, freq: 3 }),
    zone: simple ? fc.constant(null) : fc.option(fc.constant("x" as const), { nil: null, freq: 3 }),
    bareSelector: fc.boolean(),
  });
}

function policyArb(slot: fc.Arbitrary<SlotModel>): fc.Arbitrary<Omit<PolicyModel, "name">> {
  return fc.record({
    pool: fc.constantFrom<PolicyModel["pool"]>("a", "a", "b", null, null, "unconfigured"),
    main: slot,
    gateways: fc.oneof(fc.constant<SlotModel[]>([]), fc.array(slot, { minLength: 1, maxLength: 3 })),
    deleting: fc.constantFrom(false, false, false, false, true),
  });
}

function worldArb(opts: { overlap: boolean; simple: boolean }): fc.Arbitrary<World> {
  const named = <T>(arb: fc.Arbitrary<T>, names: string[], max: number) =>
    fc
      .uniqueArray(fc.tuple(fc.constantFrom(...names), arb), { selector: ([n]) => n, maxLength: max })
      .map((items) => items.map(([name, rest]) => ({ name, ...rest })));
  return named(nodeArb(opts.overlap), NODE_NAMES, 8).chain((nodes) =>
    fc.record({
      env: fc.record({
        cordonDrains: fc.boolean(),
        recoveryDelaySeconds: fc.constantFrom(0, 30, 300),
      }),
      nodes: fc.constant(nodes),
      policies: named(
        policyArb(
          slotArb(
            nodes.map((n) => n.name),
            opts.simple,
          ),
        ),
        ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"],
        10,
      ),
      seed: fc.integer(),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Model → full objects → binding context

function settingsOf(env: Env): Settings {
  return readSettings({
    EGRESS_HA_POOLS: POOLS_ENV,
    EGRESS_HA_CORDON_DRAINS: String(env.cordonDrains),
    EGRESS_HA_RECOVERY_DELAY: String(env.recoveryDelaySeconds),
    // The oracle models node objects only; Lease and cilium-agent signals are out of scope here.
    EGRESS_HA_LEASE_SIGNAL: "false",
    EGRESS_HA_AGENT_SIGNAL: "false",
  });
}

function nodeObject(n: NodeModel): Record<string, unknown> {
  const labels: Record<string, string> = {};
  for (const p of n.pools) labels[`egress-${p}`] = "true";
  if (n.zone !== null) labels.zone = n.zone;
  return node({
    name: n.name,
    ready: n.ready,
    readySince: new Date(NOW.getTime() - n.readyAgeSeconds * 1000).toISOString(),
    taints: n.taints,
    unschedulable: n.unschedulable,
    deleting: n.deleting,
    labels,
    ...(n.egressIP !== null ? { egressIP: n.egressIP } : {}),
  });
}

function gatewaySpec(s: SlotModel): GatewaySpec {
  const g: GatewaySpec = { hostname: s.hostname };
  if (s.egressIP !== null) g.egressIP = s.egressIP;
  if (s.zone !== null) g.extraLabels = { zone: s.zone };
  return g;
}

/** Applies the selector variations the builder does not offer. */
function reshapeSlot(raw: unknown, s: SlotModel): void {
  const selector = (raw as { nodeSelector: { matchLabels?: Record<string, string> } }).nodeSelector;
  if (s.hostname === null && s.emptyHostname) {
    selector.matchLabels = { ...selector.matchLabels, [HOSTNAME_LABEL]: "" };
  } else if (s.bareSelector && selector.matchLabels && Object.keys(selector.matchLabels).length === 0) {
    delete selector.matchLabels;
  }
}

function policyObject(p: PolicyModel): Record<string, unknown> {
  const obj = policy({
    name: p.name,
    ...gatewaySpec(p.main),
    ...(p.pool !== null ? { pool: p.pool } : {}),
    gateways: p.gateways.map(gatewaySpec),
    deleting: p.deleting,
  });
  const spec = obj.spec as { egressGateway: unknown; egressGateways: unknown[] };
  reshapeSlot(spec.egressGateway, p.main);
  p.gateways.forEach((g, i) => {
    reshapeSlot(spec.egressGateways[i], g);
  });
  return obj;
}

function clusterOf(nodes: readonly NodeModel[], policies: Record<string, unknown>[]): ClusterObjects {
  const pools: Record<string, Record<string, unknown>[]> = {};
  for (const p of POOLS) pools[p] = nodes.filter((n) => n.pools.includes(p)).map(nodeObject);
  return { pools, policies };
}

function run(
  w: World,
  policies: Record<string, unknown>[] = w.policies.map(policyObject),
  options: EvaluateOptions = {},
) {
  return evaluate(groupContext(clusterOf(w.nodes, policies)), settingsOf(w.env), NOW, options);
}

// ---------------------------------------------------------------------------------------------
// The independent oracle

const BLOCKING = new Set<string>(REQUIRED_BLOCKING_TAINTS);

function healthy(w: World, n: NodeModel): boolean {
  return (
    n.ready === "True" &&
    !n.taints.some((t) => BLOCKING.has(t)) &&
    !(n.unschedulable && w.env.cordonDrains) &&
    !n.deleting
  );
}

/** Healthy for at least the recovery delay; a Ready time in the future counts as now. */
function settled(w: World, n: NodeModel): boolean {
  return healthy(w, n) && Math.max(0, n.readyAgeSeconds) >= w.env.recoveryDelaySeconds;
}

/** Seconds the node has been healthy (Ready), a future time counting as now. */
function healthyFor(n: NodeModel): number {
  return Math.max(0, n.readyAgeSeconds);
}

function members(w: World, pool: string): NodeModel[] {
  return w.nodes.filter((n) => (n.pools as string[]).includes(pool));
}

function effectiveSlots(p: PolicyModel): SlotModel[] {
  return p.gateways.length > 0 ? p.gateways : [p.main];
}

function pinned(s: SlotModel): string | null {
  return s.hostname === null || s.hostname === "" ? null : s.hostname;
}

/** The pool that manages `p`, or null if `p` is unmanaged, deleting or names an unknown pool. */
function managingPool(w: World, p: PolicyModel): string | null {
  if (p.deleting) return null;
  if (p.pool !== null) return (POOLS as readonly string[]).includes(p.pool) ? p.pool : null;
  // Unannotated: the pool holding most of the pinned nodes, ties by pool name.
  let best: { pool: string; count: number } | null = null;
  for (const pool of POOLS) {
    const names = members(w, pool).map((n) => n.name);
    const count = effectiveSlots(p).filter((s) => {
      const host = pinned(s);
      return host !== null && names.includes(host);
    }).length;
    if (count > 0 && (best === null || count > best.count)) best = { pool, count };
  }
  return best?.pool ?? null;
}

/** Whether the hook manages slot `s` of `p`: every slot of an annotated policy, and only the
 * slots pinned to pool nodes of an unannotated (prior-art) one. */
function managedSlot(w: World, p: PolicyModel, pool: string, s: SlotModel): boolean {
  if (p.pool !== null) return true;
  const host = pinned(s);
  return host !== null && members(w, pool).some((n) => n.name === host);
}

function matchesSlot(n: NodeModel, s: SlotModel): boolean {
  return s.zone === null || n.zone === s.zone;
}

const familyOf = (ip: string): string => (ip.includes(":") ? "IPv6" : "IPv4");

/**
 * The node's egress IP suits the slot: none needed, or a valid one of the slot's family that no
 * other healthy pool node claims too.
 */
function egressFits(w: World, n: NodeModel, s: SlotModel): boolean {
  if (s.egressIP === null) return true;
  const ip = n.egressIP?.trim() ?? "";
  const claimants = w.nodes.filter((m) => m.pools.length > 0 && healthy(w, m) && (m.egressIP?.trim() ?? "") === ip);
  return VALID_IPS.includes(ip) && familyOf(ip) === familyOf(s.egressIP) && claimants.length < 2;
}

/** `n` fits slot `s`: it may take it when the slot must move (settled or recovering). */
function fits(w: World, n: NodeModel, s: SlotModel): boolean {
  return healthy(w, n) && matchesSlot(n, s) && egressFits(w, n, s);
}

/** Some node of `pool` fits slot `s`. */
function satisfiable(w: World, pool: string, s: SlotModel): boolean {
  return members(w, pool).some((n) => fits(w, n, s));
}

/** The slot's gateway cannot stay: unpinned, not a pool node, unhealthy or no longer selected. */
function mustLeave(w: World, pool: string, s: SlotModel): boolean {
  const host = pinned(s);
  const n = host === null ? undefined : members(w, pool).find((x) => x.name === host);
  return n === undefined || !healthy(w, n) || !matchesSlot(n, s);
}

type Operation = Evaluation["operations"][number];

/** The JSONPatch operations (the rest are Event creates). */
function patches(ops: readonly Operation[]): PolicyPatchOperation[] {
  return ops.filter((o): o is PolicyPatchOperation => o.operation === "JSONPatch");
}

/** The policy an operation is about: the patched object, or an Event's involvedObject. */
function subject(op: Operation): string {
  if (op.operation === "JSONPatch") return op.name;
  const involved = (op.object as { involvedObject?: { kind?: string; name?: string } }).involvedObject;
  assert.equal(involved?.kind, "CiliumEgressGatewayPolicy", `unexpected operation ${JSON.stringify(op)}`);
  return involved?.name ?? "";
}

/** Every operation (patch or Event) about policy `name`. */
function opsFor(ops: readonly Operation[], name: string): Operation[] {
  return ops.filter((o) => subject(o) === name);
}

function patchesFor(ops: readonly Operation[], name: string): PolicyPatchOperation[] {
  return patches(ops).filter((o) => o.name === name);
}

function decisionOf(decisions: readonly PolicyDecision[], name: string): PolicyDecision {
  const d = decisions.find((x) => x.policy === name);
  assert.ok(d, `no decision for ${name}`);
  return d;
}

/** Deterministic Fisher–Yates with a small PRNG (mulberry32), so a failure replays. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Applies every operation to its policy object, as the API server would. */
function applyAll(policies: Record<string, unknown>[], ops: readonly PolicyPatchOperation[]) {
  const byName = new Map(policies.map((p) => [(p.metadata as { name: string }).name, p]));
  for (const op of ops) {
    const target = byName.get(op.name);
    assert.ok(target, `operation names ${op.name}, which is not in the snapshot`);
    byName.set(op.name, applyPatch(target, op.jsonPatch));
  }
  return [...byName.values()];
}

// ---------------------------------------------------------------------------------------------
// Properties

const params = { numRuns: NUM_RUNS };

describe("engine properties over random clusters", () => {
  test("the generators reach every kind of decision (so the properties are not vacuous)", () => {
    const seen = new Map<string, number>();
    const count = (k: string): void => {
      seen.set(k, (seen.get(k) ?? 0) + 1);
    };
    for (const w of fc.sample(worldArb({ overlap: true, simple: false }), { numRuns: NUM_RUNS, seed: 42 })) {
      const { plan, operations } = run(w);
      for (const d of plan?.decisions ?? []) {
        count(d.action);
        for (const sd of d.slots) {
          count(`slot:${sd.action}`);
          if (sd.egressIP) count("egressIP change");
          if (sd.action === "move" && sd.from === null) count("move unpinned");
          if (sd.action === "move") count(`tier:${String(facts(sd.reason).tier)}`);
        }
        d.slots.forEach((sd, i) => {
          if (sd.action === "move" && d.slots.some((o, j) => j !== i && (o.to ?? o.from) === sd.to)) count("shared");
        });
      }
      for (const op of patches(operations))
        for (const j of op.jsonPatch) count(`op:${j.op}:${j.path.split("/").pop()}`);
    }
    const expected = [
      "keep",
      "move",
      "stuck",
      "ignore",
      "invalid",
      "egressIP change",
      "move unpinned",
      "shared",
      "tier:settled",
      "tier:recovering",
    ];
    for (const k of expected)
      assert.ok((seen.get(k) ?? 0) > 0, `no "${k}" in ${NUM_RUNS} samples: ${JSON.stringify([...seen])}`);
    for (const k of [
      "op:test:nodeSelector",
      "op:replace:nodeSelector",
      "op:add:cilium-egress-ha~1pool-terms",
      "op:add:cilium-egress-ha~1last-move",
      "op:add:annotations",
    ]) {
      assert.ok((seen.get(k) ?? 0) > 0, `no "${k}" operation in ${NUM_RUNS} samples`);
    }
  });

  test("(a) simple slots end on a healthy pool node whenever the pool has one", () => {
    fc.assert(
      fc.property(worldArb({ overlap: true, simple: true }), (w) => {
        const { plan, operations } = run(w);
        assert.ok(plan);
        for (const p of w.policies) {
          const pool = managingPool(w, p);
          if (pool === null) continue;
          const d = decisionOf(plan.decisions, p.name);
          assert.ok(["keep", "move", "stuck"].includes(d.action), `${p.name}: managed but ${d.action}`);
          assert.equal(d.pool, pool);
          const hasHealthy = members(w, pool).some((n) => healthy(w, n));
          const slots = effectiveSlots(p);
          d.slots.forEach((sd, i) => {
            if (!managedSlot(w, p, pool, slots[i] as SlotModel)) {
              assert.equal(sd.action, "keep", `${p.name} ${sd.slot.label}: someone else's slot was ${sd.action}`);
              return;
            }
            const final = sd.to ?? sd.from;
            if (hasHealthy) {
              const n = w.nodes.find((x) => x.name === final);
              assert.ok(n, `${p.name} ${sd.slot.label}: ends on ${final}, not a node (pool ${pool} has a healthy one)`);
              assert.ok(members(w, pool).includes(n), `${p.name} ${sd.slot.label}: ${final} is not in pool ${pool}`);
              assert.ok(healthy(w, n), `${p.name} ${sd.slot.label}: ends on unhealthy ${final}`);
            }
            if (sd.action === "move") {
              const n = w.nodes.find((x) => x.name === sd.to);
              assert.ok(n && members(w, pool).includes(n) && healthy(w, n), `${p.name}: moved to unfit ${sd.to}`);
            }
          });
          if (d.action !== "move") assert.deepEqual(patchesFor(operations, p.name), []);
        }
      }),
      params,
    );
  });

  test("(a') slots with egressIP or extra selector terms end on a fitting node whenever one exists", () => {
    fc.assert(
      fc.property(worldArb({ overlap: true, simple: false }), (w) => {
        const { plan } = run(w);
        assert.ok(plan);
        for (const p of w.policies) {
          const pool = managingPool(w, p);
          if (pool === null) continue;
          const d = decisionOf(plan.decisions, p.name);
          const slots = effectiveSlots(p);
          assert.equal(d.slots.length, slots.length);
          d.slots.forEach((sd, i) => {
            const s = slots[i] as SlotModel;
            if (!managedSlot(w, p, pool, s)) {
              assert.equal(sd.action, "keep", `${p.name} ${sd.slot.label}: someone else's slot was ${sd.action}`);
              return;
            }
            const final = sd.to ?? sd.from;
            const n = w.nodes.find((x) => x.name === final);
            if (satisfiable(w, pool, s)) {
              assert.ok(n && members(w, pool).includes(n), `${p.name} ${sd.slot.label}: ${final} not in ${pool}`);
              assert.ok(healthy(w, n), `${p.name} ${sd.slot.label}: ends on unhealthy ${final}`);
              assert.ok(matchesSlot(n, s), `${p.name} ${sd.slot.label}: ${final} misses zone=${s.zone}`);
            }
            if (sd.action === "move") {
              assert.ok(n && members(w, pool).includes(n) && fits(w, n, s), `${p.name}: moved to unfit ${sd.to}`);
              if (s.egressIP !== null) {
                const ip = n.egressIP?.trim() ?? "";
                assert.ok(egressFits(w, n, s), `${p.name}: egressIP ${s.egressIP} slot moved to ${n.name} (${ip})`);
                const expected = ip !== s.egressIP ? { from: s.egressIP, to: ip } : null;
                assert.deepEqual(sd.egressIP, expected);
              }
              // A moving slot shares a node with another slot of the policy only when every
              // fitting node of its tier serves another slot (the most constrained slots choose
              // first); a stuck slot stays pinned where it is, so its node is not free either.
              const used = d.slots.filter((_, j) => j !== i).map((o) => o.to ?? o.from);
              if (used.includes(sd.to)) {
                const tier = members(w, pool).some((x) => fits(w, x, s) && settled(w, x))
                  ? (x: NodeModel) => settled(w, x)
                  : () => true;
                for (const m of members(w, pool).filter((x) => fits(w, x, s) && tier(x))) {
                  assert.ok(
                    used.includes(m.name),
                    `${p.name} ${sd.slot.label}: shares ${sd.to} while ${m.name} is free`,
                  );
                }
              }
            } else {
              assert.equal(sd.to === null || sd.to === sd.from, true);
            }
          });
        }
      }),
      params,
    );
  });

  test("(a'') a slot on an unhealthy node moves whenever a node fits it: to a free node before sharing one, and to a settled node when a free settled node fits", () => {
    fc.assert(
      fc.property(worldArb({ overlap: true, simple: false }), (w) => {
        const { plan } = run(w);
        assert.ok(plan);
        for (const p of w.policies) {
          const pool = managingPool(w, p);
          if (pool === null) continue;
          const d = decisionOf(plan.decisions, p.name);
          const slots = effectiveSlots(p);
          d.slots.forEach((sd, i) => {
            const s = slots[i] as SlotModel;
            if (!managedSlot(w, p, pool, s) || !mustLeave(w, pool, s)) return;
            const fitting = members(w, pool).filter((n) => fits(w, n, s));
            const where = `${p.name} ${sd.slot.label}: ${renderReason(sd.reason)}`;
            if (fitting.length === 0) {
              assert.equal(sd.action, "stuck", where);
              assert.equal(sd.reason.code, "no-node-fits", where);
              return;
            }
            assert.equal(sd.action, "move", where);
            assert.equal(sd.reason.code, "move", where);
            const target = fitting.find((n) => n.name === sd.to);
            assert.ok(target, `${where}: ${sd.to} does not fit`);
            // Two slots share a node only when no other node fits: a free node of either tier first.
            const others = d.slots.filter((_, j) => j !== i).map((o) => o.to ?? o.from);
            const free = fitting.filter((n) => !others.includes(n.name));
            const candidates = free.length > 0 ? free : fitting;
            assert.ok(candidates.includes(target), `${where}: shares ${target.name} while ${free[0]?.name} is free`);
            const settledFit = candidates.filter((n) => settled(w, n));
            if (settledFit.length > 0) {
              assert.ok(settled(w, target), `${where}: moved to recovering ${target.name} while settled nodes fit`);
              assert.equal(sd.reason.tier, "settled", where);
            } else {
              assert.equal(sd.reason.tier, "recovering", where);
              // The recovering node healthy the longest among those it may take.
              for (const m of candidates) {
                assert.ok(
                  healthyFor(m) <= healthyFor(target),
                  `${where}: ${m.name} has been healthy longer (${healthyFor(m)}s) than ${target.name} (${healthyFor(target)}s)`,
                );
              }
            }
          });
        }
      }),
      params,
    );
  });

  test("(b) unmanaged, deleting and foreign-pool policies are never touched", () => {
    fc.assert(
      fc.property(worldArb({ overlap: true, simple: false }), (w) => {
        const { plan, operations } = run(w);
        assert.ok(plan);
        for (const p of w.policies) {
          if (managingPool(w, p) !== null) continue;
          assert.deepEqual(opsFor(operations, p.name), [], `${p.name} is unmanaged but touched`);
          const d = decisionOf(plan.decisions, p.name);
          assert.ok(["ignore", "invalid"].includes(d.action), `${p.name}: unmanaged but ${d.action}`);
        }
        // And every patch is the one patch of a moving decision. Without a state there is no
        // earlier move to confirm, so every Event is a stuck policy's warning.
        for (const op of patches(operations)) {
          assert.equal(decisionOf(plan.decisions, op.name).action, "move");
          assert.equal(patchesFor(operations, op.name).length, 1);
        }
        for (const op of operations.filter((o) => o.operation !== "JSONPatch")) {
          assert.equal(decisionOf(plan.decisions, subject(op)).action, "stuck");
          assert.equal((op.object as { reason?: string }).reason, "NoEligibleGateway");
        }
      }),
      params,
    );
  });

  test("(c) a policy whose gateways are all healthy pool members stays put", () => {
    fc.assert(
      fc.property(worldArb({ overlap: true, simple: false }), (w) => {
        const { plan, operations } = run(w);
        assert.ok(plan);
        for (const p of w.policies) {
          const pool = managingPool(w, p);
          if (pool === null) continue;
          const allHealthy = effectiveSlots(p).every((s) => {
            const n = members(w, pool).find((x) => x.name === pinned(s));
            return n !== undefined && healthy(w, n) && matchesSlot(n, s);
          });
          if (!allHealthy) continue;
          const d = decisionOf(plan.decisions, p.name);
          assert.equal(d.action, "keep", `${p.name}: ${renderReason(d.reason)}`);
          assert.deepEqual(opsFor(operations, p.name), []);
        }
      }),
      params,
    );
  });

  test("(d) applying the patches and running again confirms each move once, then gives no operations", () => {
    fc.assert(
      fc.property(worldArb({ overlap: false, simple: false }), (w) => {
        const policies = w.policies.map(policyObject);
        const first = run(w, policies);
        const patched = applyAll(policies, patches(first.operations));
        // The patch carries out the decision: every moved slot now names its new node.
        assert.ok(first.plan);
        for (const d of first.plan.decisions) {
          if (d.action !== "move") continue;
          const obj = patched.find((p) => (p.metadata as { name: string }).name === d.policy) as unknown;
          for (const sd of d.slots.filter((s) => s.action === "move")) {
            const slotObj = sd.slot.path
              .split("/")
              .slice(1)
              .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as {
              nodeSelector: { matchLabels: Record<string, string> };
              egressIP?: string;
            };
            assert.equal(slotObj.nodeSelector.matchLabels[HOSTNAME_LABEL], sd.to);
            // The pin: the hostname, the pool's own term, and the user's terms kept (issue 19 item 9).
            assert.equal(slotObj.nodeSelector.matchLabels[`egress-${d.pool}`], "true", `${d.policy}: no pool term`);
            if (sd.slot.otherTerms.matchLabels?.zone !== undefined)
              assert.equal(slotObj.nodeSelector.matchLabels.zone, sd.slot.otherTerms.matchLabels.zone);
            if (sd.egressIP) assert.equal(slotObj.egressIP, sd.egressIP.to);
          }
        }
        // The next run sees the patched policies and what this run left behind (the hook's state file).
        const second = run(w, patched, { state: first.state });
        assert.deepEqual(
          patches(second.operations),
          [],
          `second run still patches: ${JSON.stringify(second.plan?.decisions.filter((d) => d.action === "move").map((d) => renderReason(d.reason)))}`,
        );
        // It sees its own moves on the policies: one GatewayMoved Event per moved policy, and the
        // failover count grows by the moved slots. A stuck policy is not announced again.
        const moved = first.plan.decisions.filter((d) => d.action === "move");
        assert.deepEqual(
          second.operations.map((o) => [subject(o), (o as { object?: { reason?: string } }).object?.reason]),
          moved.map((d) => [d.policy, "GatewayMoved"]),
        );
        const slotsMoved: Record<string, number> = {};
        for (const d of moved)
          slotsMoved[d.pool as string] =
            (slotsMoved[d.pool as string] ?? 0) + d.slots.filter((sd) => sd.action === "move").length;
        assert.deepEqual({ ...first.state.failovers }, {}, "nothing counted before it took effect");
        assert.deepEqual({ ...second.state.failovers }, slotsMoved);
        assert.deepEqual(second.state.pending, []);
        // And once confirmed, nothing more: no Event, no patch.
        const third = run(w, patched, { state: second.state });
        assert.deepEqual(third.operations, []);
        assert.deepEqual({ ...third.state.failovers }, slotsMoved);
      }),
      params,
    );
  });

  test("(e) the same input gives byte-identical output, whatever the input order", () => {
    fc.assert(
      fc.property(worldArb({ overlap: true, simple: false }), (w) => {
        const settings = settingsOf(w.env);
        const ctx = groupContext(clusterOf(w.nodes, w.policies.map(policyObject)));
        const a = evaluate(structuredClone(ctx), settings, NOW);
        const b = evaluate(structuredClone(ctx), settings, NOW);
        assert.equal(toNdjson(b.operations), toNdjson(a.operations));
        assert.equal(JSON.stringify(b.plan), JSON.stringify(a.plan));

        // Shuffle snapshot items and the order of the snapshot keys.
        const shuffledCtx = structuredClone(ctx) as { snapshots: Record<string, unknown[]> }[];
        const first = shuffledCtx[0] as { snapshots: Record<string, unknown[]> };
        const keys = shuffled(Object.keys(first.snapshots), w.seed);
        first.snapshots = Object.fromEntries(
          keys.map((k, i) => [k, shuffled(first.snapshots[k] as unknown[], w.seed + i + 1)]),
        );
        const c = evaluate(shuffledCtx, settings, NOW);
        assert.equal(toNdjson(c.operations), toNdjson(a.operations));
        assert.equal(JSON.stringify(c.plan?.decisions), JSON.stringify(a.plan?.decisions));
      }),
      params,
    );
  });
});

/* Regressions: engine bugs the properties above found, each pinned by its minimal input. */
describe("regressions found by the properties", () => {
  test("a run that changes nothing emits nothing, Events included (after the move's confirmation)", () => {
    // Slot 0 needs zone=x and an egress-ip annotation, which no node has; slot 1 moves to n2.
    const settings = readSettings({ EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "false" });
    const nodes = [node({ name: "n2" }), node({ name: "n7", labels: { zone: "x" } })];
    const p0 = policy({
      name: "p0",
      pool: "egress",
      gateways: [{ egressIP: "10.0.0.1", extraLabels: { zone: "x" } }, {}],
    });
    const first = evaluate(groupContext({ pools: { egress: nodes }, policies: [p0] }), settings, NOW);
    assert.equal(first.plan?.decisions[0]?.action, "move");
    const patched = applyAll([p0], patches(first.operations));
    const second = evaluate(groupContext({ pools: { egress: nodes }, policies: patched }), settings, NOW, {
      state: first.state,
    });
    // The second run confirms the move (one GatewayMoved Event); the stuck slot 0 is not announced again.
    assert.deepEqual(
      second.operations.map((o) => [o.operation, subject(o), (o as { object?: { reason?: string } }).object?.reason]),
      [["Create", "p0", "GatewayMoved"]],
    );
    const third = evaluate(groupContext({ pools: { egress: nodes }, policies: patched }), settings, NOW, {
      state: second.state,
    });
    assert.deepEqual(third.operations, []);
  });

  const twoPools = readSettings({
    EGRESS_HA_POOLS: POOLS_ENV,
    EGRESS_HA_LEASE_SIGNAL: "false",
    EGRESS_HA_AGENT_SIGNAL: "false",
  });

  test("an unannotated policy's pool does not flip after a move onto a node of two pools", () => {
    // n0 is in pools a and b, n7 only in b. Slot 0 is pinned to a deleted node, slot 1 to n7.
    const shared = node({ name: "n0", labels: { "egress-a": "true", "egress-b": "true" } });
    const n7 = node({ name: "n7", labels: { "egress-b": "true" } });
    const cluster = (p: Record<string, unknown>): ClusterObjects => ({
      pools: { a: [shared], b: [shared, n7] },
      policies: [p],
    });
    const p0 = policy({ name: "p0", hostname: "gone", gateways: [{ hostname: "gone" }, { hostname: "n7" }] });
    const first = evaluate(groupContext(cluster(p0)), twoPools, NOW);
    assert.equal(first.plan?.decisions[0]?.pool, "b"); // slot 0 → n0; slot 1 stays on healthy n7
    const patched = applyAll([p0], patches(first.operations))[0] as Record<string, unknown>;
    const second = evaluate(groupContext(cluster(patched)), twoPools, NOW, { state: first.state });
    assert.deepEqual(
      patches(second.operations),
      [],
      second.plan?.decisions[0] && renderReason(second.plan.decisions[0].reason),
    );
  });

  test("slots of one policy do not share a node while a fitting node is idle", () => {
    // Slot 0 fits anywhere, slot 1 needs zone=x; only n0 has zone=x, n2 is free.
    const settings = readSettings({});
    const { plan } = evaluate(
      groupContext({
        pools: { egress: [node({ name: "n0", labels: { zone: "x" } }), node({ name: "n2" })] },
        policies: [policy({ name: "p0", pool: "egress", gateways: [{}, { extraLabels: { zone: "x" } }] })],
      }),
      settings,
      NOW,
    );
    assert.deepEqual(
      plan?.decisions[0]?.slots.map((s) => s.to),
      ["n2", "n0"],
    );
  });
});
