/**
 * Golden tests: every scenario under test/fixtures runs through the real hook entry
 * (hooks/cilium-egress-ha → dist/) as shell-operator would run it, and the patch file, exit
 * code, warnings/errors and the (empty) stdout are compared with the recorded expectations.
 * UPDATE_GOLDEN=1 rewrites expected.ndjson/expected.json (review the diff!);
 * GOLDEN_FILTER=<substring> runs only matching scenarios.
 * Each move's patch writes the cilium-egress-ha/last-move annotation, whose id and time come
 * from the wall clock: both are checked for shape, then replaced by placeholders before the
 * comparison (the writer, the cause's code, the tier and the slots' from/to are kept).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const HOOK = join(import.meta.dirname, "..", "hooks", "cilium-egress-ha");
const FIXTURES = join(import.meta.dirname, "fixtures");
const EXAMPLES = join(import.meta.dirname, "..", "examples");
const update = process.env.UPDATE_GOLDEN === "1";
const filter = process.env.GOLDEN_FILTER ?? "";
const work = mkdtempSync(join(tmpdir(), "golden-"));
after(() => rmSync(work, { recursive: true, force: true }));

const LAST_MOVE = "cilium-egress-ha/last-move";
const LAST_MOVE_PATH = "/metadata/annotations/cilium-egress-ha~1last-move";

/** The last-move annotation's text with its id and time replaced, once they are checked. */
function normalizeLastMove(text: unknown, started: number): string {
  assert.equal(typeof text, "string", "the last-move annotation is JSON text");
  const v = JSON.parse(text as string) as Record<string, unknown>;
  assert.deepEqual(Object.keys(v), ["id", "by", "at", "reason", "tier", "from", "to"], `last-move keys: ${text}`);
  assert.match(String(v.id), /^[0-9a-z]+-\d+$/, "move id");
  const at = Date.parse(String(v.at));
  assert.ok(at >= started - 1000 && at <= Date.now() + 1000, `last-move at ${String(v.at)} is the run's time`);
  return JSON.stringify({ ...v, id: "<id>", at: "<at>" });
}

/** The patch file with every last-move annotation normalized; other lines are kept byte for byte. */
export function normalizePatch(patch: string, started: number): string {
  return patch
    .split("\n")
    .map((line) => {
      if (line === "") return line;
      const op = JSON.parse(line) as { operation?: string; jsonPatch?: { path: string; value: unknown }[] };
      if (op.operation !== "JSONPatch" || !op.jsonPatch) return line;
      let changed = false;
      for (const j of op.jsonPatch) {
        if (j.path === LAST_MOVE_PATH) {
          j.value = normalizeLastMove(j.value, started);
          changed = true;
        } else if (j.path === "/metadata/annotations" && j.value !== null) {
          const annotations = j.value as Record<string, unknown>;
          annotations[LAST_MOVE] = normalizeLastMove(annotations[LAST_MOVE], started);
          changed = true;
        }
      }
      assert.ok(changed, `a policy patch without the last-move annotation: ${line}`);
      return JSON.stringify(op);
    })
    .join("\n");
}

interface Expected {
  exitCode: number;
  /**
   * Every warn/error log line, in order, as "<level> <key>": the key is the line's `condition`
   * (a lasting condition's key) or its `code`, then its `where` for a skipped item. Never the
   * prose, so rewording a message changes no fixture; tests of the wording live beside the code.
   */
  lines: string[];
}

/** A warn/error line as the goldens record it; a line with neither a condition nor a code fails. */
export function lineKey(r: Record<string, unknown>): string {
  const key = r.condition ?? r.code;
  assert.ok(typeof key === "string" && key !== "", `a ${String(r.level)} line without a condition or code: ${r.msg}`);
  return [r.level, key, ...(typeof r.where === "string" ? [r.where] : [])].join(" ");
}

/**
 * Fixtures carry no Lease or agent snapshots, and Events are off: those depend on the wall clock
 * and are covered by table tests and `plan --now`. The pool is selected by a label only an
 * administrator can set, so the NodeRestriction warning shows only in the fixture about it. A
 * fixture can add env in env.json.
 */
const BASE_ENV = {
  EGRESS_HA_POOLS: "egress=node-restriction.kubernetes.io/egress-pool=egress",
  EGRESS_HA_LEASE_SIGNAL: "false",
  EGRESS_HA_AGENT_SIGNAL: "false",
  EGRESS_HA_EVENTS: "false",
  EGRESS_HA_PROBE: "false",
};

export function runHook(contextPath: string, env: Record<string, string> = {}) {
  const started = Date.now();
  const patchPath = join(work, `patch-${Math.random().toString(36).slice(2)}`);
  writeFileSync(patchPath, ""); // shell-operator pre-creates the file empty
  const res = spawnSync(HOOK, [], {
    env: {
      PATH: process.env.PATH ?? "",
      BINDING_CONTEXT_PATH: contextPath,
      KUBERNETES_PATCH_PATH: patchPath,
      // A fresh state per run: each scenario stands alone.
      EGRESS_HA_STATE_FILE: `${patchPath}.state.json`,
      ...BASE_ENV,
      ...env,
    },
    encoding: "utf8",
  });
  const lines = res.stderr.split("\n").filter((l) => l !== "");
  const records = lines.map((l) => {
    try {
      return JSON.parse(l) as { level: string; msg: string } & Record<string, unknown>;
    } catch {
      return { level: "raw", msg: l };
    }
  });
  return {
    status: res.status,
    stdout: res.stdout,
    records,
    patch: normalizePatch(readFileSync(patchPath, "utf8"), started),
  };
}

for (const scenario of readdirSync(FIXTURES).sort()) {
  if (!scenario.includes(filter)) continue;
  const dir = join(FIXTURES, scenario);
  test(`golden: ${scenario}`, () => {
    const contextPath = existsSync(join(dir, "context.json"))
      ? join(dir, "context.json")
      : join(EXAMPLES, `${scenario}.json`);
    const envFile = join(dir, "env.json");
    const got = runHook(contextPath, existsSync(envFile) ? JSON.parse(readFileSync(envFile, "utf8")) : {});
    const lines = got.records
      .filter((r) => r.level !== "info" && r.level !== "debug" && r.level !== "raw")
      .map(lineKey);
    const expectedPatch = join(dir, "expected.ndjson");
    const expectedMeta = join(dir, "expected.json");
    if (update) {
      writeFileSync(expectedPatch, got.patch);
      writeFileSync(expectedMeta, `${JSON.stringify({ exitCode: got.status, lines }, null, 2)}\n`);
    }
    const want = JSON.parse(readFileSync(expectedMeta, "utf8")) as Expected;
    assert.equal(got.stdout, "", "stdout must stay empty on hook runs");
    assert.equal(got.status, want.exitCode, `exit code; stderr: ${JSON.stringify(got.records)}`);
    assert.deepEqual(lines, want.lines);
    assert.equal(got.patch, readFileSync(expectedPatch, "utf8"));
    // Every stderr line is one JSON object with a level and a msg, so shell-operator merges it.
    for (const r of got.records) assert.notEqual(r.level, "raw", `non-JSON stderr line: ${r.msg}`);
    if (want.exitCode !== 0) assert.equal(got.patch, "", "a failed run leaves no output");
  });
}
