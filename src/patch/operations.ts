/**
 * Decisions → shell-operator object operations (protocol §4.2), one JSON object per line.
 *
 * Each moving policy gets one JSONPatch operation: `test` ops on every value being replaced,
 * then the changes. The API server applies a JSON patch atomically, so a concurrent human edit
 * makes the whole patch fail (the hook run fails, shell-operator retries with fresh snapshots)
 * instead of being overwritten. A `test` op also carries the `value` that shell-operator's
 * schema demands of the first op. Kept, stuck, ignored and invalid policies produce nothing.
 */
import type { PolicyDecision, SlotDecision } from "../engine/decide.js";
import { HOSTNAME_LABEL } from "../protocol/projections.js";

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

function slotPatch(d: SlotDecision): { tests: JsonPatchOp[]; changes: JsonPatchOp[] } {
  const { slot } = d;
  const selector = `${slot.path}/nodeSelector`;
  const hostnamePath = `${selector}/matchLabels/${pointerToken(HOSTNAME_LABEL)}`;
  const tests: JsonPatchOp[] = [];
  const changes: JsonPatchOp[] = [];
  if (slot.hostname !== null && slot.matchLabels !== null) {
    tests.push({ op: "test", path: hostnamePath, value: slot.hostname });
    changes.push({ op: "replace", path: hostnamePath, value: d.to });
  } else if (slot.matchLabels !== null) {
    tests.push({ op: "test", path: `${selector}/matchLabels`, value: slot.matchLabels });
    changes.push({ op: "add", path: hostnamePath, value: d.to });
  } else {
    tests.push({ op: "test", path: selector, value: slot.nodeSelector });
    changes.push({ op: "add", path: `${selector}/matchLabels`, value: { [HOSTNAME_LABEL]: d.to } });
  }
  if (d.egressIP !== null) {
    tests.push({ op: "test", path: `${slot.path}/egressIP`, value: d.egressIP.from });
    changes.push({ op: "replace", path: `${slot.path}/egressIP`, value: d.egressIP.to });
  }
  return { tests, changes };
}

/** The operations that carry out `decisions`; empty when nothing moves. */
export function toOperations(decisions: readonly PolicyDecision[]): PolicyPatchOperation[] {
  const ops: PolicyPatchOperation[] = [];
  for (const decision of decisions) {
    if (decision.action !== "move") continue;
    const tests: JsonPatchOp[] = [];
    const changes: JsonPatchOp[] = [];
    for (const slot of decision.slots) {
      if (slot.action !== "move") continue;
      const p = slotPatch(slot);
      tests.push(...p.tests);
      changes.push(...p.changes);
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
