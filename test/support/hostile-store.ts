// The hostile-renderer tests' view of the store: a seeded core (connections, created and imported
// clients, an archived one, journal rows in several states) and a snapshot of everything on disk,
// read through a second better-sqlite3 connection so a test sees what SQLite really holds, not
// what the core reports. Snapshots are compared before and after each hostile payload.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { Core } from '../../src/main/core';
import type { ClientDetail, Connection } from '../../src/shared/domain';
import { call } from './core';
import { addConnection, createInput, type Fakes } from './fake-providers';
import { dbFile } from './raw-store';

export interface StoreSnapshot {
  /** Row count of every table in sqlite_master (FTS shadow tables and later migrations included). */
  counts: Record<string, number>;
  /** sha256 over every row of every ordinary table, rows sorted, so physical order does not matter. */
  hash: string;
  userVersion: number;
}

/** A read-only second connection kept open for the whole file (cheap snapshots between payloads). */
export class StoreWatcher {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    this.db = new Database(dbFile(dataDir), { readonly: true, fileMustExist: true });
  }

  snapshot(): StoreSnapshot {
    const tables = this.db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string; sql: string | null }[];
    const counts: Record<string, number> = {};
    const hash = createHash('sha256');
    for (const { name, sql } of tables) {
      // The activity log is written by methods that change nothing else (reveal, copy, export).
      if (name === 'activity') continue;
      const quoted = `"${name.replaceAll('"', '""')}"`;
      counts[name] = this.db.prepare(`SELECT count(*) FROM ${quoted}`).pluck().get() as number;
      // A virtual table's rows live in its shadow tables, which are hashed themselves.
      if (sql?.toUpperCase().startsWith('CREATE VIRTUAL')) continue;
      const rows = (this.db.prepare(`SELECT * FROM ${quoted}`).raw().all() as unknown[][])
        .map((row) => JSON.stringify(row.map(cell)))
        .sort();
      hash.update(`${name}\u0000${rows.join('\u0001')}\u0002`);
    }
    return {
      counts,
      hash: hash.digest('hex'),
      userVersion: this.db.pragma('user_version', { simple: true }) as number,
    };
  }

  /** Rows of one table as objects (oracles for list queries, ids of other rows). */
  rows<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  close(): void {
    this.db.close();
  }
}

const cell = (value: unknown): unknown =>
  Buffer.isBuffer(value) ? `b:${value.toString('hex')}` : typeof value === 'bigint' ? `n:${value}` : value;

/** Names chosen to look like SQL, LIKE and FTS5 syntax, so hostile searches have something to hit. */
export const HOSTILE_CLIENT_NAMES = [
  '100% _done_',
  '"quoted" name',
  "O'Brien'; DROP TABLE clients; --",
  'a*b NEAR(c d) OR e',
  'back\\slash',
  // Right-to-left text with a right-to-left mark (bidi overrides are refused by the contract).
  'עברית \u200fRTL',
  'emoji 🔑 key',
  'Ünïcödé ßtraße',
] as const;

export interface SeededStore {
  weir: Connection;
  mythic: Connection;
  /** Every client, created and imported (one of them archived). */
  clients: ClientDetail[];
  /** Create attempts: ids by state (unknown ones can be dismissed; the others cannot). */
  attempts: Record<string, string[]>;
}

/**
 * Two connections (one per fake provider), a created client on each, imported clients with
 * hostile-looking names across environments, one archived client, and journal rows that are
 * succeeded, failed and unknown. Auto-clear is turned off so copies leave no timers behind.
 */
export async function seedHostileStore(
  core: Core,
  fakes: Fakes,
  watcher: StoreWatcher,
): Promise<SeededStore> {
  const weir = await addConnection(core, 'weir', fakes.weir, 'Weir "prod" %_');
  const mythic = await addConnection(core, 'mythic', fakes.mythic, "Mythic 'admin'");
  const clients: ClientDetail[] = [];
  clients.push(await call<ClientDetail>(core, 'createClient', createInput('weir', weir.id, 'production')));
  clients.push(await call<ClientDetail>(core, 'createClient', createInput('mythic', mythic.id, 'staging')));
  for (const [index, name] of HOSTILE_CLIENT_NAMES.entries()) {
    const provider = index % 2 === 0 ? 'weir' : 'mythic';
    clients.push(
      await call<ClientDetail>(core, 'importClient', {
        provider,
        connectionId: index % 3 === 0 ? null : provider === 'weir' ? weir.id : mythic.id,
        environment: (['production', 'staging', 'development'] as const)[index % 3]!,
        name,
        remoteId: `remote-${index}-${name}`,
        publicId: `pk_${index}_%_"*`,
        secret: `imported-secret-${index}-${'s'.repeat(16)}`,
      }),
    );
  }
  clients[clients.length - 1] = await call<ClientDetail>(core, 'setClientArchived', {
    id: clients[clients.length - 1]!.id,
    archived: true,
  });

  // A failed attempt (401) and an unknown one (connection dropped after the request was read).
  fakes.weir.inject({ status: 401 });
  expect((await core.dispatch('createClient', createInput('weir', weir.id))).ok).toBe(false);
  fakes.weir.inject({ drop: 'before-response' });
  const dropped = await core.dispatch('createClient', createInput('weir', weir.id));
  expect(dropped.ok).toBe(false);
  await call(core, 'updateSettings', { clipboardClearSeconds: 0, theme: 'dark' });

  const attempts: Record<string, string[]> = {};
  for (const row of watcher.rows<{ id: string; state: string }>('SELECT id, state FROM create_attempts')) {
    (attempts[row.state] ??= []).push(row.id);
  }
  return { weir, mythic, clients, attempts };
}
