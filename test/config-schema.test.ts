/**
 * The built hook's `--config` output must pass the schema shell-operator v1.20.3 applies to a
 * `configVersion: v1` hook configuration (../shared/reference/shell-operator-config-v1.schema.yaml,
 * copied verbatim from pkg/hook/config/schemas.go). It is an OpenAPI v2 (draft-4-like) schema
 * with local `#/definitions` refs, so it is checked with ajv's draft-04 class.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import AjvDraft04 from "ajv-draft-04";
import { parse as parseYaml } from "yaml";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cilium-egress-ha.cjs");
const SCHEMA_PATH = resolve(ROOT, "../shared/reference/shell-operator-config-v1.schema.yaml");
const SCHEMA_MISSING = `schema not found at ${SCHEMA_PATH} (shared reference files are not checked out)`;

/** The schema text after the comment header, which ends with a line reading only `# ---`. */
function loadSchema(): Record<string, unknown> {
  const text = readFileSync(SCHEMA_PATH, "utf8");
  const lines = text.split("\n");
  const header = lines.findIndex((l) => l.trimEnd() === "# ---");
  const body = header >= 0 ? lines.slice(header + 1).join("\n") : text;
  return parseYaml(body) as Record<string, unknown>;
}

function validator() {
  // CommonJS module: at runtime the default import is the class, whose `.default` is itself.
  const Ajv = AjvDraft04.default;
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(loadSchema());
}

function hookConfig(env: Record<string, string>): Record<string, unknown> {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [CLI, "--config"], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  assert.equal(r.status, 0, `--config failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** Just enough shape to break a config in the rejection test. */
interface Cfg {
  [key: string]: unknown;
  kubernetes: Record<string, unknown>[];
  schedule: Record<string, unknown>[];
}

const MULTI_POOL_ENV = {
  EGRESS_HA_POOLS: '{"a":"role=a","b":{"matchExpressions":[{"key":"zone","operator":"In","values":["x"]}]}}',
  // Without a tick there can be no probe and no Lease signal.
  EGRESS_HA_RESYNC_INTERVAL: "0",
  EGRESS_HA_PROBE: "false",
  EGRESS_HA_LEASE_SIGNAL: "false",
};

describe("--config output against shell-operator's v1 config schema", () => {
  const cases: [string, Record<string, string>][] = [
    ["default settings", {}],
    ["two pools, one with matchExpressions, resync off", MULTI_POOL_ENV],
    ["custom queue and resync period", { EGRESS_HA_QUEUE: "egress-ha", EGRESS_HA_RESYNC_INTERVAL: "2m" }],
  ];
  for (const [label, env] of cases) {
    test(label, (t) => {
      if (!existsSync(SCHEMA_PATH)) return t.skip(SCHEMA_MISSING);
      const validate = validator();
      const config = hookConfig(env);
      assert.equal(validate(config), true, JSON.stringify(validate.errors, null, 2));
    });
  }

  test("the multi-pool config has what the settings ask for", () => {
    const config = hookConfig(MULTI_POOL_ENV) as {
      kubernetes: { name: string; kind: string; labelSelector?: unknown }[];
      schedule?: unknown;
    };
    const nodeBindings = config.kubernetes.filter((b) => b.kind === "Node");
    assert.deepEqual(
      nodeBindings.map((b) => b.name),
      ["nodes-a", "nodes-b", "hostnames"],
    );
    assert.deepEqual(nodeBindings[1]?.labelSelector, {
      matchExpressions: [{ key: "zone", operator: "In", values: ["x"] }],
    });
    // The node inventory watches every Node: no selector.
    assert.equal(nodeBindings[2]?.labelSelector, undefined);
    assert.ok(config.kubernetes.some((b) => b.name === "policies" && b.kind === "CiliumEgressGatewayPolicy"));
    assert.equal(config.schedule, undefined, "EGRESS_HA_RESYNC_INTERVAL=0 drops the schedule binding");
  });

  test("the schema rejects broken configs (so the checks above can fail)", (t) => {
    if (!existsSync(SCHEMA_PATH)) return t.skip(SCHEMA_MISSING);
    const validate = validator();
    const good = hookConfig({});
    assert.equal(validate(good), true);
    const broken: [string, (c: Cfg) => void][] = [
      ["a kubernetes binding without kind", (c) => delete c.kubernetes[0]!.kind],
      [
        "an unknown top-level key",
        (c) => {
          c.bindings = [];
        },
      ],
      [
        "an unknown binding key",
        (c) => {
          c.kubernetes[0]!.labelselector = {};
        },
      ],
      [
        "configVersion v2",
        (c) => {
          c.configVersion = "v2";
        },
      ],
      ["a schedule without crontab", (c) => delete c.schedule[0]!.crontab],
      [
        "keepFullObjectsInMemory as a string",
        (c) => {
          c.kubernetes[1]!.keepFullObjectsInMemory = "false";
        },
      ],
      [
        "a labelSelector with an unknown operator",
        (c) => {
          c.kubernetes[0]!.labelSelector = { matchExpressions: [{ key: "k", operator: "Equals", values: ["v"] }] };
        },
      ],
      [
        "an empty labelSelector",
        (c) => {
          c.kubernetes[0]!.labelSelector = {};
        },
      ],
    ];
    for (const [label, breakIt] of broken) {
      const config = structuredClone(good) as Cfg;
      breakIt(config);
      assert.equal(validate(config), false, `accepted ${label}`);
    }
  });
});
