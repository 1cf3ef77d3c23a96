/** The chart's README is generated from the comments of values.yaml and must not drift from them. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { CHART_DIR, generateReadme } from "../charts/generate-readme.js";

test("charts/cilium-egress-ha-operator/README.md is what `npm run chart-readme` generates", () => {
  const committed = readFileSync(join(CHART_DIR, "README.md"), "utf8");
  assert.ok(committed === generateReadme(), "the chart README is out of date: run npm run chart-readme and commit it");
});

test("every leaf value is documented, with its default", () => {
  const readme = generateReadme();
  const values = parseYaml(readFileSync(join(CHART_DIR, "values.yaml"), "utf8")) as Record<string, unknown>;
  const rows = new Map(
    readme
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) => {
        const [, key = "", def = "", description = ""] = /^\| `([^`]+)` \| `(.*)` \| (.*) \|$/.exec(l) ?? [];
        return [key, { def, description }] as const;
      }),
  );
  const check = (obj: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(obj)) {
      const key = `${prefix}${k}`;
      const row = rows.get(key);
      if (row === undefined) {
        assert.ok(v !== null && typeof v === "object" && !Array.isArray(v), `${key} has no row`);
        check(v as Record<string, unknown>, `${key}.`);
        continue;
      }
      assert.notEqual(row.description.trim(), "", `${key} has no description: comment it in values.yaml`);
      assert.equal(row.def.replaceAll("\\|", "|"), JSON.stringify(v), `${key}'s default`);
    }
  };
  check(values, "");
});
