/**
 * helm for the chart tests: looked up in $HELM, then the e2e tool cache, then PATH (build it with
 * `bash e2e/scripts/build-helm.sh`). Without it the chart tests are skipped, saying so.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after } from "node:test";
import { parseAllDocuments } from "yaml";

export const ROOT = join(import.meta.dirname, "..", "..");
export const CHART = join(ROOT, "charts", "cilium-egress-ha-operator");
export const KUBE_VERSION = "1.34.0";
export const NAMESPACE = "egress-ha";
export const RELEASE = "t";
export const FULLNAME = "t-cilium-egress-ha-operator";
export const HELM_MISSING =
  "helm not found: set $HELM, put helm on PATH, or build it into the e2e tool cache with bash e2e/scripts/build-helm.sh";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const HELM: string | undefined = [
  process.env.HELM,
  join(process.env.E2E_CACHE ?? join(homedir(), ".cache", "cilium-egress-ha-e2e"), "bin", "helm"),
  ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "helm")),
].find((p): p is string => p !== undefined && p !== "" && executable(p));

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests are untyped
  [k: string]: any;
}

export interface Rendered {
  status: number | null;
  stdout: string;
  stderr: string;
}

export const scratch = mkdtempSync(join(tmpdir(), "chart-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
let fileCount = 0;

/** The image a user builds from the Dockerfile and pushes: a chart from git has no default. */
export const IMAGE = "registry.example.com/cilium-egress-ha-operator";
const IMAGE_VALUES = join(scratch, "image-values.yaml");
writeFileSync(IMAGE_VALUES, `image:\n  repository: ${IMAGE}\n`);

export interface TemplateOptions {
  sets?: string[];
  /** false leaves out the image repository every install from git must set. */
  withImage?: boolean;
  /** The chart (a directory or a packaged .tgz); the repository's chart by default. */
  chart?: string;
  extraArgs?: string[];
}

function templateArgs(values: unknown, opts: TemplateOptions): string[] {
  assert.ok(HELM, HELM_MISSING);
  const args = ["template", RELEASE, opts.chart ?? CHART, "--namespace", NAMESPACE, "--kube-version", KUBE_VERSION];
  // A values file, not --set, so a test's own values can still override it.
  if (opts.withImage ?? true) args.push("-f", IMAGE_VALUES);
  if (values !== undefined) {
    // JSON, which is YAML too: helm reads values as YAML 1.1, where an unquoted yes or on is a boolean.
    const file = join(scratch, `values-${fileCount++}.json`);
    writeFileSync(file, JSON.stringify(values));
    args.push("-f", file);
  }
  for (const s of opts.sets ?? []) args.push("--set", s);
  args.push(...(opts.extraArgs ?? []));
  return args;
}

/** `helm template` with optional values (written to a file, so types survive) and --set flags. */
export function helmTemplate(values?: unknown, opts: TemplateOptions = {}): Rendered {
  const r = spawnSync(HELM as string, templateArgs(values, opts), { encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * NOTES.txt as helm renders it. `helm template` never renders NOTES, and `helm install --dry-run`
 * contacts a cluster (helm 3.22), so a copy of the chart renders NOTES.txt's text with `tpl` into a
 * ConfigMap: the same text, the same engine, the same named templates.
 */
export function helmNotes(values?: unknown, opts: TemplateOptions = {}): string {
  const source = opts.chart ?? CHART;
  const copy = join(mkdtempSync(join(scratch, "notes-")), "chart");
  cpSync(source, copy, { recursive: true });
  renameSync(join(copy, "templates", "NOTES.txt"), join(copy, "notes.txt"));
  writeFileSync(
    join(copy, "templates", "zz-notes.yaml"),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ tpl (.Files.Get "notes.txt") . | toJson }}\n',
  );
  const objects = render(values, { ...opts, chart: copy });
  return one(objects, "ConfigMap", "notes").data.notes as string;
}

/** The same, asynchronously, for tests that render many value sets side by side. */
export function helmTemplateAsync(values?: unknown, opts: TemplateOptions = {}): Promise<Rendered> {
  const args = templateArgs(values, opts);
  return new Promise((resolve, reject) => {
    const child = spawn(HELM as string, args);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

export function parseManifests(r: Rendered): K8sObject[] {
  assert.equal(r.status, 0, `helm template failed:\n${r.stderr}`);
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(r.stdout)) {
    assert.deepEqual(doc.errors, [], "rendered YAML does not parse");
    const obj = doc.toJS() as K8sObject | null;
    if (obj !== null) objects.push(obj);
  }
  assert.ok(objects.length > 0, "helm template rendered nothing");
  return objects;
}

export function render(values?: unknown, opts: TemplateOptions = {}): K8sObject[] {
  return parseManifests(helmTemplate(values, opts));
}

export function all(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function one(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const found = all(objects, kind).filter((o) => name === undefined || o.metadata.name === name);
  assert.equal(found.length, 1, `expected exactly one ${kind}${name ? ` ${name}` : ""}, got ${found.length}`);
  return found[0]!;
}

export function container(objects: K8sObject[]) {
  const containers = one(objects, "Deployment").spec.template.spec.containers;
  assert.equal(containers.length, 1);
  return containers[0];
}

/** The container's env as a record; every entry must have a plain string value, set once. */
export function envOf(objects: K8sObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container(objects).env as { name: string; value?: string }[]) {
    assert.equal(env[e.name], undefined, `env ${e.name} is set twice`);
    assert.equal(typeof e.value, "string", `env ${e.name} must have a string value`);
    env[e.name] = e.value!;
  }
  return env;
}
