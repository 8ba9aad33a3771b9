import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/main/core/store/database';
import { MIGRATIONS } from '../../src/main/core/store/migrations';
import { tempDir } from '../support/core';

describe('store migrations', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('creates a WAL database at the latest version with every table', () => {
    const db = openDatabase(join(dir.path, 'a.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (
      db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]
    ).map((row) => row.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'connections',
        'clients',
        'secrets',
        'vault_keys',
        'create_attempts',
        'settings',
      ]),
    );
    db.close();
  });

  it('6: renames the create journal to create_attempts, keeping its rows and its state index', () => {
    const db = new Database(join(dir.path, 'f.db'));
    migrate(db, MIGRATIONS.slice(0, 3));
    db.prepare(
      `INSERT INTO operations (id, provider, connection_label, environment, name, state, started_at)
       VALUES ('a1', 'weir', 'Weir', 'production', 'Acme', 'unknown', '2026-01-01T00:00:00.000Z')`,
    ).run();
    migrate(db, MIGRATIONS);
    expect(db.prepare('SELECT id, name, state FROM create_attempts').all()).toEqual([
      { id: 'a1', name: 'Acme', state: 'unknown' },
    ]);
    const names = (type: string) =>
      (
        db.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').all(type) as {
          name: string;
        }[]
      ).map((row) => row.name);
    expect(names('table')).not.toContain('operations');
    expect(names('index').filter((name) => !name.startsWith('sqlite_autoindex'))).toContain(
      'create_attempts_state',
    );
    expect(names('index').filter((name) => name.includes('operations'))).toEqual([]);
    db.close();
  });

  it('is idempotent: reopening applies nothing twice', () => {
    openDatabase(join(dir.path, 'b.db')).close();
    const db = openDatabase(join(dir.path, 'b.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('applies only the missing migrations, in order', () => {
    const db = new Database(join(dir.path, 'c.db'));
    migrate(db, ['CREATE TABLE one (x)']);
    migrate(db, ['CREATE TABLE one (x)', 'CREATE TABLE two (y)']);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name IN ('one', 'two')`).get()).toEqual({
      n: 2,
    });
    db.close();
  });

  it('rolls back a failing migration as a whole', () => {
    const db = new Database(join(dir.path, 'd.db'));
    expect(() => migrate(db, ['CREATE TABLE ok (x); CREATE TABLE broken ('])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('keeps clients.updated_at for every writer, unless the write sets it (a restore does)', () => {
    const db = openDatabase(join(dir.path, 'f.db'));
    db.prepare(
      `INSERT INTO clients (id, provider, connection_label, environment, name, remote_id, public_id, origin, created_at)
       VALUES ('c1', 'weir', 'L', 'production', 'N', 'r1', 'p1', 'created', '2020-01-01T00:00:00.000Z')`,
    ).run();
    const updatedAt = () =>
      db.prepare(`SELECT updated_at FROM clients WHERE id = 'c1'`).pluck().get() as string | null;
    expect(updatedAt()).toBeNull();
    db.prepare(`UPDATE clients SET archived_at = '2020-02-02T00:00:00.000Z' WHERE id = 'c1'`).run();
    expect(Date.parse(updatedAt()!)).toBeGreaterThan(Date.now() - 60_000);
    db.prepare(
      `UPDATE clients SET name = 'M', updated_at = '2021-03-03T00:00:00.000Z' WHERE id = 'c1'`,
    ).run();
    expect(updatedAt()).toBe('2021-03-03T00:00:00.000Z');
    db.close();
  });

  it('refuses a store written by a newer version', () => {
    const db = new Database(join(dir.path, 'e.db'));
    db.pragma('user_version = 99');
    expect(() => migrate(db, MIGRATIONS)).toThrow(/newer Keyhold/);
    db.close();
  });
});
