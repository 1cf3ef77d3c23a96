import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);
import {
  BINDING_GROUP,
  POLICY_BINDING,
  nodeBindingName,
  projectNode,
  projectPolicy
} from "./chunk-67EEKLAF.mjs";
import "./chunk-M7HFL2XE.mjs";

// src/kube/capture.ts
function nameOf(obj) {
  const name = obj?.metadata?.name;
  return typeof name === "string" ? name : "";
}
function sortedByName(objs) {
  return [...objs].sort((a, b) => nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0);
}
function captureContext(settings, nodesByPool, policies) {
  const snapshots = {};
  for (const pool of settings.pools) {
    snapshots[nodeBindingName(pool.name)] = sortedByName(nodesByPool.get(pool.name) ?? []).map((n) => ({
      filterResult: projectNode(n)
    }));
  }
  snapshots[POLICY_BINDING] = sortedByName(policies).map((p) => ({ filterResult: projectPolicy(p) }));
  return [{ binding: POLICY_BINDING, groupName: BINDING_GROUP, snapshots, type: "Group" }];
}
export {
  captureContext
};
