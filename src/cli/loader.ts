#!/usr/bin/env node
/**
 * The hook's entry: loads the bundle (hook.cjs) with a V8 code cache kept beside the hook's state
 * file, so a hook run skips most parsing and compiling. shell-operator starts a fresh process for
 * every run, and this saves about a third of the hook's own start-up time. Plain Node APIs only:
 * nothing may load before it. Any problem with the cache (read-only disk, a Node upgrade, a new
 * bundle) just means compiling as usual, and the cache is written again after the run.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

const bundle = join(__dirname, "hook.cjs");
const args = process.argv.slice(2);
const cacheable = args.length === 0 || (args.length === 1 && args[0] === "--config");

function cacheFile(): string {
  const tmp = process.env.TMPDIR?.trim() || "/tmp";
  const state = process.env.EGRESS_HA_STATE_FILE?.trim() || join(tmp, "cilium-egress-ha", "state.json");
  return join(dirname(state), `code-cache-${process.version}-${process.arch}.bin`);
}

if (!cacheable) {
  require(bundle);
} else {
  const source = readFileSync(bundle, "utf8").replace(/^#!.*/, "");
  const file = cacheFile();
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file);
  } catch {
    // first run, or no state dir yet
  }
  const script = new Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  // Only a hook run writes the cache (`--config` runs once at startup): after the run, it also
  // holds the functions the run compiled.
  if (args.length === 0 && (!cachedData || script.cachedDataRejected)) {
    process.on("exit", () => {
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(`${file}.${process.pid}`, script.createCachedData());
        renameSync(`${file}.${process.pid}`, file);
      } catch {
        // a read-only disk: run without a cache
      }
    });
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  const wrapper = script.runInThisContext() as (...a: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, (id: string) => mod.require(id), mod, bundle, __dirname);
}
