import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `file` as 0600 (whatever the umask, and whatever mode a file it replaces had):
 * into a new file beside it, flushed, then renamed over it, so no reader ever sees half of it and a
 * failed write leaves the old file as it was.
 */
export function writePrivateFile(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.keyhold-${process.pid}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
    rmSync(temporary, { force: true });
    throw error;
  }
}
