/**
 * Binding context → typed snapshots. shell-operator may combine several contexts into one run
 * (protocol §3.7), and refreshes every snapshot of a combined run from the same informer caches
 * just before it runs (hook_controller.go UpdateSnapshots). Contexts differ in which snapshots
 * they carry: the group's contexts carry all of them, a resync tick carries all but the
 * policies. The hook is level-based, so it takes each binding's snapshot from the last context
 * that carries it and only summarises the contexts themselves for the log.
 *
 * Contract breaks (not an array, no snapshots, a configured binding missing) throw
 * ContractError: the hook exits 1 and shell-operator retries. A malformed single object (see
 * projection-checks.ts for what is checked) is a Problem: it is logged and skipped, and
 * everything else is still handled.
 */
import type { ClusterSnapshot } from "../model/objects.js";
import {
  describe,
  isObject,
  validateAgentProjection,
  validateInventoryProjection,
  validateLeaseProjection,
  validateNodeProjection,
  validatePolicyProjection,
} from "./projection-checks.js";
import {
  type NodeProjection,
  projectAgent,
  projectInventory,
  projectLease,
  projectNode,
  projectPolicy,
} from "./projections.js";

export type { ClusterSnapshot } from "../model/objects.js";
/** Handed on for the policy index, which checks the policies it keeps the same way. */
export { validatePolicyProjection } from "./projection-checks.js";

export const POLICY_BINDING = "policies";
export const NODE_BINDING_PREFIX = "nodes-";
export const RESYNC_BINDING = "resync";
/** A schedule binding in the group: full snapshots once a minute, so the policy index cannot stay behind. */
export const REFRESH_BINDING = "refresh";
export const LEASE_BINDING = "leases";
export const AGENT_BINDING = "agents";
/** Every node's name and hostname label (ambiguous pins, remembered policies). */
export const INVENTORY_BINDING = "hostnames";
/** The prober's evidence objects (with EGRESS_HA_PROBER): read by hook/evidence.ts. */
export const EVIDENCE_BINDING = "probe-evidence";

export function nodeBindingName(pool: string): string {
  return `${NODE_BINDING_PREFIX}${pool}`;
}

/** A malformed input element that was skipped. `where` is a path into the binding context. */
export interface Problem {
  where: string;
  message: string;
}

/**
 * The hook's contract with shell-operator is broken: the run cannot go on (exit 1). `code` names
 * the kind of breach for logs and tests; the message says what exactly.
 */
export class ContractError extends Error {
  override name = "ContractError";
  constructor(
    message: string,
    readonly code: ContractCode = "contract",
  ) {
    super(message);
  }
}

export type ContractCode =
  | "contract"
  | "env-missing"
  | "context-unreadable"
  | "context-invalid-json"
  | "context-shape"
  | "no-snapshots"
  | "snapshot-missing"
  | "output-unwritable";

export interface ContextSummary {
  binding: string;
  type: string;
  watchEvent?: string;
}

/** Which optional snapshots the hook's configuration requires. */
export interface RequiredSnapshots {
  leases: boolean;
  agents: boolean;
  inventory?: boolean;
}

export interface ParsedBindingContext {
  contexts: ContextSummary[];
  /**
   * null when the array is empty: there is nothing to decide. On a resync tick alone, which
   * carries no policy snapshot, `policies` is empty and `policiesKnown` false.
   */
  snapshot: ClusterSnapshot | null;
  /** Whether a context carried the policy snapshot (false: a resync tick, see hook/tick.ts). */
  policiesKnown: boolean;
  problems: Problem[];
}

const KNOWN_TYPES = new Set(["Synchronization", "Event", "Group", "Schedule", "onStartup"]);

/**
 * One snapshot item is `{filterResult}` with our config. A context recorded with full objects
 * and no jqFilter (`{object}`) is projected with the TypeScript mirror instead, so `plan`
 * also works on contexts captured from other hooks.
 */
function readItems<T>(
  items: unknown,
  where: string,
  validate: (v: unknown) => T | string,
  project: (obj: unknown) => unknown,
  problems: Problem[],
): T[] {
  if (!Array.isArray(items))
    throw new ContractError(`${where} is ${describe(items)}, expected an array`, "context-shape");
  const out: T[] = [];
  items.forEach((item, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(item)) {
      problems.push({ where: at, message: `expected an object, got ${describe(item)}` });
      return;
    }
    let value: unknown = item.filterResult;
    if ((value === undefined || value === null) && isObject(item.object)) value = project(item.object);
    if (value === undefined) {
      problems.push({ where: at, message: "has neither filterResult nor object" });
      return;
    }
    const checked = validate(value);
    if (typeof checked === "string") {
      const name = isObject(value) && typeof value.name === "string" ? ` (${value.name})` : "";
      problems.push({ where: `${at}.filterResult${name}`, message: checked });
      return;
    }
    out.push(checked);
  });
  return out;
}

