/**
 * The hook process: the two calls shell-operator makes (`--config` and a bare run), wired to
 * the real env, files and clock.
 */
import { mkdir, readFile, rename, truncate, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { readSettings, SettingsError } from "../config/settings.js";
import { EXIT_CONTRACT, EXIT_USAGE, runHook } from "../hook/run.js";
import { buildHookConfig } from "../protocol/hook-config.js";

export function printHookConfig(env: Record<string, string | undefined>): number {
  try {
    process.stdout.write(`${JSON.stringify(buildHookConfig(readSettings(env)))}\n`);
    return 0;
  } catch (err) {
    if (err instanceof SettingsError) {
      process.stderr.write(`cilium-egress-ha: invalid settings: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

/** Writes the whole output at once; on failure, leaves the file empty rather than half-written. */
async function writeWhole(path: string, data: string): Promise<void> {
  // For manual runs; opening /dev/stdout fails with ENXIO when stdout is a socket.
  if (path === "/dev/stdout") {
    await new Promise<void>((resolve, reject) => process.stdout.write(data, (err) => (err ? reject(err) : resolve())));
    return;
  }
  try {
    await writeFile(path, data);
  } catch (err) {
    await truncate(path, 0).catch(() => undefined);
    throw err;
  }
}

export async function runHookProcess(): Promise<number> {
  let timeoutSeconds = 30;
  try {
    timeoutSeconds = readSettings(process.env).runTimeoutSeconds;
  } catch {
    // runHook reports invalid settings itself.
  }
  // shell-operator has no hook timeout and a stuck run blocks its queue (protocol §5).
  const deadline = setTimeout(() => {
    process.stderr.write(
      `${JSON.stringify({ level: "error", msg: `run exceeded EGRESS_HA_RUN_TIMEOUT (${timeoutSeconds}s); giving up so shell-operator retries` })}\n`,
    );
    process.exit(EXIT_CONTRACT);
  }, timeoutSeconds * 1000);
  deadline.unref();
  try {
    return await runHook({
      env: process.env,
      readFile: (path) => readFile(path, "utf8"),
      writeFile: writeWhole,
      readState: async (path) => {
        try {
          return await readFile(path, "utf8");
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
          throw err;
        }
      },
      writeState: async (path, data) => {
        await mkdir(dirname(path), { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        await writeFile(tmp, data);
        await rename(tmp, path);
      },
      stderr: (text) => process.stderr.write(text),
      now: () => new Date(),
    });
  } finally {
    clearTimeout(deadline);
  }
}
