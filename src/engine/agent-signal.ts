/**
 * The cilium-agent signal: a pool node whose cilium agent is down (no Ready agent pod, the
 * agent-not-ready taint, or a probe refused on the cilium-health port) is in grace for the
 * agent grace, then unhealthy. Down counts from the hook's own first sighting (or the probe's
 * first refusal); only without kept sightings (`plan`) from the taint's timeAdded or a pod's
 * NotReady transition, which other clocks wrote. Guard: no agent pod on any pool node
 * means the agent namespace or selector is wrong, so only the taint (and refusals) are read.
 */
import type { NodeSignals } from "../model/node-health.js";
import { AGENT_NOT_READY_TAINT, type AgentPod } from "../model/objects.js";
import type { Clock } from "./clock.js";
import { emptyRecord, own } from "./records.js";
import type { SignalStatus } from "./signal-status.js";

export interface AgentOptions {
  /** Where agent pods are looked for (selector and namespace), for messages. */
  source: string;
  graceSeconds: number;
}

/** What the agent signal reads of a pool node. */
export interface AgentTaint {
  agentTaint: boolean;
  agentTaintAdded: string | null;
}

export type AgentVerdict = NonNullable<NodeSignals["agent"]>;

export interface AgentReading {
  status: SignalStatus;
  /** Node → its agent verdict; empty when the signal is off. */
  byNode: Map<string, AgentVerdict>;
  /** Node → since when its agent has been down, for the next run. */
  agentDown: Record<string, string>;
}

/** What the agent signal heard from the probe: node → since when its port refuses. */
export interface Refusals {
  since: ReadonlyMap<string, number>;
  ports: readonly number[];
}

const serving = (p: AgentPod): boolean => !p.deleting && p.ready?.status === "True";

/** The agent pods by node, or null (with the status saying why) when they cannot be read. */
function podsByNode(
  agents: readonly AgentPod[] | null,
  opts: AgentOptions,
  poolNodes: ReadonlyMap<string, AgentTaint>,
): { pods: Map<string, AgentPod[]> | null; status: SignalStatus } {
  if (agents === null) {
    const detail = "the binding context has no agents snapshot; only the agent-not-ready taint is read";
    return { pods: null, status: { signal: "agent", state: "unavailable", detail } };
  }
  const pods = new Map<string, AgentPod[]>();
  for (const pod of agents) {
    if (pod.node === null) continue;
    const list = pods.get(pod.node);
    if (list) list.push(pod);
    else pods.set(pod.node, [pod]);
  }
  // Without a single agent on any pool node the selector or namespace is wrong; judging every
  // node unhealthy would only block failover.
  if (poolNodes.size > 0 && ![...poolNodes.keys()].some((n) => pods.has(n))) {
    const detail = `no cilium agent pod (${opts.source}) runs on any pool node; check the agent namespace and selector; only the agent-not-ready taint is read`;
    return { pods: null, status: { signal: "agent", state: "unavailable", detail } };
  }
  let ready = 0;
  for (const n of poolNodes.keys()) if ((pods.get(n) ?? []).some(serving)) ready++;
  const detail = `cilium agent Ready on ${ready} of ${poolNodes.size} pool nodes`;
  return { pods, status: { signal: "agent", state: "active", detail } };
}

/** Ready: the longest-serving agent says since when. */
function readySince(mine: readonly AgentPod[], clock: Clock): number | null {
  let since: number | null = null;
  for (const p of mine) {
    if (!serving(p)) continue;
    const at = clock.at(p.ready?.since, `Pod ${p.name}`, "Ready lastTransitionTime");
    if (at !== null && (since === null || at < since)) since = at;
  }
  return since;
}

/**
 * Down since the earliest sighting. With sightings kept (a hook run), only the operator's own
 * count: its first sighting of the agent down, and the probe's refusals. The pod's NotReady
 * transition and the taint's timeAdded are written by other clocks (a kubelet's, the Cilium
 * operator's): one that runs behind would make the grace look used up. Without sightings (`plan`
 * with no state) those times are all there is. A replacement pod does not restart the clock.
 */
function downSince(
  name: string,
  node: AgentTaint,
  mine: readonly AgentPod[],
  refusedSince: number | undefined,
  before: Record<string, string> | undefined,
  clock: Clock,
): number {
  let since = clock.now;
  const consider = (at: number | null): void => {
    if (at !== null && at < since) since = at;
  };
  if (refusedSince !== undefined) consider(refusedSince);
  if (before !== undefined) {
    consider(clock.at(own(before, name), "state file", `agentDown["${name}"]`));
    return since;
  }
  if (node.agentTaint)
    consider(clock.at(node.agentTaintAdded, `Node ${name}`, `taint ${AGENT_NOT_READY_TAINT} timeAdded`));
  for (const p of mine) {
    if (!p.deleting && p.ready?.status !== "True")
      consider(clock.at(p.ready?.since, `Pod ${p.name}`, "Ready lastTransitionTime"));
  }
  return since;
}

/** How a down agent shows, for the reason's detail. */
function downDetail(
  mine: readonly AgentPod[] | null,
  node: AgentTaint,
  refused: boolean,
  ports: readonly number[],
): string {
  const parts: string[] = [];
  if (mine !== null)
    parts.push(
      mine.length === 0
        ? "no cilium agent pod on the node"
        : `cilium agent ${mine.map((p) => `${p.name} ${p.deleting ? "terminating" : "not Ready"}`).join(", ")}`,
    );
  if (node.agentTaint) parts.push(`tainted ${AGENT_NOT_READY_TAINT}`);
  if (refused) parts.push(`probe port ${ports.join(",")} refuses connections`);
  return parts.join(", ");
}

/**
 * Reads the agent snapshot (null when the binding context has none) for every pool node.
 * @param before node → since when the last run saw its agent down; undefined when the caller keeps
 *   no sightings (`plan` without a state)
 */
export function readAgentSignal(
  agents: readonly AgentPod[] | null,
  opts: AgentOptions | null,
  poolNodes: ReadonlyMap<string, AgentTaint>,
  refusals: Refusals,
  before: Record<string, string> | undefined,
  clock: Clock,
): AgentReading {
  const byNode = new Map<string, AgentVerdict>();
  const agentDown = emptyRecord<string>();
  if (!opts)
    return { status: { signal: "agent", state: "off", detail: "cilium agent signal is off" }, byNode, agentDown };
  const grace = opts.graceSeconds;
  const { pods, status } = podsByNode(agents, opts, poolNodes);
  for (const [name, n] of poolNodes) {
    const mine = pods?.get(name) ?? [];
    const podDown = pods !== null && !mine.some(serving);
    // A refused probe on the cilium-health port: the kernel answered, the agent did not.
    const refusedSince = refusals.since.get(name);
    if (!podDown && !n.agentTaint && refusedSince === undefined) {
      byNode.set(name, { down: null, readySince: readySince(mine, clock), graceSeconds: grace });
      continue;
    }
    const since = downSince(name, n, mine, refusedSince, before, clock);
    const detail = downDetail(podDown ? mine : null, n, refusedSince !== undefined, refusals.ports);
    byNode.set(name, { down: { since, detail }, readySince: null, graceSeconds: grace });
    agentDown[name] = new Date(since).toISOString();
  }
  return { status, byNode, agentDown };
}
