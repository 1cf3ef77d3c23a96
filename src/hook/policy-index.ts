/**
 * The policy index: the policies of the last run that saw them, kept next to the state file
 * (`<state file>.policies`) so that a resync tick, whose binding context carries no policies,
 * can still decide when a node's health changes (hook/tick.ts). Pure: text in, text out.
 *
 * It is a cache of the policy snapshot, never the truth: every patch the hook writes is guarded
 * by a `test` of the pin it replaces, so a patch decided from an index that is out of date is
 * refused by the API server, and every policy event brings a full snapshot that rewrites it.
 */
import type { PolicyObject } from "../model/objects.js";
import { validatePolicyProjection } from "../protocol/binding-context.js";

/** The index's file, beside the state file and under the same lock. */
export const indexPath = (stateFile: string): string => `${stateFile}.policies`;

/**
 * The largest index the hook writes or reads: about 45 000 policies as the bench builds them
 * (270 bytes each). The chart's /tmp emptyDir (64 Mi) holds it, its temporary copy while it is
 * replaced, the state and a binding context of that size. Above it, ticks cannot decide policies
 * and failover waits for an object event (see the README, "Incremental resync ticks").
 */
export const MAX_INDEX_BYTES = 12 * 1024 * 1024;

const VERSION = 1;

export function serializeIndex(policies: readonly PolicyObject[]): string {
  return `${JSON.stringify({ version: VERSION, policies })}\n`;
}

/**
 * Parses an index; throws on a format it does not know. Each entry is checked as a policy in a
 * binding context is, and a malformed one makes the whole index unusable: a tick that decides
 * from part of the policies would move the rest as if they did not exist.
 */
export function parseIndex(text: string): PolicyObject[] {
  if (text.length > MAX_INDEX_BYTES) throw new Error(`${text.length} characters, over the limit of ${MAX_INDEX_BYTES}`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error("not valid JSON");
  }
  const d = typeof doc === "object" && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  if (d.version !== VERSION)
    throw new Error(`unknown index version (${typeof d.version === "number" ? d.version : typeof d.version})`);
  if (!Array.isArray(d.policies)) throw new Error("policies is not a list");
  const out: PolicyObject[] = new Array(d.policies.length);
  for (let i = 0; i < d.policies.length; i++) {
    const checked = validatePolicyProjection(d.policies[i]);
    if (typeof checked === "string") throw new Error(`policies[${i}]: ${checked}`);
    out[i] = checked;
  }
  return out;
}
