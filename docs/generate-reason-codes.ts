/**
 * Generates docs/reason-codes.md: every reason code, where it appears, what it means, and its
 * rendering on example facts, rendered by the hook's own `renderReason`. `npm run reason-codes`
 * writes the file; test/reason-codes.test.ts fails when it is out of date.
 *
 * The coupling to src/model/reason.ts is kept to two names: the `ReasonCode` type (the table below
 * is a Record over it, so `npm run typecheck` fails when a code is added or removed without an
 * entry here) and `renderReason`. The example facts are plain JSON, handed to `renderReason` as a
 * reason of the entry's code.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ReasonCode, renderReason } from "../src/model/reason.js";

export const REASON_CODES_PATH = join(fileURLToPath(new URL(".", import.meta.url)), "reason-codes.md");

/** Where a code appears, in the order the document lists them. */
const PLACES = {
  "node problem": [
    "Node problems",
    "Why a pool node is unhealthy and gives up its gateways: `plan`'s node detail, nested in `unhealthy` and `gateway-unhealthy`.",
  ],
  waiting: [
    "Waiting",
    "Why a healthy node is not settled yet, or takes no new gateway: `plan`'s node detail, nested in `gateway-in-grace`.",
  ],
  refusal: ["Refusals", "Why a node does not fit a slot: one per node in `no-node-fits`."],
  "slot decision": [
    "Slot decisions",
    "What happens to one gateway slot of a policy: the log line, the `plan` row, the Event.",
  ],
  "move cause": [
    "Move causes",
    "Why a slot must leave its gateway: the `cause` of `move` and `no-node-fits`, and the `reason` of the `cilium-egress-ha/last-move` annotation.",
  ],
  "policy decision": ["Policy decisions", "What happens to a policy as a whole: the log line and the `plan` row."],
  notice: ["Notices", "A condition the hook warns about once, when it starts or when it changes."],
} as const;
type Place = keyof typeof PLACES;

interface Entry {
  where: Place;
  means: string;
  /** Facts of an example reason of this code (the code is added); nested reasons are written out. */
  example: Record<string, unknown>;
}

const NOW = "2026-11-26T12:00:00Z";
const notReady = { code: "node-not-ready", status: "Unknown", since: "2026-11-26T11:58:00Z" };
const tainted = { code: "node-tainted", taint: "node.kubernetes.io/unreachable" };
const unhealthyCause = { code: "gateway-unhealthy", gateway: "egress-a", problems: [notReady, tainted] };
const agentNotReady = "cilium agent pod cilium-x7k2p not Ready";
const agentGrace = { code: "agent-grace", detail: agentNotReady, forSeconds: 8, graceSeconds: 60 };
const moveTo = (node: string, load: number) => ({
  code: "move",
  cause: unhealthyCause,
  node,
  hostname: node,
  tier: "settled",
  load,
});

