/** The house rule for lasting problems: logged when they start or change, at most once a minute, and when they end. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseLogged, planConditions, REPEAT_MS } from "../src/io/conditions.js";

const T = 1_800_000_000_000;

test("a new condition is logged and remembered; a repeat within a minute is not; after a minute it is again", () => {
  const first = planConditions({}, ["A:EACCES"], T);
  assert.deepEqual(first.log, ["A:EACCES"]);
  assert.deepEqual({ ...first.next }, { "A:EACCES": T });
  const repeat = planConditions(first.next, ["A:EACCES"], T + 2000);
  assert.deepEqual(repeat.log, []);
  assert.equal(repeat.next, null, "nothing to save");
  const later = planConditions(first.next, ["A:EACCES"], T + REPEAT_MS);
  assert.deepEqual(later.log, ["A:EACCES"]);
});

test("a changed condition is a new key, logged at once; the old one ends", () => {
  const p = planConditions({ "A:EACCES": T }, ["A:ENOSPC"], T + 1000);
  assert.deepEqual(p.log, ["A:ENOSPC"]);
  assert.deepEqual(p.ended, ["A:EACCES"]);
  assert.deepEqual({ ...p.next }, { "A:ENOSPC": T + 1000 });
});

test("all conditions ending leaves nothing to keep; a clock that went back logs again", () => {
  assert.deepEqual({ ...planConditions({ "A:X": T }, [], T).next }, {});
  assert.deepEqual(planConditions({ "A:X": T }, ["A:X"], T - 5000).log, ["A:X"]);
});

test("without memory (the side file cannot be read) every condition is logged", () => {
  assert.deepEqual(planConditions(null, ["A:X", "B:Y"], T), { log: ["A:X", "B:Y"], ended: [], next: null });
});

test("the side file: a JSON object of numbers, anything else is unknown", () => {
  assert.deepEqual({ ...parseLogged('{"A:X":1,"B":"x"}') }, { "A:X": 1 });
  assert.equal(parseLogged("[1]"), null);
  assert.equal(parseLogged("garbage"), null);
});
