/**
 * The cluster as one decision sees it, built from its inputs (inputs.ts): every pool node,
 * pool membership, which nodes each hostname pin selects, and how many managed gateways each
 * node serves (the one thing a decision changes as it goes). Placement and scope read it.
 */
import type { NodeName } from "../model/objects.js";
import type { Reason } from "../model/reason.js";
import type { DecisionInputs, Explanations, NodeExplanation, NodeInputs } from "./inputs.js";

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const UNEXPLAINED: NodeExplanation = { problems: [], waiting: null };

export class ClusterView {
  /** Pool → member names, sorted. */
  readonly members = new Map<string, string[]>();
  readonly nodes = new Map<string, NodeInputs>();
  readonly load = new Map<string, number>();
  private readonly memberSets = new Map<string, Set<string>>();
  /** kubernetes.io/hostname → the names of the nodes that carry it, sorted. */
  private readonly byHostname = new Map<string, string[]>();

  constructor(
    inputs: Pick<DecisionInputs, "pools" | "inventory">,
    private readonly explanations: Explanations = new Map(),
  ) {
    for (const { pool, nodes } of inputs.pools) {
      const names = [...new Set(nodes.map((n) => n.name))].sort(byName);
      this.members.set(pool, names);
      this.memberSets.set(pool, new Set(names));
      for (const n of nodes) this.nodes.set(n.name, n);
    }
    // Without the inventory, pool members are all the hook knows of.
    const all: readonly NodeName[] = inputs.inventory ?? [...this.nodes.values()];
    const seen = new Set<string>();
    const index = (n: NodeName): void => {
      if (n.hostname === null || n.hostname === "" || seen.has(n.name)) return;
      seen.add(n.name);
      const list = this.byHostname.get(n.hostname);
      if (list) list.push(n.name);
      else this.byHostname.set(n.hostname, [n.name]);
    };
    for (const n of all) index(n);
    // A pool member missing from the inventory (the two snapshots race) is still known.
    for (const n of this.nodes.values()) index(n);
    for (const list of this.byHostname.values()) list.sort(byName);
  }

  isMember(pool: string, node: string): boolean {
    return this.memberSets.get(pool)?.has(node) ?? false;
  }

  /** Whether a pool node may keep its gateways (unknown nodes may not). */
  healthy(node: string): boolean {
    const n = this.nodes.get(node);
    return n !== undefined && n.state !== "unhealthy";
  }

  /** Why a pool node is unhealthy, for reasons only. */
  problems(node: string): Reason[] {
    return [...(this.explanations.get(node) ?? UNEXPLAINED).problems];
  }

  /** Why a healthy pool node waits (agent grace, recovery delay), for reasons only. */
  waiting(node: string): Reason | null {
    return (this.explanations.get(node) ?? UNEXPLAINED).waiting;
  }

  /** The nodes a hostname pin selects (Cilium matches the label, not the name). */
  nodesOf(hostname: string | null): readonly string[] {
    return hostname === null ? [] : (this.byHostname.get(hostname) ?? []);
  }

  /** The one node a pin selects, or null when it selects none or several. */
  nodeOf(hostname: string | null): string | null {
    const nodes = this.nodesOf(hostname);
    return nodes.length === 1 ? (nodes[0] as string) : null;
  }

  /** Hostnames carried by more than one node, with those nodes. */
  ambiguous(): { hostname: string; nodes: readonly string[] }[] {
    const out: { hostname: string; nodes: readonly string[] }[] = [];
    for (const [hostname, nodes] of this.byHostname) if (nodes.length > 1) out.push({ hostname, nodes });
    return out.sort((a, b) => byName(a.hostname, b.hostname));
  }

  addLoad(node: string | null, delta: number): void {
    if (node !== null) this.load.set(node, (this.load.get(node) ?? 0) + delta);
  }
}