const CODES: Record<ReasonCode, Entry> = {
  "node-not-ready": {
    where: "node problem",
    means: "The node's `Ready` condition is not `True`, or it has none.",
    example: notReady,
  },
  "node-tainted": {
    where: "node problem",
    means: "The node carries a blocking taint (the built-in ones or `EGRESS_HA_EXTRA_BLOCKING_TAINTS`).",
    example: tainted,
  },
  "node-cordoned": {
    where: "node problem",
    means: "The node is cordoned and `EGRESS_HA_CORDON_DRAINS` is on.",
    example: {},
  },
  "node-deleting": { where: "node problem", means: "The node has a deletion timestamp.", example: {} },
  "lease-missing": {
    where: "node problem",
    means: "The Lease signal is on and the node has no Lease in `kube-node-lease`.",
    example: {},
  },
  "lease-no-renew-time": { where: "node problem", means: "The node's Lease has no `renewTime`.", example: {} },
  "lease-stale": {
    where: "node problem",
    means: "The node's Lease has not been renewed for longer than `EGRESS_HA_LEASE_STALE_AFTER`.",
    example: { ageSeconds: 120, staleAfterSeconds: 16 },
  },
  "agent-down": {
    where: "node problem",
    means: "The node's cilium agent has been down for longer than `EGRESS_HA_AGENT_GRACE`.",
    example: { detail: agentNotReady, forSeconds: 75, graceSeconds: 60 },
  },
  "probe-silent": {
    where: "node problem",
    means: "The active probe got no answer from the node `EGRESS_HA_PROBE_FAILURES` times in a row.",
    example: { port: 4240, failures: 3, forSeconds: 1 },
  },
  "recovery-delay": {
    where: "waiting",
    means: "The node is healthy, but for less than `EGRESS_HA_RECOVERY_DELAY`: it is recovering, not settled.",
    example: { what: "Ready", forSeconds: 12, delaySeconds: 30, was: "Ready=False" },
  },
  "agent-grace": {
    where: "waiting",
    means: "The node's cilium agent is down within its grace: the node keeps its gateways and takes no new one.",
    example: agentGrace,
  },
  "not-a-member": {
    where: "refusal",
    means: "The node is not selected by the slot's pool.",
    example: { pool: "egress" },
  },
  unhealthy: {
    where: "refusal",
    means: "The node is unhealthy; its node problems follow.",
    example: { problems: [notReady, tainted] },
  },
  "no-hostname-label": {
    where: "refusal",
    means: "The node has no `kubernetes.io/hostname` label, so no pin can select it.",
    example: {},
  },
  "hostname-ambiguous": {
    where: "refusal",
    means: "The node's hostname label is carried by other nodes too.",
    example: { hostname: "egress-b", nodes: ["egress-b", "egress-b-old"] },
  },
  "selector-mismatch": {
    where: "refusal",
    means: "The node does not match the other terms of the slot's node selector.",
    example: { terms: ["topology.kubernetes.io/zone=eu-1a"] },
  },
  "egress-ip-missing": {
    where: "refusal",
    means: "The policy sets `egressIP` and the node has no `cilium-egress-ha/egress-ip` annotation.",
    example: {},
  },
  "egress-ip-invalid": {
    where: "refusal",
    means: "The node's `cilium-egress-ha/egress-ip` annotation is not an address the CRD accepts.",
    example: { value: "::ffff:10.0.0.2", problem: "is an IPv4-mapped IPv6 address" },
  },
  "egress-ip-family": {
    where: "refusal",
    means: "The node's egress IP is not of the family of the policy's `egressIP`.",
    example: { value: "fd00::12", got: "IPv6", want: "IPv4" },
  },
  "egress-ip-conflict": {
    where: "refusal",
    means: "Another pool node claims the node's egress IP too; neither takes a policy with an `egressIP` until one of them drops it.",
    example: { value: "192.0.2.10", nodes: ["egress-a", "egress-c"] },
  },
  "gateway-healthy": {
    where: "slot decision",
    means: "The slot's gateway is healthy: it stays.",
    example: { gateway: "egress-b" },
  },
  "gateway-in-grace": {
    where: "slot decision",
    means: "The slot's gateway is within its agent grace: it stays.",
    example: {
      gateway: "egress-b",
      grace: agentGrace,
    },
  },
  "gateway-deferred": {
    where: "slot decision",
    means:
      "Only this replica's probe calls the gateway unhealthy, and another replica chose it less than 5 minutes ago (by this replica's first sighting of that move): it stays, so two replicas whose probes disagree do not move it back and forth. Evidence every replica shares moves it at once.",
    example: {
      gateway: "egress-b",
      problems: [{ code: "probe-silent", port: "4240", failures: 3, forSeconds: 2 }],
      by: "cilium-egress-ha-7d9f-x2k4q",
      forSeconds: 40,
      deferSeconds: 300,
    },
  },
  "foreign-slot": {
    where: "slot decision",
    means: "An unannotated policy's slot pinned outside the pool: left alone.",
    example: { gateway: "worker-7", pool: "egress" },
  },
  "not-pinned": { where: "move cause", means: "An annotated policy's slot has no hostname pin.", example: {} },
  "gateway-not-in-pool": {
    where: "move cause",
    means: "The slot's gateway is not a node of the pool any more (deleted, or no longer selected).",
    example: { gateway: "egress-a", pool: "egress" },
  },
  "gateway-unhealthy": {
    where: "move cause",
    means: "The slot's gateway is unhealthy; its node problems follow.",
    example: unhealthyCause,
  },
  "gateway-ambiguous": {
    where: "move cause",
    means: "The slot's pinned hostname matches several nodes, and one of them cannot serve.",
    example: { gateway: "egress-b", nodes: ["egress-b", "egress-b-old"], unhealthy: ["egress-b-old"] },
  },
  "gateway-selector-mismatch": {
    where: "move cause",
    means: "The slot's gateway no longer matches the slot's other selector terms.",
    example: { gateway: "egress-a", terms: ["topology.kubernetes.io/zone=eu-1a"] },
  },
  move: {
    where: "slot decision",
    means: "The slot moves: its `cause`, the chosen node, the placement `tier` (`settled` or `recovering`).",
    example: moveTo("egress-b", 0),
  },
  "no-node-fits": {
    where: "slot decision",
    means: "The slot must move and no node of the pool fits: the policy is stuck and left as it is.",
    example: {
      cause: unhealthyCause,
      pool: "egress",
      rejections: [
        { node: "egress-b", reason: { code: "unhealthy", problems: [{ code: "node-cordoned" }] } },
        { node: "egress-c", reason: { code: "egress-ip-missing" } },
      ],
    },
  },
  "all-healthy": {
    where: "policy decision",
    means: "Every gateway of the policy is healthy: nothing to do.",
    example: { gateways: ["egress-b", "egress-c"] },
  },
  slots: {
    where: "policy decision",
    means: "A multi-gateway policy: one reason per slot.",
    example: {
      parts: [
        { slot: "egressGateways[0]", reason: { code: "gateway-healthy", gateway: "egress-b" } },
        { slot: "egressGateways[1]", reason: moveTo("egress-c", 1) },
      ],
    },
  },
  "not-managed": {
    where: "policy decision",
    means: "The policy is neither annotated nor pinned to a pool node (or no longer, or not this run): ignored.",
    example: {},
  },
  deleting: { where: "policy decision", means: "The policy is being deleted: ignored.", example: {} },
  "invalid-policy": {
    where: "policy decision",
    means: "The policy has a shape the hook cannot manage: skipped, with the field.",
    example: { field: "spec.egressGateway.nodeSelector", message: "is not an object" },
  },
  "unknown-pool": {
    where: "policy decision",
    means: "The policy's `cilium-egress-ha/pool` annotation names a pool that is not configured.",
    example: { pool: "egres", configured: ["egress"] },
  },
  "time-in-future": {
    where: "notice",
    means: "A time read from the cluster or the state file is later than the hook's clock; taken as now.",
    example: { object: "node egress-b", field: "Ready lastTransitionTime", value: "2026-11-26T12:05:00Z", now: NOW },
  },
  "time-unparsable": {
    where: "notice",
    means: "A time read from the cluster or the state file is not a time; taken as now.",
    example: { object: "node egress-b", field: "taint timeAdded", value: "yesterday" },
  },
  "hostnames-ambiguous": {
    where: "notice",
    means: "Several nodes carry the same `kubernetes.io/hostname` label.",
    example: { hostname: "egress-b", nodes: ["egress-b", "egress-b-old"] },
  },
  "egress-ip-annotation-invalid": {
    where: "notice",
    means: "A node's `cilium-egress-ha/egress-ip` annotation is invalid; the node takes no `egressIP` policy.",
    example: { node: "egress-c", value: "10.0.0.300", problem: "is not an IP address" },
  },
  "egress-ip-annotation-conflict": {
    where: "notice",
    means: "Two pool nodes claim the same `cilium-egress-ha/egress-ip` (a kubelet can set it on its own node); neither takes an `egressIP` policy.",
    example: { node: "egress-c", value: "192.0.2.10", others: ["egress-a"] },
  },
  "node-address-invalid": {
    where: "notice",
    means:
      "With the probe on, a pool node's InternalIP is not an IP literal: the probe does not reach the node (it is neither silent nor answering), and its other signals still apply.",
    example: { node: "egress-d", field: "status.addresses InternalIP", value: "egress-d.internal" },
  },
};

