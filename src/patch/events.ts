/**
 * Kubernetes Events, as `Create` operations in the patch file, after every policy patch:
 * - one `GatewayMoved` per confirmed move (in the run that sees the move take effect, see
 *   engine/moves.ts), on the policy;
 * - one `NoEligibleGateway` when a policy becomes stuck (not on every run while it stays stuck);
 * - above `limit` confirmed moves in one run, the deliberate exception: one `GatewaysMoved`
 *   summary per pool on the node most of them left, instead of one Event per policy, so a
 *   failover storm does not queue thousands of Event writes behind the patches; likewise above
 *   `limit` newly stuck policies, one `NoEligibleGateways` per pool (a whole-pool outage).
 * The rendered reason is the message, so `kubectl describe cegp <name>` tells the story.
 */
import type { PolicyDecision } from "../engine/decide.js";
import { moveMessage, type PendingMove } from "../engine/moves.js";
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

/** Unique per object, reason and millisecond; a valid name (DNS subdomain) for any object name. */
function eventName(object: string, now: Date, reason: string, n: number): string {
  const suffix = `.${reason.toLowerCase()}.${now.getTime().toString(16)}${n > 0 ? `.${n}` : ""}`;
  const head = object.slice(0, 253 - suffix.length).replace(/[-.]+$/, "");
  return `${head}${suffix}`;
}

interface Item {
  involved: Record<string, unknown>;
  reason: string;
  type: "Normal" | "Warning";
  message: string;
}

const onPolicy = (name: string, uids: ReadonlyMap<string, string | null>): Record<string, unknown> => {
  const o: Record<string, unknown> = { apiVersion: "cilium.io/v2", kind: "CiliumEgressGatewayPolicy", name };
  const uid = uids.get(name);
  if (uid) o.uid = uid;
  return o;
};

/** The keys of a count, most first (then by name). */
function ranked(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** One summary per pool of the policies newly stuck: how many, on which gateways, and why. */
function stuckSummaries(stuck: readonly PolicyDecision[], hostToNode: ReadonlyMap<string, string>): Item[] {
  const byPool = new Map<string, PolicyDecision[]>();
  for (const d of stuck) {
    const list = byPool.get(d.pool ?? "");
    if (list) list.push(d);
    else byPool.set(d.pool ?? "", [d]);
  }
  const out: Item[] = [];
  for (const [pool, ds] of [...byPool].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pins = new Map<string, number>();
    const codes = new Map<string, number>();
    for (const d of ds) {
      codes.set(d.reason.code, (codes.get(d.reason.code) ?? 0) + 1);
      for (const s of d.slots) if (s.from !== null) pins.set(s.from, (pins.get(s.from) ?? 0) + 1);
    }
    const on = ranked(pins);
    const source = on[0]?.[0] ?? "";
    const list = (xs: [string, number][]) => xs.map(([k, v]) => `${k} (${v})`).join(", ");
    out.push({
      involved: { apiVersion: "v1", kind: "Node", name: hostToNode.get(source) ?? source },
      reason: "NoEligibleGateways",
      type: "Warning",
      message: `${ds.length} policies of pool ${pool} have no eligible gateway: on ${list(on)}; why: ${list(ranked(codes))}; one summary instead of an Event per policy`,
    });
  }
  return out;
}

/** One summary per pool: how many moved, from where to where. */
function summaries(confirmed: readonly PendingMove[], hostToNode: ReadonlyMap<string, string>): Item[] {
  const byPool = new Map<string, PendingMove[]>();
  for (const m of confirmed) {
    const list = byPool.get(m.pool);
    if (list) list.push(m);
    else byPool.set(m.pool, [m]);
  }
  const out: Item[] = [];
  for (const [pool, moves] of [...byPool].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const count = (pins: (m: PendingMove) => (string | null)[]) => {
      const c = new Map<string, number>();
      for (const m of moves) for (const p of pins(m)) if (p !== null) c.set(p, (c.get(p) ?? 0) + 1);
      return ranked(c);
    };
    const from = count((m) => m.from.filter((p, i) => p !== m.to[i]));
    const to = count((m) => m.to.filter((p, i) => p !== m.from[i]));
    const source = from[0]?.[0] ?? "";
    const slots = moves.reduce((n, m) => n + m.slots, 0);
    const list = (xs: [string, number][]) => xs.map(([k, v]) => `${k} (${v})`).join(", ");
    out.push({
      involved: { apiVersion: "v1", kind: "Node", name: hostToNode.get(source) ?? source },
      reason: "GatewaysMoved",
      type: "Normal",
      message: `${moves.length} policies of pool ${pool} (${slots} gateways) moved: from ${list(from)} to ${list(to)}; one summary instead of an Event per policy`,
    });
  }
  return out;
}

/**
 * @param limit most `GatewayMoved` (and `NoEligibleGateway`) Events in one run; above it, one
 *   `GatewaysMoved` (`NoEligibleGateways`) per pool.
 * @param hostToNode hostname pin → node name, so a summary names the Node object.
 */
export function toEventOperations(
  confirmed: readonly PendingMove[],
  decisions: readonly PolicyDecision[],
  uids: ReadonlyMap<string, string | null>,
  previouslyStuck: Readonly<Record<string, string>>,
  now: Date,
  limit = Number.POSITIVE_INFINITY,
  hostToNode: ReadonlyMap<string, string> = new Map(),
): EventCreateOperation[] {
  const items: Item[] =
    confirmed.length > limit
      ? summaries(confirmed, hostToNode)
      : confirmed.map((m) => ({
          involved: onPolicy(m.policy, uids),
          reason: "GatewayMoved",
          type: "Normal",
          message: moveMessage(m),
        }));
  // A move that leaves another slot stuck is reported by its GatewayMoved Event.
  const stuck = decisions.filter((d) => d.action === "stuck" && !Object.hasOwn(previouslyStuck, d.policy));
  if (stuck.length > limit) items.push(...stuckSummaries(stuck, hostToNode));
  else
    for (const d of stuck)
      items.push({
        involved: onPolicy(d.policy, uids),
        reason: "NoEligibleGateway",
        type: "Warning",
        message: renderReason(d.reason),
      });
  const time = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  return items.map(({ involved, reason, type, message }, n) => ({
    operation: "Create",
    object: {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: eventName(String(involved.name), now, reason, n), namespace: EVENT_NAMESPACE },
      involvedObject: involved,
      reason,
      type,
      message: truncate(message),
      source: { component: EVENT_COMPONENT },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
    },
  }));
}
