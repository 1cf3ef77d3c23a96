/**
 * The only module that imports @kubernetes/client-node. build.mjs bundles it with client-node into
 * dist/kube.cjs, which the CLI bundle loads through `import()` for `capture` and `status` only, so
 * the hook's run path never loads it (test/bundle.test.ts checks the bundles).
 */
import type { LabelSelector } from "../config/label-selector.js";
import { formatLabelSelector } from "../config/label-selector.js";

export interface ClusterReader {
  /** Full Node objects matching `selector`, as the API serves them. */
  listNodes(selector: LabelSelector): Promise<unknown[]>;
  /** Full CiliumEgressGatewayPolicy objects. */
  listPolicies(): Promise<unknown[]>;
  /** Full Lease objects of a namespace. */
  listLeases(namespace: string): Promise<unknown[]>;
  /** Full Pod objects of a namespace matching `selector`. */
  listPods(namespace: string, selector: LabelSelector): Promise<unknown[]>;
  /** The kubeconfig context in use, for messages. */
  contextName: string;
}

/**
 * Node's deprecation warnings that client-node's own dependencies raise: Node's `punycode` module
 * (whatwg-url, at load) and `url.parse()` (node-fetch, on every request). Node keeps quiet about
 * both for code in node_modules; bundled into dist/kube.cjs the same code would print them on
 * every `capture` and `status`, where nobody can act on them. Only these two are dropped.
 */
const BUNDLED_DEPRECATIONS = new Set(["DEP0040", "DEP0169"]);

function quietBundledDeprecations(): void {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = typeof rest[0] === "object" ? (rest[0] as { code?: string } | null)?.code : rest[1];
    if (typeof code === "string" && BUNDLED_DEPRECATIONS.has(code)) return;
    (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
}

/** Connects with the current kubeconfig context (KUBECONFIG, ~/.kube/config or in-cluster). */
export async function connect(contextName?: string): Promise<ClusterReader> {
  quietBundledDeprecations();
  const k8s = await import("@kubernetes/client-node");
  const source = process.env.KUBECONFIG ? `KUBECONFIG=${process.env.KUBECONFIG}` : "~/.kube/config";
  // Without any kubeconfig, client-node falls back to http://localhost, which fails with a puzzling
  // message about TLS: say what is missing instead.
  if (!process.env.KUBECONFIG && !process.env.KUBERNETES_SERVICE_HOST) {
    const { existsSync } = await import("node:fs");
    const { homedir } = await import("node:os");
    if (!existsSync(`${homedir()}/.kube/config`)) {
      throw new Error("no kubeconfig found: set KUBECONFIG, or create ~/.kube/config (kubectl config view)");
    }
  }
  const kc = new k8s.KubeConfig();
  kc.loadFromDefault();
  const known = kc.getContexts().map((c) => c.name);
  if (contextName !== undefined) {
    if (!known.includes(contextName)) {
      throw new Error(
        `--context ${contextName}: the kubeconfig (${source}) has no such context; ` +
          (known.length > 0 ? `its contexts are ${known.join(", ")}` : "it has no context at all"),
      );
    }
    kc.setCurrentContext(contextName);
  }
  if (kc.getCurrentCluster() === null) {
    const current = kc.getCurrentContext();
    throw new Error(
      current
        ? `the kubeconfig (${source}) selects context ${current}, which names no cluster; pick one of ${known.join(", ") || "(none)"} with --context`
        : `the kubeconfig (${source}) has no current context: pass --context (one of ${known.join(", ") || "none"})`,
    );
  }
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const coordination = kc.makeApiClient(k8s.CoordinationV1Api);
  // Typed objects use the wire field names but carry Date instances; a JSON round trip gives
  // the wire shape back (timestamps gain milliseconds, which parse the same).
  const wire = (items: unknown[]): unknown[] => items.map((o) => JSON.parse(JSON.stringify(o)) as unknown);
  return {
    contextName: kc.getCurrentContext(),
    async listNodes(selector) {
      const labelSelector = formatLabelSelector(selector);
      const list = await core.listNode(labelSelector ? { labelSelector } : {});
      return wire(list.items);
    },
    async listLeases(namespace) {
      return wire((await coordination.listNamespacedLease({ namespace })).items);
    },
    async listPods(namespace, selector) {
      return wire((await core.listNamespacedPod({ namespace, labelSelector: formatLabelSelector(selector) })).items);
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
