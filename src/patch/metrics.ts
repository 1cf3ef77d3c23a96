/**
 * Prometheus metrics through shell-operator's $METRICS_PATH (protocol §4.3), served on
 * /metrics/hooks. All series go in one explicit group and are written as a complete set every
 * run, so shell-operator expires series that no longer exist (a deleted policy, a removed
 * node). Counters cannot survive shell-operator's per-run expiry, so the failover count is kept
 * in the hook's state and set as a value.
 */
import type { Plan, PolicyDecision } from "../engine/decide.js";
import { NODE_STATES, type NodeState } from "../model/node-health.js";

export const METRIC_GROUP = "cilium_egress_ha";
const PREFIX = "cilium_egress_ha_";

export interface MetricOperation {
  name: string;
  group: string;
  action: "set";
  value: number;
  labels: Record<string, string>;
}

/**
 * The nodes that two or more of a managed policy's slots share, with those slots' labels: no
 * failback spreads them again (a healthy gateway never moves), so a person must. Slots left to
 * someone else (foreign-slot) are not counted.
 * @param applied whether this run's moves are written: the pins are then the new ones
 */
export function sharedGateways(d: PolicyDecision, applied = true): { gateway: string; slots: string[] }[] {
  if (d.pool === null || d.slots.length < 2) return [];
  const by = new Map<string, string[]>();
  for (const s of d.slots) {
    const pin = applied ? (s.to ?? s.from) : s.from;
    if (pin === null || s.reason.code === "foreign-slot") continue;
    by.set(pin, [...(by.get(pin) ?? []), s.slot.label]);
  }
  return [...by].filter(([, slots]) => slots.length > 1).map(([gateway, slots]) => ({ gateway, slots }));
}

/**
 * @param applied whether this run's moves are written (false in dry run): the active gateway is
 *   then still the current one.
 */
export function toMetrics(
  plan: Plan,
  failovers: Readonly<Record<string, number>>,
  applied = true,
  perPolicy = true,
): MetricOperation[] {
  const out: MetricOperation[] = [];
  const set = (name: string, value: number, labels: Record<string, string>): void => {
    out.push({ name: `${PREFIX}${name}`, group: METRIC_GROUP, action: "set", value, labels });
  };
  // Policies pin kubernetes.io/hostname values; series are labelled with node names.
  const nodeName = new Map<string, string>();
  for (const pool of plan.pools) for (const n of pool.nodes) if (n.hostname !== null) nodeName.set(n.hostname, n.name);
  const gateways = new Map<string, number>();
  for (const d of plan.decisions) {
    if (d.pool === null || (d.action !== "keep" && d.action !== "move" && d.action !== "stuck")) continue;
    for (const s of d.slots) {
      const pin = applied ? (s.to ?? s.from) : s.from;
      if (pin === null) continue;
      const node = nodeName.get(pin) ?? pin;
      gateways.set(node, (gateways.get(node) ?? 0) + 1);
      if (perPolicy) set("policy_gateway", 1, { policy: d.policy, pool: d.pool, slot: s.slot.label, node });
    }
    // Only stuck policies get a series: with thousands of policies, a 0 for each would dominate
    // every run's output, and an absent series reads as 0 in `sum`/`max` alerts alike.
    if (d.action === "stuck") set("policy_stuck", 1, { policy: d.policy, pool: d.pool });
    // Likewise only policies whose slots share a node: the value is how many slots share it.
    for (const g of sharedGateways(d, applied))
      set("policy_shared_gateway", g.slots.length, {
        policy: d.policy,
        pool: d.pool,
        node: nodeName.get(g.gateway) ?? g.gateway,
      });
  }
  for (const pool of plan.pools) {
    const counts = Object.fromEntries(NODE_STATES.map((s) => [s, 0])) as Record<NodeState, number>;
    for (const n of pool.nodes) counts[n.state]++;
    for (const [state, value] of Object.entries(counts)) set("pool_nodes", value, { pool: pool.pool, state });
    for (const n of pool.nodes) set("node_gateways", gateways.get(n.name) ?? 0, { pool: pool.pool, node: n.name });
    // Nodes whose egress IP another node claims too: none of them takes a policy with an egressIP.
    const conflicts = pool.nodes.filter((n) => n.egressIP.kind === "conflict").length;
    set("egress_ip_conflicts", conflicts, { pool: pool.pool });
    set("failovers", Object.hasOwn(failovers, pool.pool) ? (failovers[pool.pool] as number) : 0, {
      pool: pool.pool,
    });
  }
  const invalid = plan.decisions.filter((d) => d.action === "invalid").length;
  set("policies_invalid", invalid, {});
  for (const signal of plan.signals) {
    for (const state of ["active", "off", "unavailable", "suspended"]) {
      set("signal_state", signal.state === state ? 1 : 0, { signal: signal.signal, state });
    }
  }
  return out;
}

export const STATE_BYTES_METRIC = `${PREFIX}state_bytes`;
/** The state file's granularity in its metric: finer would change the metrics text nearly every run. */
export const STATE_BYTES_STEP = 4096;

/**
 * cilium_egress_ha_state_bytes: the state file's size as this run read it, rounded up to
 * STATE_BYTES_STEP (0: there was none). Near the cap, per-policy records are shed (hook/budget.ts).
 */
export function stateMetric(bytes: number): MetricOperation {
  const value = Math.ceil(bytes / STATE_BYTES_STEP) * STATE_BYTES_STEP;
  return { name: STATE_BYTES_METRIC, group: METRIC_GROUP, action: "set", value, labels: {} };
}
