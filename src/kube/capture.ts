/**
 * Builds a binding context from live objects exactly as shell-operator would send it with this
 * hook's --config: one Group context whose snapshots hold the jqFilter projections (computed
 * with the TypeScript mirrors) of everything the bindings select, sorted by name. Pure: the
 * caller lists the objects.
 */
import type { Settings } from "../config/settings.js";
import {
  AGENT_BINDING,
  INVENTORY_BINDING,
  LEASE_BINDING,
  nodeBindingName,
  POLICY_BINDING,
} from "../protocol/binding-context.js";
import { BINDING_GROUP } from "../protocol/hook-config.js";
import { projectAgent, projectInventory, projectLease, projectNode, projectPolicy } from "../protocol/projections.js";

function nameOf(obj: unknown): string {
  const name = (obj as { metadata?: { name?: unknown } })?.metadata?.name;
  return typeof name === "string" ? name : "";
}

function sortedByName(objs: readonly unknown[]): unknown[] {
  return [...objs].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
}

function items(objs: readonly unknown[], project: (o: unknown) => unknown): { filterResult: unknown }[] {
  return sortedByName(objs).map((o) => ({ filterResult: project(o) }));
}

export interface CapturedObjects {
  nodesByPool: Map<string, unknown[]>;
  /** Every node of the cluster (for the hostname inventory). */
  allNodes: unknown[];
  policies: unknown[];
  /** Node Leases; null when the Lease signal is off (no such binding). */
  leases: unknown[] | null;
  /** cilium agent pods; null when the agent signal is off (no such binding). */
  agents: unknown[] | null;
}

export function captureContext(settings: Settings, objects: CapturedObjects): unknown[] {
  const snapshots: Record<string, unknown[]> = {};
  for (const pool of settings.pools) {
    snapshots[nodeBindingName(pool.name)] = items(objects.nodesByPool.get(pool.name) ?? [], projectNode);
  }
  snapshots[POLICY_BINDING] = items(objects.policies, projectPolicy);
  snapshots[INVENTORY_BINDING] = items(objects.allNodes, projectInventory);
  if (objects.leases !== null) snapshots[LEASE_BINDING] = items(objects.leases, projectLease);
  if (objects.agents !== null) snapshots[AGENT_BINDING] = items(objects.agents, projectAgent);
  return [{ binding: POLICY_BINDING, groupName: BINDING_GROUP, snapshots, type: "Group" }];
}
