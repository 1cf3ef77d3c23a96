/**
 * Disturbances that must move nothing (the 0-move cases of the datapath e2e), each undone by the
 * function it returns. They act from the control-plane namespace this process runs in, so run.sh's
 * cleanup removes whatever a crash leaves behind (the namespace's rules and qdiscs go with it, and
 * the busy loops are processes in it, killed by PID).
 */
import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Datapath } from "./datapath.js";
import { NET, run } from "./netns.js";

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

/** A slow node: everything towards it (probes, the pod's datagrams) is delayed by `delayMs`. */
export async function slow(dp: Datapath, node: string, delayMs: number): Promise<Undo> {
  const dev = dp.node(node).hostVeth;
  await run("tc", ["qdisc", "add", "dev", dev, "root", "netem", "delay", `${delayMs}ms`]);
  return async () => void (await run("tc", ["qdisc", "del", "dev", dev, "root"]));
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
    for (const c of loops) {
      if (c.pid === undefined || c.exitCode !== null) continue;
      const exited = new Promise((r) => c.once("exit", r));
      try {
        process.kill(c.pid, "SIGKILL");
      } catch {
        continue;
      }
      await exited;
    }
  };
}
