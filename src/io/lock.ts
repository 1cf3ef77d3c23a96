/**
 * The lock that makes runs sharing one state file update it one after another (lockFile), and
 * its breaking when a killed run left it behind.
 */
import * as fs from "node:fs";
import { hostname } from "node:os";
import { call, describe, euid, unlinkQuietly, writeAll } from "./files.js";

const C = fs.constants;

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
