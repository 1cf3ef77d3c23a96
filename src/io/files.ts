/**
 * The hook's file I/O, safe against what a shared or broken filesystem can do to it:
 * - No open ever blocks: FIFOs and devices are opened non-blocking and refused by fstat where a
 *   regular file is expected. Everything goes through libuv's threadpool, so a hung mount stalls
 *   only a worker thread, and the run's deadline still fires (see hook-process.ts).
 * - The state directory is the hook's own (created 0700, owned by its uid, writable by no one
 *   else) or refused, so no other user can plant a file, a symlink or a FIFO in it. Files in it
 *   are opened with O_NOFOLLOW; temporary files are created with O_EXCL and removed on failure.
 * - Reads are capped, and nothing here puts a file's content into an error message.
 * node:fs callbacks rather than node:fs/promises, which alone costs ~8 ms to load per run.
 */
import * as fs from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";

const C = fs.constants;

/** A file problem; the message names the file and says what is wrong, never what it contains. */
export class FileError extends Error {
  override name = "FileError";
  constructor(
    message: string,
    /** errno code (ENOENT, EACCES, ...) or one of ours: NOT_REGULAR, SYMLINK, FOREIGN, TOO_LARGE, NOT_PRIVATE. */
    readonly code: string,
  ) {
    super(message);
  }
}

type Done<T> = (err: NodeJS.ErrnoException | null, value?: T) => void;
export function call<T>(fn: (done: Done<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}

const euid = (): number => process.geteuid?.() ?? -1;

function kind(st: fs.Stats): string {
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isDirectory()) return "a directory";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/**
 * An errno error as a FileError about `what` ("" when the caller names the file itself, as in
 * "cannot read BINDING_CONTEXT_PATH /x: it is not a regular file"); ELOOP from O_NOFOLLOW means a symlink.
 */
export function describe(err: unknown, what: string): FileError {
  if (err instanceof FileError) return err;
  const e = err as NodeJS.ErrnoException;
  const subject = what || "it";
  if (e.code === "ELOOP") return new FileError(`${subject} is a symbolic link; refusing to follow it`, "SYMLINK");
  // ENXIO: a FIFO with no reader, opened non-blocking for writing.
  if (e.code === "ENXIO") return new FileError(`${subject} is not a regular file (a FIFO or socket)`, "NOT_REGULAR");
  // Node's message is "ENOENT: no such file or directory, open '/path'": keep the reason only.
  const reason = String(e.message ?? e.code).split(", ")[0] ?? "";
  return new FileError(what ? `${what}: ${reason}` : reason, e.code ?? "EIO");
}

export interface ReadOptions {
  /** Refuse a symlink as the file itself (files in the hook's own directory). */
  noFollow?: boolean;
  /** Refuse a file owned by another uid. */
  owned?: boolean;
  /** Refuse a larger file before reading it (TOO_LARGE). */
  maxBytes?: number;
}

/**
 * Reads a regular file whole. `what` names it in errors ("EGRESS_HA_STATE_FILE /x/state.json").
 * Rejects with a FileError; ENOENT keeps its code, so callers can treat a missing file apart.
 */
export async function readRegular(path: string, what: string, opts: ReadOptions = {}): Promise<Buffer> {
  return (await readWithStat(path, what, opts)).data;
}

/** Where a file was when it was read: a later lstat that differs means it was replaced or changed. */
export interface Seen {
  ino: number;
  dev: number;
  size: number;
  mtimeMs: number;
}

export const seenOf = (st: fs.Stats): Seen => ({ ino: st.ino, dev: st.dev, size: st.size, mtimeMs: st.mtimeMs });

/** readRegular, and the file's identity as read (see Seen). */
export function readWithStat(
  path: string,
  what: string,
  opts: ReadOptions = {},
): Promise<{ data: Buffer; seen: Seen }> {
  const flags = C.O_RDONLY | C.O_NONBLOCK | (opts.noFollow ? C.O_NOFOLLOW : 0);
  const subject = what || "it";
  return new Promise((resolve, reject) => {
    fs.open(path, flags, (err, fd) => {
      if (err) return reject(describe(err, what));
      const fail = (e: unknown) => fs.close(fd, () => reject(describe(e, what)));
      fs.fstat(fd, (err2, st) => {
        if (err2) return fail(err2);
        if (!st.isFile()) return fail(new FileError(`${subject} is not a regular file (${kind(st)})`, "NOT_REGULAR"));
        if (opts.owned && st.uid !== euid()) {
          return fail(
            new FileError(`${subject} is owned by uid ${st.uid}, not by the hook's uid ${euid()}`, "FOREIGN"),
          );
        }
        const max = opts.maxBytes ?? Number.MAX_SAFE_INTEGER;
        if (st.size > max) {
          return fail(new FileError(`${subject} is ${st.size} bytes, over the limit of ${max}`, "TOO_LARGE"));
        }
        // Read to EOF, not to st.size: the file may grow (or be on a filesystem that reports 0).
        const chunks: Buffer[] = [];
        let total = 0;
        const next = (): void => {
          const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size - total + 1, 65536), 16 << 20, max - total + 1));
          fs.read(fd, buf, 0, buf.length, null, (err3, n) => {
            if (err3) return fail(err3);
            const done = () => fs.close(fd, () => resolve({ data: Buffer.concat(chunks, total), seen: seenOf(st) }));
            if (n === 0) return done();
            chunks.push(buf.subarray(0, n));
            total += n;
            if (total > max) return fail(new FileError(`${subject} grew over the limit of ${max} bytes`, "TOO_LARGE"));
            // A short read of a regular file past its size is its end: no round trip to hear it.
            if (n < buf.length && total >= st.size) return done();
            next();
          });
        };
        next();
      });
    });
  });
}

