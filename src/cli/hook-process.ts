/**
 * The hook process: the two calls shell-operator makes (`--config` and a bare run), wired to
 * the real env, files and clock.
 */
import * as fs from "node:fs";
import { dirname } from "node:path";
import { readSettings, type Settings, SettingsError, settingsWarnings } from "../config/settings.js";
import { EXIT_CONTRACT, EXIT_USAGE, runHook } from "../hook/run.js";
import { writeFd } from "../io/stdio.js";
import { buildHookConfig } from "../protocol/hook-config.js";

export function printHookConfig(env: Record<string, string | undefined>): number {
  try {
    const settings = readSettings(env);
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

// node:fs callbacks rather than node:fs/promises, which alone costs ~8 ms to load per run.
function call<T>(fn: (done: (err: NodeJS.ErrnoException | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}
const readFile = (path: string) => call<string>((done) => fs.readFile(path, "utf8", done));
const writeFile = (path: string, data: string) => call<void>((done) => fs.writeFile(path, data, done));

/** Writes the whole output at once; on failure, leaves the file empty rather than half-written. */
async function writeWhole(path: string, data: string): Promise<void> {
  // For manual runs; opening /dev/stdout fails with ENXIO when stdout is a socket.
  if (path === "/dev/stdout") {
    writeFd(1, data);
    return;
  }
  try {
    await writeFile(path, data);
  } catch (err) {
    await call<void>((done) => fs.truncate(path, 0, done)).catch(() => undefined);
    throw err;
  }
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
  // shell-operator has no hook timeout and a stuck run blocks its queue (protocol §5).
  const deadline = setTimeout(() => {
    writeFd(
      2,
      `${JSON.stringify({ level: "error", msg: `run exceeded EGRESS_HA_RUN_TIMEOUT (${timeoutSeconds}s); giving up so shell-operator retries` })}\n`,
    );
    process.exit(EXIT_CONTRACT);
  }, timeoutSeconds * 1000);
  deadline.unref();
  try {
    return await runHook(
      {
        env: process.env,
        readFile,
        writeFile: writeWhole,
        readState: async (path) => {
          try {
            return await readFile(path);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
            throw err;
          }
        },
        writeState: async (path, data) => {
          await call((done) => fs.mkdir(dirname(path), { recursive: true }, done));
          const tmp = `${path}.${process.pid}.tmp`;
          await writeFile(tmp, data);
          await call<void>((done) => fs.rename(tmp, path, done));
        },
        stderr: (text) => writeFd(2, text),
        now: () => new Date(),
      },
      settings,
    );
  } finally {
    clearTimeout(deadline);
  }
}
