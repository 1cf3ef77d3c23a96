#!/usr/bin/env node
/**
 * The hook's entry: loads the bundle (hook.cjs) with a V8 code cache kept beside the hook's state
 * file, so a hook run skips most parsing and compiling. shell-operator starts a fresh process for
 * every run, and this saves about a third of the hook's own start-up time. Plain Node APIs only:
 * nothing may load before it. Any problem with the cache (read-only disk, a Node upgrade, a new
 * bundle) just means compiling as usual, and the cache is written again after the run.
 *
 * A code cache is code: V8 does not check it against tampering. So it is read without following
 * symlinks and only if the hook's uid owns it and no one else may write it, and written only into
 * a directory that is the hook's own (owned by its uid, writable by no one else; the hook creates
 * it 0700). Its read is
 * asynchronous and given up after a moment, so a hung mount cannot stop the run before its
 * deadline is armed; its write, after the run, goes through an exclusive temporary file that is
 * removed on failure, and leaves one cache per directory.
 */
import * as fs from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

const bundle = join(__dirname, "hook.cjs");
const args = process.argv.slice(2);
const cacheable = args.length === 0 || (args.length === 1 && args[0] === "--config");
const C = fs.constants;
/** Far above a real cache (a few MiB); V8 would reject a wrong one anyway. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** A cache read slower than this is abandoned: compiling takes about as long. */
const READ_GIVE_UP_MS = 250;
const PREFIX = "code-cache-";

function cacheFile(): string | null {
  const tmp = process.env.TMPDIR?.trim() || "/tmp";
  const state = process.env.EGRESS_HA_STATE_FILE?.trim() || join(tmp, "cilium-egress-ha", "state.json");
  // A relative path is refused by the hook's settings; no cache then.
  if (!state.startsWith("/")) return null;
  return join(dirname(state), `${PREFIX}${process.version}-${process.arch}.bin`);
}

const euid = process.geteuid?.() ?? -1;
const ours = (st: fs.Stats) => st.uid === euid && (st.mode & 0o022) === 0;

/** The cache, or undefined: never an error, and never later than READ_GIVE_UP_MS. */
function readCache(file: string, done: (data: Buffer | undefined) => void): void {
  let finished = false;
  const finish = (data?: Buffer): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    done(data);
  };
  const timer = setTimeout(finish, READ_GIVE_UP_MS);
  // Only the hook's uid can have written a file it owns, wherever that file is (and a file in a
  // directory others control could not have been moved there from the hook's own): no need to
  // check the directory, one file-system round trip less on every run.
  fs.open(file, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK, (err, fd) => {
    if (err) return finish();
    const fail = () => fs.close(fd, () => finish());
    fs.fstat(fd, (err2, st) => {
      if (err2 || !st.isFile() || !ours(st) || st.size > MAX_CACHE_BYTES || st.size === 0) return fail();
      const buf = Buffer.allocUnsafe(st.size);
      fs.read(fd, buf, 0, st.size, 0, (err3, n) => {
        if (err3 || n !== st.size) return fail();
        fs.close(fd, () => finish(buf));
      });
    });
  });
}

/** Writes the cache after the run; failures leave nothing behind. */
function writeCache(file: string, data: Buffer, done: () => void): void {
  const dir = dirname(file);
  const tmp = `${file}.tmp`;
  fs.lstat(dir, (err, st) => {
    if (err || !st.isDirectory() || !ours(st)) return done();
    fs.open(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600, (err2, fd) => {
      if (err2) {
        // Another run is writing it, or a killed run left it: remove a leftover older than a minute.
        if (err2.code !== "EEXIST") return done();
        return fs.lstat(tmp, (e, t) => (!e && Date.now() - t.mtimeMs > 60_000 ? fs.unlink(tmp, () => done()) : done()));
      }
      const cleanup = () => fs.close(fd, () => fs.unlink(tmp, () => done()));
      fs.write(fd, data, 0, data.length, null, (err3, n) => {
        if (err3 || n !== data.length) return cleanup();
        fs.close(fd, (err4) => {
          if (err4) return fs.unlink(tmp, () => done());
          fs.rename(tmp, file, (err5) => {
            if (err5) return fs.unlink(tmp, () => done());
            // One cache per directory: drop those of other Node versions or architectures.
            fs.readdir(dir, (err6, names) => {
              const stale = err6
                ? []
                : names.filter((n) => n.startsWith(PREFIX) && n.endsWith(".bin") && join(dir, n) !== file);
              let left = stale.length;
              if (left === 0) return done();
              for (const n of stale) fs.unlink(join(dir, n), () => --left === 0 && done());
            });
          });
        });
      });
    });
  });
}

function run(file: string | null, cachedData: Buffer | undefined): void {
  const source = fs.readFileSync(bundle, "utf8").replace(/^#!.*/, "");
  const script = new Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  // Only a hook run writes the cache (`--config` runs once at startup): after the run, it also
  // holds the functions the run compiled. beforeExit, not exit: the write is asynchronous, and
  // the hook's deadline (an unref'd timer) still bounds it.
  if (file !== null && args.length === 0 && (!cachedData || script.cachedDataRejected)) {
    let written = false;
    process.on("beforeExit", () => {
      if (written) return;
      written = true;
      writeCache(file, script.createCachedData(), () => undefined);
    });
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  const wrapper = script.runInThisContext() as (...a: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, (id: string) => mod.require(id), mod, bundle, __dirname);
}

if (!cacheable) {
  require(bundle);
} else {
  const file = cacheFile();
  if (file === null) run(null, undefined);
  else readCache(file, (data) => run(file, data));
}
