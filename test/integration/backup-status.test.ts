// What the header is told about backups, and the folder's life: off until a recovery key and a
// folder are set up; a backup a few seconds after a change that adds a secret; only the newest N
// kept (nothing else in the folder touched, not even files named like backups it did not write); stale when the newest is more than a day old; failed,
// with the folder named, when it vanishes — and a start with such a folder still starts.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackupStatus } from '../../src/shared/backup';
import type { Connection } from '../../src/shared/domain';
import { call, startTestCore, tempDir, type TestCore } from '../support/core';
import { addConnection, createInput, startFakes, type Fakes } from '../support/fake-providers';

const BACKUP = /^keyhold-\d{8}T\d{6}\.\d{3}Z\.age$/;

describe('backup status and the backup folder', () => {
  const root = tempDir('keyhold-status-');
  const folder = join(root.path, 'backups');
  let fakes: Fakes;
  let app: TestCore;
  let weir: Connection;
  const status = () => call<BackupStatus>(app.core, 'getBackupStatus');
  const backups = () =>
    readdirSync(folder)
      .filter((name) => BACKUP.test(name))
      .sort();

  beforeAll(async () => {
    fakes = await startFakes();
    app = startTestCore();
    weir = await addConnection(app.core, 'weir', fakes.weir);
    mkdirSync(folder);
  });
  afterAll(async () => {
    await app.dispose();
    await fakes.close();
    root.remove();
  });

  it('is off until both a recovery key and a folder are set up', async () => {
    expect(await status()).toMatchObject({
      health: 'off',
      message: expect.stringMatching(/set up a recovery key/),
    });
    const refused = await app.core.dispatch('backUpNow', undefined);
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } });
    const key = await call<{ recipient: string }>(app.core, 'setUpRecoveryKey');
    await call(app.core, 'confirmRecoveryKey', { recipient: key.recipient });
    expect(await status()).toMatchObject({
      health: 'off',
      message: expect.stringMatching(/choose a backup folder/),
    });
    const missing = await app.core.dispatch('setBackupFolder', { folder: join(root.path, 'nowhere') });
    expect(missing).toMatchObject({
      ok: false,
      error: {
        field: 'folder',
        message: expect.stringMatching(/cannot use .*nowhere for backups: it does not exist/),
      },
    });
    expect(await call<BackupStatus>(app.core, 'setBackupFolder', { folder })).toMatchObject({ folder });
  });

  it('backs up by itself soon after being set up, and a few seconds after a change that adds a secret', async () => {
    await vi.waitFor(async () => expect((await status()).health).toBe('ok'), {
      timeout: 15_000,
      interval: 200,
    });
    expect(backups()).toHaveLength(1);
    await call(app.core, 'createClient', createInput('weir', weir.id, 'production'));
    expect((await status()).pending).toBe(true);
    await vi.waitFor(() => expect(backups()).toHaveLength(2), { timeout: 15_000, interval: 200 });
    await vi.waitFor(async () => expect((await status()).pending).toBe(false), {
      timeout: 15_000,
      interval: 200,
    });
  });

  it('keeps the newest N, and touches nothing else in the folder', async () => {
    writeFileSync(join(folder, 'notes.txt'), 'mine');
    writeFileSync(join(folder, 'keyhold-export.age'), 'an export of mine');
    await call(app.core, 'updateSettings', { backupKeep: 2 });
    for (let i = 0; i < 3; i++) await call(app.core, 'backUpNow');
    const names = readdirSync(folder).sort();
    expect(names.filter((name) => BACKUP.test(name))).toHaveLength(2);
    expect(names).toContain('notes.txt');
    expect(names).toContain('keyhold-export.age');
    expect((await status()).lastFile).toBe(backups().at(-1));
  });

  it('never counts, dates or removes a file it did not write, named like a backup (a shared folder)', async () => {
    const planted = [1, 2, 3, 4, 5].map((day) => `keyhold-2099010${day}T000000.000Z.age`);
    planted.push('keyhold-20000101T000000.000Z.age');
    for (const name of planted) writeFileSync(join(folder, name), '');
    const ours = () => backups().filter((name) => !planted.includes(name));
    const done = await call<BackupStatus>(app.core, 'backUpNow');
    expect(done).toMatchObject({ health: 'ok', lastFile: ours().at(-1) });
    expect(ours()).toHaveLength(2);
    expect(readdirSync(folder)).toEqual(expect.arrayContaining(planted));
    // The schedule counts from the real newest backup, not from 2099: a change is backed up.
    await call(app.core, 'createClient', createInput('weir', weir.id, 'production'));
    await vi.waitFor(async () => expect((await status()).lastFile).not.toBe(done.lastFile), {
      timeout: 15_000,
      interval: 200,
    });
    for (const name of planted) rmSync(join(folder, name));
  });

  it('is stale when the newest backup is more than a day old', async () => {
    const other = join(root.path, 'old-backups');
    mkdirSync(other);
    const old = 'keyhold-20200101T000000.000Z.age';
    writeFileSync(join(other, old), 'old');
    // A backup this store wrote long ago: the store records the names of the backups it wrote.
    const raw = new Database(join(app.dataDir, 'keyhold.db'));
    raw
      .prepare('INSERT INTO backup_files (name, written_at) VALUES (?, ?)')
      .run(old, '2020-01-01T00:00:00.000Z');
    raw.close();
    await call(app.core, 'setBackupFolder', { folder: other });
    expect(await status()).toMatchObject({
      health: 'stale',
      lastBackupAt: '2020-01-01T00:00:00.000Z',
      message: expect.stringMatching(/more than a day old/),
    });
    await call(app.core, 'setBackupFolder', { folder });
  });

  it('replacing the recovery key brings a backup for the new key a few seconds later', async () => {
    const before = backups();
    const key = await call<{ identity: string; recipient: string }>(app.core, 'setUpRecoveryKey');
    await call(app.core, 'confirmRecoveryKey', { recipient: key.recipient });
    await vi.waitFor(() => expect(backups().at(-1)).not.toBe(before.at(-1)), {
      timeout: 15_000,
      interval: 200,
    });
    const decrypter = new Decrypter();
    decrypter.addIdentity(key.identity);
    const text = await decrypter.decrypt(readFileSync(join(folder, backups().at(-1)!)), 'text');
    expect(JSON.parse(text)).toMatchObject({ format: 'keyhold-backup', version: 1 });
  });

  it('fails, naming the folder, when the folder is gone; a start with it still starts', async () => {
    rmSync(folder, { recursive: true });
    const failed = await call<BackupStatus>(app.core, 'backUpNow');
    expect(failed).toMatchObject({
      health: 'failed',
      failure: { message: expect.stringMatching(/backups?: it does not exist/) },
    });
    app = await app.restart();
    expect(await status()).toMatchObject({
      health: 'failed',
      message: expect.stringMatching(/cannot read the backup folder .*backups: it does not exist/),
    });
  });
});
