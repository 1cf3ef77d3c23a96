/**
 * What the hook warns about when it starts (`--config`), without refusing to start: `EGRESS_HA_*`
 * variables that are no setting (likely misspelt), and pools that a compromised node can join by
 * labelling itself.
 */
import { ENV } from "./env.js";
import type { Pool } from "./pools.js";

const PREFIX = "EGRESS_HA_";
const KNOWN_VARIABLES: ReadonlySet<string> = new Set(Object.values(ENV));

/** Levenshtein distance, for "did you mean" on a misspelled variable. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** `EGRESS_HA_*` variables that are set but are no setting: most likely a misspelling, silently ignored otherwise. */
export function unknownVariables(env: Record<string, string | undefined>): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(PREFIX) && !KNOWN_VARIABLES.has(name))
    .sort()
    .map((name) => {
      const [best] = [...KNOWN_VARIABLES]
        .map((known) => ({ known, d: editDistance(name, known) }))
        .sort((x, y) => x.d - y.d);
      const hint = best && best.d <= 3 ? ` (did you mean ${best.known}?)` : "";
      return `${name} is not a setting of this hook and is ignored${hint}`;
    });
}

/**
 * Whether a Node's own kubelet may set or change the label `key` under the NodeRestriction admission
 * plugin: any label outside the kubernetes.io and k8s.io namespaces, plus the kubelet's own labels
 * (k8s.io/kubelet IsKubeletLabel). Labels under node-restriction.kubernetes.io/ are never kubelet-settable.
 */
export function isKubeletSettableLabel(key: string): boolean {
  const slash = key.indexOf("/");
  const namespace = slash === -1 ? "" : key.slice(0, slash);
  const within = (ns: string): boolean => namespace === ns || namespace.endsWith(`.${ns}`);
  if (!within("kubernetes.io") && !within("k8s.io")) return true;
  if (KUBELET_LABELS.has(key)) return true;
  return within("kubelet.kubernetes.io") || within("node.kubernetes.io");
}

const KUBELET_LABELS: ReadonlySet<string> = new Set([
  "kubernetes.io/hostname",
  "kubernetes.io/arch",
  "kubernetes.io/os",
  "beta.kubernetes.io/arch",
  "beta.kubernetes.io/os",
  "beta.kubernetes.io/instance-type",
  "node.kubernetes.io/instance-type",
  "topology.kubernetes.io/region",
  "topology.kubernetes.io/zone",
  "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
]);

/**
 * Pools that a compromised node can join by labelling itself: no requirement of the selector
 * asks for a label (equals, in, exists) that its kubelet cannot set. Negative requirements
 * (!=, notin, !key) never protect: a node meets them by not having the label.
 */
export function kubeletJoinablePools(pools: readonly Pool[]): Pool[] {
  return pools.filter((pool) => {
    const positive = [
      ...Object.keys(pool.selector.matchLabels ?? {}),
      ...(pool.selector.matchExpressions ?? [])
        .filter((e) => e.operator === "In" || e.operator === "Exists")
        .map((e) => e.key),
    ];
    return !positive.some((key) => !isKubeletSettableLabel(key));
  });
}

/** Warnings to print when the hook starts (`--config`): each is one line, naming the variable. */
export function settingsWarnings(
  env: Record<string, string | undefined>,
  settings: { pools: readonly Pool[] },
): string[] {
  const warnings = unknownVariables(env);
  for (const pool of kubeletJoinablePools(settings.pools)) {
    const keys = [
      ...Object.keys(pool.selector.matchLabels ?? {}),
      ...(pool.selector.matchExpressions ?? []).map((e) => e.key),
    ];
    warnings.push(
      `${ENV.pools}: pool "${pool.name}" selects nodes only by labels that a node's own kubelet may set ` +
        `(${[...new Set(keys)].join(", ")}): a compromised node can label itself into the pool and attract its ` +
        `egress traffic. Select pool nodes by a label under node-restriction.kubernetes.io/, which only an ` +
        `administrator can set`,
    );
  }
  return warnings;
}
