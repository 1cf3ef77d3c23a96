/**
 * promtool runs the chart's rendered alerts (rules.test.yaml) and every dashboard query
 * (dashboard.expectations.yaml). Not part of `npm test`: .ci/run runs it as a step of its own once
 * promtool is built (bash e2e/scripts/build-promtool.sh); without promtool it is skipped, except
 * under CI=true, where a missing promtool fails.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { stringify } from "yaml";
import {
  ALERTS_DIR,
  dashboardExpectations,
  dashboardPromtoolTest,
  PROMTOOL,
  PROMTOOL_MISSING,
  panelTargets,
  renderObservability,
  ruleGroups,
} from "../support/alerts.js";
import { HELM, HELM_MISSING, scratch } from "../support/helm.js";

const CI = process.env.CI === "true";

test("promtool and helm are there when CI runs this file", { skip: !CI && "not under CI=true" }, () => {
  assert.ok(PROMTOOL, PROMTOOL_MISSING);
  assert.ok(HELM, HELM_MISSING);
});

const missing = !HELM ? HELM_MISSING : !PROMTOOL ? PROMTOOL_MISSING : false;

/** `promtool test rules` on a directory holding the rendered rules.yaml; returns its output. */
function promtoolTest(dir: string, file: string): { status: number | null; out: string } {
  const r = spawnSync(PROMTOOL!, ["test", "rules", file], { cwd: dir, encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout + r.stderr };
}

function renderedRulesDir(): string {
  const dir = mkdtempSync(join(scratch, "promtool-"));
  writeFileSync(join(dir, "rules.yaml"), stringify({ groups: ruleGroups(renderObservability()) }));
  return dir;
}

describe("promtool", { skip: missing }, () => {
  test("the rendered rules pass promtool check rules", () => {
    const dir = renderedRulesDir();
    const r = spawnSync(PROMTOOL!, ["check", "rules", "rules.yaml"], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  test("every alert fires when it should and stays quiet on a healthy operator (rules.test.yaml)", () => {
    const dir = renderedRulesDir();
    copyFileSync(join(ALERTS_DIR, "rules.test.yaml"), join(dir, "rules.test.yaml"));
    const r = promtoolTest(dir, "rules.test.yaml");
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /SUCCESS/);
  });

  test("a rule test can fail: an alert that should fire but is not expected", () => {
    const dir = renderedRulesDir();
    writeFileSync(
      join(dir, "wrong.test.yaml"),
      stringify({
        rule_files: ["rules.yaml"],
        tests: [
          {
            interval: "30s",
            input_series: [],
            alert_rule_test: [{ eval_time: "10m", alertname: "CiliumEgressHAOperatorAbsent", exp_alerts: [] }],
          },
        ],
      }),
    );
    const r = promtoolTest(dir, "wrong.test.yaml");
    assert.notEqual(r.status, 0, r.out);
    assert.match(r.out, /CiliumEgressHAOperatorAbsent/);
  });

  test("every dashboard query parses and returns what its panel expects (dashboard.expectations.yaml)", () => {
    const dir = renderedRulesDir();
    const targets = panelTargets(renderObservability());
    writeFileSync(join(dir, "dashboard.test.yaml"), stringify(dashboardPromtoolTest(targets, dashboardExpectations())));
    const r = promtoolTest(dir, "dashboard.test.yaml");
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /SUCCESS/);
  });
});
