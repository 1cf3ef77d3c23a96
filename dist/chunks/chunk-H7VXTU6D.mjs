import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);

// src/config/label-selector.ts
var SelectorError = class extends Error {
  name = "SelectorError";
};
var NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
var PREFIX_PART = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
var VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
function isLabelKey(key) {
  const slash = key.lastIndexOf("/");
  if (slash === -1) return NAME_PART.test(key);
  return PREFIX_PART.test(key.slice(0, slash)) && NAME_PART.test(key.slice(slash + 1));
}
function isLabelValue(value) {
  return VALUE.test(value);
}
function requireKey(key, term) {
  if (!isLabelKey(key)) throw new SelectorError(`"${term}": "${key}" is not a valid label key`);
  return key;
}
function requireValue(value, term) {
  if (!isLabelValue(value)) throw new SelectorError(`"${term}": "${value}" is not a valid label value`);
  return value;
}
function splitTerms(text) {
  const terms = [];
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
var SET_TERM = /^(\S+)\s+(in|notin)\s*\((.*)\)$/;
function parseLabelSelector(text) {
  if (text.trim() === "") throw new SelectorError("the selector is empty, which would select every node");
  const matchLabels = {};
  const matchExpressions = [];
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
  const selector = {};
  if (Object.keys(matchLabels).length > 0) selector.matchLabels = matchLabels;
  if (matchExpressions.length > 0) selector.matchExpressions = matchExpressions;
  return selector;
}
function validateLabelSelector(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SelectorError("a selector must be a string or an object with matchLabels/matchExpressions");
  }
  const input = value;
  for (const key of Object.keys(input)) {
    if (key !== "matchLabels" && key !== "matchExpressions") {
      throw new SelectorError(`unknown selector field "${key}" (expected matchLabels or matchExpressions)`);
    }
  }
  const selector = {};
  if (input.matchLabels !== void 0) {
    const labels = input.matchLabels;
    if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
      throw new SelectorError("matchLabels must be an object of strings");
    }
    const clean = {};
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== "string") throw new SelectorError(`matchLabels["${k}"] must be a string`);
      clean[requireKey(k, `matchLabels["${k}"]`)] = requireValue(v, `matchLabels["${k}"]`);
    }
    if (Object.keys(clean).length > 0) selector.matchLabels = clean;
  }
  if (input.matchExpressions !== void 0) {
    if (!Array.isArray(input.matchExpressions)) throw new SelectorError("matchExpressions must be a list");
    const exprs = [];
    input.matchExpressions.forEach((raw, i) => {
      const where = `matchExpressions[${i}]`;
      if (typeof raw !== "object" || raw === null) throw new SelectorError(`${where} must be an object`);
      const { key, operator, values } = raw;
      if (typeof key !== "string") throw new SelectorError(`${where}.key must be a string`);
      if (operator !== "In" && operator !== "NotIn" && operator !== "Exists" && operator !== "DoesNotExist") {
        throw new SelectorError(`${where}.operator must be In, NotIn, Exists or DoesNotExist`);
      }
      const req = { key: requireKey(key, where), operator };
      if (operator === "In" || operator === "NotIn") {
        if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== "string")) {
          throw new SelectorError(`${where}.values must be a non-empty list of strings for ${operator}`);
        }
        req.values = values.map((v) => requireValue(v, where));
      } else if (values !== void 0 && !(Array.isArray(values) && values.length === 0)) {
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
function formatLabelSelector(selector) {
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

export {
  SelectorError,
  parseLabelSelector,
  validateLabelSelector,
  formatLabelSelector
};
