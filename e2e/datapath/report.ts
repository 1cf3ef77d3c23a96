/**
 * The datapath e2e's report: one row per scenario (outage and loss quantiles, moves, a hard crash's
 * stages, every sample), free-form notes, written to `.e2e/datapath.json` and printed as a table.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Datapath, REPO } from "./datapath.js";
import { LEASE_SECONDS, RENEW_SECONDS } from "./kubelet.js";
import { type CrashStages, load1 } from "./scenarios.js";
import { quantiles } from "./traffic.js";

export interface Sample {
  from: string;
  to: string;
  outage_ms: number;
  lost: number;
  moves: number;
  stages?: CrashStages;
  [k: string]: unknown;
}

interface Row {
  scenario: string;
  runs: number;
  outage_p50_ms: number;
  outage_p95_ms: number;
  lost_p50: number;
  lost_p95: number;
  moves: number;
  what: string;
  /** The 1-minute load average when the row was recorded. */
  load: number;
  /** A hard crash's stages, p50 and p95 of each, in ms from the cut. */
  stages?: Record<string, { p50: number | null; p95: number | null }>;
  samples: Sample[];
}

/** What ran: the selected names and how often each, and whether it is the full table or the CI sample. */
export interface Selected {
  full: boolean;
  names: string[];
  runs: number;
}

export type Report = ReturnType<typeof newReport>;

/** An empty report of the `selected` scenarios. */
export function newReport(selected: Selected) {
  const rows: Row[] = [];
  const notes: Record<string, unknown> = {};

  function addRow(scenario: string, what: string, samples: Sample[]): void {
    const o = quantiles(samples.map((s) => s.outage_ms));
    const l = quantiles(samples.map((s) => s.lost));
    rows.push({
      scenario,
      runs: samples.length,
      outage_p50_ms: Math.round(o.p50),
      outage_p95_ms: Math.round(o.p95),
      lost_p50: l.p50,
      lost_p95: l.p95,
      moves: samples.reduce((n, s) => n + s.moves, 0),
      what,
      load: load1(),
      ...(samples.some((s) => s.stages) ? { stages: stageQuantiles(samples) } : {}),
      samples,
    });
  }

  function writeReport(dp: Datapath | undefined, totalMs: number): string {
    const file = path.join(REPO, ".e2e", "datapath.json");
    mkdirSync(path.dirname(file), { recursive: true });
    const cpu = os.cpus();
    const report = {
      date: new Date().toISOString(),
      machine: `${cpu.length} cores (${cpu[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}`,
      mode: `${selected.full ? "full table" : "CI sample"}, ${selected.runs} run(s) per scenario: ${selected.names.join(", ")}`,
      node: process.version,
      loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
      cilium: "v1.20.2, tunnel mode (VXLAN), BPF masquerade, one kernel, one network namespace per node",
      kubelet: `heartbeat from the harness: ${LEASE_SECONDS} s Lease renewed every ${RENEW_SECONDS} s; kube-controller-manager defaults (5 s period, 50 s grace)`,
      hook: dp
        ? Object.fromEntries(
            Object.entries(dp.hookEnv).filter(([k]) => k.startsWith("EGRESS_HA_") && k !== "EGRESS_HA_STATE_FILE"),
          )
        : {},
      timings_ms: { ...(dp?.timings ?? {}), total: totalMs },
      rows: rows.map(({ samples, ...r }) => ({ ...r, samples })),
      notes,
    };
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    return file;
  }

  function table(): string {
    const lines = [
      "scenario                                   runs  outage p50 ms  outage p95 ms  lost p50  lost p95  moves  load",
    ];
    for (const r of rows) {
      lines.push(
        `${r.scenario.padEnd(42)} ${String(r.runs).padStart(4)}  ${String(r.outage_p50_ms).padStart(13)}  ${String(r.outage_p95_ms).padStart(13)}  ${String(r.lost_p50).padStart(8)}  ${String(r.lost_p95).padStart(8)}  ${String(r.moves).padStart(5)}  ${String(r.load).padStart(4)}`,
      );
    }
    return lines.join("\n");
  }

  return { notes, addRow, writeReport, table };
}

function stageQuantiles(samples: Sample[]): Record<string, { p50: number | null; p95: number | null }> {
  const out: Record<string, { p50: number | null; p95: number | null }> = {};
  for (const k of Object.keys(samples[0]?.stages ?? {})) {
    const xs = samples.map((s) => s.stages?.[k as keyof CrashStages]).filter((x): x is number => typeof x === "number");
    const q = quantiles(xs);
    out[k] = xs.length > 0 ? { p50: q.p50, p95: q.p95 } : { p50: null, p95: null };
  }
  return out;
}
