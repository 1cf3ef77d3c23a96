/**
 * The hook process: the two calls shell-operator makes (`--config` and a bare run), wired to
 * the real env, files and clock. File safety is in io/: no blocking opens and capped reads in
 * files.ts, a private state directory in private-dir.ts, no leftovers in replace.ts, runs taking
 * turns in lock.ts.
 */
import * as fs from "node:fs";
import { dirname } from "node:path";
import { ENV, readSettings, type Settings, SettingsError, settingsWarnings } from "../config/settings.js";
import { MAX_INDEX_BYTES } from "../hook/policy-index.js";
import { EXIT_CONTRACT, EXIT_USAGE, runHook } from "../hook/run.js";
import { MAX_STATE_BYTES, unsavedMarker } from "../hook/state.js";
import {
  call,
  existsQuietly,
  FileError,
  readOwnFile,
  readRegular,
  readWithStat,
  type Seen,
  touchQuietly,
  unlinkQuietly,
  writeOutput,
} from "../io/files.js";
import { type Lock, lockFile } from "../io/lock.js";
import { checkStateLocation, ensurePrivateDir } from "../io/private-dir.js";
import { replaceFile } from "../io/replace.js";
import { writeFd } from "../io/stdio.js";
import { buildHookConfig } from "../protocol/hook-config.js";

