/**
 * Decisions → shell-operator object operations (protocol §4.2), one JSON object per line.
 *
 * Each moving policy gets one JSONPatch operation: `test` ops on every value being replaced,
 * then the changes. The API server applies a JSON patch atomically, so a concurrent human edit
 * makes the whole patch fail (the hook run fails, shell-operator retries with fresh snapshots)
 * instead of being overwritten. Every change is guarded: a replaced value by a `test` of it, an
 * added member by a `test` of the map it joins, and a policy's first annotations map by a `test`
 * that it is still absent (the API server's JSON patch passes a `test` with a null value only
 * while the path is missing). The only unguarded ops add the last-move and pool-terms
 * annotations to an existing map: they touch no other key. A moved slot's whole nodeSelector is
 * replaced by its new pin (the hostname, the user's terms and the pool's: model/pin.ts). A `test` op also carries the `value` that shell-operator's
 * schema demands of the first op. Kept, stuck, ignored and invalid policies produce nothing.
 */
import type { PolicyDecision, SlotDecision } from "../engine/decide.js";
import type { LastMove } from "../engine/moves.js";
import { ANNOTATION_LAST_MOVE, ANNOTATION_POOL_TERMS } from "../model/objects.js";
import { termStrings } from "../model/pin.js";

export type JsonPatchOp =
  | { op: "test"; path: string; value: unknown }
  | { op: "add"; path: string; value: unknown }
  | { op: "replace"; path: string; value: unknown };

export interface PolicyPatchOperation {
  operation: "JSONPatch";
  apiVersion: "cilium.io/v2";
  kind: "CiliumEgressGatewayPolicy";
  name: string;
  jsonPatch: JsonPatchOp[];
}

/** RFC 6901 escaping of one reference token. */
export function pointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** A moved slot's nodeSelector is replaced whole (the pin: model/pin.ts), guarded by a test of the one it replaces. */
function slotPatch(d: SlotDecision): { tests: JsonPatchOp[]; changes: JsonPatchOp[] } {
  const { slot } = d;
  const selector = `${slot.path}/nodeSelector`;
  const tests: JsonPatchOp[] = [{ op: "test", path: selector, value: slot.nodeSelector }];
  const changes: JsonPatchOp[] = [{ op: "replace", path: selector, value: d.pin }];
  if (d.egressIP !== null) {
    tests.push({ op: "test", path: `${slot.path}/egressIP`, value: d.egressIP.from });
    changes.push({ op: "replace", path: `${slot.path}/egressIP`, value: d.egressIP.to });
  }
  return { tests, changes };
}

/** A move to write: the decision, and the last-move annotation that lets its writer confirm it. */
export interface MoveWrite {
  decision: PolicyDecision;
  lastMove: LastMove;
  /** Whether the policy has an annotations map (otherwise the patch creates it). */
  hasAnnotations: boolean;
}

/** The operations that carry out the moves; the annotation change comes last. */
export function toOperations(writes: readonly MoveWrite[]): PolicyPatchOperation[] {
  const ops: PolicyPatchOperation[] = [];
  for (const { decision, lastMove, hasAnnotations } of writes) {
    if (decision.action !== "move") continue;
    const tests: JsonPatchOp[] = [];
    const changes: JsonPatchOp[] = [];
    // The pool terms the hook owns once moved: the pool's, and the older ones that slots left as they are still carry.
    const owned = new Set(decision.poolTerms);
    for (const slot of decision.slots) {
      if (slot.action !== "move") {
        for (const t of termStrings(slot.slot.poolTerms)) owned.add(t);
        continue;
      }
      const p = slotPatch(slot);
      tests.push(...p.tests);
      changes.push(...p.changes);
    }
    // The last-move annotation comes last: its writer confirms the move by it.
    const annotations = {
      [ANNOTATION_POOL_TERMS]: JSON.stringify([...owned].sort()),
      [ANNOTATION_LAST_MOVE]: JSON.stringify(lastMove),
    };
    // Created only while the policy still has no annotations: a user's concurrent ones are never erased.
    if (!hasAnnotations) {
      tests.push({ op: "test", path: "/metadata/annotations", value: null });
      changes.push({ op: "add", path: "/metadata/annotations", value: annotations });
    } else {
      for (const [key, value] of Object.entries(annotations))
        changes.push({ op: "add", path: `/metadata/annotations/${pointerToken(key)}`, value });
    }
    ops.push({
      operation: "JSONPatch",
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: decision.policy,
      jsonPatch: [...tests, ...changes],
    });
  }
  return ops;
}

/** A stream of JSON objects, one per line, as shell-operator reads `$KUBERNETES_PATCH_PATH`. */
export function toNdjson(items: readonly unknown[]): string {
  let out = "";
  for (const item of items) out += `${JSON.stringify(item)}\n`;
  return out;
}
