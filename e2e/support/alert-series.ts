/**
 * The promtool tests (test/alerts/) feed the alerts and the dashboard with series written by hand.
 * This holds them against a real scrape: every series name they use that the operator emits
 * must carry, in the operator's own exposition, the labels the tests give it (less those that
 * Prometheus and the ServiceMonitor add at scrape time).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

/** Labels the scrape adds (target labels, the ServiceMonitor's relabelling), not the operator. */
const SCRAPE_LABELS = new Set([
  "job",
  "namespace",
  "pod",
  "service",
  "endpoint",
  "container",
  "instance",
  "metrics_path",
]);

/** Metric name → the label keys the promtool tests give it, from every test file under test/alerts. */
export function alertTestSeries(repo: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of ["rules.test.yaml", "dashboard.expectations.yaml"]) {
    const doc = parse(readFileSync(path.join(repo, "test", "alerts", file), "utf8")) as {
      tests?: { input_series?: { series: string }[] }[];
    };
    for (const t of doc.tests ?? [])
      for (const s of t.input_series ?? []) {
        const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\}$/.exec(s.series.trim());
        if (!m) continue;
        const keys = [...(m[2] as string).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)].map((k) => k[1] as string);
        const set = out.get(m[1] as string) ?? new Set<string>();
        for (const k of keys) if (!SCRAPE_LABELS.has(k)) set.add(k);
        out.set(m[1] as string, set);
      }
  }
  return out;
}

/** Metric name → the label keys of its samples in a Prometheus text exposition. */
export function exposition(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s/.exec(line);
    if (!m) continue;
    const set = out.get(m[1] as string) ?? new Set<string>();
    for (const k of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) set.add(k[1] as string);
    out.set(m[1] as string, set);
  }
  return out;
}
