// Writing a file so that, once the call returns, it survives a crash or a power cut, and a crash
// midway never leaves a partial file under the final name: temp file, fsync, rename, fsync of
// the folder (the rename is durable only once the folder's entry is). The temp file sits beside
// the target (a rename is atomic only within one file system) and is named
// `<file>.<pid>.<random>.tmp`. The folder may be one others can write to (a shared backup folder):
// the temp file is created exclusively ('wx': O_CREAT|O_EXCL follows no symlink and opens no file
// that is there already) under a name nobody can guess, so nothing planted is ever written to.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A new name each time: 48 random bits nobody can guess ahead, so a name that is taken (EEXIST)
 * was planted, and the write fails rather than use it (a backup is tried again later).
 */
const tempFileOf = (file: string): string => `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;

export function writeFileDurably(file: string, data: string | Uint8Array, mode = 0o600): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = tempFileOf(file);
  const fd = openSync(temp, 'wx', mode);
  try {
    try {
      writeFileSync(fd, data); // loops until every byte is written
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dir);
}

/**
 * The same for content that arrives in chunks (a backup: never all in memory). Nothing appears
 * under `file` unless every chunk was written and synced; a failure (or a crash) leaves at most
 * the temp file, removed here on failure.
 */
export async function writeStreamDurably(
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  mode = 0o600,
): Promise<void> {
  const temp = tempFileOf(file);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      for await (const chunk of chunks) {
        for (let at = 0; at < chunk.byteLength;) {
          at += (await handle.write(chunk, at)).bytesWritten;
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameRetrying(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  syncFolder(dirname(file));
}

/**
 * On Windows a rename fails for a moment while an antivirus or a sync client holds the file
 * (EPERM, EACCES, EBUSY); graceful-fs retries the same codes. Elsewhere a failure is final.
 */
async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const transient = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
      if (process.platform !== 'win32' || !transient || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Windows cannot open a folder for fsync; NTFS journals the rename itself. Some network and FUSE
 * file systems (synced folders among them) refuse a folder fsync: the rename is done, so that is
 * the best they offer.
 */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP') throw error;
  } finally {
    closeSync(fd);
  }
}
