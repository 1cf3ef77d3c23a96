/**
 * The Dockerfile, without a Docker engine: linted with dockerfile-utils (the validator behind the
 * Dockerfile language server) and parsed with dockerfile-ast to check the image layout that the
 * e2e suite reproduces (e2e/support/world.ts imageLayout).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DockerfileParser } from "dockerfile-ast";
import { ValidationSeverity, validate } from "dockerfile-utils";

const text = readFileSync(join(import.meta.dirname, "..", "Dockerfile"), "utf8");

test("the Dockerfile lints clean", () => {
  const problems = validate(text, {}).map(
    (d) => `line ${d.range.start.line + 1}: ${d.message} (${ValidationSeverity[d.severity ?? 1]})`,
  );
  assert.deepEqual(problems, []);
});

test("the image: a pinned shell-operator base, a musl node, hooks/ beside dist/, and a --config smoke test", () => {
  const dockerfile = DockerfileParser.parse(text);
  const args = Object.fromEntries(
    dockerfile.getARGs().map((a) => [a.getProperty()?.getName(), a.getProperty()?.getValue()] as const),
  );
  assert.match(String(args.SHELL_OPERATOR_IMAGE), /^ghcr\.io\/flant\/shell-operator:v\d+\.\d+\.\d+$/, "pinned tag");
  assert.match(String(args.NODE_IMAGE), /^node:20(\.\d+)*-alpine/, "Node 20 built for musl");
  const froms = dockerfile.getFROMs().map((f) => f.getImage());
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile ARG references, not JS templates
  assert.deepEqual(froms, ["${NODE_IMAGE}", "${SHELL_OPERATOR_IMAGE}"], "the final stage is shell-operator");
  const copies = dockerfile.getCOPYs().map((c) => c.getArguments().map((a) => a.getValue()));
  assert.deepEqual(copies, [
    ["/usr/local/bin/node", "/usr/local/bin/node"],
    ["dist", "/opt/cilium-egress-ha/dist"],
    ["hooks", "/opt/cilium-egress-ha/hooks"],
  ]);
  const env = dockerfile
    .getENVs()
    .flatMap((e) => e.getProperties())
    .map((p) => [p.getName(), p.getValue()]);
  assert.deepEqual(env, [["SHELL_OPERATOR_HOOKS_DIR", "/opt/cilium-egress-ha/hooks"]]);
  const runs = dockerfile
    .getInstructions()
    .filter((i) => i.getKeyword() === "RUN")
    .map((i) => i.getArgumentsContent());
  assert.ok(
    runs.some((r) => r?.includes("/opt/cilium-egress-ha/hooks/cilium-egress-ha --config")),
    "smoke test at build",
  );
  // Nothing else may be executable in the hooks dir: shell-operator would run it.
  assert.ok(!text.includes("node_modules"), "no node_modules in the image");
});
