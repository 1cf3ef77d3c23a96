/**
 * The pools (EGRESS_HA_POOLS): each a name and the label selector of its nodes, given as
 * `<pool>=<selector>;...` or as a JSON object of pool name to selector (a string or a
 * Kubernetes LabelSelector object).
 */
import { ENV, SettingsError } from "./env.js";
import { type LabelSelector, parseLabelSelector, SelectorError, validateLabelSelector } from "./label-selector.js";

export interface Pool {
  name: string;
  selector: LabelSelector;
}

/** The prior art's pool label, so its users need no configuration. */
export const DEFAULT_POOLS = "egress=node.kubernetes.io/role=egress";

const POOL_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isPoolName(name: string): boolean {
  return POOL_NAME.test(name);
}

/** Parses EGRESS_HA_POOLS; the pools come sorted by name. */
export function parsePools(raw: string): Pool[] {
  const variable = ENV.pools;
  const pools = new Map<string, LabelSelector>();
  const add = (name: string, selector: () => LabelSelector): void => {
    if (!isPoolName(name)) {
      throw new SettingsError(
        `${variable}: pool name "${name}" must be a DNS label (lower-case letters, digits and '-', at most 63)`,
      );
    }
    if (pools.has(name)) throw new SettingsError(`${variable}: pool "${name}" is defined twice`);
    try {
      pools.set(name, selector());
    } catch (err) {
      if (err instanceof SelectorError) throw new SettingsError(`${variable}: pool "${name}": ${err.message}`);
      throw err;
    }
  };
  const text = raw.trim();
  if (text.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new SettingsError(`${variable}: not valid JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SettingsError(`${variable}: expected a JSON object of pool name to selector`);
    }
    for (const [name, sel] of Object.entries(parsed)) {
      add(name, () => (typeof sel === "string" ? parseLabelSelector(sel) : validateLabelSelector(sel)));
    }
  } else {
    for (const entry of text.split(";")) {
      if (entry.trim() === "") continue;
      const eq = entry.indexOf("=");
      if (eq <= 0) {
        throw new SettingsError(`${variable}: "${entry.trim()}" is not of the form <pool>=<label selector>`);
      }
      add(entry.slice(0, eq).trim(), () => parseLabelSelector(entry.slice(eq + 1)));
    }
  }
  if (pools.size === 0) throw new SettingsError(`${variable}: no pool is defined`);
  return [...pools.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, selector]) => ({ name, selector }));
}
