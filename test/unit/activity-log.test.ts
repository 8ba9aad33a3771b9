import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ActivityLog } from '../../src/main/core/activity/activity-log';
import { openDatabase } from '../../src/main/core/store/database';
import { tempDir } from '../support/core';

const quiet = { info() {}, warn() {}, error() {} };
const program = {
  pid: 41,
  name: 'node (keyhold)',
  exe: '/usr/bin/node',
  args: ['keyhold.cjs', 'read'],
  cwd: '/home/ada/app',
  parent: { pid: 40, name: 'bash', exe: '/usr/bin/bash', args: [] },
  verified: 'kernel' as const,
};

describe('activity log', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  function store(name: string) {
    const db = openDatabase(join(dir.path, `${name}.db`));
    db.prepare(
      `INSERT INTO clients (id, provider, connection_label, environment, name, remote_id, public_id, origin, created_at)
       VALUES ('c1', 'weir', 'Weir', 'production', 'Acme', 'cli_1', 'pub_1', 'created', '2026-01-01')`,
    ).run();
    let tick = 0;
    const log = new ActivityLog(
      db,
      () => `2026-06-01T09:00:${String(tick++).padStart(2, '0')}.000Z`,
      quiet,
      5,
    );
    return { db, log };
  }

  it('keeps who did what to which client and field, as it was then, newest first', () => {
    const { db, log } = store('a');
    log.record({ action: 'reveal', clientId: 'c1', field: 'secret_key' });
    log.record({ action: 'export', clientId: 'c1', format: 'env' });
    log.recordAll([{ action: 'cli_read', clientId: 'c1', field: 'client_id', command: 'run', program }]);
    log.record({
      action: 'cli_denied',
      command: 'read',
      program,
      asked: ['keyhold://production/x/secret_key'],
    });
    db.prepare("DELETE FROM clients WHERE id = 'c1'").run();
    const { items, nextBefore } = log.list({});
    expect(nextBefore).toBeNull();
    expect(items.map((e) => [e.action, e.clientName, e.field, e.fieldLabel, e.format, e.command])).toEqual([
      ['cli_denied', null, null, null, null, 'read'],
      ['cli_read', 'Acme', 'client_id', 'Credentials client id', null, 'run'],
      ['export', 'Acme', null, null, 'env', null],
      ['reveal', 'Acme', 'secret_key', 'Secret key', null, null],
    ]);
    // Who asked, never with what arguments (they may hold secrets): the command and refs are kept.
    expect(items[0]).toMatchObject({
      program: { ...program, args: [] },
      asked: ['keyhold://production/x/secret_key'],
      at: '2026-06-01T09:00:03.000Z',
    });
    expect(log.list({ clientId: 'c1' }).items).toHaveLength(3);
    db.close();
  });

  it('pages from newest to oldest, and keeps only the newest entries it is told to', () => {
    const { db, log } = store('b');
    for (let i = 0; i < 8; i++) log.record({ action: 'copy', clientId: 'c1', field: 'secret_key' });
    const first = log.list({ limit: 3 });
    const second = log.list({ limit: 3, before: first.nextBefore });
    expect(first.items.map((e) => e.id)).toEqual([8, 7, 6]);
    expect(second.items.map((e) => e.id)).toEqual([5, 4, 3]);
    log.prune();
    expect(log.list({ limit: 200 }).items.map((e) => e.id)).toEqual([8, 7, 6, 5, 4]);
    db.close();
  });

  it('never fails the action it records: a closed store loses the entry and says so', () => {
    const { db, log } = store('c');
    const warnings: string[] = [];
    const logging = new ActivityLog(db, () => 'now', { ...quiet, warn: (m) => warnings.push(m) });
    db.close();
    expect(() => logging.record({ action: 'reveal', clientId: 'c1', field: 'secret_key' })).not.toThrow();
    expect(warnings).toEqual(['activity: could not record']);
    void log;
  });
});
