/**
 * Scope: which policies the hook manages, in which pool, and which of their slots.
 * - A policy annotated `cilium-egress-ha/pool: <pool>` is managed whole.
 * - Prior-art compatibility: an unannotated policy is managed for the slots pinned to nodes of
 *   one pool (the pool holding most of its pins); its other slots are someone else's.
 * - A remembered policy (unannotated, managed earlier) whose pinned node is gone from the
 *   cluster (no node carries that hostname label any more) is managed for its gone slots only,
 *   and only while the hook knows which nodes exist. A slot without a hostname pin is left alone.
 */
import { ANNOTATION_POOL } from "../model/objects.js";
import type { PolicyShape } from "../model/policy.js";
import { type Reason, reason } from "../model/reason.js";
import type { ClusterView } from "./view.js";

export type Scope =
  | { kind: "managed"; pool: string; via: "annotation" | "pin" | "remembered"; slots: boolean[] }
  | { kind: "ignore"; reason: Reason; keepRemembered?: string }
  | { kind: "invalid"; reason: Reason; field: string };

function pinnedToMember(view: ClusterView, pool: string, hostname: string | null): boolean {
  for (const node of view.nodesOf(hostname)) if (view.isMember(pool, node)) return true;
  return false;
}

/**
 * @param nodesKnown whether the hook knows every node of the cluster this run (the node
 *   inventory, and the Leases when that signal is on)
 */
export function scopeOf(
  view: ClusterView,
  shape: PolicyShape,
  configured: readonly string[],
  remembered: Readonly<Record<string, string>>,
  nodesKnown: boolean,
): Scope {
  if (shape.poolAnnotation !== null) {
    if (configured.includes(shape.poolAnnotation))
      return { kind: "managed", pool: shape.poolAnnotation, via: "annotation", slots: shape.slots.map(() => true) };
    return {
      kind: "invalid",
      field: `metadata.annotations["${ANNOTATION_POOL}"]`,
      reason: reason("unknown-pool", { pool: shape.poolAnnotation, configured: [...configured] }),
    };
  }
  // The pool holding most of the pinned nodes, ties by name. Moves only ever add pinned nodes
  // to the chosen pool, so the choice is stable from run to run even where pools overlap.
  let best: { pool: string; count: number } | null = null;
  for (const pool of view.members.keys()) {
    let count = 0;
    for (const s of shape.slots) if (pinnedToMember(view, pool, s.hostname)) count++;
    if (count > 0 && (best === null || count > best.count)) best = { pool, count };
  }
  if (best !== null) {
    const pool = best.pool;
    return { kind: "managed", pool, via: "pin", slots: shape.slots.map((s) => pinnedToMember(view, pool, s.hostname)) };
  }
  const before = Object.hasOwn(remembered, shape.name) ? remembered[shape.name] : undefined;
  if (before !== undefined && configured.includes(before)) {
    if (!nodesKnown)
      return {
        kind: "ignore",
        reason: reason("not-managed", { because: "inventory-unknown" }),
        keepRemembered: before,
      };
    // The prior art's worst case: the pinned node was deleted, so nothing ties the policy to a
    // pool any more. A pin to a node that still exists outside the pool is someone's choice.
    const gone = shape.slots.map((s) => s.hostname !== null && view.nodesOf(s.hostname).length === 0);
    if (gone.some(Boolean)) return { kind: "managed", pool: before, via: "remembered", slots: gone };
    if (shape.slots.every((s) => s.hostname === null))
      return { kind: "ignore", reason: reason("not-managed", { because: "remembered-unpinned" }) };
  }
  return { kind: "ignore", reason: reason("not-managed", { because: "no-pool-pin" }) };
}