/**
 * Parses a binding-context document (already JSON-decoded).
 * @param pools the configured pool names, or null to take every `nodes-*` snapshot present.
 */
export function parseBindingContext(
  doc: unknown,
  pools: string[] | null,
  required: RequiredSnapshots = { leases: false, agents: false },
): ParsedBindingContext {
  if (!Array.isArray(doc)) {
    throw new ContractError(
      `the binding context is ${describe(doc)}, expected a JSON array of contexts`,
      "context-shape",
    );
  }
  const problems: Problem[] = [];
  const contexts: ContextSummary[] = [];
  // Binding name → its snapshot and where it came from (the last context that carries it).
  const snaps: Record<string, unknown> = Object.create(null);
  const from: Record<string, string> = Object.create(null);
  let withSnapshots = 0;
  let onlyTicks = true;
  doc.forEach((ctx, i) => {
    if (!isObject(ctx))
      throw new ContractError(`contexts[${i}] is ${describe(ctx)}, expected an object`, "context-shape");
    const binding = typeof ctx.binding === "string" ? ctx.binding : "";
    // onStartup contexts carry no `type` (protocol §3.2).
    const type = typeof ctx.type === "string" ? ctx.type : "onStartup";
    if (!KNOWN_TYPES.has(type)) problems.push({ where: `contexts[${i}].type`, message: `unknown type "${type}"` });
    const summary: ContextSummary = { binding, type };
    if (typeof ctx.watchEvent === "string") summary.watchEvent = ctx.watchEvent;
    contexts.push(summary);
    if (ctx.snapshots !== undefined) {
      if (!isObject(ctx.snapshots)) {
        throw new ContractError(
          `contexts[${i}].snapshots is ${describe(ctx.snapshots)}, expected an object`,
          "context-shape",
        );
      }
      withSnapshots++;
      if (type !== "Schedule") onlyTicks = false;
      for (const key of Object.keys(ctx.snapshots)) {
        snaps[key] = ctx.snapshots[key];
        from[key] = `contexts[${i}].snapshots`;
      }
    }
  });
  if (doc.length === 0) return { contexts, snapshot: null, policiesKnown: false, problems };
  if (withSnapshots === 0) {
    throw new ContractError(
      "no context carries snapshots; the hook's bindings must share one group (was the context recorded with this hook's --config?)",
      "no-snapshots",
    );
  }
  const where = (key: string): string => from[key] ?? `contexts[${doc.length - 1}].snapshots`;
  const poolNames =
    pools ??
    Object.keys(snaps)
      .filter((k) => k.startsWith(NODE_BINDING_PREFIX))
      .map((k) => k.slice(NODE_BINDING_PREFIX.length))
      .sort();
  const poolNodes = new Map<string, NodeProjection[]>();
  for (const pool of poolNames) {
    const key = nodeBindingName(pool);
    if (!(key in snaps)) {
      const present = Object.keys(snaps).join(", ") || "none";
      throw new ContractError(
        `no context has a "${key}" snapshot for pool "${pool}" (snapshots present: ${present}); the context was recorded with another pool configuration`,
        "snapshot-missing",
      );
    }
    poolNodes.set(
      pool,
      readItems(snaps[key], `${where(key)}["${key}"]`, validateNodeProjection, projectNode, problems),
    );
  }
  // Only a resync tick may come without the policies: every other context of ours carries them.
  const policiesKnown = POLICY_BINDING in snaps;
  if (!policiesKnown && !onlyTicks) {
    throw new ContractError(`no context has a "${POLICY_BINDING}" snapshot`, "snapshot-missing");
  }
  const policies = policiesKnown
    ? readItems(
        snaps[POLICY_BINDING],
        `${where(POLICY_BINDING)}["${POLICY_BINDING}"]`,
        validatePolicyProjection,
        projectPolicy,
        problems,
      )
    : [];
  const optional = <T>(
    key: string,
    needed: boolean,
    validate: (v: unknown) => T | string,
    project: (obj: unknown) => unknown,
  ): T[] | null => {
    if (!(key in snaps)) {
      if (needed)
        throw new ContractError(
          `no context has a "${key}" snapshot, which the enabled ${key} signal needs`,
          "snapshot-missing",
        );
      return null;
    }
    return readItems(snaps[key], `${where(key)}["${key}"]`, validate, project, problems);
  };
  const leases = optional(LEASE_BINDING, required.leases, validateLeaseProjection, projectLease);
  const agents = optional(AGENT_BINDING, required.agents, validateAgentProjection, projectAgent);
  const inventory = optional(
    INVENTORY_BINDING,
    required.inventory ?? false,
    validateInventoryProjection,
    projectInventory,
  );
  return {
    contexts,
    snapshot: { pools: poolNodes, policies, leases, agents, inventory },
    policiesKnown,
    problems,
  };
}
