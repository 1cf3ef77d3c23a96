/**
 * The shape checks of one projected object (a snapshot item's `filterResult`, see projections.ts),
 * field by field: each validator returns the projection, or the first problem as a message for
 * the log. binding-context.ts skips an item that fails and handles the rest.
 */
import type {
  AgentProjection,
  InventoryProjection,
  LeaseProjection,
  NodeProjection,
  PolicyProjection,
} from "./projections.js";

/** A JSON object: not null, not an array. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** What a JSON value is, for messages ("an array", "a string"). */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** The projected Ready condition, `{status, since}` or null, as Nodes and Pods both have it. */
function readyProblem(ready: unknown): string | null {
  if (ready === null) return null;
  if (!isObject(ready)) return `ready is ${describe(ready)}, expected an object or null`;
  if (ready.status !== null && typeof ready.status !== "string") return "ready.status is not a string";
  if (ready.since !== null && typeof ready.since !== "string") return "ready.since is not a string";
  return null;
}

/** Checks a node projection field by field; returns the first problem, or the projection. */
export function validateNodeProjection(v: unknown): NodeProjection | string {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (typeof v.deleting !== "boolean") return "deleting is not a boolean";
  if (typeof v.unschedulable !== "boolean") return "unschedulable is not a boolean";
  if (!isObject(v.labels) || Object.values(v.labels).some((l) => typeof l !== "string")) {
    return "labels is not an object of strings";
  }
  if (!Array.isArray(v.taints) || v.taints.some((t) => typeof t !== "string")) {
    return "taints is not a list of strings";
  }
  const ready = readyProblem(v.ready);
  if (ready) return ready;
  if (v.egressIP !== null && typeof v.egressIP !== "string") return "egressIP is not a string";
  if (v.agentTaintAdded !== undefined && v.agentTaintAdded !== null && typeof v.agentTaintAdded !== "string")
    return "agentTaintAdded is not a string";
  if (v.address !== undefined && v.address !== null && typeof v.address !== "string") return "address is not a string";
  return v as unknown as NodeProjection;
}

export function validateLeaseProjection(v: unknown): LeaseProjection | string {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.renewTime !== null && typeof v.renewTime !== "string") return "renewTime is not a string";
  if (v.durationSeconds !== null && typeof v.durationSeconds !== "number") return "durationSeconds is not a number";
  return v as unknown as LeaseProjection;
}

export function validateAgentProjection(v: unknown): AgentProjection | string {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.node !== null && typeof v.node !== "string") return "node is not a string";
  if (typeof v.deleting !== "boolean") return "deleting is not a boolean";
  const ready = readyProblem(v.ready);
  if (ready) return ready;
  return v as unknown as AgentProjection;
}

export function validateInventoryProjection(v: unknown): InventoryProjection | string {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.hostname !== null && v.hostname !== undefined && typeof v.hostname !== "string")
    return "hostname is not a string";
  if (v.down !== undefined && typeof v.down !== "boolean") return "down is not a boolean";
  return {
    name: v.name,
    hostname: typeof v.hostname === "string" ? v.hostname : null,
    ...(v.down === true ? { down: true } : {}),
  };
}

/** Checks the metadata part of a policy projection; the spec is checked by the policy model. */
export function validatePolicyProjection(v: unknown): PolicyProjection | string {
  if (!isObject(v)) return `expected an object, got ${describe(v)}`;
  if (typeof v.name !== "string" || v.name === "") return "name is missing";
  if (v.pool !== null && typeof v.pool !== "string") return "pool annotation is not a string";
  if (v.uid !== undefined && v.uid !== null && typeof v.uid !== "string") return "uid is not a string";
  if (typeof v.deleting !== "boolean") return "deleting is not a boolean";
  if (!("egressGateway" in v) || !("egressGateways" in v)) return "egressGateway/egressGateways keys are missing";
  if (v.lastMove !== undefined && v.lastMove !== null && typeof v.lastMove !== "string")
    return "lastMove is not a string";
  if (v.poolTerms !== undefined && v.poolTerms !== null && typeof v.poolTerms !== "string")
    return "poolTerms is not a string";
  if (v.hasAnnotations !== undefined && typeof v.hasAnnotations !== "boolean") return "hasAnnotations is not a boolean";
  return v as unknown as PolicyProjection;
}
