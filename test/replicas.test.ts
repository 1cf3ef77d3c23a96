/**
 * Several replicas and concurrent writers (docs/design.md "Running several replicas"): every op of
 * a patch is guarded or cannot clobber a concurrent edit, a move that lost the race is dropped as
 * soon as the policy shows it, probe evidence only one replica holds does not move a slot off a
 * node another writer chose moments ago, and slots that share a node are reported.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import { evaluate } from "../src/hook/pipeline.js";
import type { PolicyPatchOperation } from "../src/patch/operations.js";
import { NOW, node, policy, groupContext } from "./support/builders.js";
import { applyPatch, JsonPatchError } from "./support/json-patch.js";

const SETTINGS = readSettings({ EGRESS_HA_LEASE_SIGNAL: "false", EGRESS_HA_AGENT_SIGNAL: "false" });

test("patches: a policy without annotations is patched only while it still has none", () => {
  const bare = policy({ name: "bare", hostname: "egress-a" });
  const cluster = {
    pools: { egress: [node({ name: "egress-a", ready: "False" }), node({ name: "egress-b" })] },
    policies: [bare],
  };
  const [op] = evaluate(groupContext(cluster), SETTINGS, NOW).operations as PolicyPatchOperation[];
  assert.ok(op);
  // Every op that creates or replaces a value is preceded by a test of what it overwrites.
  assert.ok(
    op.jsonPatch.some((o) => o.op === "test" && o.path === "/metadata/annotations" && o.value === null),
    JSON.stringify(op.jsonPatch),
  );
  const patched = applyPatch(bare, op.jsonPatch) as { metadata: { annotations: Record<string, string> } };
  assert.ok(patched.metadata.annotations["cilium-egress-ha/last-move"]);
  // A user annotates the policy meanwhile: the patch is refused instead of erasing the annotation.
  const edited = structuredClone(bare) as { metadata: Record<string, unknown> };
  edited.metadata.annotations = { team: "payments" };
  assert.throws(() => applyPatch(edited, op.jsonPatch), JsonPatchError);
});
