/**
 * Placement: which node a slot that must move goes to.
 *
 * A node *fits* a slot when it is a healthy member of the slot's pool whose cilium agent is
 * Ready (when the agent signal says so), matches the slot's other selector terms, carries an
 * unambiguous kubernetes.io/hostname label, and has an egress IP of the slot's family if the
 * slot needs one. Among the fitting nodes:
 * - tier "settled": the settled node serving the fewest gateways, ties by name;
 * - tier "recovering", only when no settled node fits: the recovering node healthy the longest.
 *   A slot on an unhealthy node has no connections left to protect, so waiting out the recovery
 *   delay would only make the outage longer.
 * Two slots of one policy share a node only when no other node fits: a free recovering node
 * comes before a settled node another slot of the policy already holds.
 */
import { familyOf } from "../model/ip-address.js";
import type { GatewaySlot } from "../model/policy.js";
import { type Reason, reason, type Tier } from "../model/reason.js";
import { unmatchedTerms } from "../model/selector-match.js";
import type { ClusterView } from "./view.js";

export interface Choice {
  node: string;
  /** The pin that selects it: its hostname label. */
  hostname: string;
  tier: Tier;
  load: number;
  shared: boolean;
}

export interface Rejection {
  node: string;
  reason: Reason;
}

/** Why `node` does not fit `slot` of `pool`, or its tier when it does. */
export function fit(view: ClusterView, pool: string, node: string, slot: GatewaySlot): Tier | Reason {
  const h = view.nodes.get(node);
  if (!h || !view.isMember(pool, node)) return reason("not-a-member", { pool });
  if (h.state === "unhealthy") return reason("unhealthy", { problems: view.problems(node) });
  if (h.state === "grace") return view.waiting(node) as Reason;
  if (h.hostname === null) return reason("no-hostname-label");
  const sharing = view.pinnedByMove(pool, h.hostname);
  if (sharing.length > 1) return reason("hostname-ambiguous", { hostname: h.hostname, nodes: [...sharing] });
  const unmatched = unmatchedTerms(slot.otherTerms, h.labels);
  if (unmatched.length > 0) return reason("selector-mismatch", { terms: unmatched });
  if (slot.egressIP !== null) {
    if (h.egressIP.kind === "none") return reason("egress-ip-missing");
    if (h.egressIP.kind === "invalid")
      return reason("egress-ip-invalid", { value: h.egressIP.raw, problem: h.egressIP.problem });
    if (h.egressIP.kind === "conflict")
      return reason("egress-ip-conflict", { value: h.egressIP.ip, nodes: [...h.egressIP.nodes] });
    const want = familyOf(slot.egressIP);
    if (h.egressIP.family !== want)
      return reason("egress-ip-family", { value: h.egressIP.ip, got: h.egressIP.family, want });
  }
  return h.state === "settled" ? "settled" : "recovering";
}

export class Placement {
  private readonly cache = new Map<string, { settled: string[]; recovering: string[] }>();
  constructor(private readonly view: ClusterView) {}

  /**
   * The fitting nodes of `pool` for `slot`, by tier, in name order. Fit depends only on the pool
   * and on what the slot requires, so it is computed once per distinct requirement: thousands of
   * policies usually share a handful.
   */
  fitting(pool: string, slot: GatewaySlot): { settled: string[]; recovering: string[] } {
    const family = slot.egressIP === null ? null : familyOf(slot.egressIP);
    const key = JSON.stringify([pool, slot.otherTerms, family]);
    let tiers = this.cache.get(key);
    if (!tiers) {
      tiers = { settled: [], recovering: [] };
      for (const node of this.view.members.get(pool) ?? []) {
        const t = fit(this.view, pool, node, slot);
        if (t === "settled") tiers.settled.push(node);
        else if (t === "recovering") tiers.recovering.push(node);
      }
      // Healthy the longest first (see NodeInputs.recoveringRank).
      const rank = (n: string): number => this.view.nodes.get(n)?.recoveringRank ?? 0;
      tiers.recovering.sort((a, b) => rank(a) - rank(b));
      this.cache.set(key, tiers);
    }
    return tiers;
  }

  count(pool: string, slot: GatewaySlot): number {
    const t = this.fitting(pool, slot);
    return t.settled.length + t.recovering.length;
  }

  pick(pool: string, slot: GatewaySlot, taken: ReadonlySet<string>): Choice | { rejections: Rejection[] } {
    const { settled, recovering } = this.fitting(pool, slot);
    if (settled.length + recovering.length === 0) {
      // Only a stuck slot needs the reasons, so only then are they spelled out.
      const rejections = (this.view.members.get(pool) ?? []).map((node) => ({
        node,
        reason: fit(this.view, pool, node, slot) as Reason,
      }));
      return { rejections };
    }
    // A free node of either tier comes before sharing one: a recovering node keeps the policy's
    // redundancy, which sharing would lose for good (no failback).
    const free = (nodes: string[]): string[] => nodes.filter((n) => !taken.has(n));
    const freeSettled = free(settled);
    const freeRecovering = free(recovering);
    const tier: Tier =
      freeSettled.length > 0 || (freeRecovering.length === 0 && settled.length > 0) ? "settled" : "recovering";
    const nodes = tier === "settled" ? settled : recovering;
    const fresh = tier === "settled" ? freeSettled : freeRecovering;
    const choices = fresh.length > 0 ? fresh : nodes;
    let best = choices[0] as string;
    if (tier === "settled") {
      const load = (n: string): number => this.view.load.get(n) ?? 0;
      for (const node of choices) if (load(node) < load(best)) best = node;
    }
    const h = this.view.nodes.get(best);
    return {
      node: best,
      hostname: h?.hostname ?? best,
      tier,
      load: this.view.load.get(best) ?? 0,
      shared: fresh.length === 0,
    };
  }
}
