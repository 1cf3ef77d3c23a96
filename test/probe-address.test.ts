/**
 * The probe reaches IP literals only. A node's kubelet may write any string as its InternalIP;
 * a name would go to the resolver, whose lookup may never answer and keep the run alive past its
 * deadline. Such a node is not probed (neither silent nor healthy evidence: its other signals
 * still apply) and gets a notice naming it and the field.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import net from "node:net";
import { describe, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import { isTick, parseContext, probeTargets } from "../src/hook/assessment.js";
import { evaluate } from "../src/hook/pipeline.js";
import { runHook } from "../src/hook/run.js";
import { EMPTY_STATE } from "../src/hook/state.js";
import { probeNodes } from "../src/io/probe.js";
import { isIPAddress } from "../src/model/ip-address.js";
import { RESYNC_BINDING } from "../src/protocol/binding-context.js";
import { agent, groupContext, NOW, node, policy } from "./support/builders.js";

const ENV = { EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "true" };
const ADDRESSES: Record<string, string> = {
  a: "10.0.0.1",
  b: "fd00::2",
  c: "gw-c.example.com",
  d: "10.0.0.04",
  e: "",
};
const POOL = Object.keys(ADDRESSES);
const cluster = (ready: Record<string, "False"> = {}) => ({
  pools: {
    egress: POOL.map((name) => node({ name, address: ADDRESSES[name] as string, ready: ready[name] ?? "True" })),
  },
  policies: [policy({ name: "p", pool: "egress", hostname: "c" })],
  agents: POOL.map((n) => agent({ node: n })),
});
const INVALID = ["c", "d", "e"];

describe("the probe reaches IP literals only", () => {
  test("probeTargets leaves out every node whose InternalIP is not an IP literal", () => {
    const settings = readSettings(ENV);
    const parsed = parseContext(groupContext(cluster(), RESYNC_BINDING), settings, { strict: true });
    assert.ok(isTick(parsed));
    assert.deepEqual(probeTargets(parsed), [
      { node: "a", address: "10.0.0.1" },
      { node: "b", address: "fd00::2" },
    ]);
  });

  test("probeNodes never connects to a name, even one that resolves", async () => {
    const server = net.createServer((s) => s.end());
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const outcomes = await probeNodes(
        [
          { node: "literal", address: "127.0.0.1" },
          { node: "name", address: "localhost" },
          { node: "padded", address: " 127.0.0.1" },
        ],
        { ports: [(server.address() as net.AddressInfo).port], timeoutMs: 500, attempts: 1, mode: "tcp" },
      );
      assert.deepEqual(
        outcomes.map((o) => [o.node, o.answer]),
        [["literal", "open"]],
      );
    } finally {
      server.close();
    }
  });

  test("what the hook takes for an IP literal, node:net takes too (no lookup)", () => {
    const samples = [
      "10.0.0.1",
      "255.255.255.255",
      "::",
      "::1",
      "fd00::2",
      "1:2:3:4:5:6:7:8",
      "::ffff:10.0.0.1",
      "64:ff9b::192.0.2.1",
      "10.0.0.04",
      "127.1",
      "0x7f.0.0.1",
      "[::1]",
      "fe80::1%eth0",
      "1:2:3:4:5:6:7:8:9",
      "1.2.3.4 ",
      "localhost",
      "",
    ];
    for (const s of samples) if (isIPAddress(s)) assert.notEqual(net.isIP(s), 0, s);
  });

  test("a node with such an address is not probed, gets a notice naming the field, and its other signals apply", () => {
    const probed = POOL.filter((n) => !INVALID.includes(n)).map((n) => ({
      node: n,
      answer: "open" as const,
      silent: 0,
      silentSince: null,
    }));
    const e = evaluate(groupContext(cluster({ e: "False" }), RESYNC_BINDING), readSettings(ENV), NOW, {
      state: EMPTY_STATE,
      probed,
    });
    const notices = e.plan?.notices.filter((n) => n.code === "node-address-invalid") ?? [];
    assert.deepEqual(
      notices.map((n) => ({ ...n })),
      INVALID.map((n) => ({
        code: "node-address-invalid",
        node: n,
        field: "status.addresses InternalIP",
        value: ADDRESSES[n],
      })),
    );
    const health = (name: string) => e.plan?.pools[0]?.nodes.find((n) => n.name === name);
    assert.equal(health("c")?.healthy, true, "not probed is not silent: the gateway stays");
    assert.equal(health("e")?.healthy, false, "the Ready signal still applies");
    assert.equal(e.plan?.decisions.find((d) => d.policy === "p")?.action, "keep");
    const off = evaluate(
      groupContext(cluster(), RESYNC_BINDING),
      readSettings({ ...ENV, EGRESS_HA_PROBE: "false" }),
      NOW,
      {
        state: EMPTY_STATE,
      },
    );
    assert.equal(off.plan?.notices.filter((n) => n.code === "node-address-invalid").length, 0, "no probe, no notice");
  });

  test("a hook run hands only IP literals to the probe and warns once per node, by its condition", async () => {
    const files = new Map<string, string>([["/ctx", JSON.stringify(groupContext(cluster(), RESYNC_BINDING))]]);
    const targets: string[][] = [];
    const stderr: string[] = [];
    const io = {
      env: { BINDING_CONTEXT_PATH: "/ctx", KUBERNETES_PATCH_PATH: "/patch", ...ENV, EGRESS_HA_STATE_FILE: "/state" },
      readFile: async (p: string) => files.get(p) ?? "",
      writeFile: async (p: string, d: string) => void files.set(p, d),
      readState: async (p: string) => files.get(p) ?? null,
      writeState: async (p: string, d: string) => void files.set(p, d),
      stderr: (text: string) => void stderr.push(text),
      now: () => NOW,
      probe: async (ts: { node: string; address: string }[]) => {
        targets.push(ts.map((t) => t.address));
        return ts.map((t) => ({ node: t.node, answer: "open" as const, silent: 0, silentSince: null, rttMs: 1 }));
      },
    };
    assert.equal(await runHook(io), 0);
    assert.deepEqual(targets, [["10.0.0.1", "fd00::2"]]);
    const warned = () =>
      stderr
        .flatMap((t) => t.split("\n"))
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as { level: string; code?: string; msg: string })
        .filter((l) => l.code === "node-address-invalid");
    assert.equal(warned().length, INVALID.length);
    assert.ok(warned().every((l) => l.level === "warn"));
    stderr.length = 0;
    assert.equal(await runHook(io), 0);
    assert.equal(warned().length, 0, "a notice is logged when it starts, not on every tick");
  });
});
