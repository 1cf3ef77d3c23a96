/** Label-selector evaluation against a node's labels, as the API server does it. */

export interface SelectorTerms {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Returns the terms the labels fail, as display strings; empty when the selector matches. */
export function unmatchedTerms(selector: SelectorTerms, labels: Record<string, string>): string[] {
  const failed: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) failed.push(`${key}=${value}`);
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expr.key);
    const value = labels[expr.key];
    const values = expr.values ?? [];
    let ok: boolean;
    switch (expr.operator) {
      case "In":
        ok = has && values.includes(value as string);
        break;
      case "NotIn":
        ok = !has || !values.includes(value as string);
        break;
      case "Exists":
        ok = has;
        break;
      case "DoesNotExist":
        ok = !has;
        break;
      default:
        ok = false;
    }
    if (!ok) failed.push(`${expr.key} ${expr.operator}${values.length ? ` (${values.join(",")})` : ""}`);
  }
  return failed;
}
