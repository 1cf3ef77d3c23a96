/**
 * The Helm chart as the e2e tests use it: rendered with the helm built into the e2e tool cache, its
 * RBAC applied to the real apiserver, shell-operator authenticated as its ServiceAccount, and the
 * hook settings its Deployment passes as environment variables.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { type Cluster, e2eCacheDir } from "../harness/cluster.js";
import type { Kube, KubeObject } from "./kube.js";

export const CHART = path.join(import.meta.dirname, "..", "..", "charts", "cilium-egress-ha-operator");

/** The helm binary: `$HELM`, else the one `e2e/scripts/build-helm.sh` puts in the tool cache; undefined if neither. */
export const helmBinary = (): string | undefined =>
  [process.env.HELM, path.join(e2eCacheDir(), "bin", "helm")].find((p) => p && existsSync(p));

interface Values {
  shellOperator?: { objectPatcher?: { qps?: number; burst?: number } };
  resources?: { limits?: { memory?: string } };
}
const values = (): Values => parse(readFileSync(path.join(CHART, "values.yaml"), "utf8")) as Values;

/** The chart's object patcher settings (values `shellOperator.objectPatcher`), as the Deployment passes them to shell-operator. */
export function chartPatcherEnv(): Record<string, string> {
  const p = values().shellOperator?.objectPatcher;
  if (!p?.qps || !p.burst) throw new Error("values.yaml sets no shellOperator.objectPatcher.qps and .burst");
  return { OBJECT_PATCHER_KUBE_CLIENT_QPS: String(p.qps), OBJECT_PATCHER_KUBE_CLIENT_BURST: String(p.burst) };
}

/** The chart's memory limit (values `resources.limits.memory`, in Mi or Gi) in MiB. */
export function chartMemoryLimitMiB(): number {
  const q = values().resources?.limits?.memory ?? "";
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi)$/.exec(q);
  if (!m) throw new Error(`values.yaml resources.limits.memory "${q}": expected <n>Mi or <n>Gi`);
  return Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
}

export interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
export type Manifest = KubeObject & { rules?: Rule[] };

/** `helm template` of the chart into `namespace`, with extra `--set key=value` and `--set-json key=json` pairs. */
export function renderChart(namespace: string, sets: string[] = [], setJson: string[] = []): Manifest[] {
  const helm = helmBinary();
  if (!helm) throw new Error("helm not found: run bash e2e/scripts/build-helm.sh");
  const out = execFileSync(
    helm,
    [
      "template",
      "egress-ha",
      CHART,
      "--namespace",
      namespace,
      "--kube-version",
      "1.34.4",
      "--set",
      "image.repository=registry.example.com/cilium-egress-ha-operator",
      ...sets.flatMap((s) => ["--set", s]),
      ...setJson.flatMap((s) => ["--set-json", s]),
    ],
    { encoding: "utf8" },
  );
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Manifest | null)
    .filter((d): d is Manifest => d !== null);
}

/** The environment the chart's Deployment gives the shell-operator container (literal values only). */
export function chartEnv(manifests: Manifest[]): Record<string, string> {
  const deployment = manifests.find((m) => m.kind === "Deployment");
  if (!deployment) throw new Error("the chart renders no Deployment");
  const podSpec = deployment.spec as {
    template: { spec: { containers: { env?: { name: string; value?: string }[] }[] } };
  };
  const container = podSpec.template.spec.containers[0];
  return Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? ""]));
}

/** Applies manifests server-side with the cluster's kubectl. */
export async function applyManifests(cluster: Cluster, docs: Manifest[], file: string): Promise<void> {
  writeFileSync(file, docs.map((d) => JSON.stringify(d)).join("\n---\n"));
  await cluster.kubectl(["apply", "--server-side", "--force-conflicts", "--field-manager=e2e", "-f", file]);
}

/**
 * Writes a kubeconfig that authenticates as the chart's ServiceAccount (a TokenRequest token) against
 * `server` (default: the cluster's own address) and returns its path.
 */
export async function serviceAccountKubeconfig(
  cluster: Cluster,
  kube: Kube,
  manifests: Manifest[],
  namespace: string,
  file: string,
  server = cluster.server,
): Promise<string> {
  const sa = manifests.find((m) => m.kind === "ServiceAccount");
  if (!sa) throw new Error("the chart renders no ServiceAccount");
  const tr = await kube.must<{ status: { token: string } }>(
    "POST",
    `/api/v1/namespaces/${namespace}/serviceaccounts/${sa.metadata.name}/token`,
    { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 86_400 } },
  );
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "e2e", cluster: { server, "certificate-authority": cluster.pki.caCrt } }],
      users: [{ name: "sa", user: { token: tr.status.token } }],
      contexts: [{ name: "sa", context: { cluster: "e2e", user: "sa" } }],
      "current-context": "sa",
    }),
  );
  return file;
}
