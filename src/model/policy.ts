/**
 * Policy shape: where a CiliumEgressGatewayPolicy names its gateway(s). With Cilium ≥ 1.18 a
 * non-empty `spec.egressGateways[]` overrides `spec.egressGateway`; each entry is a slot. Each
 * slot is pinned to one node by `nodeSelector.matchLabels["kubernetes.io/hostname"]`, which
 * keeps working when a dead node's CiliumNode still carries stale labels (cilium/cilium#41547).
 */
import { HOSTNAME_LABEL, type PolicyObject } from "./objects.js";
import type { SelectorTerms } from "./selector-match.js";

export interface GatewaySlot {
  /** Display name: "egressGateway" or "egressGateways[2]". */
  label: string;
  /** JSON pointer of the slot object. */
  path: string;
  nodeSelector: Record<string, unknown>;
  matchLabels: Record<string, string> | null;
  /** The pinned node, if the slot is pinned. */
  hostname: string | null;
  /** The selector without the hostname pin: what any replacement node must also match. */
  otherTerms: SelectorTerms;
  /** Non-empty egressIP, if the slot uses one. */
  egressIP: string | null;
}

export interface PolicyShape {
  name: string;
  poolAnnotation: string | null;
  deleting: boolean;
  slots: GatewaySlot[];
}

/** A policy that cannot be managed as it is; `field` names the offending field. */
export interface InvalidPolicy {
  name: string;
  poolAnnotation: string | null;
  field: string;
  message: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readSlot(raw: unknown, label: string, path: string): GatewaySlot | { field: string; message: string } {
  // Field paths are only spelled out for a bad slot: this runs for every slot of every policy.
  const field = `spec.${label}`;
  if (!isObject(raw)) return { field, message: "is missing or not an object" };
  const nodeSelector = raw.nodeSelector;
  if (!isObject(nodeSelector)) return { field: `${field}.nodeSelector`, message: "is missing or not an object" };
  let matchLabels: Record<string, string> | null = null;
  if (nodeSelector.matchLabels !== undefined && nodeSelector.matchLabels !== null) {
    if (!isObject(nodeSelector.matchLabels)) {
      return { field: `${field}.nodeSelector.matchLabels`, message: "is not an object" };
    }
    const labels = nodeSelector.matchLabels as Record<string, unknown>;
    for (const k in labels) {
      if (typeof labels[k] !== "string") {
        return { field: `${field}.nodeSelector.matchLabels["${k}"]`, message: "is not a string" };
      }
    }
    matchLabels = labels as Record<string, string>;
  }
  const expressions: SelectorTerms["matchExpressions"] = [];
  if (nodeSelector.matchExpressions !== undefined && nodeSelector.matchExpressions !== null) {
    if (!Array.isArray(nodeSelector.matchExpressions)) {
      return { field: `${field}.nodeSelector.matchExpressions`, message: "is not a list" };
    }
    for (const [i, expr] of nodeSelector.matchExpressions.entries()) {
      const at = `${field}.nodeSelector.matchExpressions[${i}]`;
      if (!isObject(expr) || typeof expr.key !== "string" || typeof expr.operator !== "string") {
        return { field: at, message: "needs a key and an operator" };
      }
      if (expr.key === HOSTNAME_LABEL) {
        // A hostname pin written as an expression would be ANDed with ours and match nothing.
        return { field: at, message: `constrains ${HOSTNAME_LABEL}; pin the node with matchLabels instead` };
      }
      const values = Array.isArray(expr.values) ? expr.values.filter((v): v is string => typeof v === "string") : [];
      expressions.push({ key: expr.key, operator: expr.operator, values });
    }
  }
  const egressIP = raw.egressIP;
  const iface = raw.interface;
  if (egressIP !== undefined && egressIP !== null && typeof egressIP !== "string") {
    return { field: `${field}.egressIP`, message: "is not a string" };
  }
  if (iface !== undefined && iface !== null && typeof iface !== "string") {
    return { field: `${field}.interface`, message: "is not a string" };
  }
  if (egressIP && iface) {
    return { field, message: "sets both egressIP and interface, so Cilium ignores the policy" };
  }
  const hostname = matchLabels?.[HOSTNAME_LABEL] ?? null;
  const otherTerms: SelectorTerms = {};
  for (const k in matchLabels) {
    if (k === HOSTNAME_LABEL) continue;
    otherTerms.matchLabels ??= {};
    otherTerms.matchLabels[k] = matchLabels[k] as string;
  }
  if (expressions.length > 0) otherTerms.matchExpressions = expressions;
  return {
    label,
    path,
    nodeSelector,
    matchLabels,
    hostname: hostname === "" ? null : hostname,
    otherTerms,
    egressIP: egressIP ? egressIP : null,
  };
}

/** Reads a policy projection into its slots, or says which field makes it unmanageable. */
export function readPolicy(p: PolicyObject): PolicyShape | InvalidPolicy {
  const base = { name: p.name, poolAnnotation: p.pool };
  const multi = p.egressGateways;
  const slots: GatewaySlot[] = [];
  if (multi !== null && multi !== undefined && !Array.isArray(multi)) {
    return { ...base, field: "spec.egressGateways", message: "is not a list" };
  }
  if (Array.isArray(multi) && multi.length > 0) {
    for (const [i, raw] of multi.entries()) {
      const slot = readSlot(raw, `egressGateways[${i}]`, `/spec/egressGateways/${i}`);
      if ("message" in slot) return { ...base, ...slot };
      slots.push(slot);
    }
  } else {
    const slot = readSlot(p.egressGateway, "egressGateway", "/spec/egressGateway");
    if ("message" in slot) return { ...base, ...slot };
    slots.push(slot);
  }
  return { ...base, deleting: p.deleting, slots };
}

export function isInvalid(p: PolicyShape | InvalidPolicy): p is InvalidPolicy {
  return "message" in p;
}
