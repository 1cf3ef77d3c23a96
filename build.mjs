// Bundles the CLI into dist/ with esbuild. `node build.mjs --check` builds into a temporary
// folder and fails if dist/ differs, so CI catches a dist/ that was not rebuilt and committed.
//
// CommonJS bundles, because Node 20's ESM loader costs tens of milliseconds per process start:
// dist/cilium-egress-ha.cjs is a small loader that runs dist/hook.cjs (everything a hook run and
// `--config` need, in one file) from a V8 code cache; dist/cli.cjs holds the other commands
// (commander, yaml), loaded only when one is used; dist/prober.cjs is the long-lived prober.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { build } from "esbuild";

const check = process.argv.includes("--check");
const quiet = process.argv.includes("--quiet");
const pkg = JSON.parse(await readFile("package.json", "utf8"));
const outdir = check ? await mkdtemp(join(tmpdir(), "cilium-egress-ha-dist-")) : "dist";

if (!check) await rm("dist", { recursive: true, force: true });

/** Keeps the entry from inlining the commander wiring: it loads ./cli.cjs at run time instead. */
const commandsExternal = {
  name: "commands-external",
  setup(b) {
    b.onResolve({ filter: /\/commands\.js$/ }, () => ({ path: "./cli.cjs", external: true }));
    b.onResolve({ filter: /\/prober\/main\.js$/ }, () => ({ path: "./prober.cjs", external: true }));
  },
};

/** Keeps the CLI bundle from inlining the Kubernetes client: it loads ./kube.cjs when a command needs it. */
const kubeExternal = {
  name: "kube-external",
  setup(b) {
    b.onResolve({ filter: /\/kube\/client\.js$/ }, () => ({ path: "./kube.cjs", external: true }));
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // client-node is 15 MiB bundled (3.4 MiB minified) and ESM-only: only dist/kube.cjs holds it.
  external: ["@kubernetes/client-node"],
  metafile: true,
  // Paths in the bundle's comments and meta.json stay `node_modules/...` even when node_modules
  // is a symlink (a worktree sharing a checkout's), so any checkout builds the same dist/.
  preserveSymlinks: true,
  legalComments: "eof",
  logLevel: "warning",
};

const results = await Promise.all([
  build({ ...common, entryPoints: ["src/cli/loader.ts"], outfile: join(outdir, "cilium-egress-ha.cjs") }),
  build({
    ...common,
    entryPoints: ["src/cli/main.ts"],
    outfile: join(outdir, "hook.cjs"),
    plugins: [commandsExternal],
  }),
  build({
    ...common,
    entryPoints: ["src/cli/commands.ts"],
    outfile: join(outdir, "cli.cjs"),
    plugins: [kubeExternal],
  }),
  build({
    ...common,
    entryPoints: ["src/kube/client.ts"],
    outfile: join(outdir, "kube.cjs"),
    external: [],
    minify: true,
  }),
  // The long-lived prober (`prober`): loaded only by that command.
  build({ ...common, entryPoints: ["src/prober/main.ts"], outfile: join(outdir, "prober.cjs") }),
]);

const meta = { outputs: {} };
for (const result of results) {
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    meta.outputs[relative(outdir, file)] = {
      bytes: out.bytes,
      inputs: Object.keys(out.inputs).sort(),
      imports: out.imports.map((i) => ({ path: i.external ? i.path : relative(outdir, i.path), kind: i.kind })),
    };
  }
}
await writeFile(join(outdir, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);

async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

if (check) {
  const fresh = await listFiles(outdir);
  const committed = await listFiles("dist").catch(() => []);
  const problems = [];
  for (const f of new Set([...fresh, ...committed])) {
    if (!fresh.includes(f)) problems.push(`dist/${f} is stale (a fresh build does not produce it)`);
    else if (!committed.includes(f)) problems.push(`dist/${f} is missing`);
    else if ((await readFile(join(outdir, f), "utf8")) !== (await readFile(join("dist", f), "utf8"))) {
      problems.push(`dist/${f} differs from a fresh build`);
    }
  }
  await rm(outdir, { recursive: true, force: true });
  if (problems.length > 0) {
    console.error(`dist/ is out of date; run \`npm run build\` and commit dist/:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log("dist/ matches a fresh build");
} else if (!quiet) {
  for (const [file, out] of Object.entries(meta.outputs))
    console.log(`${file.padEnd(32)} ${(out.bytes / 1024).toFixed(1)} KiB`);
}
