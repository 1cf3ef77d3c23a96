/**
 * Per-node network namespaces for the probe e2e. Each kwok-less "node" gets a namespace with a
 * veth to the machine's root namespace on its own /30 (10.213.N.0/30: the root side .1, the node
 * .2). No namespace has any other route, so probe traffic only ever crosses these veths. A small
 * listener stands in for cilium-health on the node's port; a crash is *silence* (an iptables
 * DROP in the node's namespace: no reset, as from a powered-off machine), an agent restart is a
 * closed listener (the kernel answers with a reset).
 *
 * Every namespace, link and process is created by this module and removed by `destroy()`, also
 * after a failure; processes are killed by PID. Names start with `ceha-pr-` so nothing else is
 * ever touched.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";

const LISTENER = `
const net = require("node:net");
const port = Number(process.argv[1]);
const delayMs = Number(process.argv[2] || 0);
const server = net.createServer((s) => {
  s.on("error", () => {});
  s.on("data", () => setTimeout(() => s.end("HTTP/1.1 200 OK\\r\\ncontent-length: 0\\r\\n\\r\\n"), delayMs));
});
server.listen(port, "0.0.0.0", () => process.stdout.write("listening\\n"));
`;

function ip(...args: string[]): void {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
}

export function netnsPrerequisites(): string | null {
  if (process.getuid?.() !== 0) return "not root: network namespaces need root";
  try {
    execFileSync("ip", ["-V"], { stdio: "ignore" });
    execFileSync("iptables", ["--version"], { stdio: "ignore" });
  } catch {
    return "ip (iproute2) or iptables is missing: apt-get install iproute2 iptables";
  }
  return null;
}

/** Why a namespace suite must skip (tools missing, no root, no ip/iptables), or false to run. */
export function netnsSkip(missingTools: readonly string[]): string | false {
  if (missingTools.length > 0) return `e2e tools not built (${missingTools.join(", ")}): run npm run e2e`;
  return netnsPrerequisites() ?? false;
}

export class NodeNet {
  readonly ns: string;
  readonly hostIf: string;
  readonly address: string;
  private listener: ChildProcess | null = null;
  private silent = false;

  constructor(
    readonly index: number,
    readonly port = 4240,
  ) {
    this.ns = `ceha-pr-${index}`;
    this.hostIf = `ceha-pr${index}h`;
    this.address = `10.213.${index}.2`;
  }

  create(): void {
    ip("netns", "add", this.ns);
    ip("link", "add", this.hostIf, "type", "veth", "peer", "name", "eth0", "netns", this.ns);
    ip("addr", "add", `10.213.${this.index}.1/30`, "dev", this.hostIf);
    ip("link", "set", this.hostIf, "up");
    ip("-n", this.ns, "addr", "add", `${this.address}/30`, "dev", "eth0");
    ip("-n", this.ns, "link", "set", "eth0", "up");
    ip("-n", this.ns, "link", "set", "lo", "up");
  }

  /** Starts the stand-in cilium-health listener; `delayMs` delays its application answer. */
  async listen(delayMs = 0): Promise<void> {
    if (this.listener) return;
    const child = spawn(
      "ip",
      ["netns", "exec", this.ns, process.execPath, "-e", LISTENER, String(this.port), String(delayMs)],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    this.listener = child;
    const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
    if (!chunk.toString().includes("listening")) throw new Error(`listener in ${this.ns} did not start`);
  }

  /** Closes the listener: connections are refused (an agent restart). */
  async close(): Promise<void> {
    const child = this.listener;
    if (!child) return;
    this.listener = null;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  }

  /** Drops every packet to the node: silence, as from a powered-off machine. */
  crash(): void {
    if (this.silent) return;
    execFileSync("ip", ["netns", "exec", this.ns, "iptables", "-I", "INPUT", "-j", "DROP"]);
    this.silent = true;
  }

  restore(): void {
    if (!this.silent) return;
    execFileSync("ip", ["netns", "exec", this.ns, "iptables", "-D", "INPUT", "-j", "DROP"]);
    this.silent = false;
  }

  async destroy(): Promise<void> {
    await this.close().catch(() => undefined);
    try {
      ip("link", "del", this.hostIf);
    } catch {
      // gone with the namespace already
    }
    try {
      ip("netns", "del", this.ns);
    } catch {
      // never created
    }
  }
}

/** One node namespace per name, numbered from `first`, each created afresh with its listener up. */
export async function nodeNets(names: readonly string[], first: number): Promise<Map<string, NodeNet>> {
  const nets = new Map<string, NodeNet>();
  for (const [i, name] of names.entries()) {
    const n = new NodeNet(first + i);
    nets.set(name, n);
    await n.destroy(); // a previous run killed mid-way
    n.create();
    await n.listen();
  }
  return nets;
}
