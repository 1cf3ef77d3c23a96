/**
 * The pin: what a moved slot's nodeSelector says. The hook pins a slot with the node's
 * `kubernetes.io/hostname` label *and* its pool's own terms, beside whatever terms the user wrote:
 * a hostname is a label any node's kubelet may set, so a node outside the pool that copies a
 * gateway's hostname would otherwise match the pin too. Cilium matches the selector against the
 * CiliumNode's labels, which its agent copies from the Node.
 *
 * The hook owns the pool terms it wrote: the pool-terms annotation lists them, each as a term
 * string (`key=value`, `key In (a,b)`, `key Exists`), and every other term is the user's. A move
 * replaces the slot's own terms with the current pool's, so a re-defined pool never leaves a
 * policy pinned to the old pool's labels.
 */
import { HOSTNAME_LABEL } from "./objects.js";
import type { SelectorTerms } from "./selector-match.js";

type Expression = NonNullable<SelectorTerms["matchExpressions"]>[number];

/** One term as a string: how the pool-terms annotation names it. */
export function labelTerm(key: string, value: string): string {
  return `${key}=${value}`;
}

export function expressionTerm(e: Expression): string {
  const values = e.values ?? [];
  return values.length > 0 ? `${e.key} ${e.operator} (${values.join(",")})` : `${e.key} ${e.operator}`;
}

/** Every term of a selector as a string, labels first. */
export function termStrings(terms: SelectorTerms): string[] {
  const out: string[] = [];
  for (const k in terms.matchLabels) out.push(labelTerm(k, terms.matchLabels[k] as string));
  for (const e of terms.matchExpressions ?? []) out.push(expressionTerm(e));
  return out;
}

const NONE: ReadonlySet<string> = new Set();

/** The terms the pool-terms annotation says the hook wrote; none when absent or unreadable. */
export function parsePoolTerms(text: string | null | undefined): ReadonlySet<string> {
  if (!text) return NONE;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? new Set(v.filter((x): x is string => typeof x === "string")) : NONE;
  } catch {
    return NONE;
  }
}

/**
 * The nodeSelector of a slot pinned to `hostname`: the hostname, the user's terms and the pool's
 * terms (an expression both carry is written once). Expressions carry `values` only when they have some.
 */
export function pinSelector(hostname: string, user: SelectorTerms, pool: SelectorTerms): Record<string, unknown> {
  const matchLabels: Record<string, string> = { [HOSTNAME_LABEL]: hostname, ...user.matchLabels, ...pool.matchLabels };
  const expressions: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const e of [...(user.matchExpressions ?? []), ...(pool.matchExpressions ?? [])]) {
    const term = expressionTerm(e);
    if (seen.has(term)) continue;
    seen.add(term);
    const values = e.values ?? [];
    expressions.push(
      values.length > 0
        ? { key: e.key, operator: e.operator, values: [...values] }
        : { key: e.key, operator: e.operator },
    );
  }
  return expressions.length > 0 ? { matchLabels, matchExpressions: expressions } : { matchLabels };
}
