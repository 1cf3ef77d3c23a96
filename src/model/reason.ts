/**
 * Reasons: every decision, node state and refusal carries one, as a code plus its facts. The
 * code is what tests, metrics and tooling rely on; `renderReason` turns it into the one text
 * that the log line, the `plan` row and the Event message all show.
 *
 * Each code has its own facts (ReasonFacts): `reason(code, facts)` and a `switch` on a
 * reason's code are checked by the compiler, so a misspelled or missing fact does not compile.
 * REASON_GROUPS lists every code at runtime, grouped as the docs show them.
 */

/** Every code, grouped as the docs list them (docs/reason-codes.md is generated from this). */
export const REASON_GROUPS = [
  {
    title: "why a node is unhealthy (it gives up its gateways)",
    codes: [
      "node-not-ready",
      "node-tainted",
      "node-cordoned",
      "node-deleting",
      "lease-missing",
      "lease-no-renew-time",
      "lease-stale",
      "agent-down",
      "probe-silent",
    ],
  },
  {
    title: "why a healthy node is not settled, or takes no new gateway",
    codes: ["recovery-delay", "agent-grace"],
  },
  {
    title: "why a node does not fit a slot",
    codes: [
      "not-a-member",
      "unhealthy",
      "no-hostname-label",
      "hostname-ambiguous",
      "selector-mismatch",
      "egress-ip-missing",
      "egress-ip-invalid",
      "egress-ip-family",
      "egress-ip-conflict",
    ],
  },
  {
    title: "slots",
    codes: [
      "gateway-healthy",
      "gateway-in-grace",
      "gateway-deferred",
      "foreign-slot",
      "not-pinned",
      "gateway-not-in-pool",
      "gateway-unhealthy",
      "gateway-ambiguous",
      "gateway-selector-mismatch",
      "move",
      "no-node-fits",
    ],
  },
  {
    title: "policies",
    codes: ["all-healthy", "slots", "not-managed", "deleting", "invalid-policy", "unknown-pool"],
  },
  {
    title: "notices: conditions the hook warns about once, when they start or change",
    codes: [
      "time-in-future",
      "time-unparsable",
      "hostnames-ambiguous",
      "egress-ip-annotation-invalid",
      "egress-ip-annotation-conflict",
      "node-address-invalid",
    ],
  },
] as const satisfies readonly { title: string; codes: readonly string[] }[];

export type ReasonCode = (typeof REASON_GROUPS)[number]["codes"][number];

/** Every code, in the order of REASON_GROUPS. */
export const REASON_CODES: readonly ReasonCode[] = REASON_GROUPS.flatMap((g) => g.codes);

/** Placement tiers: settled nodes first, recovering ones only when no settled node fits. */
export type Tier = "settled" | "recovering";

type NoFacts = Record<never, never>;
/** How long a signal has seen a node's cilium agent down, against the grace. */
interface AgentDownFacts {
  /** How it shows (pods, taint, refused probe port). */
  detail: string;
  forSeconds: number;
  graceSeconds: number;
}

/** The facts of each code: plain JSON values and nested reasons. */
interface FactsByCode {
  "node-not-ready": { status: null } | { status: string; since: string | null };
  "node-tainted": { taint: string };
  "node-cordoned": NoFacts;
  "node-deleting": NoFacts;
  "lease-missing": NoFacts;
  "lease-no-renew-time": NoFacts;
  "lease-stale": { ageSeconds: number; staleAfterSeconds: number };
  "agent-down": AgentDownFacts;
  "probe-silent": { failures: number; forSeconds: number; port: string };
  "recovery-delay": { what: string; forSeconds: number; delaySeconds: number; was?: string };
  "agent-grace": AgentDownFacts;
  "not-a-member": { pool: string };
  unhealthy: { problems: Reason[] };
  "no-hostname-label": NoFacts;
  "hostname-ambiguous": { hostname: string; nodes: string[] };
  "selector-mismatch": { terms: string[] };
  "egress-ip-missing": NoFacts;
  "egress-ip-invalid": { value: string; problem: string };
  "egress-ip-family": { value: string; got: string; want: string };
  "egress-ip-conflict": { value: string; nodes: string[] };
  "gateway-healthy": { gateway: string };
  "gateway-in-grace": { gateway: string; grace: Reason };
  /** Unhealthy only to this replica's probe, on a node another writer chose: see engine/moves.ts. */
  "gateway-deferred": { gateway: string; problems: Reason[]; by: string; forSeconds: number; deferSeconds: number };
  "foreign-slot": { gateway: string | null; pool: string };
  "not-pinned": NoFacts;
  "gateway-not-in-pool": { gateway: string; pool: string };
  "gateway-unhealthy": { gateway: string; node: string; problems: Reason[] };
  "gateway-ambiguous": { gateway: string; nodes: string[]; unhealthy: string[] };
  "gateway-selector-mismatch": { gateway: string; terms: string[] };
  move: {
    cause: Reason;
    node: string;
    hostname: string;
    tier: Tier;
    load: number;
    shared: boolean;
    egressIP: { from: string; to: string } | null;
  };
  "no-node-fits": { cause: Reason; pool: string; rejections: { node: string; reason: Reason }[] };
  "all-healthy": { gateways: (string | null)[] };
  slots: { parts: { slot: string; reason: Reason }[] };
  "not-managed":
    | { because: "unmanageable"; field: string; message: string }
    | { because: "remembered-unpinned" | "inventory-unknown" | "no-pool-pin" };
  deleting: NoFacts;
  "invalid-policy": { field: string; message: string };
  "unknown-pool": { pool: string; configured: string[] };
  "time-in-future": { object: string; field: string; value: string; now: string };
  "time-unparsable": { object: string; field: string; value: string };
  "hostnames-ambiguous": { hostname: string; nodes: string[] };
  "egress-ip-annotation-invalid": { node: string; value: string; problem: string };
  "egress-ip-annotation-conflict": { node: string; value: string; others: string[] };
  "node-address-invalid": { node: string; field: string; value: string };
}