function writeAll(fd: number, data: Buffer, done: (err: NodeJS.ErrnoException | null) => void): void {
  let offset = 0;
  const step = (): void => {
    if (offset >= data.length) {
      done(null);
      return;
    }
    fs.write(fd, data, offset, data.length - offset, null, (err, n) => {
      if (err) return done(err);
      offset += n;
      step();
    });
  };
  step();
}

/**
 * Writes an output file shell-operator handed us (patch, metrics) whole. Refuses a FIFO, socket
 * or directory instead of blocking on it; on failure leaves the file empty, not half-written.
 */
export function writeOutput(path: string, data: string, what: string): Promise<void> {
  const bytes = Buffer.from(data);
  return new Promise((resolve, reject) => {
    fs.open(path, C.O_WRONLY | C.O_CREAT | C.O_NONBLOCK, 0o666, (err, fd) => {
      if (err) return reject(describe(err, what));
      const fail = (e: unknown, truncate: boolean) => {
        const close = () => fs.close(fd, () => reject(describe(e, what)));
        if (truncate) fs.ftruncate(fd, 0, close);
        else close();
      };
      fs.fstat(fd, (err2, st) => {
        if (err2) return fail(err2, false);
        // A character device is fine for manual runs (/dev/null); anything else that is not a file is not.
        if (!st.isFile() && !st.isCharacterDevice()) {
          return fail(new FileError(`${what || "it"} is not a regular file (${kind(st)})`, "NOT_REGULAR"), false);
        }
        const write = () =>
          writeAll(fd, bytes, (err3) => {
            if (err3) return fail(err3, st.isFile());
            fs.close(fd, (err4) => (err4 ? reject(describe(err4, what)) : resolve()));
          });
        if (st.isFile()) fs.ftruncate(fd, 0, (e) => (e ? fail(e, false) : write()));
        else write();
      });
    });
  });
}

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

const unlinkQuietly = (path: string): Promise<void> => new Promise((resolve) => fs.unlink(path, () => resolve()));

/**
 * Replaces `path` atomically through `${path}.tmp`, in a directory that ensurePrivateDir checked.
 * The caller must hold the file's lock (so no one else uses the temporary name); a temporary file
 * left by a killed run is replaced. On any failure the temporary file is removed.
 */
export async function replaceFile(path: string, data: string | Uint8Array, what: string): Promise<void> {
  const tmp = `${path}.tmp`;
  const create = () =>
    call<number>((done) => fs.open(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600, done));
  let fd: number;
  try {
    fd = await create().catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
      await unlinkQuietly(tmp); // left by a killed run
      return create();
    });
  } catch (err) {
    throw describe(err, what);
  }
  try {
    await call<void>((done) => writeAll(fd, typeof data === "string" ? Buffer.from(data) : Buffer.from(data), done));
    await call<void>((done) => fs.close(fd, done));
    fd = -1;
    await call<void>((done) => fs.rename(tmp, path, done));
  } catch (err) {
    if (fd >= 0) await call<void>((done) => fs.close(fd, done)).catch(() => undefined);
    await unlinkQuietly(tmp);
    throw describe(err, what);
  }
}

