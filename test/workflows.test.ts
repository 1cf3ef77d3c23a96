/**
 * The supply chain as the workflows declare it (actionlint checks their syntax in .ci/run): every
 * action pinned to a commit with its version beside it, for Renovate to keep current; the release
 * signs the image index and each platform's image, and checks both signatures before publishing.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const ROOT = join(import.meta.dirname, "..");
const DIR = join(ROOT, ".github", "workflows");
const workflows = readdirSync(DIR)
  .filter((f) => f.endsWith(".yml"))
  .map((f) => ({ file: f, text: readFileSync(join(DIR, f), "utf8") }));

/** Every `uses:` line: file, action, ref and the comment after it. */
const uses = workflows.flatMap(({ file, text }) =>
  [...text.matchAll(/^\s*(?:-\s+)?uses:\s*([^@\s]+)@(\S+)(.*)$/gm)].map((m) => ({
    file,
    action: m[1] as string,
    ref: m[2] as string,
    comment: (m[3] ?? "").trim(),
  })),
);

test("every action is pinned to a commit, with the version it is as a comment", () => {
  assert.ok(uses.length >= 20, `found ${uses.length} uses: lines`);
  const loose = uses.filter((u) => !/^[0-9a-f]{40}$/.test(u.ref) || !/^# v\d+\.\d+\.\d+$/.test(u.comment));
  assert.deepEqual(
    loose.map((u) => `${u.file}: ${u.action}@${u.ref} ${u.comment}`),
    [],
    "uses: owner/action@<40-hex commit> # vX.Y.Z",
  );
});

test("an action is pinned to the same commit and version wherever it is used", () => {
  const pins = new Map<string, Set<string>>();
  for (const u of uses) pins.set(u.action, (pins.get(u.action) ?? new Set()).add(`${u.ref} ${u.comment}`));
  const split = [...pins].filter(([, refs]) => refs.size > 1).map(([action, refs]) => `${action}: ${[...refs]}`);
  assert.deepEqual(split, []);
});

test("Renovate keeps the pinned digests current", () => {
  const renovate = JSON.parse(readFileSync(join(ROOT, "renovate.json"), "utf8")) as { extends: string[] };
  assert.ok(renovate.extends.includes("helpers:pinGitHubActionDigests"));
});

test("the release signs the image index and every platform's image, and verifies each before publishing", () => {
  const release = workflows.find((w) => w.file === "release.yml")?.text ?? "";
  const signs = [...release.matchAll(/cosign sign\b[^\n]*/g)].map((m) => m[0]);
  assert.ok(
    signs.some((s) => s.includes("--recursive") && s.includes("$IMAGE")),
    `the image is signed recursively: ${signs.join(" | ")}`,
  );
  assert.match(release, /for platform in linux\/amd64 linux\/arm64; do/, "each platform's digest is looked up");
  assert.match(release, /cosign verify "\$\{IMAGE%@\*\}@\$digest"/, "and its signature verified");
});
