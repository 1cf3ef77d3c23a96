/**
 * One managed policy's decision, slot by slot:
 * - sticky: a managed slot whose gateway is healthy, in its pool and still selected stays put;
 * - every other managed slot moves to a node that fits (placement.ts), the most constrained
 *   slots choosing first, or is stuck, with why no node fits;
 * - slots the policy's scope leaves to someone else are kept as they are.
 * Nodes are read only through the cluster view of the decision inputs (inputs.ts, view.ts).
 */
import { pinSelector, termStrings } from "../model/pin.js";
import type { GatewaySlot, PolicyShape } from "../model/policy.js";
import { type Reason, reason } from "../model/reason.js";
import { unmatchedTerms } from "../model/selector-match.js";
import type { Placement } from "./placement.js";
import type { ClusterView } from "./view.js";

export type SlotAction = "keep" | "move" | "stuck";
export type PolicyAction = SlotAction | "ignore" | "invalid";

export interface SlotDecision {
  slot: GatewaySlot;
  action: SlotAction;
  from: string | null;
  to: string | null;
  /** Set when the move also changes the slot's egressIP. */
  egressIP: { from: string; to: string } | null;
  /** For a move: the slot's new nodeSelector (the hostname, the user's terms and the pool's: model/pin.ts). */
  pin?: Record<string, unknown>;
  reason: Reason;
}

export interface PolicyDecision {
  policy: string;
  pool: string | null;
  action: PolicyAction;
  /** Current gateway pin per slot (null where a slot is not pinned). */
  gateways: (string | null)[];
  slots: SlotDecision[];
  reason: Reason;
  /** For invalid policies: the field that made it unmanageable. */
  field?: string;
  /** For a move: the pool's own terms (term strings) that every moved slot's pin carries. */
  poolTerms?: string[];
}

/** The decision for a policy the hook does not manage (ignored) or cannot (invalid). */
export function unmanaged(
  policy: string,
  action: "ignore" | "invalid",
  r: Reason,
  gateways: (string | null)[] = [],
  field?: string,
): PolicyDecision {
  return { policy, pool: null, action, gateways, slots: [], reason: r, ...(field ? { field } : {}) };
}

function keep(slot: GatewaySlot, r: Reason): SlotDecision {
  return { slot, action: "keep", from: slot.hostname, to: slot.hostname, egressIP: null, reason: r };
}

/** Why the slot's current gateway cannot stay (a cause), or the keep reason when it can. */
function judgeGateway(view: ClusterView, pool: string, slot: GatewaySlot): { stay: Reason } | { leave: Reason } {
  const gateway = slot.hostname;
  if (gateway === null) return { leave: reason("not-pinned") };
  const nodes = view.pinned(pool, gateway, slot.terms);
  if (nodes.length === 0) return { leave: reason("gateway-not-in-pool", { gateway, pool }) };
  if (nodes.length > 1) {
    // Cilium takes the first matching node by name, which may be the one that cannot serve.
    const cannot = nodes.filter((n) => !view.isMember(pool, n) || !view.healthy(n));
    if (cannot.length > 0)
      return { leave: reason("gateway-ambiguous", { gateway, nodes: [...nodes], unhealthy: cannot }) };
    return { stay: reason("gateway-healthy", { gateway }) };
  }
  const node = nodes[0] as string;
  if (!view.isMember(pool, node)) return { leave: reason("gateway-not-in-pool", { gateway, pool }) };
  if (!view.healthy(node))
    return { leave: reason("gateway-unhealthy", { gateway, node, problems: view.problems(node) }) };
  const h = view.nodes.get(node);
  // Cilium matches every term of the pin: the user's, and the pool terms the hook wrote (perhaps an older pool's).
  const labels = h?.labels ?? {};
  const unmatched = [...unmatchedTerms(slot.otherTerms, labels), ...unmatchedTerms(slot.poolTerms, labels)];
  if (unmatched.length > 0) return { leave: reason("gateway-selector-mismatch", { gateway, terms: unmatched }) };
  if (h?.state === "grace")
    return { stay: reason("gateway-in-grace", { gateway, grace: view.waiting(node) as Reason }) };
  return { stay: reason("gateway-healthy", { gateway }) };
}

