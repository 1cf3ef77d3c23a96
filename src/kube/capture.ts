/**
 * Builds a binding context from live objects exactly as shell-operator would send it with this
 * hook's --config: one Group context whose snapshots hold the jqFilter projections (computed
 * with the TypeScript mirrors), sorted by name. Pure: the caller lists the objects.
 */
import type { Settings } from "../config/settings.js";
import { nodeBindingName, POLICY_BINDING } from "../protocol/binding-context.js";
import { BINDING_GROUP } from "../protocol/hook-config.js";
import { projectNode, projectPolicy } from "../protocol/projections.js";

function nameOf(obj: unknown): string {
  const name = (obj as { metadata?: { name?: unknown } })?.metadata?.name;
  return typeof name === "string" ? name : "";
}

function sortedByName(objs: unknown[]): unknown[] {
  return [...objs].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
}

export function captureContext(
  settings: Settings,
  nodesByPool: Map<string, unknown[]>,
  policies: unknown[],
): unknown[] {
  const snapshots: Record<string, unknown[]> = {};
  for (const pool of settings.pools) {
    snapshots[nodeBindingName(pool.name)] = sortedByName(nodesByPool.get(pool.name) ?? []).map((n) => ({
      filterResult: projectNode(n),
    }));
  }
  snapshots[POLICY_BINDING] = sortedByName(policies).map((p) => ({ filterResult: projectPolicy(p) }));
  return [{ binding: POLICY_BINDING, groupName: BINDING_GROUP, snapshots, type: "Group" }];
}
