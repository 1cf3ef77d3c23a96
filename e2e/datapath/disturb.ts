/**
 * Disturbances of the datapath e2e, each undone by the function it returns. They act from the
 * control-plane namespace this process runs in, or in a node's namespace (iptables rules, the delay
 * holder): run.sh's cleanup removes whatever a crash leaves behind (the namespaces go with their rules,
 * and the processes in them are killed by PID).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { e2eCacheDir } from "../harness/cluster.js";
import type { Datapath } from "./datapath.js";
import { inNetns, NET, run } from "./netns.js";

export type Undo = () => Promise<void>;

/** The operator cut off from the pool: its probes to every pool node are dropped (silence). */
export async function partition(ports: number[]): Promise<Undo> {
  const rule = [
    "OUTPUT",
    "-d",
    NET.underlay,
    "-p",
    "tcp",
    "-m",
    "multiport",
    "--dports",
    ports.join(","),
    "-j",
    "DROP",
  ];
  await run("iptables", ["-I", ...rule]);
  return async () => void (await run("iptables", ["-D", ...rule]));
}

/** The delay holder (e2e/tools/nfq-delay), built by build-tools.sh. */
export const NFQ_DELAY = path.join(e2eCacheDir(), "bin", "nfq-delay");
/** The netfilter queue the holder serves (one slow node at a time). */
const DELAY_QUEUE = "7";

/**
 * A slow node: everything arriving on its eth0 (probes, the pod's datagrams in VXLAN, the apiserver's
 * answers) is held `delayMs` by a netfilter queue in its namespace. This kernel has neither sch_netem
 * nor sch_fq (so no EDT delay from a tc program): the holder is a userspace reader of the queue that
 * accepts each packet `delayMs` after it arrived. The rule is appended (Cilium's own jumps in the chain
 * run first) and bypasses the queue when no holder is bound, so a dead holder delays nothing.
 */
export async function slow(dp: Datapath, node: string, delayMs: number): Promise<Undo> {
  if (!existsSync(NFQ_DELAY)) throw new Error(`${NFQ_DELAY} not built (bash e2e/scripts/build-tools.sh nfq-delay)`);
  const ns = dp.node(node).netns;
  const rule = ["PREROUTING", "-i", "eth0", "-j", "NFQUEUE", "--queue-num", DELAY_QUEUE, "--queue-bypass"];
  const holder = spawn("ip", ["netns", "exec", ns, NFQ_DELAY, "-queue", DELAY_QUEUE, "-delay", `${delayMs}ms`], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const undoHolder = () => stopProcess(holder, "SIGTERM");
  try {
    await new Promise<void>((resolve, reject) => {
      readline.createInterface({ input: holder.stdout as NodeJS.ReadableStream }).once("line", () => resolve());
      holder.once("exit", (c) => reject(new Error(`nfq-delay exited (${c}) before binding its queue`)));
    });
    await inNetns(ns, "iptables", ["-t", "mangle", "-A", ...rule]);
  } catch (e) {
    await undoHolder();
    throw e;
  }
  return async () => {
    await inNetns(ns, "iptables", ["-t", "mangle", "-D", ...rule]);
    // the packets still held go out before the holder unbinds (the kernel drops what a queue holds then)
    await sleep(delayMs + 200);
    await undoHolder();
  };
}

/** Packets the random-drop rule of a namespace's raw PREROUTING dropped (its counter). */
async function dropped(ns: string | undefined): Promise<number | null> {
  const args = ["-t", "raw", "-L", "PREROUTING", "-v", "-x", "-n"];
  const { stdout } = ns === undefined ? await run("iptables", args) : await inNetns(ns, "iptables", args);
  const line = stdout.split("\n").find((l) => l.includes("statistic mode random"));
  return line === undefined ? null : Number(line.trim().split(/\s+/)[0]);
}

/**
 * A lossy link: `probability` of the packets dropped at random each way on the node's link: as they
 * enter the node (its namespace, on eth0) and as they leave it (where they enter the control-plane
 * namespace, the link's far end: towards the operator, the apiserver and the outside). `seen` gets
 * the two rules' drop counts when undone.
 */
export async function lossy(
  dp: Datapath,
  node: string,
  probability: number,
  seen: Record<string, unknown>,
): Promise<Undo> {
  const n = dp.node(node);
  const random = ["-m", "statistic", "--mode", "random", "--probability", String(probability), "-j", "DROP"];
  const into = ["PREROUTING", "-i", "eth0", ...random];
  const out = ["PREROUTING", "-i", NET.bridge, "-s", n.ip, ...random];
  await inNetns(n.netns, "iptables", ["-t", "raw", "-I", ...into]);
  try {
    await run("iptables", ["-t", "raw", "-I", ...out]);
  } catch (e) {
    await inNetns(n.netns, "iptables", ["-t", "raw", "-D", ...into]);
    throw e;
  }
  return async () => {
    seen.dropped_towards_node = await dropped(n.netns).catch(() => null);
    seen.dropped_from_node = await dropped(undefined).catch(() => null);
    await inNetns(n.netns, "iptables", ["-t", "raw", "-D", ...into]);
    await run("iptables", ["-t", "raw", "-D", ...out]);
  };
}

/** A flapping node: its link down and up every `periodMs / 2` until undone; left up. */
export async function flap(dp: Datapath, node: string, periodMs: number): Promise<Undo> {
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      await dp.topo.setLink(dp.node(node), false);
      await sleep(periodMs / 2);
      await dp.topo.setLink(dp.node(node), true);
      await sleep(periodMs / 2);
    }
  })();
  return async () => {
    stop = true;
    await loop;
  };
}

/** The CPU starved: a busy loop on every core, each a process of its own, killed by its PID. */
export async function starve(): Promise<Undo> {
  const loops: ChildProcess[] = os
    .cpus()
    .map(() => spawn(process.execPath, ["-e", "for (;;) {}"], { detached: true, stdio: "ignore" }));
  return async () => {
    for (const c of loops) await stopProcess(c, "SIGKILL");
  };
}

/** Signals a child by its PID and waits for it to exit (SIGKILL after 3 s). */
async function stopProcess(c: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((r) => c.once("exit", r));
  try {
    process.kill(c.pid, signal);
  } catch {
    return;
  }
  if (await Promise.race([exited.then(() => true), sleep(3000).then(() => false)])) return;
  try {
    process.kill(c.pid, "SIGKILL");
  } catch {
    return;
  }
  await exited;
}
