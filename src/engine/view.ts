/**
 * The cluster as one run sees it: every pool node's health, pool membership, which nodes each
 * hostname pin selects, and how many managed gateways each node serves. Built once per run by
 * `decide`; placement and scope read it.
 */
import type { NodeHealth } from "../model/node-health.js";
import type { NodeName } from "../model/objects.js";

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class ClusterView {
  /** Pool → member names, sorted. */
  readonly members = new Map<string, string[]>();
  readonly health = new Map<string, NodeHealth>();
  readonly load = new Map<string, number>();
  private readonly memberSets = new Map<string, Set<string>>();
  /** kubernetes.io/hostname → the names of the nodes that carry it, sorted. */
  private readonly byHostname = new Map<string, string[]>();
  /** Whether the hostname index covers every node of the cluster (the node inventory). */
  readonly inventoryKnown: boolean;

  constructor(pools: Map<string, NodeHealth[]>, inventory: readonly NodeName[] | null) {
    for (const [pool, nodes] of pools) {
      const names = [...new Set(nodes.map((n) => n.name))].sort(byName);
      this.members.set(pool, names);
      this.memberSets.set(pool, new Set(names));
      for (const n of nodes) this.health.set(n.name, n);
    }
    this.inventoryKnown = inventory !== null;
    // Without the inventory, pool members are all the hook knows of.
    const all: readonly NodeName[] =
      inventory ?? [...this.health.values()].map((h) => ({ name: h.name, hostname: h.hostname }));
    const seen = new Set<string>();
    for (const n of all) {
      if (n.hostname === null || n.hostname === "" || seen.has(n.name)) continue;
      seen.add(n.name);
      const list = this.byHostname.get(n.hostname);
      if (list) list.push(n.name);
      else this.byHostname.set(n.hostname, [n.name]);
    }
    // A pool member missing from the inventory (the two snapshots race) is still known.
    for (const h of this.health.values()) {
      if (h.hostname !== null && !seen.has(h.name)) {
        seen.add(h.name);
        const list = this.byHostname.get(h.hostname);
        if (list) list.push(h.name);
        else this.byHostname.set(h.hostname, [h.name]);
      }
    }
    for (const list of this.byHostname.values()) list.sort(byName);
  }

  isMember(pool: string, node: string): boolean {
    return this.memberSets.get(pool)?.has(node) ?? false;
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
