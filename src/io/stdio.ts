/**
 * Direct writes to stdout/stderr. Touching process.stdout/stderr builds a stream, and for a pipe
 * (which is what shell-operator gives a hook) that loads node:net: several ms of startup on
 * every run. One writeSync per call also keeps each JSON log line whole.
 */
import { writeSync } from "node:fs";

export function writeFd(fd: 1 | 2, text: string): void {
  const buf = Buffer.from(text);
  let offset = 0;
  while (offset < buf.length) {
    try {
      offset += writeSync(fd, buf, offset);
    } catch (err) {
      // A non-blocking pipe that is full: try again.
      if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
    }
  }
}
