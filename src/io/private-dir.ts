/**
 * The directory of the hook's state file: the hook's own (created 0700, owned by its uid,
 * writable by no one else) or refused, so no other user can plant a file, a symlink or a FIFO in
 * it; the files the hook keeps there are opened with O_NOFOLLOW (files.ts's `noFollow`, replace.ts,
 * lock.ts). ensurePrivateDir checks it on a run; checkStateLocation checks it for `--config`,
 * creating nothing.
 */
import * as fs from "node:fs";
import { dirname } from "node:path";
import { describe, euid, FileError, kind } from "./files.js";

const C = fs.constants;

/** Why `dir` is not a directory only the hook's user controls, or null. */
function privacyProblem(st: fs.Stats, dir: string): FileError | null {
  if (st.isSymbolicLink()) return new FileError(`directory ${dir} is a symbolic link`, "SYMLINK");
  if (!st.isDirectory()) return new FileError(`${dir} is not a directory (${kind(st)})`, "NOT_PRIVATE");
  if (st.uid !== euid()) {
    return new FileError(`directory ${dir} is owned by uid ${st.uid}, not by the hook's uid ${euid()}`, "FOREIGN");
  }
  if ((st.mode & 0o022) !== 0) {
    return new FileError(
      `directory ${dir} is writable by other users (mode ${(st.mode & 0o7777).toString(8)}); ` +
        `give the state a directory of its own, for example ${dir}/cilium-egress-ha/state.json`,
      "NOT_PRIVATE",
    );
  }
  return null;
}

/** Creates `dir` (0700) if needed, then checks that it is the hook's own. */
export function ensurePrivateDir(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (created: boolean): void =>
      fs.lstat(dir, (err, st) => {
        if (err?.code === "ENOENT" && !created) {
          return fs.mkdir(dir, { recursive: true, mode: 0o700 }, (err2) =>
            err2 ? reject(describe(err2, `cannot create directory ${dir}`)) : check(true),
          );
        }
        if (err) return reject(describe(err, `directory ${dir}`));
        const problem = privacyProblem(st, dir);
        if (problem) reject(problem);
        else resolve();
      });
    check(false);
  });
}

/**
 * `--config`'s check of EGRESS_HA_STATE_FILE, synchronous and creating nothing (an image build
 * runs `--config` as root, and must not leave a root-owned directory behind): the directory is
 * the hook's own and writable, or can be created; an existing state file is a regular file the
 * hook owns and can read. Returns the problem, or null.
 */
export function checkStateLocation(path: string): string | null {
  const dir = dirname(path);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") return describe(err, `directory ${dir}`).message;
    // Created on the first run: the nearest existing ancestor must let the hook create it.
    let up = dir;
    for (;;) {
      const parent = dirname(up);
      if (parent === up) return `cannot create directory ${dir}`;
      up = parent;
      try {
        if (!fs.statSync(up).isDirectory()) return `cannot create directory ${dir}: ${up} is not a directory`;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
        return describe(e, `cannot create directory ${dir}: ${up}`).message;
      }
      try {
        fs.accessSync(up, C.W_OK | C.X_OK);
        return null;
      } catch (e) {
        return `cannot create directory ${dir}: ${up} is not writable (${(e as NodeJS.ErrnoException).code})`;
      }
    }
  }
  const problem = privacyProblem(st, dir);
  if (problem) return problem.message;
  try {
    fs.accessSync(dir, C.W_OK | C.X_OK);
  } catch (err) {
    return `directory ${dir} is not writable (${(err as NodeJS.ErrnoException).code})`;
  }
  let file: fs.Stats;
  try {
    file = fs.lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    return describe(err, path).message;
  }
  if (!file.isFile()) return `${path} is not a regular file (${kind(file)})`;
  if (file.uid !== euid()) return `${path} is owned by uid ${file.uid}, not by the hook's uid ${euid()}`;
  try {
    fs.accessSync(path, C.R_OK);
  } catch (err) {
    return `${path} is not readable (${(err as NodeJS.ErrnoException).code})`;
  }
  return null;
}
