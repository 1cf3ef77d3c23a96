/**
 * The cluster as one decision sees it, built from its inputs (inputs.ts): every pool node,
 * pool membership, which nodes each hostname pin selects, and how many managed gateways each
 * node serves (the one thing a decision changes as it goes). Placement and scope read it.
 */
import type { NodeName } from "../model/objects.js";
import { termStrings } from "../model/pin.js";
import type { GatewaySlot } from "../model/policy.js";
import type { Reason } from "../model/reason.js";
import type { SelectorTerms } from "../model/selector-match.js";
import type { DecisionInputs, Explanations, NodeExplanation, NodeInputs } from "./inputs.js";

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const UNEXPLAINED: NodeExplanation = { problems: [], waiting: null };

export class ClusterView {
  /** Pool → member names, sorted. */
  readonly members = new Map<string, string[]>();
  readonly nodes = new Map<string, NodeInputs>();
  readonly load = new Map<string, number>();
  private readonly memberSets = new Map<string, Set<string>>();
  /** Pool → its own terms and their term strings, for pools whose terms are known and not empty. */
  private readonly poolTerms = new Map<string, { terms: SelectorTerms; strings: string[] }>();
  /** kubernetes.io/hostname → the names of the nodes that carry it, sorted. */
  private readonly byHostname = new Map<string, string[]>();

  constructor(
    inputs: Pick<DecisionInputs, "pools" | "inventory">,
    private readonly explanations: Explanations = new Map(),
  ) {
    for (const { pool, nodes, terms } of inputs.pools) {
      const strings = terms === null ? [] : termStrings(terms);
      if (terms !== null && strings.length > 0) this.poolTerms.set(pool, { terms, strings });
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

  /** The pool's own terms, which every pin the hook writes carries; null when unknown or empty. */
  termsOf(pool: string): SelectorTerms | null {
    return this.poolTerms.get(pool)?.terms ?? null;
  }

  /** Whether a pin carrying `terms` selects only members of `pool`: it carries every one of the pool's own terms. */
  confines(pool: string, terms: readonly string[]): boolean {
    const own = this.poolTerms.get(pool);
    return own !== undefined && own.strings.every((t) => terms.includes(t));
  }

  /**
   * The nodes a hostname pin selects, as far as the hook can tell: a pin that carries the pool's
   * terms selects only pool members (a node outside the pool that copied the hostname does not
   * match it); any other pin selects every node that carries the hostname.
   */
  pinned(pool: string, hostname: string | null, terms: readonly string[]): readonly string[] {
    const nodes = this.nodesOf(hostname);
    if (nodes.length < 2 || !this.confines(pool, terms)) return nodes;
    return nodes.filter((n) => this.isMember(pool, n));
  }

  /** The nodes a pin to `hostname` that a move writes now selects: with the pool's terms, only members. */
  pinnedByMove(pool: string, hostname: string): readonly string[] {
    const nodes = this.nodesOf(hostname);
    if (nodes.length < 2 || !this.poolTerms.has(pool)) return nodes;
    return nodes.filter((n) => this.isMember(pool, n));
  }

  /** The one node a slot's pin selects (see `pinned`), or null when it selects none or several. */
  pinnedNode(pool: string, slot: GatewaySlot): string | null {
    const nodes = this.pinned(pool, slot.hostname, slot.terms);
    return nodes.length === 1 ? (nodes[0] as string) : null;
  }

  addLoad(node: string | null, delta: number): void {
    if (node !== null) this.load.set(node, (this.load.get(node) ?? 0) + delta);
  }
}
