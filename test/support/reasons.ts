/**
 * Assertions on structured reasons ({ code, ...facts }): tests check codes and facts, not the
 * rendered prose. A pattern lists only the facts that matter; nested reasons and arrays are
 * matched the same way, recursively.
 */
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { type Reason, renderReason } from "../../src/model/reason.js";

/** A fact's expected value: a RegExp matches a string, an object is matched key by key, an
 * array element by element (same length), anything else must be deep-equal. */
export type Pattern =
  | RegExp
  | readonly Pattern[]
  | { readonly [key: string]: Pattern }
  | string
  | number
  | boolean
  | null;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof RegExp);
}

/** Where `actual` departs from `pattern`, or null when it matches. */
export function mismatch(actual: unknown, pattern: Pattern, path = "reason"): string | null {
  if (pattern instanceof RegExp) {
    return typeof actual === "string" && pattern.test(actual)
      ? null
      : `${path}: ${JSON.stringify(actual)} does not match ${pattern}`;
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual) || actual.length !== pattern.length)
      return `${path}: expected ${pattern.length} items, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < pattern.length; i++) {
      const m = mismatch(actual[i], pattern[i] as Pattern, `${path}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (isPlainObject(pattern)) {
    if (!isPlainObject(actual)) return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [key, want] of Object.entries(pattern)) {
      if (!Object.hasOwn(actual, key)) return `${path}.${key} is missing`;
      const m = mismatch(actual[key], want as Pattern, `${path}.${key}`);
      if (m) return m;
    }
    return null;
  }
  return isDeepStrictEqual(actual, pattern)
    ? null
    : `${path}: expected ${JSON.stringify(pattern)}, got ${JSON.stringify(actual)}`;
}

/** Asserts that `actual` has the pattern's code and facts. */
export function assertReason(actual: Reason | null | undefined, pattern: Pattern, message?: string): void {
  assert.ok(actual, `${message ? `${message}: ` : ""}no reason`);
  const m = mismatch(actual, pattern);
  if (m !== null)
    assert.fail(
      `${message ? `${message}: ` : ""}${m}\n  rendered: ${renderReason(actual)}\n  facts: ${JSON.stringify(actual)}`,
    );
}

/** A reason's facts by name, for tests that read one fact of a reason whose code they do not narrow. */
export function facts(r: Reason | null | undefined): Readonly<Record<string, unknown>> {
  return (r ?? {}) as Readonly<Record<string, unknown>>;
}
