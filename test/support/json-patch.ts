/**
 * A tiny RFC 6902 applier for the operations the hook emits (test, add, replace), so tests can
 * play a patch against a full object the way the API server would. Strict on purpose: a failing
 * `test`, a missing parent, or `replace` of an absent member throws, as the API server rejects
 * the whole patch in those cases. A `test` with a null value passes on an absent member of an
 * existing object, as the API server's does.
 */
import { isDeepStrictEqual } from "node:util";
import type { JsonPatchOp, PolicyPatchOperation } from "../../src/patch/operations.js";

export class JsonPatchError extends Error {
  override name = "JsonPatchError";
}

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return typeof v === "object" && v !== null;
}

/** RFC 6901: "/a/b~1c" → ["a", "b/c"]. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new JsonPatchError(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function arrayIndex(token: string, length: number, allowEnd: boolean, pointer: string): number {
  if (allowEnd && token === "-") return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(`"${token}" is not an array index in ${pointer}`);
  const i = Number(token);
  if (i > length || (!allowEnd && i === length)) throw new JsonPatchError(`index ${i} out of range in ${pointer}`);
  return i;
}

function resolveParent(doc: unknown, tokens: string[], pointer: string): { parent: Container; key: string } {
  let cur: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(token, cur.length, false, pointer)];
    else if (isContainer(cur) && Object.hasOwn(cur, token)) cur = (cur as Record<string, unknown>)[token];
    else throw new JsonPatchError(`path ${pointer} does not exist`);
  }
  if (!isContainer(cur)) throw new JsonPatchError(`parent of ${pointer} is not an object or array`);
  return { parent: cur, key: tokens[tokens.length - 1] as string };
}

function get(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(token, cur.length, false, pointer)];
    else if (isContainer(cur) && Object.hasOwn(cur, token)) cur = (cur as Record<string, unknown>)[token];
    else throw new JsonPatchError(`path ${pointer} does not exist`);
  }
  return cur;
}

/** Whether the last token of a pointer names no member of an existing object. */
function absent(doc: unknown, tokens: string[]): boolean {
  if (tokens.length === 0) return false;
  try {
    const { parent, key } = resolveParent(doc, tokens, "");
    return !Array.isArray(parent) && !Object.hasOwn(parent, key);
  } catch {
    return false;
  }
}

/** Applies `ops` to a deep copy of `doc` and returns it; throws JsonPatchError on any failure. */
export function applyPatch<T>(doc: T, ops: readonly JsonPatchOp[]): T {
  let out: unknown = structuredClone(doc);
  for (const op of ops) {
    const tokens = parsePointer(op.path);
    const value = structuredClone(op.value);
    switch (op.op) {
      case "test": {
        // As the API server's JSON patch (evanphx/json-patch): a null value tests that the member is absent.
        if (op.value === null && absent(out, tokens)) break;
        const actual = get(out, op.path);
        if (!isDeepStrictEqual(actual, op.value)) {
          throw new JsonPatchError(
            `test failed at ${op.path}: expected ${JSON.stringify(op.value)}, found ${JSON.stringify(actual)}`,
          );
        }
        break;
      }
      case "add": {
        if (tokens.length === 0) {
          out = value;
          break;
        }
        const { parent, key } = resolveParent(out, tokens, op.path);
        if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, true, op.path), 0, value);
        else parent[key] = value;
        break;
      }
      case "replace": {
        if (tokens.length === 0) {
          out = value;
          break;
        }
        const { parent, key } = resolveParent(out, tokens, op.path);
        if (Array.isArray(parent)) parent[arrayIndex(key, parent.length, false, op.path)] = value;
        else if (Object.hasOwn(parent, key)) parent[key] = value;
        else throw new JsonPatchError(`replace: path ${op.path} does not exist`);
        break;
      }
      default:
        throw new JsonPatchError(`unsupported op ${JSON.stringify((op as { op: unknown }).op)}`);
    }
  }
  return out as T;
}

/** The cluster after the API server applied the run's policy patches (as shell-operator does). */
export function appliedCluster<C extends { policies: Record<string, unknown>[] }>(
  cluster: C,
  ops: readonly unknown[],
): C {
  const patches = ops.filter((o) => (o as PolicyPatchOperation).operation === "JSONPatch") as PolicyPatchOperation[];
  const policies = cluster.policies.map((p) => {
    const name = (p.metadata as { name: string }).name;
    return patches.filter((op) => op.name === name).reduce((obj, op) => applyPatch(obj, op.jsonPatch), p);
  });
  return { ...cluster, policies };
}
