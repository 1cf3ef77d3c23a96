/**
 * The chart as the release workflow packages it: charts/stamp-release.ts sets the version and the
 * released image's repository and digest, and `helm install` of the packaged chart needs no value.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { stampRelease } from "../charts/stamp-release.js";
import { CHART, container, HELM, HELM_MISSING, helmNotes, one, render, scratch } from "./support/helm.js";

const RELEASE = {
  version: "1.2.3",
  imageRepository: "ghcr.io/acme/cilium-egress-ha-operator",
  imageDigest: `sha256:${"0123456789abcdef".repeat(4)}`,
  githubRepository: "Acme/cilium-egress-ha-operator",
};

function stampedCopy(): string {
  const dir = join(mkdtempSync(join(scratch, "release-")), "cilium-egress-ha-operator");
  cpSync(CHART, dir, { recursive: true });
  stampRelease(dir, RELEASE);
  return dir;
}

test("stamping sets the version, the image by digest and the repository's URLs, keeping the values' comments", () => {
  const dir = stampedCopy();
  const chart = parseYaml(readFileSync(join(dir, "Chart.yaml"), "utf8"));
  assert.equal(chart.version, "1.2.3");
  assert.equal(chart.appVersion, "1.2.3");
  assert.equal(chart.home, "https://github.com/Acme/cilium-egress-ha-operator");
  assert.deepEqual(chart.sources, ["https://github.com/Acme/cilium-egress-ha-operator"]);
  assert.match(chart.icon, /^https:\/\/raw\.githubusercontent\.com\/Acme\/cilium-egress-ha-operator\//);
  for (const file of ["Chart.yaml", "README.md"]) assert.doesNotMatch(readFileSync(join(dir, file), "utf8"), /OWNER/);
  const values = readFileSync(join(dir, "values.yaml"), "utf8");
  assert.equal(parseYaml(values).image.repository, RELEASE.imageRepository);
  assert.equal(parseYaml(values).image.digest, RELEASE.imageDigest);
  assert.match(values, /# Image digest \(`sha256:…`\)/, "comments survive");
  const runbooks = "https://github.com/Acme/cilium-egress-ha-operator/blob/v1.2.3/docs/runbooks.md";
  assert.equal(parseYaml(values).metrics.prometheusRule.runbookBaseURL, runbooks);
  assert.ok(
    readFileSync(join(dir, "README.md"), "utf8").includes(runbooks),
    "the chart README shows the tag's runbooks",
  );
});

test("stamping refuses a malformed digest, version or repository", () => {
  const dir = join(mkdtempSync(join(scratch, "bad-")), "chart");
  cpSync(CHART, dir, { recursive: true });
  assert.throws(() => stampRelease(dir, { ...RELEASE, imageDigest: "latest" }), /--image-digest latest/);
  assert.throws(() => stampRelease(dir, { ...RELEASE, version: "v1.2.3" }), /--version v1\.2\.3/);
  assert.throws(() => stampRelease(dir, { ...RELEASE, imageRepository: "GHCR.io/Acme/x" }), /--image-repository/);
});

describe("the packaged release chart", { skip: HELM ? false : HELM_MISSING }, () => {
  test("installs with no value at all: the released image, by digest", () => {
    const dir = stampedCopy();
    const out = mkdtempSync(join(scratch, "package-"));
    const pkg = spawnSync(HELM!, ["package", dir, "--destination", out], { encoding: "utf8" });
    assert.equal(pkg.status, 0, pkg.stderr);
    const tgz = join(out, "cilium-egress-ha-operator-1.2.3.tgz");
    const objects = render(undefined, { chart: tgz, withImage: false });
    assert.equal(container(objects).image, `${RELEASE.imageRepository}@${RELEASE.imageDigest}`);
    assert.equal(one(objects, "Deployment").metadata.labels?.["app.kubernetes.io/version"], "1.2.3");
    assert.match(
      helmNotes(undefined, { chart: dir, withImage: false }),
      /cilium-egress-ha-operator 1\.2\.3 is installed/,
    );
    const lint = spawnSync(HELM!, ["lint", "--strict", dir], { encoding: "utf8" });
    assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  });
});
