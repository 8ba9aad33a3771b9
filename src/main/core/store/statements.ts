// Prepared statements, once per SQL text and connection. Preparing parses and plans the SQL; the
// services run the same few statements again and again, so each is prepared on first use and kept.
import type Database from 'better-sqlite3';
import type { Db } from './database';

export type Statement = Database.Statement<unknown[]>;

/** One connection's statements. Never switch one's mode (pluck(), raw()): ask for pluck(sql). */
export interface Statements {
  /** `sql`, prepared once: rows come back as objects. */
  prepare(sql: string): Statement;
  /** `sql`, prepared once in pluck mode: each row is its first column. */
  pluck(sql: string): Statement;
}

const caches = new WeakMap<Db, Statements>();

/** The statement cache of `db`, shared by every service that uses the connection. */
export function statements(db: Db): Statements {
  let cache = caches.get(db);
  if (!cache) {
    const prepared = new Map<string, Statement>();
    const get = (sql: string, pluck: boolean): Statement => {
      const key = `${pluck ? 'pluck' : 'rows'}:${sql}`;
      let statement = prepared.get(key);
      if (!statement) {
        statement = db.prepare<unknown[]>(sql);
        if (pluck) statement.pluck();
        prepared.set(key, statement);
      }
      return statement;
    };
    cache = { prepare: (sql) => get(sql, false), pluck: (sql) => get(sql, true) };
    caches.set(db, cache);
  }
  return cache;
}
