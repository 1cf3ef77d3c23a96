/**
 * The atomic replace of a file in the hook's own directory (see private-dir.ts): the new content
 * goes to a temporary file, created with O_EXCL and O_NOFOLLOW and removed on failure, which is
 * then renamed over the file, so a reader sees the old content or the new, never a part.
 */
import * as fs from "node:fs";
import { call, describe, unlinkQuietly, writeAll } from "./files.js";

const C = fs.constants;

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
