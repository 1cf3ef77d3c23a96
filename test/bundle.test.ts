/**
 * The hook's run path must start about as fast as bare node. dist/cilium-egress-ha.cjs is a small
 * CommonJS loader (no ESM loader) that runs dist/hook.cjs from a V8 code cache; hook.cjs must not
 * contain commander, yaml or @kubernetes/client-node; the other commands live in dist/cli.cjs,
 * loaded by import() only when used, and the Kubernetes client (client-node bundled) in
 * dist/kube.cjs, loaded by import() from cli.cjs only for `capture` and `status`. Checked on dist/meta.json, which build.mjs writes from
 * esbuild's metafile, and by running the entry.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const DIST = join(import.meta.dirname, "..", "dist");
const meta = JSON.parse(readFileSync(join(DIST, "meta.json"), "utf8")) as {
  outputs: Record<string, { inputs: string[]; imports: { path: string; kind: string }[] }>;
};
/** Optional packages client-node's dependencies try to require and do without (node-fetch, debug, ws). */
const OPTIONAL_IN_KUBE = ["bufferutil", "encoding", "supports-color", "utf-8-validate"];
const HEAVY = ["node_modules/commander/", "node_modules/yaml/", "node_modules/@kubernetes/client-node/"];

test("the entry is a loader that depends on nothing but Node", () => {
  const loader = meta.outputs["cilium-egress-ha.cjs"];
  assert.deepEqual(loader?.inputs, ["src/cli/loader.ts"]);
  assert.deepEqual(
    loader?.imports.filter((i) => !i.path.startsWith("node:")),
    [],
  );
});

test("the hook bundle is one file with no heavy dependency inside", () => {
  const entry = meta.outputs["hook.cjs"];
  assert.ok(entry, "dist/hook.cjs exists");
  assert.ok(
    entry.inputs.some((i) => i.startsWith("src/engine/")),
    "the engine is in the entry",
  );
  for (const heavy of HEAVY)
    assert.deepEqual(
      entry.inputs.filter((i) => i.startsWith(heavy)),
      [],
      heavy,
    );
  const loaded = entry.imports.filter((i) => !i.path.startsWith("node:") && i.kind !== "require-call");
  assert.deepEqual(
    loaded.sort((a, b) => a.path.localeCompare(b.path)),
    [
      { path: "./cli.cjs", kind: "dynamic-import" },
      { path: "./prober.cjs", kind: "dynamic-import" },
    ],
    "only the CLI and prober bundles, and lazily",
  );
});

test("the prober is its own bundle: none of it in the hook's, nothing heavy in it", () => {
  const hook = meta.outputs["hook.cjs"];
  const prober = meta.outputs["prober.cjs"];
  assert.ok(prober?.inputs.includes("src/prober/rounds.ts"));
  assert.deepEqual(
    hook?.inputs.filter((i) => i.startsWith("src/prober/") || i === "src/io/kube-api.ts"),
    [],
  );
  for (const heavy of HEAVY)
    assert.deepEqual(
      prober?.inputs.filter((i) => i.startsWith(heavy)),
      [],
      heavy,
    );
});

test("commander and yaml live in dist/cli.cjs; client-node only in dist/kube.cjs, which only cli.cjs import()s", () => {
  const cli = meta.outputs["cli.cjs"];
  assert.ok(cli?.inputs.some((i) => i.startsWith("node_modules/commander/")));
  assert.ok(cli?.inputs.some((i) => i.startsWith("node_modules/yaml/")));
  const kube = meta.outputs["kube.cjs"];
  assert.ok(
    kube?.inputs.some((i) => i.startsWith("node_modules/@kubernetes/client-node/")),
    "bundled for the image",
  );
  assert.ok(kube?.inputs.includes("src/kube/client.ts"));
  const holders = Object.entries(meta.outputs)
    .filter(([, o]) => o.inputs.some((i) => i.includes("@kubernetes/client-node")))
    .map(([file]) => file);
  assert.deepEqual(holders, ["kube.cjs"]);
  const importers = Object.entries(meta.outputs).flatMap(([file, o]) =>
    o.imports
      .filter((i) => i.path === "./kube.cjs" || i.path.includes("client-node"))
      .map((i) => ({ file, kind: i.kind })),
  );
  assert.deepEqual(importers, [{ file: "cli.cjs", kind: "dynamic-import" }]);
  // Nothing in it needs node_modules at run time: the image has none.
  const needs = (kube?.imports ?? []).filter((i) => !i.path.startsWith("node:") && !isBuiltin(i.path));
  assert.deepEqual(
    [...new Set(needs.map((i) => i.path))].sort(),
    OPTIONAL_IN_KUBE,
    "only optional requires, each behind a try",
  );
});

test("a hook run loads the entry bundle and nothing else of ours", () => {
  // require.cache after the run lists every CommonJS file required; hook.cjs itself is compiled
  // by the loader through node:vm, so the cache must hold the loader alone (not cli.cjs).
  const probe = `
    process.argv = [process.argv[0], ${JSON.stringify(join(DIST, "cilium-egress-ha.cjs"))}];
    process.env.BINDING_CONTEXT_PATH = "/nonexistent";
    process.env.KUBERNETES_PATCH_PATH = "/nonexistent";
    process.env.EGRESS_HA_STATE_FILE = ${JSON.stringify(join(tmpdir(), `bundle-test-${process.pid}`, "state.json"))};
    require(${JSON.stringify(join(DIST, "cilium-egress-ha.cjs"))});
    process.on("exit", () => { process.stdout.write(JSON.stringify(Object.keys(require.cache))); });
  `;
  const res = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
  const loaded = JSON.parse(res.stdout) as string[];
  assert.deepEqual(
    loaded.map((f) => f.slice(DIST.length + 1)),
    ["cilium-egress-ha.cjs"],
  );
});
