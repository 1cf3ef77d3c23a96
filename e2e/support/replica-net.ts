/**
 * A replica's own network view for the probe e2e: each replica's hook runs in a network
 * namespace of its own (`ceha-rp-R`) that reaches every node namespace (support/netns.ts) over a
 * veth pair of its own, never through the machine's root namespace (which forwards nothing). So
 * a route blocked in one replica's namespace is a partition only that replica sees, while the
 * other still reaches the node, and the nodes' addresses are the same for both.
 *
 * Link R↔N: 10.214.N.(4R+1) on the replica side, 10.214.N.(4R+2) on the node side, a /30; the
 * replica reaches the node's address (10.213.N.2) through it by a /32 route. Blocking replaces
 * that route with an `unreachable` one: the replica's connects fail at once, which the probe
 * reads as silence (anything but a refusal is).
 *
 * Only the hook runs inside: shell-operator stays on the root namespace's loopback (API server,
 * metrics), and starts the hook's Node through `nodeWrapper()`, an `ip netns exec` script.
 * Deleting the namespace removes its links, their peers in the node namespaces, and its routes;
 * the hook processes are shell-operator's children, stopped with its process group.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { NodeNet } from "./netns.js";

function ip(...args: string[]): void {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
}

export class ReplicaNet {
  readonly ns: string;

  constructor(
    readonly index: number,
    readonly nodes: readonly NodeNet[],
  ) {
    this.ns = `ceha-rp-${index}`;
  }

  private link(n: NodeNet): { replicaIf: string; nodeIf: string; replicaAddr: string; nodeAddr: string } {
    const base = `10.214.${n.index}`;
    return {
      replicaIf: `n${n.index}`,
      nodeIf: `r${this.index}`,
      replicaAddr: `${base}.${4 * this.index + 1}`,
      nodeAddr: `${base}.${4 * this.index + 2}`,
    };
  }

  create(): void {
    ip("netns", "add", this.ns);
    ip("-n", this.ns, "link", "set", "lo", "up");
    for (const n of this.nodes) {
      const l = this.link(n);
      ip("-n", this.ns, "link", "add", l.replicaIf, "type", "veth", "peer", "name", l.nodeIf, "netns", n.ns);
      ip("-n", this.ns, "addr", "add", `${l.replicaAddr}/30`, "dev", l.replicaIf);
      ip("-n", n.ns, "addr", "add", `${l.nodeAddr}/30`, "dev", l.nodeIf);
      ip("-n", this.ns, "link", "set", l.replicaIf, "up");
      ip("-n", n.ns, "link", "set", l.nodeIf, "up");
      this.unblock(n);
    }
  }

  /** This replica no longer reaches `n` (an unreachable route to its address). */
  block(n: NodeNet): void {
    ip("-n", this.ns, "route", "replace", "unreachable", `${n.address}/32`);
  }

  unblock(n: NodeNet): void {
    ip("-n", this.ns, "route", "replace", `${n.address}/32`, "via", this.link(n).nodeAddr);
  }

  /** Writes an executable that runs Node inside this namespace (for CILIUM_EGRESS_HA_NODE). */
  nodeWrapper(dir: string, node: string): string {
    const file = path.join(dir, `node-in-${this.ns}.sh`);
    writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${this.ns} ${JSON.stringify(node)} "$@"\n`, { mode: 0o755 });
    return file;
  }

  destroy(): void {
    try {
      ip("netns", "del", this.ns);
    } catch {
      // never created
    }
  }
}
