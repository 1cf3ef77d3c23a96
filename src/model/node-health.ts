/**
 * Node health: may a pool node keep its gateways, and may it take new ones?
 *
 * Words used throughout (code, README, `plan`, metrics):
 * - healthy: fit to keep serving by every active signal (node, Lease, cilium agent);
 * - unhealthy: not healthy; its gateways move away;
 * - grace: healthy, but its cilium agent is down for less than the grace: it keeps its gateways
 *   (the datapath forwards while an agent restarts) and takes no new one;
 * - recovering: healthy, but healthy for less than the recovery delay;
 * - settled: healthy for at least the recovery delay.
 * Which nodes *fit* a slot is placement's business (src/engine/placement.ts).
 */
import { checkEgressIP, type IPFamily } from "./ip-address.js";
import { HOSTNAME_LABEL, type NodeObject } from "./objects.js";
import { type Reason, reason } from "./reason.js";

export interface HealthOptions {
  cordonDrains: boolean;
  recoveryDelaySeconds: number;
  /** Taint keys that make a node unhealthy at once. */
  blockingTaints: readonly string[];
}

/** Where a problem comes from: the Node object, its Lease, or its cilium agent. */
export type Signal = "node" | "lease" | "agent" | "probe";

export interface Problem {
  signal: Signal;
  reason: Reason;
}

export type NodeState = "settled" | "recovering" | "grace" | "unhealthy";
export const NODE_STATES: readonly NodeState[] = ["settled", "recovering", "grace", "unhealthy"];

/** When the hook last saw a node unhealthy, and why: remembered across runs for the recovery delay. */
export interface UnhealthyMemory {
  at: string;
  why: string;
}

/** What the signals (src/engine/signals.ts) found for one node; times are already clamped to now. */
export interface NodeSignals {
  /** The Lease's verdict: a problem, or null when fresh; undefined when the signal is not active. */
  lease?: Reason | null;
  /** The probe's verdict: a problem, or undefined when it has none. */
  probe?: Reason | undefined;
  /** The cilium agent's state; undefined when the signal has nothing to say. */
  agent?: {
    /** Down since when, and how it shows; null when an agent is Ready. */
    down: { since: number; detail: string } | null;
    /** Since when the longest-serving Ready agent has been Ready (ms), if known. */
    readySince: number | null;
    graceSeconds: number;
  };
  /** Ready condition's lastTransitionTime, clamped (ms), if Ready. */
  readySince?: number | null;
  lastUnhealthy?: { at: number; why: string } | undefined;
}

export type EgressIPAnnotation =
  | { kind: "none" }
  | { kind: "valid"; ip: string; family: IPFamily }
  | { kind: "invalid"; raw: string; problem: string }
  /** A valid address that another pool node claims too: neither takes a policy for it. */
  | { kind: "conflict"; ip: string; family: IPFamily; nodes: string[] };

/**
 * Marks every healthy node whose egress IP another healthy node claims too (a node's kubelet can
 * set the annotation on itself, so a node may claim an address another node serves). A node that
 * is down serves nothing: an administrator who moves a dead gateway's address to another node
 * must not be blocked by the dead node's annotation. Pure.
 */
export function markEgressIPConflicts(nodes: Iterable<NodeHealth>): void {
  const claims = new Map<string, NodeHealth[]>();
  for (const n of nodes) {
    if (n.egressIP.kind !== "valid" || !n.healthy) continue;
    const list = claims.get(n.egressIP.ip);
    if (list) list.push(n);
    else claims.set(n.egressIP.ip, [n]);
  }
  for (const [ip, claimants] of claims) {
    if (claimants.length < 2) continue;
    const names = claimants.map((c) => c.name).sort();
    for (const c of claimants)
      if (c.egressIP.kind === "valid") c.egressIP = { kind: "conflict", ip, family: c.egressIP.family, nodes: names };
  }
}

