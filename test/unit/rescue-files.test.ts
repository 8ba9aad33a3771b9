// Rescue files are read back at the next start, possibly by a newer build than the one that
// wrote them: what they hold must still be recognised.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RescueFiles } from '../../src/main/core/create/rescue-files';
import { tempDir } from '../support/core';

const client = {
  id: 'c1',
  provider: 'weir' as const,
  connectionId: 'conn-1',
  connectionLabel: 'Weir',
  environment: 'production' as const,
  name: 'Acme',
  remoteId: 'r1',
  publicId: 'p1',
  metadata: {},
  origin: 'created' as const,
  remoteCreatedAt: null,
  secrets: { secret_key: { nonce: Buffer.from('nonce'), ciphertext: Buffer.from('sealed') } },
};

describe('rescue files', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('read back what they were written with', () => {
    const files = new RescueFiles(join(dir.path, 'current'));
    files.write({ kind: 'client', attemptId: 'a-1', client });
    files.write({
      kind: 'outcome',
      attemptId: 'a-2',
      state: 'unknown',
      code: 'timeout',
      message: 'No answer',
    });
    const { records, unreadable } = files.read();
    expect(unreadable).toEqual([]);
    expect(records).toEqual(
      expect.arrayContaining([
        { kind: 'client', attemptId: 'a-1', client },
        { kind: 'outcome', attemptId: 'a-2', state: 'unknown', code: 'timeout', message: 'No answer' },
      ]),
    );
  });

  it('keep what is not a regular file or names a field Keyhold does not store as unreadable, and read the rest', () => {
    const folder = join(dir.path, 'hostile');
    const files = new RescueFiles(folder);
    files.write({ kind: 'client', attemptId: 'good', client });
    mkdirSync(join(folder, 'dir.json'));
    execFileSync('mkfifo', [join(folder, 'fifo.json')]); // reading it would block the start
    files.write({
      kind: 'client',
      attemptId: 'field',
      client: { ...client, secrets: { 'not a field': client.secrets.secret_key } },
    });
    const { records, unreadable } = files.read();
    expect(records).toEqual([{ kind: 'client', attemptId: 'good', client }]);
    expect(unreadable.sort()).toEqual(['dir.json', 'field.json', 'fifo.json']);
  });

  it('read a file from before the attempt id was named attemptId (operationId)', () => {
    const folder = join(dir.path, 'legacy');
    mkdirSync(folder);
    const secrets = { secret_key: { nonce: 'bm9uY2U=', ciphertext: 'c2VhbGVk' } };
    const record = { kind: 'client', operationId: 'a-3', client: { ...client, secrets } };
    writeFileSync(join(folder, 'a-3.json'), JSON.stringify({ format: 'keyhold-rescue', version: 1, record }));
    const { records, unreadable } = new RescueFiles(folder).read();
    expect(unreadable).toEqual([]);
    expect(records).toEqual([{ kind: 'client', attemptId: 'a-3', client }]);
  });
});
