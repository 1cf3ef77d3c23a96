/**
 * The traffic a user lives: a client in the pod sends a UDP datagram every 10 ms from a new source port
 * (each one a new flow, so each takes the egress-gateway decision of its moment), and a server outside
 * the cluster records arrival time, source address and sequence number. From those records:
 *
 * - outage: from the last datagram through the old gateway to the first through the new one;
 * - lost: datagrams sent in a window that never arrived (the client sends seq N at start + N × 10 ms);
 * - the source address the outside world saw, before and after.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { openSync, writeSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { NET } from "./netns.js";

export interface Arrival {
  /** ms since the epoch (sub-ms precision). */
  t: number;
  src: string;
  seq: number;
}

const PROBE_DIR = path.join(import.meta.dirname, "probe");

function spawnIn(netns: string, script: string, args: string[], log: string): ChildProcess {
  const child = spawn("ip", ["netns", "exec", netns, process.execPath, path.join(PROBE_DIR, script), ...args], {
    detached: true,
    stdio: ["ignore", "pipe", openSync(log, "a")],
  });
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
  if (!done) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
    await exited;
  }
}

export class Probe {
  readonly arrivals: Arrival[] = [];
  private server: ChildProcess | undefined;
  private client: ChildProcess | undefined;
  /** When the client sends seq 0, and its period. */
  clientStart = 0;
  interval = 10;
  private recordFd: number | undefined;

  constructor(
    private readonly serverNetns: string,
    private readonly podNetns: string,
    private readonly logDir: string,
  ) {}

  async start(): Promise<void> {
    this.recordFd = openSync(path.join(this.logDir, "arrivals.txt"), "a");
    this.server = spawnIn(
      this.serverNetns,
      "udp-server.mjs",
      [String(NET.serverPort)],
      path.join(this.logDir, "udp-server.log"),
    );
    const lines = readline.createInterface({ input: this.server.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      const [t, src, seq] = line.split(" ");
      if (this.recordFd !== undefined) writeSync(this.recordFd, `${line}\n`);
      this.arrivals.push({ t: Number(t), src: src ?? "", seq: Number(seq) });
    });
    await sleep(500);
    this.client = spawnIn(
      this.podNetns,
      "udp-client.mjs",
      [NET.serverIP, String(NET.serverPort), String(this.interval)],
      path.join(this.logDir, "udp-client.log"),
    );
    const first = await new Promise<string>((resolve, reject) => {
      const rl = readline.createInterface({ input: this.client?.stdout as NodeJS.ReadableStream });
      rl.once("line", resolve);
      this.client?.once("exit", (c) => reject(new Error(`udp-client exited (${c}) before starting`)));
    });
    const hello = JSON.parse(first) as { start: number; interval: number };
    this.clientStart = hello.start;
    this.interval = hello.interval;
  }

  async stop(): Promise<void> {
    await stopChild(this.client);
    await stopChild(this.server);
    this.client = undefined;
    this.server = undefined;
  }

  /** The sequence number the client sends at time t. */
  seqAt(t: number): number {
    return Math.max(0, Math.floor((t - this.clientStart) / this.interval));
  }

  /** Resolves with the first arrival at or after `since` that satisfies `match`. */
  async waitFor(match: (a: Arrival) => boolean, since: number, timeoutMs: number, what: string): Promise<Arrival> {
    const deadline = Date.now() + timeoutMs;
    let i = this.firstIndexAt(since);
    while (Date.now() < deadline) {
      for (; i < this.arrivals.length; i++) {
        const a = this.arrivals[i] as Arrival;
        if (a.t >= since && match(a)) return a;
      }
      await sleep(20);
    }
    const recent = this.arrivals.slice(-3).map((a) => `${a.src}#${a.seq}`);
    throw new Error(`no datagram ${what} within ${timeoutMs} ms (last arrivals: ${recent.join(", ") || "none"})`);
  }

  private firstIndexAt(t: number): number {
    let lo = 0;
    let hi = this.arrivals.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.arrivals[mid] as Arrival).t < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Arrivals in [from, to). */
  between(from: number, to: number): Arrival[] {
    const out: Arrival[] = [];
    for (let i = this.firstIndexAt(from); i < this.arrivals.length; i++) {
      const a = this.arrivals[i] as Arrival;
      if (a.t >= to) break;
      out.push(a);
    }
    return out;
  }

  /** Datagrams sent in [from, to) that never arrived (late ones count as arrived). */
  lost(from: number, to: number): number {
    const lo = this.seqAt(from);
    const hi = this.seqAt(to);
    const got = new Set<number>();
    for (const a of this.arrivals) if (a.seq >= lo && a.seq < hi) got.add(a.seq);
    return Math.max(0, hi - lo - got.size);
  }

  /** The longest silence between consecutive arrivals in [from, to), in ms. */
  longestGap(from: number, to: number): { ms: number; after: Arrival | undefined } {
    const xs = this.between(from, to);
    let best = { ms: 0, after: undefined as Arrival | undefined };
    for (let i = 1; i < xs.length; i++) {
      const gap = (xs[i] as Arrival).t - (xs[i - 1] as Arrival).t;
      if (gap > best.ms) best = { ms: gap, after: xs[i - 1] };
    }
    return best;
  }
}

export interface Switch {
  /** Last arrival through the old source before the first through the new one. */
  lastOld: Arrival | undefined;
  firstNew: Arrival;
  /** firstNew.t - lastOld.t (ms), or from `since` when nothing came through the old source. */
  outageMs: number;
  /** Arrivals after firstNew whose source is not the new one. */
  strays: number;
}

/** Where the traffic switched from `oldSrc` to `newSrc`, after `since`. */
export function switchOver(probe: Probe, since: number, until: number, oldSrc: string, newSrc: string): Switch {
  const xs = probe.between(since, until);
  const k = xs.findIndex((a) => a.src === newSrc);
  if (k < 0) throw new Error(`no datagram from ${newSrc} between ${since} and ${until}`);
  const firstNew = xs[k] as Arrival;
  let lastOld: Arrival | undefined;
  for (let i = k - 1; i >= 0; i--) {
    if ((xs[i] as Arrival).src === oldSrc) {
      lastOld = xs[i];
      break;
    }
  }
  const strays = xs.slice(k + 1).filter((a) => a.src !== newSrc).length;
  return { lastOld, firstNew, outageMs: firstNew.t - (lastOld?.t ?? since), strays };
}

/** p50/p95 of a sample, nearest rank. */
export function quantiles(xs: number[]): { p50: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? Number.NaN;
  return { p50: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? Number.NaN };
}
