// The search index (FTS5 trigram, kept by triggers on `clients`) under a bulk insert. Fed row by
// row by its insert trigger, a restore of 100,000 clients spent ≈ 9 s of its 15 s apply there;
// rebuilt once from the table afterwards it costs ≈ 2 s (README → Benchmarks → Backups).
import type { Db } from './database';

const INSERT_TRIGGER = 'clients_search_insert';

/**
 * Runs `write` with the index's insert trigger dropped, then rebuilds the index from `clients` and
 * puts the trigger back exactly as it was (its SQL read from the schema). Inside the caller's
 * transaction: if anything throws, SQLite rolls the drop back with the rest.
 */
export function withSearchIndexRebuiltAfter<T>(db: Db, write: () => T): T {
  if (!db.inTransaction) throw new Error('withSearchIndexRebuiltAfter needs a transaction');
  const trigger = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
    .pluck()
    .get(INSERT_TRIGGER) as string | undefined;
  if (!trigger) return write();
  db.exec(`DROP TRIGGER ${INSERT_TRIGGER}`);
  const result = write();
  db.exec("INSERT INTO clients_search (clients_search) VALUES ('rebuild')");
  db.exec(trigger);
  return result;
}

/**
 * A rebuild reads every client (≈ 23 µs each at 100k); the trigger costs ≈ 90 µs per inserted
 * one: rebuilding pays once the write adds about a quarter of the clients the store will hold.
 */
export function rebuildPays(db: Db, inserts: number): boolean {
  const existing = db.prepare('SELECT count(*) FROM clients').pluck().get() as number;
  return inserts * 4 >= existing + inserts;
}
