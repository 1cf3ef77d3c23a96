import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);
import {
  formatLabelSelector
} from "./chunk-H7VXTU6D.mjs";
import "./chunk-M7HFL2XE.mjs";

// src/kube/client.ts
async function connect(contextName) {
  const k8s = await import("@kubernetes/client-node");
  const kc = new k8s.KubeConfig();
  kc.loadFromDefault();
  if (contextName) kc.setCurrentContext(contextName);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  return {
    contextName: kc.getCurrentContext(),
    async listNodes(selector) {
      const list = await core.listNode({ labelSelector: formatLabelSelector(selector) });
      return list.items.map((n) => JSON.parse(JSON.stringify(n)));
    },
    async listPolicies() {
      const list = await custom.listClusterCustomObject({
        group: "cilium.io",
        version: "v2",
        plural: "ciliumegressgatewaypolicies"
      });
      return list.items ?? [];
    }
  };
}
export {
  connect
};