/** The facts of each code (a compile error here means a code of REASON_GROUPS has no facts). */
export type ReasonFacts = { [C in ReasonCode]: FactsByCode[C] };

/** A reason of one code: the code plus exactly its facts. */
export type ReasonOf<C extends ReasonCode> = { readonly code: C } & Readonly<ReasonFacts[C]>;

/** A code plus its facts; switching on `code` narrows the facts. */
export type Reason = { [C in ReasonCode]: ReasonOf<C> }[ReasonCode];

/** Facts may be left out for codes that have none. */
type FactsArg<C extends ReasonCode> = NoFacts extends ReasonFacts[C]
  ? [facts?: ReasonFacts[C]]
  : [facts: ReasonFacts[C]];

export function reason<C extends ReasonCode>(code: C, ...[facts]: FactsArg<C>): ReasonOf<C> {
  return { code, ...facts } as ReasonOf<C>;
}

export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const age = (v: unknown): string => formatAge(typeof v === "number" ? v : 0);
const list = (v: unknown): string => (Array.isArray(v) ? v.map(str).join(", ") : str(v));
const reasons = (v: readonly Reason[]): string => v.map(renderReason).join(", ");

/** The one text for a reason: log line, `plan` row and Event message. */
export function renderReason(r: Reason): string {
  switch (r.code) {
    case "node-not-ready":
      if (r.status === null) return "has no Ready condition";
      return `Ready=${str(r.status)}${r.status === "Unknown" ? " (kubelet stopped reporting)" : ""}${r.since ? ` since ${str(r.since)}` : ""}`;
    case "node-tainted":
      return `tainted ${str(r.taint)}`;
    case "node-cordoned":
      return "cordoned";
    case "node-deleting":
      return "being deleted";
    case "lease-missing":
      return "has no Lease in kube-node-lease";
    case "lease-no-renew-time":
      return "Lease has no renewTime";
    case "lease-stale":
      return `Lease not renewed for ${age(r.ageSeconds)} (stale after ${age(r.staleAfterSeconds)})`;
    case "agent-down":
      return `${str(r.detail)} for ${age(r.forSeconds)} (grace ${age(r.graceSeconds)})`;
    case "probe-silent":
      return `no answer on port ${str(r.port)} to ${str(r.failures)} probes in a row over ${age(r.forSeconds)}`;
    case "recovery-delay":
      return `${str(r.what)} for ${age(r.forSeconds)} of the ${age(r.delaySeconds)} recovery delay${r.was ? ` (was: ${str(r.was)})` : ""}`;
    case "agent-grace":
      return `${str(r.detail)} for ${age(r.forSeconds)}; keeps its gateways for the ${age(r.graceSeconds)} grace, takes no new one`;
    case "not-a-member":
      return `not a node of pool ${str(r.pool)}`;
    case "unhealthy":
      return reasons(r.problems);
    case "no-hostname-label":
      return "has no kubernetes.io/hostname label, so no pin can select it";
    case "hostname-ambiguous":
      return `its kubernetes.io/hostname ${str(r.hostname)} is shared by ${list(r.nodes)}`;
    case "selector-mismatch":
      return `does not match the policy's selector (${list(r.terms)})`;
    case "egress-ip-missing":
      return "has no cilium-egress-ha/egress-ip annotation, which the policy's egressIP needs";
    case "egress-ip-conflict":
      return `its cilium-egress-ha/egress-ip ${str(r.value)} is claimed by ${r.nodes.join(", ")}: a policy's traffic cannot be sent to an address two nodes claim`;
    case "egress-ip-invalid":
      return `its cilium-egress-ha/egress-ip annotation "${str(r.value)}" ${str(r.problem)}`;
    case "egress-ip-family":
      return `its egress IP ${str(r.value)} is ${str(r.got)}, the policy's egressIP is ${str(r.want)}`;
    case "gateway-healthy":
      return `gateway ${str(r.gateway)} is healthy`;
    case "gateway-in-grace":
      return `gateway ${str(r.gateway)} stays: ${renderReason(r.grace)}`;
    case "gateway-deferred":
      return `gateway ${str(r.gateway)} stays: unhealthy only to this replica's probe (${reasons(r.problems)}), and ${str(r.by)} chose it ${age(r.forSeconds)} ago; deferred to it for ${age(r.deferSeconds)}`;
    case "foreign-slot":
      return `gateway ${str(r.gateway ?? "(unpinned)")} is not a node of pool ${str(r.pool)}; left alone, as the policy has no cilium-egress-ha/pool annotation`;
    case "not-pinned":
      return "not pinned to a node";
    case "gateway-not-in-pool":
      return `gateway ${str(r.gateway)} is not a node of pool ${str(r.pool)} (deleted, or no longer selected by the pool)`;
    case "gateway-unhealthy":
      return `gateway ${str(r.gateway)} is unhealthy (${reasons(r.problems)})`;
    case "gateway-ambiguous":
      return `gateway ${str(r.gateway)} is ambiguous: its hostname matches ${list(r.nodes)}${r.unhealthy.length > 0 ? `, and ${list(r.unhealthy)} cannot serve` : ""}`;
    case "gateway-selector-mismatch":
      return `gateway ${str(r.gateway)} no longer matches the policy's selector (${list(r.terms)}), so the policy selects no node`;
    case "move": {
      const pin = r.hostname === r.node ? "" : ` (kubernetes.io/hostname=${str(r.hostname)})`;
      const tier =
        r.tier === "settled"
          ? "the settled node serving the fewest gateways"
          : "no settled node fits, so the recovering node healthy the longest";
      const shared = r.shared ? ", sharing it with another slot for lack of fitting nodes" : "";
      const ip = r.egressIP ? `, egressIP ${str(r.egressIP.from)} → ${str(r.egressIP.to)}` : "";
      return `${renderReason(r.cause)}; moving to ${str(r.node)}${pin}, ${tier} (${str(r.load)})${shared}${ip}`;
    }
    case "no-node-fits": {
      const detail =
        r.rejections.length > 0
          ? r.rejections.map((x) => `${x.node}: ${renderReason(x.reason)}`).join("; ")
          : `pool ${str(r.pool)} has no nodes`;
      return `${renderReason(r.cause)}; no node of pool ${str(r.pool)} can take over: ${detail}`;
    }
    case "all-healthy":
      return `all ${r.gateways.length} gateways are healthy (${list(r.gateways)})`;
    case "slots":
      return r.parts.map((p) => `${p.slot}: ${renderReason(p.reason)}`).join("; ");
    case "not-managed":
      switch (r.because) {
        case "unmanageable":
          return `not managed: no cilium-egress-ha/pool annotation (and ${str(r.field)} ${str(r.message)})`;
        case "remembered-unpinned":
          return "not managed any more: managed earlier, but its gateway is no longer pinned by hostname";
        case "inventory-unknown":
          return "not managed this run: managed earlier, but which nodes exist is unknown (no node inventory or Lease snapshot)";
        default:
          return "not managed: no cilium-egress-ha/pool annotation, and no gateway is pinned to a pool node";
      }
    case "deleting":
      return "ignored: the policy is being deleted";
    case "invalid-policy":
      return `skipped: ${str(r.field)} ${str(r.message)}`;
    case "time-in-future":
      return `${str(r.object)} ${str(r.field)} ${str(r.value)} is later than the hook's clock (${str(r.now)}); taken as now`;
    case "time-unparsable":
      return `${str(r.object)} ${str(r.field)} ${JSON.stringify(str(r.value))} is not a time; taken as now`;
    case "hostnames-ambiguous":
      return `kubernetes.io/hostname ${str(r.hostname)} is shared by nodes ${list(r.nodes)}: a pin to it is never chosen, and is moved away from when one of them cannot serve`;
    case "egress-ip-annotation-conflict":
      return `node ${str(r.node)}: cilium-egress-ha/egress-ip ${str(r.value)} is also claimed by ${r.others.join(", ")}; none of them takes a policy with an egressIP while they conflict`;
    case "egress-ip-annotation-invalid":
      return `node ${str(r.node)}: cilium-egress-ha/egress-ip "${str(r.value)}" ${str(r.problem)}; the node takes no policy with an egressIP`;
    case "node-address-invalid":
      return `node ${str(r.node)}: ${str(r.field)} ${JSON.stringify(str(r.value))} is not an IP address; the probe does not reach the node (its other signals still apply)`;
    case "unknown-pool":
      return `names pool "${str(r.pool)}", which is not configured (configured: ${list(r.configured) || "none"})`;
  }
}
