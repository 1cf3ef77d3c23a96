/**
 * Network namespaces, veths and a bridge: the "machines" of the real-datapath e2e, all on one kernel.
 *
 *   outside netns (server) ── veth ── control-plane netns (etcd, kube-apiserver, kcm, shell-operator,
 *                                      this test process; ip_forward=1; bridge for the node "LAN")
 *                                        │ bridge dp-br
 *            ┌───────────────┬───────────┴───┬───────────────┐
 *         gw1 netns       gw2 netns       gw3 netns       client netns ── cilium-cni veth ── pod netns
 *
 * Every namespace is named `<prefix>-<role>` with the run's unique prefix (`ceha-dp-XXXX`); none has a
 * route to the machine's own interfaces: the underlay and the outside subnet are only reachable between
 * namespaces this run created.
 */
import { execFile } from "node:child_process";

export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      { env: opts.env, maxBuffer: 64 * 1024 * 1024, timeout: opts.timeoutMs ?? 120_000, killSignal: "SIGKILL" },
      (err, stdout, stderr) => {
        if (err)
          reject(new Error(`${cmd} ${args.join(" ")} failed: ${err.message.split("\n")[0]}\n${stderr}${stdout}`));
        else resolve({ stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

export const ip = (...args: string[]) => run("ip", args);
export const ipIn = (ns: string, ...args: string[]) => run("ip", ["-n", ns, ...args]);
export const inNetns = (ns: string, cmd: string, args: string[]) => run("ip", ["netns", "exec", ns, cmd, ...args]);

/** The address plan. */
export const NET = {
  /** The node "LAN": the bridge in the control-plane namespace, and every node's eth0. */
  underlay: "10.77.0.0/24",
  cpUnderlayIP: "10.77.0.1",
  /** The "outside" subnet: the server, reached through the control-plane namespace. */
  outside: "10.78.0.0/24",
  cpOutsideIP: "10.78.0.1",
  serverIP: "10.78.0.2",
  serverPort: 7777,
  bridge: "dp-br",
} as const;

export interface NodeNet {
  name: string;
  /** The node's network namespace. */
  netns: string;
  /** Its eth0 address on the underlay. */
  ip: string;
  /** The control-plane end of its veth (a bridge port): set it down to cut the node off. */
  hostVeth: string;
}

export class Topology {
  readonly cp: string;
  readonly outside: string;
  private created: string[] = [];

  constructor(readonly prefix: string) {
    this.cp = `${prefix}-cp`;
    this.outside = `${prefix}-out`;
  }

  nodeNetns(role: string): string {
    return `${this.prefix}-${role}`;
  }

  /** The bridge and the outside server's namespace; the control-plane namespace itself exists already. */
  async up(): Promise<void> {
    const cp = this.cp;
    await ipIn(cp, "link", "set", "lo", "up");
    await ipIn(cp, "link", "add", NET.bridge, "type", "bridge");
    await ipIn(cp, "addr", "add", `${NET.cpUnderlayIP}/24`, "dev", NET.bridge);
    await ipIn(cp, "link", "set", NET.bridge, "up");
    await inNetns(cp, "sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
    await this.addNetns(this.outside);
    await ipIn(cp, "link", "add", "dp-out", "type", "veth", "peer", "name", "eth0", "netns", this.outside);
    await ipIn(cp, "addr", "add", `${NET.cpOutsideIP}/24`, "dev", "dp-out");
    await ipIn(cp, "link", "set", "dp-out", "up");
    await ipIn(this.outside, "link", "set", "lo", "up");
    await ipIn(this.outside, "addr", "add", `${NET.serverIP}/24`, "dev", "eth0");
    await ipIn(this.outside, "link", "set", "eth0", "up");
    await ipIn(this.outside, "route", "add", NET.underlay, "via", NET.cpOutsideIP);
  }

  /** A node namespace with eth0 on the bridge and a default route via the control-plane namespace. */
  async addNode(role: string, addr: string): Promise<NodeNet> {
    const netns = this.nodeNetns(role);
    const hostVeth = `dp-${role}`.slice(0, 15);
    await this.addNetns(netns);
    await ipIn(this.cp, "link", "add", hostVeth, "type", "veth", "peer", "name", "eth0", "netns", netns);
    await ipIn(this.cp, "link", "set", hostVeth, "master", NET.bridge, "up");
    await ipIn(netns, "link", "set", "lo", "up");
    await ipIn(netns, "addr", "add", `${addr}/24`, "dev", "eth0");
    await ipIn(netns, "link", "set", "eth0", "up");
    await ipIn(netns, "route", "add", "default", "via", NET.cpUnderlayIP);
    return { name: role, netns, ip: addr, hostVeth };
  }

  /** An empty namespace (a pod's, filled by cilium-cni). */
  async addNetns(name: string): Promise<void> {
    await ip("netns", "add", name);
    this.created.push(name);
  }

  /** Cuts a node off the LAN (its eth0 loses carrier), or reconnects it. */
  async setLink(node: NodeNet, up: boolean): Promise<void> {
    await ipIn(this.cp, "link", "set", node.hostVeth, up ? "up" : "down");
  }

  /** Deletes every namespace this topology created (their veths go with them), newest first. */
  async down(): Promise<string[]> {
    const errors: string[] = [];
    for (const ns of this.created.reverse()) {
      try {
        await ip("netns", "del", ns);
      } catch (e) {
        errors.push((e as Error).message.split("\n")[0] ?? String(e));
      }
    }
    this.created = [];
    try {
      await ipIn(this.cp, "link", "del", "dp-out");
    } catch {
      // went with the outside namespace
    }
    try {
      await ipIn(this.cp, "link", "del", NET.bridge);
    } catch {
      // already gone
    }
    return errors;
  }
}
