/**
 * The only module that imports @kubernetes/client-node, and only through `import()`, so the
 * hook's run path never loads it (test/bundle.test.ts checks the bundle).
 */
import type { LabelSelector } from "../config/label-selector.js";
import { formatLabelSelector } from "../config/label-selector.js";

export interface ClusterReader {
  /** Full Node objects matching `selector`, as the API serves them. */
  listNodes(selector: LabelSelector): Promise<unknown[]>;
  /** Full CiliumEgressGatewayPolicy objects. */
  listPolicies(): Promise<unknown[]>;
  /** The kubeconfig context in use, for messages. */
  contextName: string;
}

/** Connects with the current kubeconfig context (KUBECONFIG, ~/.kube/config or in-cluster). */
export async function connect(contextName?: string): Promise<ClusterReader> {
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
      // Typed objects use the wire field names but carry Date instances; a JSON round trip gives
      // the wire shape back (timestamps gain milliseconds, which parse the same).
      return list.items.map((n) => JSON.parse(JSON.stringify(n)) as unknown);
    },
    async listPolicies() {
      const list = (await custom.listClusterCustomObject({
        group: "cilium.io",
        version: "v2",
        plural: "ciliumegressgatewaypolicies",
      })) as { items?: unknown[] };
      return list.items ?? [];
    },
  };
}