export interface NodeHealth {
  name: string;
  /** Its kubernetes.io/hostname label: what a policy's pin matches; null when it has none. */
  hostname: string | null;
  labels: Record<string, string>;
  healthy: boolean;
  state: NodeState;
  /** Why the node is unhealthy; empty when healthy. */
  problems: Problem[];
  /** Why a healthy node is not settled (recovery-delay) or takes no new gateway (agent-grace). */
  waiting: Reason | null;
  /** Since when the node has been healthy by every signal (ms); null when unknown or unhealthy. */
  healthySince: number | null;
  /** Ready since (for display), when Ready. */
  readySince: string | null;
  egressIP: EgressIPAnnotation;
}

export function parseEgressIP(raw: string | null): EgressIPAnnotation {
  if (raw === null || raw.trim() === "") return { kind: "none" };
  const ip = raw.trim();
  const check = checkEgressIP(ip);
  return check.ok ? { kind: "valid", ip, family: check.family } : { kind: "invalid", raw, problem: check.problem };
}

/** Assesses one node at `now` (ms), from the Node object and what the signals found. Pure. */
export function assessNode(node: NodeObject, opts: HealthOptions, now: number, signals: NodeSignals = {}): NodeHealth {
  const problems: Problem[] = [];
  const ready = node.ready;
  if (ready === null || ready.status === null) {
    problems.push({ signal: "node", reason: reason("node-not-ready", { status: null }) });
  } else if (ready.status !== "True") {
    problems.push({
      signal: "node",
      reason: reason("node-not-ready", { status: ready.status, since: ready.since }),
    });
  }
  for (const taint of node.taints) {
    if (opts.blockingTaints.includes(taint))
      problems.push({ signal: "node", reason: reason("node-tainted", { taint }) });
  }
  if (node.unschedulable && opts.cordonDrains) problems.push({ signal: "node", reason: reason("node-cordoned") });
  if (node.deleting) problems.push({ signal: "node", reason: reason("node-deleting") });
  if (signals.lease) problems.push({ signal: "lease", reason: signals.lease });
  if (signals.probe) problems.push({ signal: "probe", reason: signals.probe });

  let waiting: Reason | null = null;
  const agent = signals.agent;
  if (agent?.down) {
    const forSeconds = Math.max(0, (now - agent.down.since) / 1000);
    const facts = { detail: agent.down.detail, forSeconds, graceSeconds: agent.graceSeconds };
    // The datapath keeps forwarding while the agent restarts (an upgrade, a crash): the node
    // gives up its gateways only after the grace, and takes no new gateway meanwhile.
    if (forSeconds >= agent.graceSeconds) problems.push({ signal: "agent", reason: reason("agent-down", facts) });
    else waiting = reason("agent-grace", facts);
  }

  const healthy = problems.length === 0;
  let healthySince: number | null = null;
  if (healthy) {
    const delay = opts.recoveryDelaySeconds;
    // Healthy by every signal since the latest of these; each one is checked for the delay.
    const marks: { what: string; at: number; was?: string }[] = [];
    if (signals.readySince != null) marks.push({ what: "Ready", at: signals.readySince });
    if (agent?.readySince != null) marks.push({ what: "cilium agent Ready", at: agent.readySince });
    if (signals.lastUnhealthy)
      marks.push({ what: "healthy again", at: signals.lastUnhealthy.at, was: signals.lastUnhealthy.why });
    for (const m of marks) if (healthySince === null || m.at > healthySince) healthySince = m.at;
    if (waiting === null) {
      const recent = marks.find((m) => (now - m.at) / 1000 < delay);
      if (recent) {
        waiting = reason("recovery-delay", {
          what: recent.what,
          forSeconds: Math.max(0, (now - recent.at) / 1000),
          delaySeconds: delay,
          ...(recent.was ? { was: recent.was } : {}),
        });
      }
    }
  }
  const state: NodeState = !healthy
    ? "unhealthy"
    : waiting?.code === "agent-grace"
      ? "grace"
      : waiting !== null
        ? "recovering"
        : "settled";
  const label = node.labels[HOSTNAME_LABEL];
  return {
    name: node.name,
    hostname: typeof label === "string" && label !== "" ? label : null,
    labels: node.labels,
    healthy,
    state,
    problems,
    waiting,
    healthySince,
    readySince: ready?.status === "True" ? ready.since : null,
    egressIP: parseEgressIP(node.egressIP),
  };
}
