// A backup that does not open, or does not check out, changes nothing: a wrong recovery key, a
// wrong passphrase, a key for a passphrase file (and back), a flipped byte anywhere, a file cut
// short, something that is not an age file, an age file that is not a Keyhold backup (or is one
// from a newer Keyhold, or holds a bad record), and a store another program holds while the
// restore writes. Each is a clear message on the right field, and every row of the store (read
// through a second SQLite connection) is as it was.
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Encrypter, generateX25519Identity } from 'age-encryption';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestorePreview } from '../../src/shared/backup';
import type { Connection } from '../../src/shared/domain';
import type { KeyholdErrorData } from '../../src/shared/errors';
import { call, startTestCore, tempDir, type TestCore } from '../support/core';
import { addConnection, createInput, startFakes, type Fakes } from '../support/fake-providers';
import { lockDatabase } from '../support/db-locker';
import { StoreWatcher } from '../support/hostile-store';
import { dbFile } from '../support/raw-store';

describe('a backup that does not open or check out changes nothing', () => {
  const files = tempDir('keyhold-damaged-');
  const passphrase = 'a passphrase for the damage tests';
  let fakes: Fakes;
  let source: TestCore;
  let target: TestCore;
  let watcher: StoreWatcher;
  let identity: string;
  let recipient: string;
  let backup: Buffer;
  let exported: Buffer;

  beforeAll(async () => {
    fakes = await startFakes();
    source = startTestCore();
    const weir = await addConnection(source.core, 'weir', fakes.weir);
    await call(source.core, 'createClient', createInput('weir', weir.id, 'production'));
    const key = await call<{ identity: string; recipient: string }>(source.core, 'setUpRecoveryKey');
    ({ identity, recipient } = key);
    await call(source.core, 'confirmRecoveryKey', { recipient });
    await call(source.core, 'setBackupFolder', { folder: files.path });
    const status = await call<{ lastFile: string }>(source.core, 'backUpNow');
    backup = readFileSync(join(files.path, status.lastFile));
    const exportFile = join(files.path, 'export.age');
    await call(source.core, 'exportBackup', { file: exportFile, passphrase });
    exported = readFileSync(exportFile);

    // The store a restore would write into holds data of its own.
    target = startTestCore({ busyTimeoutMs: 300 });
    const mythic = await addConnection(target.core, 'mythic', fakes.mythic);
    await call(target.core, 'createClient', createInput('mythic', mythic.id, 'staging'));
    watcher = new StoreWatcher(target.dataDir);
  });
  afterAll(async () => {
    watcher?.close();
    await target?.dispose();
    await source?.dispose();
    await fakes?.close();
    files.remove();
  });

  let count = 0;
  /** Writes `bytes` as a backup file and previews it; returns the refusal, the store untouched. */
  async function refused(bytes: Buffer | string, unlock: { recoveryKey: string } | { passphrase: string }) {
    const file = join(files.path, `case-${++count}.age`);
    writeFileSync(file, bytes);
    const before = watcher.snapshot();
    const result = await target.core.dispatch('previewRestore', {
      with: 'recoveryKey' in unlock ? 'recoveryKey' : 'passphrase',
      file,
      ...unlock,
    });
    expect(result.ok, JSON.stringify(result)).toBe(false);
    expect(watcher.snapshot()).toEqual(before);
    return (result as { error: KeyholdErrorData }).error;
  }

  /** Where age's payload starts: after the header's MAC line and the 16-byte nonce. */
  const payloadStart = (file: Buffer) => file.indexOf('\n', file.indexOf('\n--- ') + 1) + 1 + 16;
  const flipped = (file: Buffer, at: number) => {
    const copy = Buffer.from(file);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };
  /** An age file to the recovery key whose plaintext is `text`: opens, but is not what it should be. */
  async function sealed(text: string): Promise<Uint8Array> {
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    return encrypter.encrypt(text);
  }

  it('a wrong recovery key, or a wrong passphrase', async () => {
    const other = await generateX25519Identity();
    expect(await refused(backup, { recoveryKey: other })).toMatchObject({
      code: 'validation',
      field: 'recoveryKey',
      message: expect.stringMatching(/recovery key does not open this backup.*Nothing was changed/),
    });
    expect(await refused(exported, { passphrase: 'not the passphrase' })).toMatchObject({
      code: 'validation',
      field: 'passphrase',
      message: expect.stringMatching(/passphrase does not open this backup/),
    });
  });

  it('a recovery key for a passphrase file, and a passphrase for a recovery-key file', async () => {
    expect(await refused(exported, { recoveryKey: identity })).toMatchObject({
      field: 'recoveryKey',
      message: expect.stringMatching(
        /an export protected by a passphrase.*choose “A passphrase \(an export\)”/,
      ),
    });
    expect(await refused(backup, { passphrase })).toMatchObject({
      field: 'passphrase',
      message: expect.stringMatching(/a backup protected by a recovery key.*choose “The recovery key”/),
    });
  });

  it('a flipped byte in the payload, in the header MAC or in the recipient stanza', async () => {
    const payload = payloadStart(backup);
    for (const at of [payload + 10, Math.floor((payload + backup.length) / 2), backup.length - 1]) {
      expect(await refused(flipped(backup, at), { recoveryKey: identity })).toMatchObject({
        field: 'file',
        message: expect.stringMatching(/damaged or incomplete/),
      });
    }
    const mac = backup.indexOf('\n--- ') + 6;
    expect(await refused(flipped(backup, mac), { recoveryKey: identity })).toMatchObject({ field: 'file' });
    // A changed stanza no longer unwraps the file key: that reads as the wrong key (or an altered file).
    // Its first character swapped for another base64 letter: still a well-formed stanza (a flipped
    // bit could make a character that is not base64, which reads as a damaged file instead).
    const stanzaBody = backup.indexOf('\n', backup.indexOf('-> X25519')) + 1;
    const changedStanza = Buffer.from(backup);
    changedStanza[stanzaBody] = changedStanza[stanzaBody] === 0x41 ? 0x42 : 0x41;
    expect(await refused(changedStanza, { recoveryKey: identity })).toMatchObject({
      field: 'recoveryKey',
      message: expect.stringMatching(/or the file was altered/),
    });
    expect(await refused(flipped(exported, payloadStart(exported) + 5), { passphrase })).toMatchObject({
      field: 'file',
    });
  });

  it('a file cut short: in the payload, inside the header, or empty', async () => {
    for (const length of [backup.length - 1, payloadStart(backup) + 20, payloadStart(backup)]) {
      expect(await refused(backup.subarray(0, length), { recoveryKey: identity })).toMatchObject({
        field: 'file',
        message: expect.stringMatching(/damaged or incomplete/),
      });
    }
    expect(await refused(backup.subarray(0, 40), { recoveryKey: identity })).toMatchObject({ field: 'file' });
    expect(await refused(Buffer.alloc(0), { recoveryKey: identity })).toMatchObject({
      field: 'file',
      message: expect.stringMatching(/not an age file/),
    });
  });

  it('a file far larger than any backup: refused before it is read (it would be held in memory whole)', async () => {
    const file = join(files.path, 'huge.age');
    writeFileSync(file, backup);
    truncateSync(file, 600 * 1024 * 1024); // sparse: no disk used
    const result = await target.core.dispatch('previewRestore', {
      with: 'recoveryKey',
      file,
      recoveryKey: identity,
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        field: 'file',
        message: expect.stringMatching(/600 MB: larger than any Keyhold backup \(at most 512 MB\)/),
      },
    });
  });

  it('not an age file; an age file that is not a Keyhold backup, or is one from a newer Keyhold', async () => {
    expect(await refused('{"format":"keyhold-backup"}', { recoveryKey: identity })).toMatchObject({
      field: 'file',
      message: expect.stringMatching(/not an age file/),
    });
    expect(await refused(Buffer.from(await sealed('hello')), { recoveryKey: identity })).toMatchObject({
      field: 'file',
      message: expect.stringMatching(/cannot read it as a backup.*not JSON/),
    });
    const newer = JSON.stringify({ format: 'keyhold-backup', version: 2 });
    expect(await refused(Buffer.from(await sealed(newer)), { recoveryKey: identity })).toMatchObject({
      message: expect.stringMatching(/written by a newer Keyhold/),
    });
  });

  it('a backup with one bad record: refused whole', async () => {
    const { Decrypter } = await import('age-encryption');
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const document = JSON.parse(await decrypter.decrypt(backup, 'text')) as {
      connections: Connection[];
      clients: { secrets: Record<string, string> }[];
    };
    const tokenElsewhere = structuredClone(document);
    tokenElsewhere.connections[0]!.baseUrl = 'http://evil.example';
    expect(
      await refused(Buffer.from(await sealed(JSON.stringify(tokenElsewhere))), { recoveryKey: identity }),
    ).toMatchObject({ field: 'file', message: expect.stringMatching(/connections\.0\.baseUrl/) });
    const unknownField = structuredClone(document);
    unknownField.clients[0]!.secrets['password'] = 'x'.repeat(20);
    expect(
      await refused(Buffer.from(await sealed(JSON.stringify(unknownField))), { recoveryKey: identity }),
    ).toMatchObject({ message: expect.stringMatching(/secret "password" its provider does not issue/) });
  });

  it('times that are not ISO 8601, or far in the future (one would win every later merge): refused whole', async () => {
    const { Decrypter } = await import('age-encryption');
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const document = JSON.parse(await decrypter.decrypt(backup, 'text')) as {
      createdAt: string;
      clients: { updatedAt: string }[];
    };
    const notIso = { ...structuredClone(document), createdAt: '1' };
    expect(
      await refused(Buffer.from(await sealed(JSON.stringify(notIso))), { recoveryKey: identity }),
    ).toMatchObject({ field: 'file', message: expect.stringMatching(/createdAt: Not a date and time/) });
    const future = structuredClone(document);
    future.clients[0]!.updatedAt = '9999-12-31T23:59:59.999Z';
    expect(
      await refused(Buffer.from(await sealed(JSON.stringify(future))), { recoveryKey: identity }),
    ).toMatchObject({
      field: 'file',
      message: expect.stringMatching(/clients\.0\.updatedAt: 9999-12-31T23:59:59\.999Z is in the future/),
    });
  });

  it('a write that fails midway, or a store another program holds: nothing written; then it works', async () => {
    const file = join(files.path, 'good.age');
    writeFileSync(file, backup);
    const preview = await call<RestorePreview>(target.core, 'previewRestore', {
      with: 'recoveryKey',
      file,
      recoveryKey: identity,
    });
    const before = watcher.snapshot();
    // The connection is written first; the client's insert then fails: the connection must go too.
    const raw = new Database(dbFile(target.dataDir));
    raw.exec(`CREATE TRIGGER injected BEFORE INSERT ON clients WHEN new.provider = 'weir'
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const midway = await target.core.dispatch('applyRestore', { previewId: preview.previewId });
    raw.exec('DROP TRIGGER injected');
    raw.close();
    expect(midway).toMatchObject({ ok: false, error: { code: 'store_busy', message: /injected failure/ } });
    expect(watcher.snapshot()).toEqual(before);

    const lock = await lockDatabase(target.dataDir);
    try {
      const busy = await target.core.dispatch('applyRestore', { previewId: preview.previewId });
      expect(busy).toMatchObject({ ok: false, error: { code: 'store_busy' } });
    } finally {
      await lock.release();
    }
    expect(watcher.snapshot()).toEqual(before);
    const applied = await call<{ changes: { clientsAdded: number } }>(target.core, 'applyRestore', {
      previewId: preview.previewId,
    });
    expect(applied.changes.clientsAdded).toBe(1);
  });
});
