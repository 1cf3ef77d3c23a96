/**
 * The datapath e2e's scenario selection (E2E_SCENARIOS, E2E_RUNS, E2E_PROBER, E2E_FULL) and the
 * stages of a hard crash it publishes (e2e/datapath/scenarios.ts), without the datapath.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { crashStages, flavour, LEASE_ONLY, SAMPLE, selection, ZERO_MOVE } from "../e2e/datapath/scenarios.js";

describe("datapath scenario selection", () => {
  test("the CI sample: every scenario once, the hard crash with the prober too", () => {
    assert.deepEqual(selection({}), { names: SAMPLE, runs: 1 });
    assert.ok(SAMPLE.includes("crash") && SAMPLE.includes("crash-prober"));
  });
  test("E2E_FULL: the full table (the Lease-only path, the lossy link, the 0-move cases with the prober too), E2E_DATAPATH_RUNS times", () => {
    assert.deepEqual(selection({ E2E_FULL: "1" }), { names: [...SAMPLE, ...LEASE_ONLY, ...ZERO_MOVE], runs: 5 });
    assert.equal(selection({ E2E_FULL: "1", E2E_DATAPATH_RUNS: "3" }).runs, 3);
    const full = selection({ E2E_FULL: "1" }).names;
    for (const n of ["lease", "lease-prober", "loss", "loss-prober"]) {
      assert.ok(full.includes(n), `${n} in the full table`);
      assert.ok(!SAMPLE.includes(n), `${n} not in the CI sample`);
    }
  });
  test("every listed name is a scenario of the datapath e2e", () => {
    // datapath.test.ts and the modules it imports (the scenario modules it registers among them)
    const dir = path.join(import.meta.dirname, "..", "e2e", "datapath");
    const main = readFileSync(path.join(dir, "datapath.test.ts"), "utf8");
    const modules = [...main.matchAll(/from "\.\/([\w-]+)\.js"/g)].map((m) => `${m[1]}.ts`);
    const source = [main, ...modules.map((f) => readFileSync(path.join(dir, f), "utf8"))].join("\n");
    const registered = new Set([...source.matchAll(/\bscenario\(\s*"([\w-]+)"/g)].map((m) => m[1]));
    for (const n of [...SAMPLE, ...LEASE_ONLY, ...ZERO_MOVE])
      assert.ok(
        registered.has(flavour(n).base),
        `${n}: no scenario("${flavour(n).base}", ...) in datapath.test.ts or a module it imports`,
      );
  });
  test("E2E_SCENARIOS and E2E_RUNS select names and repetitions", () => {
    assert.deepEqual(selection({ E2E_SCENARIOS: " crash, crash-prober ,", E2E_RUNS: "10" }), {
      names: ["crash", "crash-prober"],
      runs: 10,
    });
    assert.throws(() => selection({ E2E_RUNS: "0" }), /E2E_RUNS/);
  });
  test("E2E_PROBER=1 runs every selected scenario with the prober", () => {
    assert.deepEqual(selection({ E2E_PROBER: "1", E2E_SCENARIOS: "crash,restart-prober,crash-prober" }).names, [
      "crash-prober",
      "restart-prober",
    ]);
  });
  test("a -prober name is its scenario with the prober", () => {
    assert.deepEqual(flavour("crash-prober"), { base: "crash", prober: true });
    assert.deepEqual(flavour("egressip-order"), { base: "egressip-order", prober: false });
  });
});

describe("the stages of a hard crash", () => {
  const base = {
    t0: 1000,
    gateway: "gw1",
    lastOld: { t: 995, src: "a", seq: 1 },
    patchAt: 1700,
    firstNew: { t: 1720, src: "b", seq: 70 },
  };
  test("with the prober: verdict, evidence, the run before the patch; the first silent probe placed from the settings", () => {
    const s = crashStages({
      ...base,
      hookStarts: [900, 1200, 1650, 1800],
      verdicts: [
        { t: 950, nodes: ["gw1=up"] },
        { t: 1500, nodes: ["gw2=up", "gw1=silent"] },
      ],
      evidence: [
        { at: 990, verdicts: { gw1: "silent" } }, // before the cut: not this crash's
        { at: 1560, verdicts: { gw1: "silent", gw2: "up" } },
      ],
      prober: { intervalMs: 200, timeoutMs: 150, failures: 2 },
    });
    assert.deepEqual(s, {
      last_datagram: -5,
      first_silent_probe: 200,
      verdict: 500,
      evidence_written: 560,
      hook_started: 650,
      patch: 700,
      first_datagram_new: 720,
    });
  });
  test("without the prober: no verdict, evidence or first silent probe", () => {
    const s = crashStages({ ...base, lastOld: undefined, hookStarts: [], verdicts: [], evidence: [] });
    assert.deepEqual(s, {
      last_datagram: null,
      first_silent_probe: null,
      verdict: null,
      evidence_written: null,
      hook_started: null,
      patch: 700,
      first_datagram_new: 720,
    });
  });
});
