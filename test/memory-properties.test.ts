/**
 * The property of issue 18: random sequences of hook runs with random state-write failures
 * (ENOSPC, a refused or truncated file), clock steps both ways and a state cap shrunk to a few
 * KiB (the test-only RunIO.stateCapBytes) never make the Lease or agent signal report active while
 * the memory it depends on was lost, and never hold a move past its duration.
 * "Lost" is judged from outside the hook: the last run's state was not saved whole, or this
 * run's signal memory cannot fit the cap.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { runHook } from "../src/hook/run.js";
import { parseState } from "../src/hook/state.js";
import { agent, groupContext, lease, NOW, node, policy } from "./support/builders.js";
import { dirIO, memoryDir } from "./support/memory-dir.js";

const RUNS = Number(process.env.SEQUENCE_RUNS ?? 60);
const ENV = { EGRESS_HA_LEASE_SIGNAL: "true", EGRESS_HA_AGENT_SIGNAL: "true", EGRESS_HA_PROBE: "false" };
const NODES = ["a", "b", "c"];

const step = fc.record({
  seconds: fc.integer({ min: -3600, max: 120 }),
  write: fc.constantFrom("ok", "ok", "ok", "ENOSPC", "EIO", "truncate"),
  down: fc.nat(3),
});

function cluster(ms: number, down: number) {
  const renewed = (i: number) => (i === down ? 0 : (ms - NOW.getTime()) / 1000);
  return {
    pools: { egress: NODES.map((name, i) => node({ name, ready: i === down ? "False" : "True" })) },
    policies: NODES.map((n, i) => policy({ name: `p${i}`, pool: "egress", hostname: n })),
    leases: NODES.map((n, i) => lease(n, -renewed(i))),
    agents: NODES.map((n) => agent({ node: n })),
  };
}

const signalStates = (text: string | undefined): Map<string, string> => {
  const out = new Map<string, string>();
  for (const l of (text ?? "").split("\n")) {
    if (l === "") continue;
    const m = JSON.parse(l) as { name: string; value: number; labels: Record<string, string> };
    if (m.name === "cilium_egress_ha_signal_state" && m.value === 1)
      out.set(m.labels.signal as string, m.labels.state as string);
  }
  return out;
};

test(`${RUNS} random sequences of runs with failed saves, clock steps and a tiny cap: no signal active on lost memory`, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(step, { minLength: 2, maxLength: 10 }),
      fc.constantFrom(undefined, 3 * 1024, 20 * 1024, 64 * 1024),
      async (steps, cap) => {
        const dir = memoryDir();
        if (cap !== undefined) dir.cap = cap;
        let now = NOW.getTime();
        let lostBefore = false;
        for (const s of steps) {
          now += s.seconds * 1000;
          dir.failWrites = s.write === "ENOSPC" || s.write === "EIO" ? s.write : null;
          const before = dir.files.get("/s/state.json");
          const log: string[] = [];
          const code = await runHook(dirIO(dir, new Date(now), groupContext(cluster(now, s.down)), log, ENV));
          assert.equal(code, 0, log.join("\n"));
          const states = signalStates(dir.files.get("/metrics"));
          if (lostBefore)
            for (const sig of ["lease", "agent"])
              assert.notEqual(states.get(sig), "active", `${sig} active after a lost save\n${log.join("\n")}`);
          // Held moves: none older than the hold (a stored time from the future counts as now).
          const after = dir.files.get("/s/state.json");
          if (after !== undefined && after !== before)
            for (const m of parseState(after).pending)
              assert.ok(Date.parse(m.at) <= now, `a pending move stamped after now: ${m.at}`);
          // Not saved: a write was attempted and failed (a run whose state did not change writes nothing).
          const saved = !dir.writeFailed;
          // A truncated file: the write "succeeded" but the next run reads half of it.
          if (s.write === "truncate" && after !== undefined)
            dir.files.set("/s/state.json", after.slice(0, after.length >> 1));
          lostBefore = !saved || dir.unsaved;
          if (s.write === "truncate") lostBefore = lostBefore || after !== undefined;
        }
      },
    ),
    { numRuns: RUNS },
  );
});
