// One secret row that does not decrypt (disk damage, a half-restored store) must not turn backups
// off: everything else is backed up, and the status names what was left out.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackupDocument, BackupStatus } from '../../src/shared/backup';
import { call, importWeirClient, startTestCore, tempDir } from '../support/core';

describe('a backup with one secret that does not decrypt', () => {
  const folder = tempDir('keyhold-unreadable-');
  const app = startTestCore();
  afterAll(async () => {
    await app.dispose();
    folder.remove();
  });

  it('backs up everything else and says which secret it left out', async () => {
    const add = (name: string, remoteId: string, secret: string) =>
      importWeirClient(app.core, { name, remoteId, secret });
    await add('Good', 'cli_good', 'sk_live_good_1234567890');
    const damaged = await add('Damaged', 'cli_damaged', 'sk_live_damaged_1234567890');
    const raw = new Database(join(app.dataDir, 'keyhold.db'));
    raw
      .prepare('UPDATE secrets SET ciphertext = randomblob(48) WHERE service = ?')
      .run(`client:${damaged.id}`);
    raw.close();
    const key = await call<{ identity: string; recipient: string }>(app.core, 'setUpRecoveryKey');
    await call(app.core, 'confirmRecoveryKey', { recipient: key.recipient });
    await call(app.core, 'setBackupFolder', { folder: folder.path });

    const status = await call<BackupStatus>(app.core, 'backUpNow');
    expect(status).toMatchObject({
      health: 'ok',
      message: expect.stringMatching(
        /left out 1 secret that could not be decrypted: Damaged \(production\) secret_key/,
      ),
    });
    const [file] = readdirSync(folder.path).filter((name) => name.endsWith('.age'));
    const decrypter = new Decrypter();
    decrypter.addIdentity(key.identity);
    const document = JSON.parse(
      await decrypter.decrypt(readFileSync(join(folder.path, file!)), 'text'),
    ) as BackupDocument;
    expect(document.clients.map((c) => [c.name, c.secrets])).toEqual([
      ['Good', { secret_key: 'sk_live_good_1234567890' }],
      ['Damaged', {}],
    ]);
  });
});
