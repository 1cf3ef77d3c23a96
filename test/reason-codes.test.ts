/** docs/reason-codes.md is generated from the code and must not drift from it. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import {
  documentedCodes,
  exampleRendering,
  generateReasonCodes,
  REASON_CODES_PATH,
} from "../docs/generate-reason-codes.js";

test("docs/reason-codes.md is what `npm run reason-codes` generates", () => {
  const committed = readFileSync(REASON_CODES_PATH, "utf8");
  assert.ok(
    committed === generateReasonCodes(),
    "docs/reason-codes.md is out of date: run npm run reason-codes and commit it",
  );
});

test("every code renders its example to a text of its own, with no unfilled fact", () => {
  const seen = new Map<string, string>();
  for (const code of documentedCodes()) {
    const text = exampleRendering(code);
    assert.equal(typeof text, "string", `${code} renders nothing`);
    assert.notEqual(text.trim(), "", `${code} renders an empty text`);
    assert.doesNotMatch(
      text,
      /undefined|null|\[object Object\]|\(\)|for 0s/,
      `${code}: a fact of the example is missing`,
    );
    assert.ok(!seen.has(text), `${code} renders as ${seen.get(text)} does`);
    seen.set(text, code);
  }
});

test("each code has one row, listed once", () => {
  const rows = generateReasonCodes()
    .split("\n")
    .filter((l) => l.startsWith("| `"))
    .map((l) => /^\| `([^`]+)` \|/.exec(l)?.[1]);
  assert.deepEqual(rows, documentedCodes());
  assert.equal(new Set(rows).size, rows.length);
});
