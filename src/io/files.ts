/**
 * What every file operation of the hook shares, and the reads and writes of one file, safe
 * against what a shared or broken filesystem can do to them:
 * - No open ever blocks: FIFOs and devices are opened non-blocking and refused by fstat where a
 *   regular file is expected. Everything goes through libuv's threadpool, so a hung mount stalls
 *   only a worker thread, and the run's deadline still fires (see cli/hook-process.ts).
 * - Reads are capped, and nothing here puts a file's content into an error message.
 * The hook's own state directory is checked in private-dir.ts, files in it are replaced in
 * replace.ts, and runs sharing one state file take turns through lock.ts.
 * node:fs callbacks rather than node:fs/promises, which alone costs ~8 ms to load per run.
 */
import * as fs from "node:fs";

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
/** A node:fs callback call as a promise. */
export function call<T>(fn: (done: Done<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}

/** The hook's uid, which owns its directory and files (-1 where there is none). */
export const euid = (): number => process.geteuid?.() ?? -1;

/** What a file that is not a regular one is, for messages ("a FIFO"). */
export function kind(st: fs.Stats): string {
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

/** Writes `data` whole at the file position of `fd`, however short the writes. */
export function writeAll(fd: number, data: Buffer, done: (err: NodeJS.ErrnoException | null) => void): void {
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

/** Removes `path` if it can; never fails. */
export const unlinkQuietly = (path: string): Promise<void> =>
  new Promise((resolve) => fs.unlink(path, () => resolve()));

/** A small file in a directory of our own (refusing symlinks and foreign files), or null when missing. */
export async function readOwnFile(path: string, maxBytes: number): Promise<string | null> {
  try {
    return (await readRegular(path, path, { noFollow: true, owned: true, maxBytes })).toString("utf8");
  } catch (err) {
    if ((err as FileError).code === "ENOENT") return null;
    throw err;
  }
}

/**
 * Creates `path` empty (a marker: no data blocks, so it can be made on a full disk), private and
 * not through a symlink; never fails.
 */
export const touchQuietly = (path: string): Promise<void> =>
  new Promise((resolve) =>
    fs.open(path, C.O_WRONLY | C.O_CREAT | C.O_NOFOLLOW | C.O_NONBLOCK, 0o600, (err, fd) =>
      err ? resolve() : fs.close(fd, () => resolve()),
    ),
  );

/** Whether anything is at `path` (a marker), without following a symlink; false when it cannot tell. */
export const existsQuietly = (path: string): Promise<boolean> =>
  new Promise((resolve) => fs.lstat(path, (err) => resolve(!err)));
