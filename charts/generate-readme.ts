/**
 * Generates charts/cilium-egress-ha-operator/README.md from the chart's values.yaml: the comment
 * above each key is its documentation, and a comment paragraph starting with `---` opens a section.
 * `npm run chart-readme` writes the file; test/chart-readme.test.ts fails when it is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMap, isScalar, type Pair, parseDocument, parse as parseYaml, type YAMLMap } from "yaml";

export const CHART_DIR = join(fileURLToPath(new URL(".", import.meta.url)), "cilium-egress-ha-operator");

interface Row {
  key: string;
  value: unknown;
  description: string;
}
interface Section {
  title: string;
  rows: Row[];
}

/** Comment text as paragraphs, each one line of text. */
function paragraphs(comment: string | null | undefined): string[] {
  if (!comment) return [];
  return comment
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .split("\n")
        .map((l) => l.trim())
        .join(" ")
        .trim(),
    )
    .filter((p) => p !== "");
}

/** Whether any key under `map`, at any depth, has a comment: then its keys get rows of their own. */
function documented(map: YAMLMap): boolean {
  return map.items.some(
    (p, i) =>
      paragraphs(commentOf(p as Pair, map, i)).length > 0 || (isMap((p as Pair).value) && documented((p as Pair).value as YAMLMap)),
  );
}

/** The first key of a nested map has its comment on the map node itself. */
function commentOf(pair: Pair, parent: YAMLMap, index: number): string | undefined {
  const key = pair.key as { commentBefore?: string | null };
  return key.commentBefore ?? (index === 0 ? (parent.commentBefore ?? undefined) : undefined);
}

function walk(map: YAMLMap, prefix: string, sections: Section[]): void {
  map.items.forEach((item, index) => {
    const pair = item as Pair;
    const key = `${prefix}${isScalar(pair.key) ? String(pair.key.value) : String(pair.key)}`;
    let description = "";
    for (const p of paragraphs(commentOf(pair, map, index))) {
      if (p.startsWith("---")) sections.push({ title: p.replace(/^-+\s*/, ""), rows: [] });
      else description = p;
    }
    if (sections.length === 0) sections.push({ title: "Values", rows: [] });
    if (isMap(pair.value) && pair.value.items.length > 0 && documented(pair.value)) {
      walk(pair.value, `${key}.`, sections);
      return;
    }
    const value = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
    (sections.at(-1) as Section).rows.push({ key, value, description });
  });
}

const cell = (text: string): string => text.replaceAll("|", "\\|");

export function generateReadme(): string {
  const chart = parseYaml(readFileSync(join(CHART_DIR, "Chart.yaml"), "utf8")) as {
    name: string;
    description: string;
    home: string;
  };
  const doc = parseDocument(readFileSync(join(CHART_DIR, "values.yaml"), "utf8"));
  const sections: Section[] = [];
  walk(doc.contents as YAMLMap, "", sections);
  const out = [
    `# ${chart.name}`,
    "",
    chart.description.trim(),
    "",
    "<!-- Generated from values.yaml by `npm run chart-readme`: edit the comments there, not this file. -->",
    "",
    "## Install",
    "",
    "```sh",
    `helm install egress-ha oci://ghcr.io/<owner>/charts/${chart.name} --version <version> -n kube-system`,
    "```",
    "",
    "A released chart pulls its own release's image by digest: no image value to set. The project's README",
    `(${chart.home}) covers upgrades, uninstalling, replicas, pool labels and alerts.`,
    "",
    "## Values",
  ];
  for (const section of sections.filter((s) => s.rows.length > 0)) {
    out.push("", `### ${section.title}`, "", "| Key | Default | Description |", "|---|---|---|");
    for (const row of section.rows) {
      out.push(`| \`${row.key}\` | \`${cell(JSON.stringify(row.value))}\` | ${cell(row.description)} |`);
    }
  }
  return `${out.join("\n")}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(CHART_DIR, "README.md"), generateReadme());
}
