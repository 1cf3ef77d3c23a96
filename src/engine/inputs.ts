/**
 * Decision inputs: exactly what the per-policy decisions read of an assessment, and nothing that
 * changes with the clock alone (no ages, no times). The policies themselves, and the pools
 * unannotated policies were remembered in, are what the last full decision left: they are passed
 * beside the inputs (decide.ts).
 *
 * A resync tick hashes the inputs (hook/tick.ts): a tick whose inputs equal those of the last
 * full decision cannot decide any policy differently, so it decides none. The compiler keeps
 * that contract: the decision step (decide-policies.ts) sees nodes only through these inputs.
 * The only other thing it sees is each node's explanations (why it is unhealthy or waiting,
 * with ages): those are copied into reasons, never branched on, and a test checks that
 * replacing them changes no action and no target.
 */
import type { EgressIPAnnotation, NodeHealth, NodeState } from "../model/node-health.js";
import type { NodeName } from "../model/objects.js";
import type { Reason } from "../model/reason.js";
import type { SelectorTerms } from "../model/selector-match.js";

/** What a decision reads of one pool node. */
export interface NodeInputs {
  name: string;
  /** Its kubernetes.io/hostname label: what a pin matches; null when it has none. */
  hostname: string | null;
  labels: Record<string, string>;
  state: NodeState;
  /**
   * For a recovering node, its place among all recovering nodes by how long they have been
   * healthy (0: the longest, ties by name): placement's order in the recovering tier. Null for
   * every other state. A rank, not a time, so it changes only when that order does.
   */
  recoveringRank: number | null;
  egressIP: EgressIPAnnotation;
}

export interface DecisionInputs {
  /** Configured pool names; a policy annotated with another name is reported, not managed. */
  configured: readonly string[];
  /**
   * Every pool in name order, with its members in snapshot order and its own terms (its selector:
   * what a pin carries beside the hostname), null when unknown (`plan` on a context's pools).
   */
  pools: { pool: string; nodes: NodeInputs[]; terms: SelectorTerms | null }[];
  /** Every node of the cluster with its hostname label; null when unknown. */
  inventory: readonly NodeName[] | null;
  /** Whether every node of the cluster is known (the inventory, and the Leases when that signal is on). */
  nodesKnown: boolean;
}

/** Why a node is unhealthy (its problems) or waiting (recovery delay, agent grace), with ages. */
export interface NodeExplanation {
  problems: readonly Reason[];
  waiting: Reason | null;
}

/** Node → its explanation: rendered into reasons, never decided on. */
export type Explanations = ReadonlyMap<string, NodeExplanation>;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Recovering nodes, healthy the longest first (unknown counts as always), ties by name. */
function recoveringRanks(health: Iterable<NodeHealth>): Map<string, number> {
  const since = (h: NodeHealth): number => h.healthySince ?? Number.NEGATIVE_INFINITY;
  const recovering = [...health].filter((h) => h.state === "recovering");
  recovering.sort((a, b) => since(a) - since(b) || byName(a.name, b.name));
  return new Map(recovering.map((h, i) => [h.name, i]));
}

/**
 * The decision inputs of assessed pools.
 * @param pools every pool in name order, with its members' health
 */
export function decisionInputs(
  pools: readonly { pool: string; nodes: readonly NodeHealth[] }[],
  terms: Readonly<Record<string, SelectorTerms>>,
  configured: readonly string[],
  inventory: readonly NodeName[] | null,
  nodesKnown: boolean,
): DecisionInputs {
  const health = new Map<string, NodeHealth>();
  for (const p of pools) for (const h of p.nodes) health.set(h.name, h);
  const ranks = recoveringRanks(health.values());
  const node = (h: NodeHealth): NodeInputs => ({
    name: h.name,
    hostname: h.hostname,
    labels: h.labels,
    state: h.state,
    recoveringRank: ranks.get(h.name) ?? null,
    egressIP: h.egressIP,
  });
  return {
    configured: [...configured],
    pools: pools.map((p) => ({
      pool: p.pool,
      nodes: p.nodes.map(node),
      terms: Object.hasOwn(terms, p.pool) ? (terms[p.pool] as SelectorTerms) : null,
    })),
    inventory,
    nodesKnown,
  };
}

/** Each pool node's explanation. */
export function explanations(pools: readonly { nodes: readonly NodeHealth[] }[]): Explanations {
  const out = new Map<string, NodeExplanation>();
  for (const p of pools)
    for (const h of p.nodes) out.set(h.name, { problems: h.problems.map((x) => x.reason), waiting: h.waiting });
  return out;
}
