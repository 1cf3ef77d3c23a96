/**
 * Stamps a release into the chart before `helm package` (run by .github/workflows/release.yml):
 * the chart's version and appVersion, the released image's repository and digest as the image
 * defaults (so `helm install` of the packaged chart needs no image value), and the repository's
 * GitHub URLs in place of the OWNER placeholder, the alerts' runbook links at the tag's docs/runbooks.md. Edits values.yaml through the YAML document model,
 * so its comments (the chart README's source) stay.
 *
 *   node --import tsx charts/stamp-release.ts <chart dir> --version 1.2.3 \
 *     --image-repository ghcr.io/<owner>/cilium-egress-ha-operator --image-digest sha256:<64 hex> \
 *     --github-repository <owner>/<name>
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseDocument } from "yaml";

export interface Release {
  version: string;
  imageRepository: string;
  imageDigest: string;
  githubRepository: string;
}

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const PLACEHOLDER = "OWNER/cilium-egress-ha-operator";
const RUNBOOKS_KEY = ["metrics", "prometheusRule", "runbookBaseURL"];
const RUNBOOKS_DEFAULT = `https://github.com/${PLACEHOLDER}/blob/main/docs/runbooks.md`;

export function stampRelease(chartDir: string, release: Release): void {
  if (!SEMVER.test(release.version)) throw new Error(`--version ${release.version}: not a semantic version`);
  if (!/^sha256:[0-9a-f]{64}$/.test(release.imageDigest)) {
    throw new Error(`--image-digest ${release.imageDigest}: expected sha256:<64 hex digits>`);
  }
  if (!/^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+$/.test(release.imageRepository)) {
    throw new Error(`--image-repository ${release.imageRepository}: expected a lower-case registry/path`);
  }
  if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(release.githubRepository)) {
    throw new Error(`--github-repository ${release.githubRepository}: expected <owner>/<name>`);
  }

  const chartPath = join(chartDir, "Chart.yaml");
  const chart = parseDocument(readFileSync(chartPath, "utf8"));
  chart.set("version", release.version);
  chart.set("appVersion", release.version);
  let chartText = chart.toString({ lineWidth: 0 });
  if (!chartText.includes(PLACEHOLDER)) throw new Error(`${chartPath}: no ${PLACEHOLDER} placeholder to stamp`);
  chartText = chartText.replaceAll(PLACEHOLDER, release.githubRepository);
  writeFileSync(chartPath, chartText);

  // The alerts' runbook links point at the runbooks of the released tag, which match its alerts.
  const runbooks = `https://github.com/${release.githubRepository}/blob/v${release.version}/docs/runbooks.md`;
  const readmePath = join(chartDir, "README.md");
  writeFileSync(
    readmePath,
    readFileSync(readmePath, "utf8").replaceAll(RUNBOOKS_DEFAULT, runbooks).replaceAll(PLACEHOLDER, release.githubRepository),
  );

  const valuesPath = join(chartDir, "values.yaml");
  const values = parseDocument(readFileSync(valuesPath, "utf8"));
  for (const key of ["repository", "digest"]) {
    if (!values.hasIn(["image", key])) throw new Error(`${valuesPath}: image.${key} is missing`);
  }
  if (!values.hasIn(RUNBOOKS_KEY)) throw new Error(`${valuesPath}: ${RUNBOOKS_KEY.join(".")} is missing`);
  values.setIn(["image", "repository"], release.imageRepository);
  values.setIn(["image", "digest"], release.imageDigest);
  values.setIn(RUNBOOKS_KEY, runbooks);
  writeFileSync(valuesPath, values.toString({ lineWidth: 0 }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      version: { type: "string" },
      "image-repository": { type: "string" },
      "image-digest": { type: "string" },
      "github-repository": { type: "string" },
    },
  });
  const [chartDir] = positionals;
  const need = (name: keyof typeof values): string => {
    const v = values[name];
    if (typeof v !== "string" || v === "") throw new Error(`--${name} is required`);
    return v;
  };
  if (!chartDir) throw new Error("usage: stamp-release.ts <chart dir> --version … --image-repository … --image-digest … --github-repository …");
  stampRelease(chartDir, {
    version: need("version"),
    imageRepository: need("image-repository"),
    imageDigest: need("image-digest"),
    githubRepository: need("github-repository"),
  });
}
