/**
 * The active probe: the pure signal (engine/probe.ts, through the whole engine), the network
 * side on loopback (io/probe.ts), and a hook run that probes only on resync ticks (hook/run.ts
 * with an injected probe).
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import net from "node:net";
import { describe, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { ProbeObservation } from "../src/engine/probe.js";
import { type Evaluation, evaluate } from "../src/hook/pipeline.js";
import { runHook } from "../src/hook/run.js";
import { EMPTY_STATE, type RunState } from "../src/hook/state.js";
import { probeNodes, probeRound } from "../src/io/probe.js";
import { RESYNC_BINDING } from "../src/protocol/binding-context.js";
import { agent, groupContext, NOW, node, policy } from "./support/builders.js";

const ENV = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "true" };
const at = (s: number): Date => new Date(NOW.getTime() + s * 1000);
const POOL = ["a", "b", "c", "d"];
const cluster = {
  pools: { egress: POOL.map((name) => node({ name })) },
  policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
  agents: POOL.map((n) => agent({ node: n })),
};

function tick(probed: ProbeObservation[] | undefined, now: Date, state: RunState, env = ENV): Evaluation {
  return evaluate(groupContext(cluster, RESYNC_BINDING), readSettings(env), now, {
    state,
    ...(probed ? { probed } : {}),
  });
}

const answers = (t: Date, silent: Record<string, number>, refused: string[] = []): ProbeObservation[] =>
  POOL.map((n) =>
    (silent[n] ?? 0) > 0
      ? { node: n, answer: "silent", silent: silent[n] as number, silentSince: t.toISOString() }
      : { node: n, answer: refused.includes(n) ? "refused" : "open", silent: 0, silentSince: null },
  );

const decision = (e: Evaluation) => e.plan?.decisions.find((d) => d.policy === "p");
const probeStatus = (e: Evaluation) => e.plan?.signals.find((s) => s.signal === "probe");
const nodeOf = (e: Evaluation, name: string) => e.plan?.pools[0]?.nodes.find((n) => n.name === name);

describe("probe signal", () => {
  test("silent N times in a row over at least T: unhealthy, and the gateway moves", () => {
    // Three silent attempts that started 1.5 s before the run's clock.
    const e = tick(answers(at(-1.5), { a: 3 }), NOW, EMPTY_STATE);
    assert.equal(decision(e)?.action, "move");
    const problem = nodeOf(e, "a")?.problems[0];
    assert.equal(problem?.signal, "probe");
    assert.equal(problem?.reason.code, "probe-silent");
  });

  test("fewer failures, or a shorter span, is not enough; failures add up across ticks", () => {
    const one = tick(answers(at(-0.5), { a: 1 }), NOW, EMPTY_STATE);
    assert.equal(decision(one)?.action, "keep");
    const short = tick(answers(at(-0.2), { a: 3 }), NOW, EMPTY_STATE);
    assert.equal(decision(short)?.action, "keep", "three failures within 0.2 s do not span the 1 s window");
    const two = tick(answers(at(0.5), { a: 2 }), at(1.2), one.state);
    assert.equal(decision(two)?.action, "move", "1 + 2 failures over 1.2 s");
  });

  test("an answer resets the count", () => {
    const one = tick(answers(at(-0.5), { a: 2 }), NOW, EMPTY_STATE);
    const ok = tick(answers(at(1), {}), at(1), one.state);
    const again = tick(answers(at(1.5), { a: 1 }), at(2), ok.state);
    assert.equal(decision(again)?.action, "keep");
    assert.equal(again.state.engine.probe.a?.failures, 1);
  });

  test("a run that is not a tick keeps the verdict of the last tick", () => {
    const down = tick(answers(at(-1.5), { a: 3 }), NOW, EMPTY_STATE);
    const event = evaluate(groupContext(cluster), readSettings(ENV), at(0.3), { state: down.state });
    assert.equal(nodeOf(event, "a")?.healthy, false);
  });

  test("a refusal is the agent's business: inside the grace the gateway stays, and the node takes no new one", () => {
    const e = tick(answers(NOW, {}, ["a", "b"].slice(0, 1)), NOW, EMPTY_STATE);
    assert.equal(decision(e)?.action, "keep");
    assert.equal(decision(e)?.reason.code, "gateway-in-grace");
    assert.equal(nodeOf(e, "a")?.state, "grace");
    assert.equal(nodeOf(e, "a")?.problems.length, 0, "never a probe problem");
    // Past the grace the agent signal moves it.
    const later = tick(answers(at(61), {}, ["a"]), at(61), e.state);
    assert.equal(decision(later)?.action, "move");
    assert.equal(nodeOf(later, "a")?.problems[0]?.signal, "agent");
  });

  test("refusals from most nodes mean the port is not served: they are ignored", () => {
    const e = tick(answers(NOW, {}, ["a", "b", "c"]), at(70), EMPTY_STATE);
    assert.equal(nodeOf(e, "a")?.state, "settled");
    assert.match(probeStatus(e)?.detail ?? "", /refusals ignored/);
  });

  test("silence from most pool nodes at once is the operator's own partition: suspended, nothing moves", () => {
    const e = tick(answers(at(-1.5), { a: 3, b: 3, c: 3 }), NOW, EMPTY_STATE);
    assert.equal(probeStatus(e)?.state, "suspended");
    assert.equal(decision(e)?.action, "keep");
  });

  test("in a two-node pool, one dead node is still detected", () => {
    const two = {
      pools: { egress: [node({ name: "a" }), node({ name: "b" })] },
      policies: [policy({ name: "p", pool: "egress", hostname: "a" })],
      agents: [agent({ node: "a" }), agent({ node: "b" })],
    };
    const probed: ProbeObservation[] = [
      { node: "a", answer: "silent", silent: 3, silentSince: at(-1.5).toISOString() },
      { node: "b", answer: "open", silent: 0, silentSince: null },
    ];
    const e = evaluate(groupContext(two, RESYNC_BINDING), readSettings(ENV), NOW, { state: EMPTY_STATE, probed });
    assert.equal(probeStatus(e)?.state, "active");
    assert.equal(decision(e)?.action, "move");
  });

  test("any failure restarts the recovery delay: a flapping node takes no gateway while a settled one fits", () => {
    const flapping = tick(answers(NOW, {}, ["b"]), NOW, EMPTY_STATE);
    const back = tick(answers(at(2), {}), at(2), flapping.state);
    assert.equal(nodeOf(back, "b")?.state, "recovering");
    const crash = tick(answers(at(2.5), { a: 3 }), at(4), back.state);
    assert.equal(decision(crash)?.action, "move");
    assert.notEqual(decision(crash)?.slots[0]?.to, "b");
  });

  test("off: no probe status but off, and observations are ignored", () => {
    const e = tick(answers(at(-1.5), { a: 3 }), NOW, EMPTY_STATE, { ...ENV, EGRESS_HA_PROBE: "false" } as typeof ENV);
    assert.equal(probeStatus(e)?.state, "off");
    assert.equal(decision(e)?.action, "keep");
  });
});

describe("probe network side (loopback)", () => {
  test("open, refused, and an application that never answers (http mode) is silent", async () => {
    const quiet = net.createServer(() => undefined); // accepts, never writes
    const open = net.createServer((s) => s.end("HTTP/1.0 200 OK\r\n\r\n"));
    quiet.listen(0, "127.0.0.1");
    open.listen(0, "127.0.0.1");
    await Promise.all([once(quiet, "listening"), once(open, "listening")]);
    const portOf = (s: net.Server) => (s.address() as net.AddressInfo).port;
    const closed = net.createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const closedPort = portOf(closed);
    closed.close();
    try {
      const tcp = await probeNodes([{ node: "x", address: "127.0.0.1" }], {
        ports: [portOf(quiet)],
        timeoutMs: 200,
        attempts: 2,
        mode: "tcp",
      });
      assert.equal(tcp[0]?.answer, "open", "tcp: the connection is the answer");
      const refused = await probeNodes([{ node: "x", address: "127.0.0.1" }], {
        ports: [closedPort],
        timeoutMs: 200,
        attempts: 2,
        mode: "tcp",
      });
      assert.equal(refused[0]?.answer, "refused");
      const http = await probeNodes(
        [
          { node: "quiet", address: "127.0.0.1" },
          { node: "open", address: "127.0.0.1" },
        ],
        { ports: [portOf(quiet), portOf(open)].slice(0, 1), timeoutMs: 200, attempts: 2, mode: "http" },
      );
      assert.equal(http[0]?.answer, "silent");
      assert.equal(http[0]?.silent, 2, "a silent node is tried `attempts` times");
      const answered = await probeNodes([{ node: "open", address: "127.0.0.1" }], {
        ports: [portOf(open)],
        timeoutMs: 200,
        attempts: 2,
        mode: "http",
      });
      assert.equal(answered[0]?.answer, "open");
    } finally {
      quiet.close();
      open.close();
    }
  });
});

describe("the prober's round (loopback)", () => {
  test("a suspect's attempts go out at once on separate connections: five silent attempts end in one timeout", async () => {
    const arrivals: number[] = [];
    const quiet = net.createServer(() => arrivals.push(Date.now())); // accepts, never writes
    quiet.listen(0, "127.0.0.1");
    await once(quiet, "listening");
    const port = (quiet.address() as net.AddressInfo).port;
    try {
      const start = Date.now();
      const out = await probeRound(
        [
          { node: "suspect", address: "127.0.0.1" },
          { node: "other", address: "127.0.0.1" },
          { node: "named", address: "node-a" },
        ],
        { ports: [port], timeoutMs: 300, mode: "http" },
        (node) => (node === "suspect" ? 5 : 1),
      );
      const took = Date.now() - start;
      assert.deepEqual(
        out.map((o) => [o.node, o.answer, o.rttMs]),
        [
          ["suspect", "silent", null],
          ["other", "silent", null],
        ],
        "an address that is not an IP literal is not probed",
      );
      assert.ok(took < 2 * 300, `one timeout, not five in a row: ${took} ms`);
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(arrivals.length, 6, "five connections for the suspect, one for the other");
      assert.ok(Math.max(...arrivals) - Math.min(...arrivals) < 150, "all at once");
    } finally {
      quiet.close();
    }
  });

  test("any answer is an answer: one open attempt among silent ones makes the node open", async () => {
    let n = 0;
    // The first connection gets an answer, the others none.
    const first = net.createServer((s) => (n++ === 0 ? s.end("HTTP/1.0 200 OK\r\n\r\n") : undefined));
    first.listen(0, "127.0.0.1");
    await once(first, "listening");
    try {
      const out = await probeRound(
        [{ node: "n", address: "127.0.0.1" }],
        { ports: [(first.address() as net.AddressInfo).port], timeoutMs: 200, mode: "http" },
        () => 3,
      );
      assert.equal(out[0]?.answer, "open");
      assert.ok((out[0]?.rttMs ?? 1000) < 200);
    } finally {
      first.close();
    }
  });
});

describe("probing hook runs", () => {
  function io(context: unknown, probeCalls: unknown[][]) {
    const files = new Map<string, string>([["/ctx", JSON.stringify(context)]]);
    return {
      env: { BINDING_CONTEXT_PATH: "/ctx", KUBERNETES_PATCH_PATH: "/patch", ...ENV, EGRESS_HA_STATE_FILE: "/state" },
      readFile: async (p: string) => files.get(p) ?? "",
      writeFile: async (p: string, d: string) => void files.set(p, d),
      readState: async (p: string) => files.get(p) ?? null,
      writeState: async (p: string, d: string) => void files.set(p, d),
      stderr: () => undefined,
      now: () => NOW,
      probe: async (targets: { node: string }[]) => {
        probeCalls.push(targets);
        return targets.map((t) => ({ node: t.node, answer: "open" as const, silent: 0, silentSince: null, rttMs: 1 }));
      },
    };
  }
  const withAddresses = {
    ...cluster,
    pools: { egress: POOL.map((name, i) => node({ name, address: `10.0.0.${i + 1}` })) },
  };

  test("only a resync tick probes, and only pool nodes with an address", async () => {
    const calls: unknown[][] = [];
    assert.equal(await runHook(io(groupContext(withAddresses), calls)), 0);
    assert.equal(calls.length, 0, "an object event does not probe");
    assert.equal(await runHook(io(groupContext(withAddresses, RESYNC_BINDING), calls)), 0);
    assert.equal(calls.length, 1);
    assert.deepEqual(
      (calls[0] as { node: string }[]).map((t) => t.node),
      POOL,
    );
  });
});
