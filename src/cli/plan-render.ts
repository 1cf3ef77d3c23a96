/** Renders an evaluation for people (a table) or machines (JSON). Pure. */
import type { PolicyDecision } from "../engine/decide.js";
import type { Evaluation } from "../hook/pipeline.js";
import { describeHealth, nodeState, readyAge } from "../model/node-health.js";

/** Managed gateways per node once the decisions are carried out. */
export function gatewaysPerNode(decisions: readonly PolicyDecision[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const d of decisions) {
    for (const s of d.slots) {
      const node = s.to ?? s.from;
      if (node !== null) count.set(node, (count.get(node) ?? 0) + 1);
    }
  }
  return count;
}

function decisionLabel(d: PolicyDecision): string {
  if (d.action !== "move") return d.action;
  const targets = d.slots.filter((s) => s.action === "move").map((s) => s.to);
  return `move → ${targets.join(",")}`;
}

function table(rows: string[][], indent = ""): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      (indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")).trimEnd(),
    )
    .join("\n");
}

export function renderPlanTable(e: Evaluation, now: Date): string {
  const out: string[] = [];
  if (e.plan === null) return "The binding context is empty: nothing to decide.\n";
  const { decisions, pools } = e.plan;
  out.push(`Plan at ${now.toISOString()}`);
  out.push("");
  if (decisions.length === 0) {
    out.push("No CiliumEgressGatewayPolicy in the snapshot.");
  } else {
    const rows = [["POLICY", "POOL", "GATEWAY", "DECISION", "REASON"]];
    for (const d of decisions) {
      const gateways = d.gateways.map((g) => g ?? "(unpinned)").join(",") || "-";
      rows.push([d.policy, d.pool ?? "-", gateways, decisionLabel(d), d.reason]);
    }
    out.push(table(rows));
  }
  out.push("");
  out.push(`Signals: ${e.plan.signals.map((sig) => `${sig.signal} ${sig.state} (${sig.detail})`).join("; ")}`);
  const load = gatewaysPerNode(decisions);
  for (const pool of pools) {
    const eligible = pool.nodes.filter((n) => n.candidate).length;
    out.push("");
    out.push(`Pool ${pool.pool}: ${pool.nodes.length} node${pool.nodes.length === 1 ? "" : "s"}, ${eligible} eligible`);
    if (pool.nodes.length === 0) continue;
    const rows = [["NODE", "STATE", "GATEWAYS", "DETAIL"]];
    for (const n of pool.nodes) {
      const age = readyAge(n, now);
      // Which signal made the node ineligible: node (Ready, taints, cordon), lease or agent.
      const detail = n.candidate
        ? age
          ? `Ready for ${age}`
          : "Ready"
        : n.healthy
          ? describeHealth(n)
          : n.problems.map((text, i) => `${n.signals[i]}: ${text}`).join("; ");
      rows.push([n.name, nodeState(n), String(load.get(n.hostname) ?? 0), detail]);
    }
    out.push(table(rows, "  "));
  }
  if (e.problems.length > 0) {
    out.push("");
    out.push("Skipped input:");
    for (const p of e.problems) out.push(`  ${p.where}: ${p.message}`);
  }
  out.push("");
  if (e.operations.length === 0) {
    out.push("The hook would write no operation.");
  } else {
    const n = e.operations.length;
    out.push(`The hook would write ${n} operation${n === 1 ? "" : "s"}:`);
    for (const op of e.operations) out.push(`  ${JSON.stringify(op)}`);
  }
  return `${out.join("\n")}\n`;
}

export function planToJson(e: Evaluation, now: Date): unknown {
  return {
    now: now.toISOString(),
    decisions: (e.plan?.decisions ?? []).map((d) => ({
      policy: d.policy,
      pool: d.pool,
      action: d.action,
      gateways: d.gateways,
      slots: d.slots.map((s) => ({
        slot: s.slot.label,
        action: s.action,
        from: s.from,
        to: s.to,
        egressIP: s.egressIP,
        reason: s.reason,
      })),
      reason: d.reason,
      ...(d.field ? { field: d.field } : {}),
    })),
    pools: (e.plan?.pools ?? []).map((p) => ({
      pool: p.pool,
      nodes: p.nodes.map((n) => ({
        name: n.name,
        state: nodeState(n),
        problems: n.problems.map((text, i) => ({ signal: n.signals[i], text })),
        settling: n.settling,
        readySince: n.readySince,
        egressIP: n.egressIP.kind === "valid" ? n.egressIP.ip : null,
      })),
    })),
    signals: e.plan?.signals ?? [],
    problems: e.problems,
    operations: e.operations,
  };
}
