/**
 * Decisions → Kubernetes Events on the policies, as `Create` operations in the patch file: one
 * per move, and one when a policy becomes stuck (not on every run while it stays stuck). The
 * decision's reason is the message, so `kubectl describe cegp <name>` tells the story.
 */
import type { PolicyDecision } from "../engine/decide.js";

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
function eventName(policy: string, now: Date, reason: string): string {
  const suffix = `.${reason.toLowerCase()}.${now.getTime().toString(16)}`;
  const head = policy.slice(0, 253 - suffix.length).replace(/[-.]+$/, "");
  return `${head}${suffix}`;
}

export function toEventOperations(
  decisions: readonly PolicyDecision[],
  uids: ReadonlyMap<string, string | null>,
  previouslyStuck: Readonly<Record<string, string>>,
  now: Date,
): EventCreateOperation[] {
  const ops: EventCreateOperation[] = [];
  for (const d of decisions) {
    let reason: string;
    let type: "Normal" | "Warning";
    if (d.action === "move") {
      reason = "GatewayMoved";
      type = "Normal";
    } else if (d.action === "stuck" && !Object.hasOwn(previouslyStuck, d.policy)) {
      // A move that leaves another slot stuck was reported by its GatewayMoved Event.
      reason = "NoEligibleGateway";
      type = "Warning";
    } else {
      continue;
    }
    const involvedObject: Record<string, unknown> = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumEgressGatewayPolicy",
      name: d.policy,
    };
    const uid = uids.get(d.policy);
    if (uid) involvedObject.uid = uid;
    const time = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    ops.push({
      operation: "Create",
      object: {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: eventName(d.policy, now, reason), namespace: EVENT_NAMESPACE },
        involvedObject,
        reason,
        type,
        message: truncate(d.reason),
        source: { component: EVENT_COMPONENT },
        firstTimestamp: time,
        lastTimestamp: time,
        count: 1,
      },
    });
  }
  return ops;
}