/**
 * Whether a process of this host (this pod: its pid namespace) still runs. A holder killed before
 * its deadline (SIGKILL, the OOM killer) leaves its lock: this lets the next run break it at once.
 * A lock from another host is judged by its deadline alone.
 */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** A lock's holder writes its content just after creating it: an empty or odd lock is young for this long. */
const LOCK_WRITE_GRACE_MS = 5000;

/** Whether the lock at `path` is stale (past its holder's deadline, or not a lock); null when it is gone. */
function inspectLock(path: string): Promise<{ stale: boolean; ino: number; dev: number } | null> {
  return new Promise((resolve) => {
    fs.open(path, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK, (err, fd) => {
      // Gone: null. Anything else that cannot be opened (a symlink, say) is not a lock: stale.
      if (err) return resolve(err.code === "ENOENT" ? null : { stale: true, ino: -1, dev: -1 });
      fs.fstat(fd, (err2, st) => {
        if (err2) return fs.close(fd, () => resolve({ stale: true, ino: -1, dev: -1 }));
        const buf = Buffer.alloc(320);
        fs.read(fd, buf, 0, buf.length, 0, (err3, n) => {
          fs.close(fd, () => {
            const [pid, until, host] = buf
              .subarray(0, err3 ? 0 : n)
              .toString()
              .trim()
              .split(" ");
            const odd = !st.isFile() || st.uid !== euid();
            const expires = Number(until);
            const stale =
              odd ||
              (Number.isFinite(expires)
                ? expires < Date.now() || (host === hostname() && !alive(Number(pid)))
                : Date.now() - st.mtimeMs > LOCK_WRITE_GRACE_MS);
            resolve({ stale, ino: st.ino, dev: st.dev });
          });
        });
      });
    });
  });
}

export interface Lock {
  /** Whether this process holds it; false when another live process did for the whole wait. */
  held: boolean;
  release(): Promise<void>;
}

/**
 * An advisory lock beside `path` (`${path}.lock`, created with O_EXCL), so that runs sharing one
 * state file update it one after another instead of losing each other's updates. The lock says
 * who holds it (pid and host) and until when its holder may run (its deadline); a lock past that,
 * or whose holder on this host is gone, is left by a killed run and is broken. Waits up to
 * `waitMs` for a live holder, then returns `held: false`.
 * Rejects with a FileError when the lock cannot be created at all (directory unwritable, full).
 */
export async function lockFile(path: string, holdMs: number, waitMs: number): Promise<Lock> {
  const lock = `${path}.lock`;
  const giveUp = Date.now() + waitMs;
  let breaks = 0;
  for (;;) {
    const expires = Date.now() + holdMs;
    try {
      const fd = await call<number>((done) =>
        fs.open(lock, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600, done),
      );
      const st = await call<fs.Stats>((done) => fs.fstat(fd, done));
      const content = Buffer.from(`${process.pid} ${expires} ${hostname()}\n`);
      await call<void>((done) => writeAll(fd, content, done)).finally(() =>
        call<void>((done) => fs.close(fd, done)).catch(() => undefined),
      );
      let released = false;
      return {
        held: true,
        release: async () => {
          // Once only: after that, an inode number may already be reused by the next holder's lock.
          if (released) return;
          released = true;
          // Only our own lock: had it been broken as stale, it is someone else's now.
          const now = await call<fs.Stats>((done) => fs.lstat(lock, done)).catch(() => null);
          if (now && now.ino === st.ino && now.dev === st.dev) await unlinkQuietly(lock);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw describe(err, `lock ${lock}`);
    }
    const seen = await inspectLock(lock);
    if (seen === null) continue; // gone in between: try again at once
    if (seen.stale) {
      // Break only the lock that was judged: another run may have replaced it in the meantime.
      const now = await call<fs.Stats>((done) => fs.lstat(lock, done)).catch(() => null);
      if (now && (seen.ino === -1 || (now.ino === seen.ino && now.dev === seen.dev))) await unlinkQuietly(lock);
      // Try again at once, but not forever: a lock that cannot be removed is waited for like a live one.
      if (++breaks <= 3) continue;
    }
    if (Date.now() >= giveUp) return { held: false, release: async () => undefined };
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.floor(Math.random() * 20)));
  }
}
