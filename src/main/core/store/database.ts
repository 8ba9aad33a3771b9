import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { privateFile, tightenFile } from '../private-files';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  migrations?: readonly string[];
  /** How long a write waits for another connection's lock before failing (default 5 s). */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) the store at `file`, in WAL mode, migrated to the latest version. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // SQLite creates -wal and -shm with the database file's mode; ones left by a crash keep theirs.
    privateFile(file);
    for (const suffix of ['-wal', '-shm']) tightenFile(file + suffix);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a create the user saw succeed must survive a power cut, not just a process kill.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  migrate(db, migrations);
  return db;
}

export function migrate(db: Db, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `This store was written by a newer Keyhold (schema ${current}, this build knows ${migrations.length}).`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
