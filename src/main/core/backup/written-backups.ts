// The names of the backup files this store wrote (the backup_files table): the backup folder may
// be shared or synced, so a file there is one of this store's backups only if it is on this list.
import type { Db } from '../store/database';
import type { Ours } from './folder';

export class WrittenBackups {
  constructor(private readonly db: Db) {}

  readonly ours: Ours = (name) =>
    this.db.prepare('SELECT 1 FROM backup_files WHERE name = ?').get(name) !== undefined;

  record(name: string, at: Date): void {
    this.db
      .prepare('INSERT OR IGNORE INTO backup_files (name, written_at) VALUES (?, ?)')
      .run(name, at.toISOString());
  }

  forget(names: readonly string[]): void {
    const remove = this.db.prepare('DELETE FROM backup_files WHERE name = ?');
    this.db.transaction(() => names.forEach((name) => remove.run(name)))();
  }
}
