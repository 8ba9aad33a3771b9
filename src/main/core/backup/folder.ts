// The backup folder: files named keyhold-<UTC time>.age (ISO 8601 basic, to the millisecond, so
// names sort by time and hold no character a file system refuses), the newest N kept. Only files
// named exactly so that this store wrote (`ours`: recorded in the store) are ever counted or
// removed, so files planted in a shared folder under such names change nothing; a temp file a
// crash left (durable-file.ts names it <file>.<pid>.<random>.tmp) is removed once it is old.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const NAME = /^keyhold-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z\.age$/;
const TEMP = /^keyhold-\d{8}T\d{6}\.\d{3}Z\.age\.(\d+)\.[0-9a-f]{12}\.tmp$/;
/** A temp file older than this belongs to no backup still being written. */
const STALE_TEMP_MS = 60 * 60_000;

export function backupFileName(at: Date): string {
  // 2026-12-01T03:23:45.123Z → keyhold-20261201T032345.123Z.age
  return `keyhold-${at.toISOString().replace(/[-:]/g, '')}.age`;
}

/** When the backup named `name` was made; null if it is not a backup's name. */
export function backupTime(name: string): Date | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
  return Number.isNaN(at.getTime()) ? null : at;
}

export interface BackupFile {
  name: string;
  at: Date;
}

/** Whether this store wrote the backup file of that name. */
export type Ours = (name: string) => boolean;

/** This store's backups in `folder`, newest first. Throws if the folder cannot be read. */
export function listBackups(folder: string, ours: Ours): BackupFile[] {
  return readdirSync(folder)
    .flatMap((name) => {
      const at = ours(name) ? backupTime(name) : null;
      return at ? [{ name, at }] : [];
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** Removes all but the newest `keep` of this store's backups, never `written`; returns the names removed. */
export function pruneBackups(folder: string, keep: number, ours: Ours, written: string): string[] {
  const removed = listBackups(folder, ours)
    .filter((file) => file.name !== written)
    .slice(Math.max(keep - 1, 0))
    .map((file) => file.name);
  for (const name of removed) rmSync(join(folder, name), { force: true });
  return removed;
}

/**
 * Temp files of backups a crash interrupted: the process that wrote one is gone, or it is an hour
 * old (no backup takes that long). Never this process's own: it writes one backup at a time.
 */
export function removeStaleTemps(folder: string, now: Date): void {
  for (const name of readdirSync(folder)) {
    const pid = Number(TEMP.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    const path = join(folder, name);
    try {
      if (!running(pid) || now.getTime() - statSync(path).mtimeMs > STALE_TEMP_MS)
        rmSync(path, { force: true });
    } catch {
      // Gone meanwhile: nothing to clean.
    }
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, someone else's
  }
}
