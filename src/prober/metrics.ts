/**
 * The prober's metrics, served on its own /metrics (the prober is long-lived; shell-operator
 * only collects metrics a hook run writes). Pure: counters and histograms in memory, rendered in
 * Prometheus' text format. Round trips are one histogram for all nodes (a per-node series would
 * grow with the pool); the round lag is what the starvation guard reads.
 */

const RTT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5];
const LAG_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: readonly number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (v <= (this.buckets[i] as number)) (this.counts[i] as number)++;
  }
  render(name: string, help: string): string[] {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    for (const [i, b] of this.buckets.entries()) lines.push(`${name}_bucket{le="${b}"} ${this.counts[i]}`);
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum}`, `${name}_count ${this.count}`);
    return lines;
  }
}

export class ProberMetrics {
  readonly rtt = new Histogram(RTT_BUCKETS);
  readonly lag = new Histogram(LAG_BUCKETS);
  rounds = { counted: 0, voided: 0 };
  writes = { ok: 0, failed: 0 };
  verdicts: Record<string, number> = { up: 0, silent: 0, refused: 0 };
  targets = 0;
  /** The Lease watch: 1 current, 0 not (the hook then times Leases on its tick); absent when off. */
  leaseWatch: number | null = null;
  staleLeases = 0;

  render(): string {
    const lines = [
      ...this.rtt.render("cilium_egress_ha_prober_rtt_seconds", "Round trip of each answered probe (all pool nodes)."),
      ...this.lag.render(
        "cilium_egress_ha_prober_round_lag_seconds",
        "How late each round's timers ran; a round later than half the timeout is void.",
      ),
      "# HELP cilium_egress_ha_prober_rounds_total Probe rounds, counted or void (timer lag above half the timeout).",
      "# TYPE cilium_egress_ha_prober_rounds_total counter",
      `cilium_egress_ha_prober_rounds_total{result="counted"} ${this.rounds.counted}`,
      `cilium_egress_ha_prober_rounds_total{result="voided"} ${this.rounds.voided}`,
      "# HELP cilium_egress_ha_prober_evidence_writes_total Writes of this replica's evidence object.",
      "# TYPE cilium_egress_ha_prober_evidence_writes_total counter",
      `cilium_egress_ha_prober_evidence_writes_total{result="ok"} ${this.writes.ok}`,
      `cilium_egress_ha_prober_evidence_writes_total{result="failed"} ${this.writes.failed}`,
      "# HELP cilium_egress_ha_prober_nodes Pool nodes probed, by the prober's verdict.",
      "# TYPE cilium_egress_ha_prober_nodes gauge",
      ...Object.entries(this.verdicts).map(([v, n]) => `cilium_egress_ha_prober_nodes{verdict="${v}"} ${n}`),
      ...(this.leaseWatch === null
        ? []
        : [
            "# HELP cilium_egress_ha_prober_lease_watch Whether the prober's watch of the node Leases is current (1) or not (0).",
            "# TYPE cilium_egress_ha_prober_lease_watch gauge",
            `cilium_egress_ha_prober_lease_watch ${this.leaseWatch}`,
            "# HELP cilium_egress_ha_prober_stale_leases Node Leases the prober finds stale, as its evidence names them.",
            "# TYPE cilium_egress_ha_prober_stale_leases gauge",
            `cilium_egress_ha_prober_stale_leases ${this.staleLeases}`,
          ]),
    ];
    return `${lines.join("\n")}\n`;
  }
}
