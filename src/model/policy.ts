/**
 * Policy shape: where a CiliumEgressGatewayPolicy names its gateway(s). With Cilium ≥ 1.18 a
 * non-empty `spec.egressGateways[]` overrides `spec.egressGateway`; each entry is a slot. Each
 * slot is pinned to one node by `nodeSelector.matchLabels["kubernetes.io/hostname"]`, which
 * keeps working when a dead node's CiliumNode still carries stale labels (cilium/cilium#41547),
 * and by its pool's terms (pin.ts); the other terms are the user's.
 */
import { HOSTNAME_LABEL, type PolicyObject } from "./objects.js";
import { expressionTerm, labelTerm, parsePoolTerms } from "./pin.js";
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
  /** The user's terms (the selector without the hostname and the hook's pool terms): what any replacement node must also match. */
  otherTerms: SelectorTerms;
  /** The pool terms the hook wrote into this pin (the pool-terms annotation lists them); replaced on a move. */
  poolTerms: SelectorTerms;
  /** Every term of the selector but the hostname, as term strings (pin.ts). */
  terms: string[];
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

type SlotProblem = { field: string; message: string };

/** A bad slot's problem: field paths are only spelled out then (this runs for every slot of every policy). */
function problemAt(label: string, rest: string, message: string): SlotProblem {
  return { field: `spec.${label}${rest}`, message };
}

function readSlot(raw: unknown, label: string, path: string, owned: ReadonlySet<string>): GatewaySlot | SlotProblem {
  if (!isObject(raw)) return problemAt(label, "", "is missing or not an object");
  const nodeSelector = raw.nodeSelector;
  if (!isObject(nodeSelector)) return problemAt(label, ".nodeSelector", "is missing or not an object");
  let matchLabels: Record<string, string> | null = null;
  if (nodeSelector.matchLabels !== undefined && nodeSelector.matchLabels !== null) {
    if (!isObject(nodeSelector.matchLabels)) return problemAt(label, ".nodeSelector.matchLabels", "is not an object");
    const labels = nodeSelector.matchLabels as Record<string, unknown>;
    for (const k in labels) {
      if (typeof labels[k] !== "string")
        return problemAt(label, `.nodeSelector.matchLabels["${k}"]`, "is not a string");
    }
    matchLabels = labels as Record<string, string>;
  }
  const expressions: SelectorTerms["matchExpressions"] = [];
  const exprs = nodeSelector.matchExpressions;
  if (exprs !== undefined && exprs !== null) {
    if (!Array.isArray(exprs)) return problemAt(label, ".nodeSelector.matchExpressions", "is not a list");
    for (let i = 0; i < exprs.length; i++) {
      const expr: unknown = exprs[i];
      const at = `.nodeSelector.matchExpressions[${i}]`;
      if (!isObject(expr) || typeof expr.key !== "string" || typeof expr.operator !== "string") {
        return problemAt(label, at, "needs a key and an operator");
      }
      if (expr.key === HOSTNAME_LABEL) {
        // A hostname pin written as an expression would be ANDed with ours and match nothing.
        return problemAt(label, at, `constrains ${HOSTNAME_LABEL}; pin the node with matchLabels instead`);
      }
      const values = Array.isArray(expr.values) ? expr.values.filter((v): v is string => typeof v === "string") : [];
      expressions.push({ key: expr.key, operator: expr.operator, values });
    }
  }
  const egressIP = raw.egressIP;
  const iface = raw.interface;
  if (egressIP !== undefined && egressIP !== null && typeof egressIP !== "string") {
    return problemAt(label, ".egressIP", "is not a string");
  }
  if (iface !== undefined && iface !== null && typeof iface !== "string") {
    return problemAt(label, ".interface", "is not a string");
  }
  if (egressIP && iface) {
    return problemAt(label, "", "sets both egressIP and interface, so Cilium ignores the policy");
  }
  const hostname = matchLabels?.[HOSTNAME_LABEL] ?? null;
  const otherTerms: SelectorTerms = {};
  const poolTerms: SelectorTerms = {};
  const terms: string[] = [];
  for (const k in matchLabels) {
    if (k === HOSTNAME_LABEL) continue;
    const term = labelTerm(k, matchLabels[k] as string);
    terms.push(term);
    const into = owned.has(term) ? poolTerms : otherTerms;
    into.matchLabels ??= {};
    into.matchLabels[k] = matchLabels[k] as string;
  }
  for (const e of expressions) {
    const term = expressionTerm(e);
    terms.push(term);
    const into = owned.has(term) ? poolTerms : otherTerms;
    into.matchExpressions ??= [];
    into.matchExpressions.push(e);
  }
  return {
    label,
    path,
    nodeSelector,
    matchLabels,
    hostname: hostname === "" ? null : hostname,
    otherTerms,
    poolTerms,
    terms,
    egressIP: egressIP ? egressIP : null,
  };
}

function invalid(p: PolicyObject, problem: SlotProblem): InvalidPolicy {
  return { name: p.name, poolAnnotation: p.pool, field: problem.field, message: problem.message };
}

/**
 * Reads a policy projection into its slots, or says which field makes it unmanageable. Every
 * result of a kind has one fixed shape (no spreads): this runs for every policy of every run.
 */
export function readPolicy(p: PolicyObject): PolicyShape | InvalidPolicy {
  const multi = p.egressGateways;
  const slots: GatewaySlot[] = [];
  const owned = parsePoolTerms(p.poolTerms);
  if (multi !== null && multi !== undefined && !Array.isArray(multi)) {
    return invalid(p, { field: "spec.egressGateways", message: "is not a list" });
  }
  if (Array.isArray(multi) && multi.length > 0) {
    for (let i = 0; i < multi.length; i++) {
      const slot = readSlot(multi[i], `egressGateways[${i}]`, `/spec/egressGateways/${i}`, owned);
      if ("message" in slot) return invalid(p, slot);
      slots.push(slot);
    }
  } else {
    const slot = readSlot(p.egressGateway, "egressGateway", "/spec/egressGateway", owned);
    if ("message" in slot) return invalid(p, slot);
    slots.push(slot);
  }
  return { name: p.name, poolAnnotation: p.pool, deleting: p.deleting, slots };
}

export function isInvalid(p: PolicyShape | InvalidPolicy): p is InvalidPolicy {
  return "message" in p;
}