/** Moves each slot that must leave, most constrained first; the others' outcomes are set. */
function placeMoving(
  view: ClusterView,
  placement: Placement,
  pool: string,
  outcomes: SlotDecision[],
  moving: { index: number; slot: GatewaySlot; cause: Reason; fits: number }[],
): void {
  const taken = new Set<string>();
  for (const o of outcomes) {
    if (!o) continue;
    for (const n of view.pinned(pool, o.from, o.slot.terms)) taken.add(n);
  }
  // The most constrained slots choose first, so a slot that fits only one node still gets it.
  if (moving.length > 1) {
    for (const m of moving) m.fits = placement.count(pool, m.slot);
    moving.sort((a, b) => a.fits - b.fits);
  }
  for (const { index, slot, cause } of moving) {
    const choice = placement.pick(pool, slot, taken);
    if ("rejections" in choice) {
      const r = reason("no-node-fits", { cause, pool, rejections: choice.rejections });
      outcomes[index] = { slot, action: "stuck", from: slot.hostname, to: null, egressIP: null, reason: r };
      // A stuck slot stays pinned where it is: another slot moving there would share its node.
      for (const n of view.pinned(pool, slot.hostname, slot.terms)) taken.add(n);
      continue;
    }
    taken.add(choice.node);
    view.addLoad(view.pinnedNode(pool, slot), -1);
    view.addLoad(choice.node, +1);
    let egressIP: SlotDecision["egressIP"] = null;
    const target = view.nodes.get(choice.node)?.egressIP;
    if (slot.egressIP !== null && target?.kind === "valid" && target.ip !== slot.egressIP) {
      egressIP = { from: slot.egressIP, to: target.ip };
    }
    const { node, hostname, tier, load, shared } = choice;
    outcomes[index] = {
      slot,
      action: "move",
      from: slot.hostname,
      to: hostname,
      egressIP,
      pin: pinSelector(hostname, slot.otherTerms, view.termsOf(pool) ?? {}),
      reason: reason("move", { cause, node, hostname, tier, load, shared, egressIP }),
    };
  }
}

/** The policy's action and reason from its slots' outcomes. */
export function summarize(slots: readonly SlotDecision[]): { action: SlotAction; reason: Reason } {
  const action: SlotAction = slots.some((s) => s.action === "move")
    ? "move"
    : slots.some((s) => s.action === "stuck")
      ? "stuck"
      : "keep";
  if (slots.length === 1) return { action, reason: (slots[0] as SlotDecision).reason };
  if (action === "keep" && slots.every((s) => s.reason.code === "gateway-healthy"))
    return { action, reason: reason("all-healthy", { gateways: slots.map((s) => s.from) }) };
  const parts = slots
    .filter((s) => s.action !== "keep" || s.reason.code !== "gateway-healthy")
    .map((s) => ({ slot: s.slot.label, reason: s.reason }));
  return { action, reason: reason("slots", { parts }) };
}

/** Decides a managed policy; `managed` says which of its slots (indexed like shape.slots). */
export function decidePolicy(
  view: ClusterView,
  placement: Placement,
  shape: PolicyShape,
  pool: string,
  managed: readonly boolean[],
): PolicyDecision {
  // Indexed like shape.slots. Most policies keep every slot, so the moving path allocates its
  // bookkeeping only when a slot moves.
  const outcomes: SlotDecision[] = new Array(shape.slots.length);
  const moving: { index: number; slot: GatewaySlot; cause: Reason; fits: number }[] = [];
  shape.slots.forEach((slot, index) => {
    if (!managed[index]) {
      outcomes[index] = keep(slot, reason("foreign-slot", { gateway: slot.hostname, pool }));
      return;
    }
    const j = judgeGateway(view, pool, slot);
    if ("stay" in j) outcomes[index] = keep(slot, j.stay);
    else moving.push({ index, slot, cause: j.leave, fits: 0 });
  });
  if (moving.length > 0) placeMoving(view, placement, pool, outcomes, moving);
  const { action, reason: r } = summarize(outcomes);
  const decision: PolicyDecision = {
    policy: shape.name,
    pool,
    action,
    gateways: shape.slots.map((s) => s.hostname),
    slots: outcomes,
    reason: r,
  };
  if (action === "move") decision.poolTerms = termStrings(view.termsOf(pool) ?? {});
  return decision;
}
