/**
 * Kubernetes Events on the policies, as `Create` operations in the patch file: one per
 * confirmed move (in the run that sees the move take effect, see engine/moves.ts), and one when
 * a policy becomes stuck (not on every run while it stays stuck). The rendered reason is the
 * message, so `kubectl describe cegp <name>` tells the story.
 */
import type { PolicyDecision } from "../engine/decide.js";
import type { PendingMove } from "../engine/moves.js";
import { renderReason } from "../model/reason.js";

export const EVENT_COMPONENT = "cilium-egress-ha";
/** Events about cluster-scoped objects live in `default`, as Node events do. */
export const EVENT_NAMESPACE = "default";

export interface EventCreateOperation {
  operation: "Create";
  object: Record<string, unknown>;
}

/** Events cap messages at 1024 bytes. */
function truncate(message: string): string {
  return Buffer.byteLength(message) <= 1024 ? message : `${Buffer.from(message).subarray(0, 1020).toString()}…`;
}

/** Unique per policy, reason and millisecond; a valid name (DNS subdomain) for any policy name. */
function eventName(policy: string, now: Date, reason: string, n: number): string {
  const suffix = `.${reason.toLowerCase()}.${now.getTime().toString(16)}${n > 0 ? `.${n}` : ""}`;
  const head = policy.slice(0, 253 - suffix.length).replace(/[-.]+$/, "");
  return `${head}${suffix}`;
}

export function toEventOperations(
  confirmed: readonly PendingMove[],
  decisions: readonly PolicyDecision[],
  uids: ReadonlyMap<string, string | null>,
  previouslyStuck: Readonly<Record<string, string>>,
  now: Date,
): EventCreateOperation[] {
  const items: { policy: string; reason: string; type: "Normal" | "Warning"; message: string }[] = [];
  for (const m of confirmed)
    items.push({ policy: m.policy, reason: "GatewayMoved", type: "Normal", message: m.message });
  for (const d of decisions) {
    // A move that leaves another slot stuck is reported by its GatewayMoved Event.
    if (d.action === "stuck" && !Object.hasOwn(previouslyStuck, d.policy))
      items.push({ policy: d.policy, reason: "NoEligibleGateway", type: "Warning", message: renderReason(d.reason) });
  }
  const ops: EventCreateOperation[] = [];
  let n = 0;
  for (const { policy, reason, type, message } of items) {
    const involvedObject: Record<string, unknown> = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: policy,
    };
    const uid = uids.get(policy);
    if (uid) involvedObject.uid = uid;
    const time = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    ops.push({
      operation: "Create",
      object: {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: eventName(policy, now, reason, n++), namespace: EVENT_NAMESPACE },
        involvedObject,
        reason,
        type,
        message: truncate(message),
        source: { component: EVENT_COMPONENT },
        firstTimestamp: time,
        lastTimestamp: time,
        count: 1,
      },
    });
  }
  return ops;
}
