/**
 * The chart's alerts and Grafana dashboard, rendered with the real `helm template`: every alert links
 * its section of docs/runbooks.md, and every dashboard query has a promtool expectation. promtool
 * itself runs them in test/alerts/promtool.test.ts (a step of its own in .ci/run).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  alerts,
  dashboardExpectations,
  dashboardPromtoolTest,
  panelTargets,
  RUNBOOKS,
  renderObservability,
  substitute,
  TEST_RUNBOOK_BASE,
} from "./support/alerts.js";
import { FULLNAME, HELM, HELM_MISSING, NAMESPACE, one, render } from "./support/helm.js";

/** GitHub's anchor of a markdown heading: lower case, punctuation dropped, spaces as dashes. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-");
}

const runbookSections = (): string[] =>
  readFileSync(RUNBOOKS, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("## "))
    .map((l) => l.slice(3));

test("substitute replaces the dashboard's Grafana variables and refuses unknown ones", () => {
  assert.equal(
    // Grafana's braced form too: `${pool}`.
    substitute(`rate(x{namespace="$namespace", pool=~"${"$"}{pool}"}[$__rate_interval])`),
    'rate(x{namespace="egress-ha", pool=~".*"}[2m])',
  );
  assert.throws(() => substitute("x[$__interval]"), /unknown Grafana variable \$__interval/);
});

describe("alerts and dashboard", { skip: HELM ? false : HELM_MISSING }, () => {
  test("every alert has a runbook_url to its own docs/runbooks.md section, and every section an alert", () => {
    const rules = alerts(renderObservability());
    const sections = runbookSections();
    for (const r of rules) {
      assert.equal(r.annotations.runbook_url, `${TEST_RUNBOOK_BASE}#${r.alert.toLowerCase()}`, r.alert);
      assert.ok(sections.map(anchor).includes(r.alert.toLowerCase()), `docs/runbooks.md has no "## ${r.alert}"`);
      assert.ok(["critical", "warning"].includes(r.labels.severity!), `${r.alert} severity`);
    }
    const alertSections = sections.filter((s) => s.startsWith("CiliumEgressHA"));
    assert.deepEqual(alertSections.sort(), rules.map((r) => r.alert).sort(), "a runbook section for a removed alert");
  });

  test("the default runbook base is the project's docs/runbooks.md on GitHub; a trailing slash is dropped", () => {
    const urls = alerts(render({ metrics: { prometheusRule: { enabled: true } } })).map(
      (r) => r.annotations.runbook_url,
    );
    for (const u of urls) {
      assert.match(
        u!,
        /^https:\/\/github\.com\/OWNER\/cilium-egress-ha-operator\/blob\/main\/docs\/runbooks\.md#ciliumegressha/,
      );
    }
    const slash = alerts(
      render({ metrics: { prometheusRule: { enabled: true, runbookBaseURL: "https://wiki.example.com/egress/" } } }),
    );
    assert.equal(slash[0]!.annotations.runbook_url, `https://wiki.example.com/egress#${slash[0]!.alert.toLowerCase()}`);
  });

  test("the absent/unscraped alerts watch the ServiceMonitor's job, or metrics.prometheusRule.scrapeJob", () => {
    const byName = (values: unknown) => Object.fromEntries(alerts(render(values)).map((r) => [r.alert, r.expr]));
    const own = byName({ metrics: { prometheusRule: { enabled: true } } });
    assert.equal(
      own.CiliumEgressHAOperatorAbsent,
      `absent(up{job="${FULLNAME}-metrics", namespace="${NAMESPACE}"} == 1)`,
    );
    assert.equal(
      own.CiliumEgressHAOperatorScrapeFailing,
      `up{job="${FULLNAME}-metrics", namespace="${NAMESPACE}"} == 0`,
    );
    const custom = byName({ metrics: { prometheusRule: { enabled: true, scrapeJob: "egress-ha-pods" } } });
    assert.match(custom.CiliumEgressHAOperatorAbsent!, /up\{job="egress-ha-pods"/);
  });

  test("the dashboard ConfigMap carries the sidecar's label, in the namespace chosen", () => {
    const cm = one(renderObservability(), "ConfigMap", `${FULLNAME}-dashboard`);
    assert.equal(cm.metadata.namespace, NAMESPACE);
    assert.equal(cm.metadata.labels?.grafana_dashboard, "1");
    assert.equal(cm.metadata.annotations, undefined);
    const moved = one(
      render({
        dashboard: {
          enabled: true,
          namespace: "monitoring",
          labels: { grafana_dashboard: "egress" },
          annotations: { grafana_folder: "Network" },
        },
      }),
      "ConfigMap",
      `${FULLNAME}-dashboard`,
    );
    assert.equal(moved.metadata.namespace, "monitoring");
    assert.equal(moved.metadata.labels?.grafana_dashboard, "egress");
    assert.deepEqual(moved.metadata.annotations, { grafana_folder: "Network" });
    assert.equal(render().filter((o) => o.kind === "ConfigMap").length, 0, "the dashboard is opt-in");
  });

  test("every dashboard query has a promtool expectation, and every expectation a query", () => {
    const targets = panelTargets(renderObservability());
    assert.ok(targets.length >= 10, `only ${targets.length} panel targets`);
    const exp = dashboardExpectations();
    dashboardPromtoolTest(targets, exp); // throws on a target without an expectation
    const have = new Set(targets.map((t) => `${t.panel}/${t.refId}`));
    for (const [panel, refs] of Object.entries(exp.panels)) {
      for (const refId of Object.keys(refs))
        assert.ok(have.has(`${panel}/${refId}`), `no panel target ${panel}/${refId}`);
    }
    // Caught, not silently passed: a panel added without an expectation.
    assert.throws(
      () => dashboardPromtoolTest([...targets, { panel: "New panel", refId: "A", expr: "up" }], exp),
      /panel "New panel" target A has no expectation/,
    );
  });
});