/** The rendering of a code on its example facts. */
export function exampleRendering(code: ReasonCode): string {
  const reason = { ...CODES[code].example, code } as unknown as Parameters<typeof renderReason>[0];
  return renderReason(reason);
}

/** Every code the generator documents, in document order. */
export function documentedCodes(): ReasonCode[] {
  const codes = Object.keys(CODES) as ReasonCode[];
  return (Object.keys(PLACES) as Place[]).flatMap((place) => codes.filter((c) => CODES[c].where === place));
}

const cell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");

export function generateReasonCodes(): string {
  const lines = [
    "# Reason codes",
    "",
    "<!-- Generated from src/model/reason.ts by `npm run reason-codes` (docs/generate-reason-codes.ts). Do not edit. -->",
    "",
    "Every decision, node state, refusal and notice of the hook carries a reason: a code plus its facts.",
    "`plan -o json` shows both; the log line, the `plan` row and the Event show the one rendering, made by",
    "`renderReason`. The renderings below are made by it from example facts. Tests and tooling rely on the codes,",
    "never on the text.",
    "",
  ];
  for (const place of Object.keys(PLACES) as Place[]) {
    const [title, about] = PLACES[place];
    const codes = documentedCodes().filter((c) => CODES[c].where === place);
    lines.push(`## ${title}`, "", about, "");
    lines.push("| Code | Meaning | Example |", "|---|---|---|");
    for (const code of codes) {
      lines.push(`| \`${code}\` | ${cell(CODES[code].means)} | ${cell(exampleRendering(code))} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(REASON_CODES_PATH, generateReasonCodes());
  console.log(`wrote ${REASON_CODES_PATH}`);
}
