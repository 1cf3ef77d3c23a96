/**
 * The chart's alerts and dashboard as rendered, for test/alerts.test.ts (structure, runbooks, coverage)
 * and test/alerts/promtool.test.ts (promtool runs them). promtool is looked up in $PROMTOOL, then the
 * e2e tool cache (build it with `bash e2e/scripts/build-promtool.sh`).
 */
import assert from "node:assert/strict";
import { accessSync, constants, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { type K8sObject, ROOT, render } from "./helm.js";

export const ALERTS_DIR = join(ROOT, "test", "alerts");
export const RUNBOOKS = join(ROOT, "docs", "runbooks.md");
/** The runbook base the promtool tests expect in every alert's runbook_url. */
export const TEST_RUNBOOK_BASE = "https://runbooks.example.com/egress.md";
export const PROMTOOL_MISSING =
  "promtool not found: set $PROMTOOL or build it into the e2e tool cache with bash e2e/scripts/build-promtool.sh";

export const PROMTOOL: string | undefined = [
  process.env.PROMTOOL,
  join(process.env.E2E_CACHE ?? join(homedir(), ".cache", "cilium-egress-ha-e2e"), "bin", "promtool"),
].find((p): p is string => {
  if (p === undefined || p === "") return false;
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** The chart with the PrometheusRule and the dashboard enabled, the alerts pointing at TEST_RUNBOOK_BASE. */
export function renderObservability(values: Record<string, unknown> = {}): K8sObject[] {
  return render({
    metrics: {
      serviceMonitor: { enabled: true },
      prometheusRule: { enabled: true, runbookBaseURL: TEST_RUNBOOK_BASE },
    },
    dashboard: { enabled: true },
    ...values,
  });
}

export function ruleGroups(objects: K8sObject[]): { name: string; rules: AlertRule[] }[] {
  const rules = objects.filter((o) => o.kind === "PrometheusRule");
  assert.equal(rules.length, 1, "expected one PrometheusRule");
  return rules[0]!.spec.groups;
}

export function alerts(objects: K8sObject[]): AlertRule[] {
  return ruleGroups(objects).flatMap((g) => g.rules);
}

export interface PanelTarget {
  panel: string;
  refId: string;
  expr: string;
}

export function dashboardJson(objects: K8sObject[]): { panels: { title: string; targets?: PanelTarget[] }[] } {
  const maps = objects.filter((o) => o.kind === "ConfigMap" && o.metadata.name.endsWith("-dashboard"));
  assert.equal(maps.length, 1, "expected one dashboard ConfigMap");
  return JSON.parse(maps[0]!.data["cilium-egress-ha.json"]);
}

/** Every panel target's expr, with Grafana's variables replaced as the promtool tests assume. */
export const GRAFANA_VARIABLES: Record<string, string> = {
  namespace: "egress-ha",
  pool: ".*",
  __rate_interval: "2m",
};

export function substitute(expr: string): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
    const value = GRAFANA_VARIABLES[name];
    assert.ok(value !== undefined, `unknown Grafana variable ${whole} in ${expr}`);
    return value;
  });
}

export function panelTargets(objects: K8sObject[]): PanelTarget[] {
  const out: PanelTarget[] = [];
  for (const p of dashboardJson(objects).panels) {
    for (const t of p.targets ?? []) out.push({ panel: p.title, refId: t.refId, expr: substitute(t.expr) });
  }
  return out;
}

export interface DashboardExpectations {
  interval: string;
  eval_time: string;
  input_series: { series: string; values: string }[];
  panels: Record<string, Record<string, { labels: string; value: number }[]>>;
}

export function dashboardExpectations(): DashboardExpectations {
  return parseYaml(readFileSync(join(ALERTS_DIR, "dashboard.expectations.yaml"), "utf8"));
}

/** A promtool test file: one promql_expr_test per panel target, over the expectations' series. */
export function dashboardPromtoolTest(targets: PanelTarget[], exp: DashboardExpectations): unknown {
  return {
    rule_files: [],
    evaluation_interval: exp.interval,
    tests: [
      {
        name: "dashboard panels",
        interval: exp.interval,
        input_series: exp.input_series,
        promql_expr_test: targets.map((t) => {
          const samples = exp.panels[t.panel]?.[t.refId];
          assert.ok(samples, `panel "${t.panel}" target ${t.refId} has no expectation in dashboard.expectations.yaml`);
          return { expr: t.expr, eval_time: exp.eval_time, exp_samples: samples };
        }),
      },
    ],
  };
}
