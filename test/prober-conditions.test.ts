/**
 * The prober's condition log (src/prober/conditions.ts): logged when a condition starts and when its
 * message changes, an error repeated at most once a minute with the count seen, a warning never,
 * one line when it clears.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger } from "../src/io/log.js";
import { ConditionLog, REPEAT_MS } from "../src/prober/conditions.js";

type Step = [at: number, what: "error" | "warn" | "clear", msg?: string];

function play(steps: Step[]): string[] {
  const lines: string[] = [];
  let t = 0;
  const c = new ConditionLog(
    createLogger((l) => lines.push(l), "info"),
    () => t,
  );
  for (const [at, what, msg] of steps) {
    t = at;
    if (what === "clear") c.clear("k");
    else c.report("k", what, msg ?? "m");
  }
  return lines.map((l) => {
    const o = JSON.parse(l) as { level: string; msg: string; condition: string; seen?: number };
    assert.equal(o.condition, "k");
    return `${o.level} ${o.msg}${o.seen === undefined ? "" : ` seen=${o.seen}`}`;
  });
}

const cases: { name: string; steps: Step[]; lines: string[] }[] = [
  {
    name: "an error every second for two minutes: at start, then once a minute with the count",
    steps: Array.from({ length: 121 }, (_, i): Step => [i * 1000, "error"]),
    lines: ["error m", "error m seen=60", "error m seen=60"],
  },
  {
    name: "a warning every round: once",
    steps: Array.from({ length: 500 }, (_, i): Step => [i * 400, "warn"]),
    lines: ["warn m"],
  },
  {
    name: "a changed message is logged at once",
    steps: [
      [0, "error", "a"],
      [1000, "error", "a"],
      [2000, "error", "b"],
    ],
    lines: ["error a", "error b"],
  },
  {
    name: "cleared once, and a new start is logged again",
    steps: [
      [0, "error"],
      [1000, "clear"],
      [2000, "clear"],
      [3000, "error"],
    ],
    lines: ["error m", "info condition cleared", "error m"],
  },
  { name: "clearing what never held logs nothing", steps: [[0, "clear"]], lines: [] },
  {
    name: "just under a minute: no repeat",
    steps: [
      [0, "error"],
      [REPEAT_MS - 1, "error"],
    ],
    lines: ["error m"],
  },
];
for (const c of cases) test(c.name, () => assert.deepEqual(play(c.steps), c.lines));
