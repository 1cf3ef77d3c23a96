/**
 * The tick gate: when the hook says lone resync ticks may be skipped (src/hook/tick-gate.ts, pure),
 * and the hook script that skips them without starting Node (hooks/cilium-egress-ha, run with the
 * machine's sh, as shell-operator runs it). A skipped run must be one whose every context is a
 * resync tick, while the hook's gate says `skip` and the prober has beaten since the last skip;
 * anything else reaches Node.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { PoolHealth } from "../src/engine/assess.js";
import type { ProberRead } from "../src/hook/gather.js";
import { gateHeldBy, gateWrite } from "../src/hook/tick-gate.js";
import { reason } from "../src/model/reason.js";

const HOOK = join(import.meta.dirname, "..", "hooks", "cilium-egress-ha");

describe("the gate the hook writes", () => {
  const fine: ProberRead = { use: { use: true, evidence: null }, leases: "watching", targets: null, gate: null };
  const degraded: ProberRead = {
    ...fine,
    use: { use: false, condition: { key: "prober", level: "warn", fingerprint: "x", msg: "m" } },
  };
  const pool = (waiting: boolean): PoolHealth[] => [
    {
      pool: "egress",
      nodes: [
        {
          waiting: waiting ? reason("recovery-delay", { what: "Ready", forSeconds: 18, delaySeconds: 30 }) : null,
        } as PoolHealth["nodes"][number],
      ],
    },
  ];
  const on = readSettings({ EGRESS_HA_PROBER: "true", EGRESS_HA_PROBER_DIR: "/shared" });
  const noLeases = readSettings({
    EGRESS_HA_PROBER: "true",
    EGRESS_HA_PROBER_DIR: "/shared",
    EGRESS_HA_LEASE_SIGNAL: "false",
  });
  const cases: { name: string; settings: typeof on; prober: ProberRead; waiting: boolean; held: string | null }[] = [
    {
      name: "the prober fine, its Leases watched, no timer: skip",
      settings: on,
      prober: fine,
      waiting: false,
      held: null,
    },
    {
      name: "the prober degraded: the tick probes",
      settings: on,
      prober: degraded,
      waiting: false,
      held: "prober-degraded",
    },
    {
      name: "its Lease watch down: the tick times Leases",
      settings: on,
      prober: { ...fine, leases: "down" },
      waiting: false,
      held: "lease-watch",
    },
    {
      name: "a prober with Leases off while the hook uses them",
      settings: on,
      prober: { ...fine, leases: "off" },
      waiting: false,
      held: "lease-watch",
    },
    {
      name: "no heartbeat to say",
      settings: on,
      prober: { ...fine, leases: null },
      waiting: false,
      held: "lease-watch",
    },
    {
      name: "the Lease signal off: no watch needed",
      settings: noLeases,
      prober: { ...fine, leases: "off" },
      waiting: false,
      held: null,
    },
    {
      name: "a node in its recovery delay: a timer",
      settings: on,
      prober: fine,
      waiting: true,
      held: "recovery-delay",
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      assert.equal(gateHeldBy(c.settings, c.prober, pool(c.waiting)), c.held);
      const w = gateWrite(c.settings, c.prober, pool(c.waiting));
      assert.deepEqual(w, { path: "/shared/tick-gate", text: c.held === null ? "skip\n" : "run\n" });
    });

  test("written only when it changes; never without the prober", () => {
    assert.equal(gateWrite(on, { ...fine, gate: "skip\n" }, pool(false)), null);
    assert.equal(gateWrite(readSettings({}), fine, pool(false)), null);
  });
});

describe("the hook script skips lone ticks, and only those", () => {
  const root = mkdtempSync(join(tmpdir(), "tick-gate-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const node = join(root, "node");
  // Stands in for Node: records that the run reached it.
  writeFileSync(node, `#!/bin/sh\n: > "${root}/ran"\n`);
  chmodSync(node, 0o755);

  const tick = { binding: "resync", snapshots: { nodes: [{ filterResult: { name: "a" } }] }, type: "Schedule" };
  const event = { binding: "policies", type: "Group", groupName: "cilium-egress-ha", snapshots: {} };
  const beat = (at: string, ok = true) => JSON.stringify({ at, published: ok, leases: "watching", blind: !ok, ok });
  const NEW = beat("2026-12-02T08:00:01.500Z");
  const OLD = beat("2026-12-02T08:00:01.000Z");
  type Case = {
    name: string;
    contexts: unknown[] | string;
    gate?: string | null;
    /** The heartbeat line, and the line the last skip saw (null: no such file). */
    beat?: string | null;
    seen?: string | null;
    prober?: string;
    args?: string[];
    skipped: boolean;
  };
  const cases: Case[] = [
    { name: "a lone tick, gate skip, a beat since the last skip", contexts: [tick], skipped: true },
    { name: "combined ticks", contexts: [tick, tick], skipped: true },
    { name: "the first tick (no tick-seen yet)", contexts: [tick], seen: null, skipped: true },
    { name: "a tick combined with an event", contexts: [tick, event], skipped: false },
    { name: "an event combined with a tick", contexts: [event, tick], skipped: false },
    { name: "an event alone", contexts: [event], skipped: false },
    {
      name: "a binding whose name starts like resync",
      contexts: [tick, { binding: "res", type: "Schedule" }],
      skipped: false,
    },
    {
      name: "a binding whose name extends resync",
      contexts: [{ binding: "resyncs", type: "Schedule" }],
      skipped: false,
    },
    { name: "the gate says run", contexts: [tick], gate: "run", skipped: false },
    { name: "no gate file", contexts: [tick], gate: null, skipped: false },
    { name: "no beat since the last skip: the hook judges the prober", contexts: [tick], seen: NEW, skipped: false },
    {
      name: "a beat that is not ok (blind, unpublished or no Lease watch)",
      contexts: [tick],
      beat: beat("2026-12-02T08:00:02Z", false),
      skipped: false,
    },
    { name: "no heartbeat", contexts: [tick], beat: null, skipped: false },
    { name: "the prober off", contexts: [tick], prober: "false", skipped: false },
    { name: "an empty context file", contexts: "", skipped: false },
    { name: "no context file", contexts: "MISSING", skipped: false },
    { name: "--config", contexts: [tick], args: ["--config"], skipped: false },
  ];
  for (const [i, c] of cases.entries())
    test(c.name, () => {
      const dir = join(root, `case-${i}`);
      const shared = join(dir, "shared");
      mkdirSync(shared, { recursive: true });
      const ctx = join(dir, "context.json");
      if (c.contexts !== "MISSING")
        writeFileSync(ctx, typeof c.contexts === "string" ? c.contexts : `${JSON.stringify(c.contexts)}\n`);
      const gate = c.gate === undefined ? "skip" : c.gate;
      if (gate !== null) writeFileSync(join(shared, "tick-gate"), `${gate}\n`);
      const line = c.beat === undefined ? NEW : c.beat;
      if (line !== null) writeFileSync(join(shared, "heartbeat.json"), `${line}\n`);
      const seen = c.seen === undefined ? OLD : c.seen;
      if (seen !== null) writeFileSync(join(shared, "tick-seen"), `${seen}\n`);
      rmSync(join(root, "ran"), { force: true });
      const r = spawnSync("sh", [HOOK, ...(c.args ?? [])], {
        env: {
          PATH: process.env.PATH,
          CILIUM_EGRESS_HA_NODE: node,
          BINDING_CONTEXT_PATH: ctx,
          EGRESS_HA_PROBER: c.prober ?? "true",
          EGRESS_HA_PROBER_DIR: shared,
        },
        encoding: "utf8",
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, "");
      assert.equal(!existsSync(join(root, "ran")), c.skipped, c.skipped ? "skipped without Node" : "reached Node");
      if (c.skipped)
        assert.equal(readFileSync(join(shared, "tick-seen"), "utf8"), `${line}\n`, "the skip saw this beat");
    });
});