export function printHookConfig(env: Record<string, string | undefined>): number {
  try {
    const settings = readSettings(env);
    // Refuse at startup what can be checked then: shell-operator shows a failed --config at once.
    const problem = checkStateLocation(settings.stateFile);
    if (problem !== null) throw new SettingsError(`${ENV.stateFile}: ${problem}`);
    for (const warning of settingsWarnings(env, settings)) writeFd(2, `cilium-egress-ha: warning: ${warning}\n`);
    writeFd(1, `${JSON.stringify(buildHookConfig(settings))}\n`);
    return 0;
  } catch (err) {
    if (err instanceof SettingsError) {
      writeFd(2, `cilium-egress-ha: invalid settings: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

/**
 * shell-operator has no hook timeout and a stuck run blocks its queue (protocol §5), so the run
 * ends at EGRESS_HA_RUN_TIMEOUT, counted from the process start, whatever it is waiting for. The
 * timer is never cleared (it is unref'd): it also bounds the code-cache write after the run.
 */
function armDeadline(timeoutSeconds: number): void {
  const ms = Math.max(0, timeoutSeconds * 1000 - process.uptime() * 1000);
  setTimeout(() => {
    writeFd(
      2,
      `${JSON.stringify({ level: "error", msg: `run exceeded EGRESS_HA_RUN_TIMEOUT (${timeoutSeconds}s); giving up so shell-operator retries` })}\n`,
    );
    // exit() joins libuv's threadpool, so with a file operation stuck in the kernel (a hung
    // mount) it would never return. Only a signal ends such a process.
    if (process.getActiveResourcesInfo().some((r) => r.startsWith("FS"))) process.kill(process.pid, "SIGKILL");
    process.exit(EXIT_CONTRACT);
  }, ms).unref();
}

/** The state file's I/O for one run: private directory, lock, capped read, checked atomic write. */
function stateIO(timeoutSeconds: number) {
  let lock: Lock | null = null;
  let dirOk = false;
  let unsaved: { code: string; message: string } | null = null;
  /** Whether an earlier run left the marker that its state could not be saved (`${path}.unsaved`). */
  let saveFailed = false;
  /** The state file as readState read it (null: there was none); undefined when it could not read it. */
  let seen: Seen | null | undefined;
  const what = (path: string) => `${ENV.stateFile} ${path}`;

  return {
    readState: async (path: string): Promise<string | null> => {
      try {
        await ensurePrivateDir(dirname(path));
      } catch (err) {
        const problem = new FileError(`${what(path)}: ${(err as Error).message}`, (err as FileError).code);
        unsaved = problem; // nothing is written into a directory that is not the hook's own
        throw problem;
      }
      dirOk = true;
      // The lock lives as long as this process can: past the deadline it is stale.
      const holdMs = Math.max(1000, timeoutSeconds * 1000 - process.uptime() * 1000 + 1000);
      try {
        lock = await lockFile(path, holdMs, Math.min(2000, holdMs / 2));
        if (!lock.held) {
          unsaved = {
            code: "LOCKED",
            message: `${what(path)} is locked by another hook process (${path}.lock); several processes must not share one state file`,
          };
        }
      } catch (err) {
        unsaved = {
          code: (err as FileError).code,
          message: `${what(path)}: cannot write in its directory: ${(err as Error).message}`,
        };
      }
      saveFailed = await existsQuietly(unsavedMarker(path));
      try {
        const read = await readWithStat(path, what(path), { noFollow: true, owned: true, maxBytes: MAX_STATE_BYTES });
        seen = read.seen;
        return read.data.toString("utf8");
      } catch (err) {
        if ((err as FileError).code !== "ENOENT") throw err;
        seen = null;
        return null;
      }
    },
    writeState: async (path: string, data: string): Promise<void> => {
      if (!dirOk || !lock?.held) throw new FileError("this run does not hold the state file's lock", "LOCKED");
      const size = Buffer.byteLength(data);
      if (size > MAX_STATE_BYTES) {
        throw new FileError(
          `the new state is ${size} bytes, over the limit of ${MAX_STATE_BYTES}; not saved`,
          "TOO_LARGE",
        );
      }
      // Compare and swap: with the lock held nobody else writes; if someone did anyway (a lock
      // broken as stale while its holder still ran), keep their state and say so.
      if (seen !== undefined) {
        const now = await call<fs.Stats | null>((done) =>
          fs.lstat(path, (err, st) => done(err?.code === "ENOENT" ? null : err, err ? null : st)),
        );
        const same =
          now === null || seen === null
            ? now === seen
            : now.ino === seen.ino && now.dev === seen.dev && now.size === seen.size && now.mtimeMs === seen.mtimeMs;
        if (!same) {
          throw new FileError(
            "it was changed by another process during this run; this run's update is dropped",
            "CONFLICT",
          );
        }
      }
      await replaceFile(path, data, "");
      if (saveFailed) await unlinkQuietly(unsavedMarker(path));
      // Done with it: a run sharing the file need not wait for this one's logging.
      await (lock as Lock).release();
    },
    readIndex: async (path: string): Promise<string | null> => {
      if (!dirOk) throw new FileError("the state directory is not the hook's own", "EACCES");
      try {
        return (
          await readRegular(path, `policy index ${path}`, { noFollow: true, owned: true, maxBytes: MAX_INDEX_BYTES })
        ).toString("utf8");
      } catch (err) {
        if ((err as FileError).code === "ENOENT") return null;
        throw err;
      }
    },
    writeIndex: async (path: string, data: string): Promise<void> => {
      if (!dirOk || !lock?.held) throw new FileError("this run does not hold the state file's lock", "LOCKED");
      await replaceFile(path, data, "");
    },
    stateUnsaved: () => unsaved,
    lastSaveFailed: () => saveFailed,
    markUnsaved: (path: string) => (dirOk ? touchQuietly(unsavedMarker(path)) : Promise.resolve()),
    release: async () => {
      await (lock as Lock | null)?.release();
    },
  };
}

export async function runHookProcess(): Promise<number> {
  let timeoutSeconds = 30;
  let settings: Settings | undefined;
  try {
    settings = readSettings(process.env);
    timeoutSeconds = settings.runTimeoutSeconds;
  } catch {
    // runHook reports invalid settings itself.
  }
  armDeadline(timeoutSeconds);
  const state = stateIO(timeoutSeconds);
  try {
    return await runHook(
      {
        env: process.env,
        readFile: async (path) => (await readRegular(path, "")).toString("utf8"),
        writeFile: async (path, data) => {
          // For manual runs; opening /dev/stdout fails with ENXIO when stdout is a socket.
          if (path === "/dev/stdout") writeFd(1, data);
          else await writeOutput(path, data, "");
        },
        readState: state.readState,
        writeState: state.writeState,
        readIndex: state.readIndex,
        writeIndex: state.writeIndex,
        stateUnsaved: state.stateUnsaved,
        // The directory shared with the prober: its heartbeat, and the targets this hook writes.
        readProberFile: (path) => readOwnFile(path, 4 << 20),
        writeProberFile: async (path, data) => {
          await ensurePrivateDir(dirname(path));
          await replaceFile(path, data, path);
        },
        lastSaveFailed: state.lastSaveFailed,
        markUnsaved: state.markUnsaved,
        stderr: (text) => writeFd(2, text),
        now: () => new Date(),
        // node:net loads only when a tick probes.
        probe: async (targets, s) => (await import("../io/probe.js")).probeNodes(targets, s),
      },
      settings,
    );
  } finally {
    await state.release();
  }
}
