/** Renders an evaluation for people (a table) or machines (JSON). Pure. */
import type { PolicyDecision } from "../engine/decide.js";
import type { Evaluation } from "../hook/pipeline.js";
import type { NodeHealth } from "../model/node-health.js";
import { formatAge, renderReason } from "../model/reason.js";

/** One line on a node: which signal makes it unhealthy, or why it is not settled. */
export function nodeDetail(n: NodeHealth, now: Date): string {
  if (!n.healthy) return n.problems.map((p) => `${p.signal}: ${renderReason(p.reason)}`).join("; ");
  const label = n.hostname === null ? "; no kubernetes.io/hostname label, so never a target" : "";
  if (n.waiting) return `${renderReason(n.waiting)}${label}`;
  const ms = n.readySince ? Date.parse(n.readySince) : Number.NaN;
  return `${Number.isNaN(ms) ? "Ready" : `Ready for ${formatAge((now.getTime() - ms) / 1000)}`}${label}`;
}

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
    const rows = [["POLICY", "POOL", "GATEWAY", "DECISION", "CODE", "REASON"]];
    for (const d of decisions) {
      const gateways = d.gateways.map((g) => g ?? "(unpinned)").join(",") || "-";
      rows.push([d.policy, d.pool ?? "-", gateways, decisionLabel(d), d.reason.code, renderReason(d.reason)]);
    }
    out.push(table(rows));
  }
  out.push("");
  out.push(`Signals: ${e.plan.signals.map((sig) => `${sig.signal} ${sig.state} (${sig.detail})`).join("; ")}`);
  for (const n of e.plan.notices) out.push(`Notice: ${n.code}: ${renderReason(n)}`);
  const load = gatewaysPerNode(decisions);
  for (const pool of pools) {
    const settled = pool.nodes.filter((n) => n.state === "settled").length;
    out.push("");
    out.push(`Pool ${pool.pool}: ${pool.nodes.length} node${pool.nodes.length === 1 ? "" : "s"}, ${settled} settled`);
    if (pool.nodes.length === 0) continue;
    const rows = [["NODE", "STATE", "GATEWAYS", "DETAIL"]];
    for (const n of pool.nodes) {
      rows.push([n.name, n.state, String(load.get(n.hostname ?? n.name) ?? 0), nodeDetail(n, now)]);
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
        code: s.reason.code,
        reason: renderReason(s.reason),
        facts: s.reason,
      })),
      code: d.reason.code,
      reason: renderReason(d.reason),
      ...(d.field ? { field: d.field } : {}),
    })),
    pools: (e.plan?.pools ?? []).map((p) => ({
      pool: p.pool,
      nodes: p.nodes.map((n) => ({
        name: n.name,
        state: n.state,
        problems: n.problems.map((p) => ({ signal: p.signal, code: p.reason.code, text: renderReason(p.reason) })),
        waiting: n.waiting ? { code: n.waiting.code, text: renderReason(n.waiting) } : null,
        hostname: n.hostname,
        readySince: n.readySince,
        egressIP: n.egressIP.kind === "valid" || n.egressIP.kind === "conflict" ? n.egressIP.ip : null,
      })),
    })),
    signals: e.plan?.signals ?? [],
    notices: (e.plan?.notices ?? []).map((r) => ({ code: r.code, text: renderReason(r) })),
    moves: {
      written: e.written.map((m) => ({ id: m.id, policy: m.policy, to: m.to })),
      confirmed: e.settled.confirmed.map((m) => ({ id: m.id, policy: m.policy, to: m.to })),
      dropped: e.settled.dropped.map((d) => ({ id: d.move.id, policy: d.move.policy, why: d.why })),
      held: e.held,
    },
    problems: e.problems,
    operations: e.operations,
  };
}
