/**
 * The hook's run path must start about as fast as bare node: the entry chunk and everything it
 * imports statically must not contain commander, yaml or @kubernetes/client-node, which load
 * only through `import()` for the commands that need them. Checked on dist/meta.json, which
 * build.mjs writes from esbuild's metafile.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const DIST = join(import.meta.dirname, "..", "dist");
const meta = JSON.parse(readFileSync(join(DIST, "meta.json"), "utf8")) as {
  outputs: Record<string, { inputs: string[]; imports: { path: string; kind: string }[] }>;
};

function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of meta.outputs[file]?.imports ?? []) {
      if (imp.kind !== "dynamic-import") visit(imp.path);
    }
  };
  visit(entry);
  return seen;
}

test("the hook run path statically loads no heavy dependency", () => {
  const closure = staticClosure("cilium-egress-ha.mjs");
  const inputs = [...closure].flatMap((f) => meta.outputs[f]?.inputs ?? []);
  assert.ok(
    inputs.some((i) => i.startsWith("src/engine/")),
    "the engine is on the run path",
  );
  for (const heavy of ["node_modules/commander/", "node_modules/yaml/", "node_modules/@kubernetes/client-node/"]) {
    assert.deepEqual(
      inputs.filter((i) => i.startsWith(heavy)),
      [],
      `${heavy} must load lazily`,
    );
  }
});

test("@kubernetes/client-node is imported only by import(), from one chunk", () => {
  const importers = Object.entries(meta.outputs).flatMap(([file, o]) =>
    o.imports.filter((i) => i.path === "@kubernetes/client-node").map((i) => ({ file, kind: i.kind })),
  );
  assert.equal(importers.length, 1, JSON.stringify(importers));
  assert.equal(importers[0]?.kind, "dynamic-import");
  assert.ok(!staticClosure("cilium-egress-ha.mjs").has(importers[0]?.file ?? ""));
});

test("commander is bundled, in a chunk of its own reached only by import()", () => {
  const all = Object.entries(meta.outputs);
  const withCommander = all.filter(([, o]) => o.inputs.some((i) => i.startsWith("node_modules/commander/")));
  assert.equal(withCommander.length, 1);
  assert.ok(!staticClosure("cilium-egress-ha.mjs").has(withCommander[0]?.[0] ?? ""));
});
