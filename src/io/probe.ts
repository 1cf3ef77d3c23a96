/**
 * The active probe's network side: TCP connections to each pool node's probe ports, in
 * parallel, each attempt bounded by a timeout. Only silence counts as a failure: a refused
 * connection means the node's kernel answered. Loaded with `import()` only when the probe is
 * on and the run is a resync tick, so other runs never pay for node:net. Only IP literals are
 * connected to: a name would go to the resolver, whose lookup has no deadline of ours.
 */
import * as net from "node:net";

export interface ProbeTarget {
  node: string;
  address: string;
}

export type Answer = "open" | "refused" | "silent";

/** What one node's probes found this run. */
export interface ProbeOutcome {
  node: string;
  answer: Answer;
  /** Silent attempts in a row at the end of this run (0 when it answered). */
  silent: number;
  /** When the first of those silent attempts started (ms), if any. */
  silentSince: number | null;
  /** Milliseconds from the start of the answering attempt to the answer. */
  rttMs: number | null;
}

export interface ProbeSettings {
  ports: readonly number[];
  timeoutMs: number;
  /** Attempts per run for a node that stays silent (the failure threshold). */
  attempts: number;
  /** `tcp`: a connection is an answer; `http`: only the first bytes of an answer to GET /hello are. */
  mode: "tcp" | "http";
}

function connect(address: string, port: number, timeoutMs: number, http: boolean): Promise<Answer> {
  return new Promise((resolve) => {
    let done = false;
    const socket = net.connect({ host: address, port });
    const finish = (a: Answer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish("silent"), timeoutMs);
    socket.once("connect", () => {
      if (!http) return finish("open");
      // Application level: the answer must come within the same timeout.
      socket.once("data", () => finish("open"));
      socket.write(`GET /hello HTTP/1.0\r\nHost: ${net.isIPv6(address) ? `[${address}]` : address}\r\n\r\n`);
    });
    socket.once("error", (err: NodeJS.ErrnoException) => finish(err.code === "ECONNREFUSED" ? "refused" : "silent"));
  });
}

/** One attempt on every port at once: open wins, then refused; silent only when all are. */
async function attempt(address: string, s: Omit<ProbeSettings, "attempts">): Promise<Answer> {
  const answers = await Promise.all(s.ports.map((p) => connect(address, p, s.timeoutMs, s.mode === "http")));
  return answers.includes("open") ? "open" : answers.includes("refused") ? "refused" : "silent";
}

async function probeOne(t: ProbeTarget, s: ProbeSettings, clock: () => number): Promise<ProbeOutcome> {
  let silent = 0;
  let silentSince: number | null = null;
  for (let i = 0; i < s.attempts; i++) {
    const start = clock();
    const answer = await attempt(t.address, s);
    if (answer !== "silent") return { node: t.node, answer, silent: 0, silentSince: null, rttMs: clock() - start };
    silent++;
    silentSince ??= start;
  }
  return { node: t.node, answer: "silent", silent, silentSince, rttMs: null };
}

/** What one node's attempts found in one of the prober's rounds. */
export interface RoundOutcome {
  node: string;
  answer: Answer;
  /** Milliseconds from the round's start to the first answer (null when silent). */
  rttMs: number | null;
}

/**
 * The prober's round: every target whose address is an IP literal, in parallel, each with
 * `attemptsOf(node)` attempts at once on separate connections (the tick probe's sequential
 * retries would hold a silent node for that many timeouts). Any answer is an answer: open wins,
 * then refused; silent only when every attempt is.
 */
export function probeRound(
  targets: readonly ProbeTarget[],
  s: Omit<ProbeSettings, "attempts">,
  attemptsOf: (node: string) => number,
  clock = Date.now,
): Promise<RoundOutcome[]> {
  return Promise.all(
    targets
      .filter((t) => net.isIP(t.address) !== 0)
      .map(async (t) => {
        const start = clock();
        let rttMs: number | null = null;
        const answers = await Promise.all(
          Array.from({ length: Math.max(1, attemptsOf(t.node)) }, async () => {
            const a = await attempt(t.address, s);
            if (a !== "silent") rttMs ??= clock() - start;
            return a;
          }),
        );
        const answer = answers.includes("open") ? "open" : answers.includes("refused") ? "refused" : "silent";
        return { node: t.node, answer, rttMs };
      }),
  );
}

/**
 * Probes every target whose address is an IP literal, in parallel (the others get no outcome: not
 * probed); a node that stays silent is tried `attempts` times in a row.
 */
export function probeNodes(
  targets: readonly ProbeTarget[],
  s: ProbeSettings,
  clock = Date.now,
): Promise<ProbeOutcome[]> {
  return Promise.all(targets.filter((t) => net.isIP(t.address) !== 0).map((t) => probeOne(t, s, clock)));
}
