// SIGKILL while a backup is being written (a worker thread streaming tens of megabytes through
// age into a temp file): the previous backup is intact, byte for byte, and opens; nothing but the
// temp file is left of the one killed, never a partial file under a backup's name; the next
// backup removes that temp file and writes a complete one.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchSafeStorage } from '../../bench/safe-storage';
import { MemoryClipboard } from '../../src/main/core/node-ports';
import { createCore } from '../../src/main/core/index';
import { backupDocumentSchema } from '../../src/shared/backup';
import { call, tempDir } from '../support/core';

const CHILD = 'test/support/backup-kill-child.ts';
const CLIENTS = 20_000;
const BACKUP_NAME = /^keyhold-\d{8}T\d{6}\.\d{3}Z\.age$/;

describe('a backup killed while it is written', () => {
  const data = tempDir('keyhold-kill-data-');
  const folder = tempDir('keyhold-kill-backups-');
  afterAll(() => {
    data.remove();
    folder.remove();
  });

  it('leaves the previous backup intact and no partial file under a backup name', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, data.path, folder.path, String(CLIENTS)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Killed once the second backup's temp file holds some bytes: the worker is writing it.
    const killed = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
        if (!stdout.includes('writing\n')) return;
        const poll = setInterval(() => {
          const temp = readdirSync(folder.path).find((name) => name.endsWith('.tmp'));
          if (temp && statSync(join(folder.path, temp)).size > 0) {
            clearInterval(poll);
            child.kill('SIGKILL');
            resolve();
          }
        }, 2);
        exited.then(
          () => clearInterval(poll),
          () => {},
        );
      });
    });
    await Promise.race([killed, exited]);
    expect(await exited, `the child was not killed mid-write: ${stdout}${stderr}`).toBe('SIGKILL');
    const first = JSON.parse(stdout.split('\n')[0]!) as { identity: string; file: string; sha256: string };

    const names = readdirSync(folder.path);
    const partial = names.filter((name) => name.endsWith('.tmp'));
    expect(names.filter((name) => BACKUP_NAME.test(name))).toEqual([first.file.split('/').pop()]);
    expect(partial).toHaveLength(1);
    expect(names).toHaveLength(2);
    const bytes = readFileSync(first.file);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(first.sha256);
    const decrypter = new Decrypter();
    decrypter.addIdentity(first.identity);
    const document = backupDocumentSchema.parse(JSON.parse(await decrypter.decrypt(bytes, 'text')));
    expect(document.clients).toHaveLength(CLIENTS);
    console.log(
      `killed mid-write: previous backup intact (${bytes.length} bytes, ${CLIENTS} clients); ` +
        `partial temp file ${statSync(join(folder.path, partial[0]!)).size} bytes`,
    );

    // The next backup (a new process on the same store) removes the dead one's temp file.
    const core = createCore({
      dataDir: data.path,
      safeStorage: new BenchSafeStorage(),
      clipboard: new MemoryClipboard(),
    });
    try {
      const status = await call<{ health: string; lastFile: string }>(core, 'backUpNow');
      expect(status.health).toBe('ok');
      const after = readdirSync(folder.path);
      expect(after.filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect(after.filter((name) => BACKUP_NAME.test(name))).toHaveLength(2);
    } finally {
      await core.shutdown();
    }
  }, 120_000);
});
