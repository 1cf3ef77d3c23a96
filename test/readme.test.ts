/**
 * Keeps the documentation honest mechanically: the README's quick start installs the Node CI
 * ships, the README stays short, and every relative link in the README, CONTRIBUTING.md and
 * docs/*.md points to a file that exists and, for an #anchor into markdown, to a heading in it.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");
const README_MAX_LINES = 350;

/** A markdown file's text outside fenced code blocks, line by line (fenced lines become empty). */
function proseLines(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split("\n").map((line) => {
    const open = /^\s*(```|~~~)/.exec(line);
    if (open) {
      if (fence === null) fence = open[1] as string;
      else if (line.trim().startsWith(fence)) fence = null;
      return "";
    }
    return fence === null ? line : "";
  });
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = (heading[1] as string).replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = counts.get(slug) ?? 0;
    counts.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Relative link targets of a markdown text: inline links and images, outside code. */
export function relativeLinks(markdown: string): string[] {
  const links: string[] = [];
  for (const line of proseLines(markdown)) {
    const prose = line.replace(/`[^`]*`/g, "");
    for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1] as string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
      links.push(target);
    }
  }
  return links;
}

/** Written by a parallel change (the alert runbooks); a link to it is checked once it exists. */
const PENDING = new Set(["docs/runbooks.md"]);

/** What is wrong with the relative links of `file` (a path from the repository root). */
export function brokenLinks(file: string, text: string, root = ROOT): string[] {
  const problems: string[] = [];
  for (const link of relativeLinks(text)) {
    const [pathPart = "", anchor] = link.split("#", 2);
    const target = pathPart === "" ? join(root, file) : resolve(root, dirname(file), decodeURI(pathPart));
    const fromRoot = relative(root, target);
    if (!existsSync(target)) {
      if (PENDING.has(fromRoot)) continue;
      problems.push(`${file}: ${link}: no file ${fromRoot}`);
      continue;
    }
    if (anchor === undefined || !target.endsWith(".md")) continue;
    const headings = headingAnchors(pathPart === "" ? text : readFileSync(target, "utf8"));
    if (!headings.has(anchor)) {
      problems.push(`${file}: ${link}: no heading #${anchor} in ${fromRoot}`);
    }
  }
  return problems;
}

function documentationFiles(): string[] {
  const docs = readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
  return ["README.md", "CONTRIBUTING.md", ...docs];
}

test("every relative link in the README, CONTRIBUTING.md and docs/*.md points to a file and a heading", () => {
  const files = documentationFiles();
  assert.ok(files.length >= 5, `documentation files: ${files.join(", ")}`);
  const problems = files.flatMap((f) => brokenLinks(f, read(f)));
  assert.deepEqual(problems, []);
});

test("the link check finds a missing file, a missing heading, and skips code and absolute links", () => {
  const text = [
    "[ok](README.md#quick-start) [same file](#a-heading) [gone](docs/no-such-file.md) [lost](#no-heading-here)",
    "[bad anchor](CONTRIBUTING.md#no-such-heading) [web](https://example.com/x.md) `[code](nowhere.md)`",
    "```",
    "[fenced](nowhere-either.md)",
    "```",
    "## A heading",
  ].join("\n");
  const problems = brokenLinks("README.md", text);
  assert.equal(problems.length, 3, problems.join("\n"));
  assert.match(problems[0] as string, /no file docs\/no-such-file\.md/);
  assert.match(problems[1] as string, /no heading #no-heading-here in README\.md/); // same file: this text's headings
  assert.match(problems[2] as string, /no heading #no-such-heading in CONTRIBUTING\.md/);
});

test("GitHub's heading anchors: punctuation dropped, repeats numbered", () => {
  const anchors = headingAnchors(
    "# The hook's own files\n## dist/ is committed\n## Runtime: Node 26\n## Runtime: Node 26\n",
  );
  assert.deepEqual([...anchors], ["the-hooks-own-files", "dist-is-committed", "runtime-node-26", "runtime-node-26-1"]);
});

test(`the README has at most ${README_MAX_LINES} lines`, () => {
  const lines = read("README.md").trimEnd().split("\n").length;
  assert.ok(lines <= README_MAX_LINES, `README.md has ${lines} lines`);
});

test("the README's quick start brings the Node CI ships, before the first npm command", () => {
  const shipped = /^SHIPPED_NODE=(\S+)$/m.exec(read(".ci/run"))?.[1];
  assert.ok(shipped, ".ci/run sets SHIPPED_NODE");
  const readme = read("README.md");
  const start = readme.indexOf("\n## Quick start\n");
  assert.ok(start >= 0, "the README has a Quick start section");
  const end = readme.indexOf("\n## ", start + 1);
  const quickStart = readme.slice(start, end < 0 ? undefined : end);
  const versions = [...quickStart.matchAll(/bash \.ci\/node\.sh (\S+?)\)/g)].map((m) => m[1]);
  assert.deepEqual(versions, [shipped], "the quick start's .ci/node.sh line installs SHIPPED_NODE");
  const floor = /^>=(\d+\.\d+)/.exec(
    (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node,
  )?.[1];
  assert.ok(floor, "package.json engines.node is a >= range");
  const requirement = quickStart.indexOf(`Node ≥ ${floor}`);
  assert.ok(requirement >= 0, `the quick start states the requirement, Node ≥ ${floor}`);
  assert.ok(requirement < quickStart.indexOf(".ci/node.sh"), "the requirement comes first");
  assert.ok(quickStart.indexOf(".ci/node.sh") < quickStart.indexOf("npm ci"), "Node is installed before npm ci");
  assert.match(quickStart, /npm ci && npm test/);
  assert.match(quickStart, /npm run demo/);
});
