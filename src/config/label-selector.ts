/**
 * Kubernetes label selectors: the string syntax users write (`role=egress,zone in (a,b)`)
 * and the object form shell-operator's `labelSelector` binding field takes.
 */

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A selector that could not be parsed; `message` says which term and why. */
export class SelectorError extends Error {
  override name = "SelectorError";
}

// Qualified name: optional DNS-subdomain prefix, then a 1-63 char name (apimachinery validation).
const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PREFIX_PART = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  if (slash === -1) return NAME_PART.test(key);
  return PREFIX_PART.test(key.slice(0, slash)) && NAME_PART.test(key.slice(slash + 1));
}

export function isLabelValue(value: string): boolean {
  return VALUE.test(value);
}

function requireKey(key: string, term: string): string {
  if (!isLabelKey(key)) throw new SelectorError(`"${term}": "${key}" is not a valid label key`);
  return key;
}

function requireValue(value: string, term: string): string {
  if (!isLabelValue(value)) throw new SelectorError(`"${term}": "${value}" is not a valid label value`);
  return value;
}

/** Splits on commas that are not inside a parenthesised value list. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      terms.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
  }
  terms.push(current.trim());
  return terms;
}

const SET_TERM = /^(\S+)\s+(in|notin)\s*\((.*)\)$/;

/**
 * Parses the kubectl label-selector syntax into the object form.
 * An empty selector is refused: as a pool it would make every node a gateway candidate.
 */
export function parseLabelSelector(text: string): LabelSelector {
  if (text.trim() === "") throw new SelectorError("the selector is empty, which would select every node");
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const term of splitTerms(text)) {
    if (term === "") throw new SelectorError(`"${text}" has an empty term`);
    const set = SET_TERM.exec(term);
    if (set) {
      const [, key = "", op, list = ""] = set;
      const values = list.split(",").map((v) => requireValue(v.trim(), term));
      if (values.length === 0 || values.some((v) => v === "")) {
        throw new SelectorError(`"${term}": the value list is empty`);
      }
      matchExpressions.push({ key: requireKey(key, term), operator: op === "in" ? "In" : "NotIn", values });
      continue;
    }
    const neq = term.indexOf("!=");
    if (neq > 0) {
      const key = requireKey(term.slice(0, neq).trim(), term);
      matchExpressions.push({ key, operator: "NotIn", values: [requireValue(term.slice(neq + 2).trim(), term)] });
      continue;
    }
    const eq = term.indexOf("=");
    if (eq > 0) {
      const key = requireKey(term.slice(0, eq).trim(), term);
      const value = requireValue(term.slice(term.startsWith("==", eq) ? eq + 2 : eq + 1).trim(), term);
      if (key in matchLabels && matchLabels[key] !== value) {
        throw new SelectorError(`"${text}": label ${key} is required to equal two different values`);
      }
      matchLabels[key] = value;
      continue;
    }
    if (term.startsWith("!")) {
      matchExpressions.push({ key: requireKey(term.slice(1).trim(), term), operator: "DoesNotExist" });
      continue;
    }
    matchExpressions.push({ key: requireKey(term, term), operator: "Exists" });
  }
  const selector: LabelSelector = {};
  if (Object.keys(matchLabels).length > 0) selector.matchLabels = matchLabels;
  if (matchExpressions.length > 0) selector.matchExpressions = matchExpressions;
  return selector;
}

/** Checks a selector given in object form (from JSON) and returns a clean copy. */
export function validateLabelSelector(value: unknown): LabelSelector {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SelectorError("a selector must be a string or an object with matchLabels/matchExpressions");
  }
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (key !== "matchLabels" && key !== "matchExpressions") {
      throw new SelectorError(`unknown selector field "${key}" (expected matchLabels or matchExpressions)`);
    }
  }
  const selector: LabelSelector = {};
  if (input.matchLabels !== undefined) {
    const labels = input.matchLabels;
    if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
      throw new SelectorError("matchLabels must be an object of strings");
    }
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== "string") throw new SelectorError(`matchLabels["${k}"] must be a string`);
      clean[requireKey(k, `matchLabels["${k}"]`)] = requireValue(v, `matchLabels["${k}"]`);
    }
    if (Object.keys(clean).length > 0) selector.matchLabels = clean;
  }
  if (input.matchExpressions !== undefined) {
    if (!Array.isArray(input.matchExpressions)) throw new SelectorError("matchExpressions must be a list");
    const exprs: LabelSelectorRequirement[] = [];
    input.matchExpressions.forEach((raw: unknown, i: number) => {
      const where = `matchExpressions[${i}]`;
      if (typeof raw !== "object" || raw === null) throw new SelectorError(`${where} must be an object`);
      const { key, operator, values } = raw as Record<string, unknown>;
      if (typeof key !== "string") throw new SelectorError(`${where}.key must be a string`);
      if (operator !== "In" && operator !== "NotIn" && operator !== "Exists" && operator !== "DoesNotExist") {
        throw new SelectorError(`${where}.operator must be In, NotIn, Exists or DoesNotExist`);
      }
      const req: LabelSelectorRequirement = { key: requireKey(key, where), operator };
      if (operator === "In" || operator === "NotIn") {
        if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== "string")) {
          throw new SelectorError(`${where}.values must be a non-empty list of strings for ${operator}`);
        }
        req.values = values.map((v) => requireValue(v as string, where));
      } else if (values !== undefined && !(Array.isArray(values) && values.length === 0)) {
        throw new SelectorError(`${where}.values must be empty for ${operator}`);
      }
      exprs.push(req);
    });
    if (exprs.length > 0) selector.matchExpressions = exprs;
  }
  if (!selector.matchLabels && !selector.matchExpressions) {
    throw new SelectorError("the selector is empty, which would select every node");
  }
  return selector;
}

/** Formats a selector in the string syntax the API server's `labelSelector` query takes. */
export function formatLabelSelector(selector: LabelSelector): string {
  const terms = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") terms.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") terms.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") terms.push(e.key);
    else terms.push(`!${e.key}`);
  }
  return terms.join(",");
}
