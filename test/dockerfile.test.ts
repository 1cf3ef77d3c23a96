/**
 * The Dockerfile, without a Docker engine: linted with dockerfile-utils (the validator behind the
 * Dockerfile language server) and parsed with dockerfile-ast to check the image layout that the
 * e2e suite reproduces (e2e/support/world.ts imageLayout), the pinned bases, and that the Node the
 * image ships is the one .ci/run tests on and package.json's engines allows.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DockerfileParser } from "dockerfile-ast";
import { ValidationSeverity, validate } from "dockerfile-utils";

const ROOT = join(import.meta.dirname, "..");
const text = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const dockerfile = DockerfileParser.parse(text);
/** ARG defaults (the global ARGs; a stage re-declares them without a value). */
const args = Object.fromEntries(
  dockerfile
    .getARGs()
    .filter((a) => a.getProperty()?.getValue() != null)
    .map((a) => [a.getProperty()?.getName(), a.getProperty()?.getValue()] as const),
);

/** `NAME=value` assignments of .ci/run. */
function ciVariable(name: string): string {
  const m = new RegExp(`^${name}=(\\S+)$`, "m").exec(readFileSync(join(ROOT, ".ci", "run"), "utf8"));
  assert.ok(m, `.ci/run sets ${name}`);
  return m[1]!;
}

test("the Dockerfile lints clean", () => {
  const problems = validate(text, {}).map(
    (d) => `line ${d.range.start.line + 1}: ${d.message} (${ValidationSeverity[d.severity ?? 1]})`,
  );
  assert.deepEqual(problems, []);
});

test("bases pinned by tag: shell-operator's release, and a musl Node LTS of a compatible Alpine", () => {
  assert.match(String(args.SHELL_OPERATOR_IMAGE), /^ghcr\.io\/flant\/shell-operator:v\d+\.\d+\.\d+$/, "a release tag");
  // shell-operator v1.20.3 is Alpine 3.22; Alpine 3.22 and 3.23 share musl 1.2.5.
  const node = /^node:(\d+)-alpine3\.(\d+)$/.exec(String(args.NODE_IMAGE));
  assert.ok(node, `NODE_IMAGE ${args.NODE_IMAGE} is node:<major>-alpine3.<minor>`);
  assert.equal(Number(node[1]) % 2, 0, "an even major: only those become LTS");
  assert.ok(Number(node[1]) >= 22, "a Node that is still supported");
  assert.ok([22, 23].includes(Number(node[2])), "an Alpine release with the base's musl");
  const froms = dockerfile.getFROMs().map((f) => f.getImage());
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile ARG references, not JS templates
  assert.deepEqual(froms, ["${NODE_IMAGE}", "${SHELL_OPERATOR_IMAGE}"], "the final stage is shell-operator");
});

test("the image: node with its own C++ runtime, hooks/ beside dist/, labels, the CLI on PATH, and a smoke test", () => {
  const copies = dockerfile.getCOPYs().map((c) => c.getArguments().map((a) => a.getValue()));
  assert.deepEqual(copies, [
    ["/usr/local/bin/node", "/usr/local/bin/node"],
    ["/usr/lib/libstdc++.so.6", "/usr/lib/libgcc_s.so.1", "/usr/local/lib/"],
    ["dist", "/opt/cilium-egress-ha/dist"],
    ["hooks", "/opt/cilium-egress-ha/hooks"],
  ]);
  const env = dockerfile
    .getENVs()
    .flatMap((e) => e.getProperties())
    .map((p) => [p.getName(), p.getValue()]);
  assert.deepEqual(env, [["SHELL_OPERATOR_HOOKS_DIR", "/opt/cilium-egress-ha/hooks"]]);
  const labels = Object.fromEntries(
    dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() === "LABEL")
      .flatMap((i) =>
        (i as unknown as { getProperties(): { getName(): string; getValue(): string }[] }).getProperties(),
      )
      .map((p) => [p.getName(), p.getValue()]),
  );
  // The release workflow passes tag@digest in these build args: the labels record the digests.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile ARG references
  assert.equal(labels["org.opencontainers.image.base.name"], "${SHELL_OPERATOR_IMAGE}");
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile ARG references
  assert.equal(labels["io.github.cilium-egress-ha.node-image"], "${NODE_IMAGE}");
  assert.equal(labels["org.opencontainers.image.licenses"], "Apache-2.0");
  const runs = dockerfile
    .getInstructions()
    .filter((i) => i.getKeyword() === "RUN")
    .map((i) => i.getArgumentsContent() ?? "");
  assert.ok(
    runs.some(
      (r) => r.includes("node --version") && r.includes("/opt/cilium-egress-ha/hooks/cilium-egress-ha --config"),
    ),
    "smoke test at build",
  );
  // status and capture on PATH, outside hooks/ (shell-operator runs every executable there), and
  // answering in the image's own smoke test; the Kubernetes client comes in dist/, not node_modules.
  const smoke = runs.find((r) => r.includes("node --version")) ?? "";
  assert.match(smoke, /^ln -s \/opt\/cilium-egress-ha\/hooks\/cilium-egress-ha \/usr\/local\/bin\/cilium-egress-ha /);
  assert.match(smoke, /&& cilium-egress-ha status --help >\/dev\/null/, "the command on PATH answers");
  assert.match(smoke, /require\("\/opt\/cilium-egress-ha\/dist\/kube\.cjs"\)/, "the bundled Kubernetes client loads");
  // The build fetches nothing but its two base images.
  assert.ok(!runs.some((r) => /\bapk\b|\bcurl\b|\bwget\b/.test(r)), "no package install or download at build");
  assert.ok(!text.includes("node_modules"), "no node_modules in the image");
});

test(".dockerignore sends only dist/ and hooks/", () => {
  const lines = readFileSync(join(ROOT, ".dockerignore"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  assert.deepEqual(lines, ["*", "!dist/", "!hooks/"]);
});

test("the Node the image ships is the one .ci/run tests on, and engines allows it and the tested floor", () => {
  const imageMajor = /^node:(\d+)-/.exec(String(args.NODE_IMAGE))?.[1];
  const shipped = ciVariable("SHIPPED_NODE");
  const floor = ciVariable("FLOOR_NODE");
  assert.equal(shipped.split(".")[0], imageMajor, ".ci/run's SHIPPED_NODE has the image's major");
  const engines = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).engines.node as string;
  assert.equal(engines, `>=${floor}`, "engines starts at the Node .ci/run tests as the floor");
  assert.equal(readFileSync(join(ROOT, ".nvmrc"), "utf8").trim(), imageMajor, ".nvmrc names the shipped major");
});
