// A core over a large synthetic store that writes a first backup, then starts a second one: the
// parent (backup-crash.test.ts) kills it with SIGKILL while the second is being written.
//   node --import tsx test/support/backup-kill-child.ts <dataDir> <folder> <clients>
// Prints one JSON line after the first backup ({identity, file, sha256}), then "writing".
// The store's data key is wrapped by the bench's stand-in keyring: no D-Bus needed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset } from '../../bench/dataset';
import { BenchSafeStorage } from '../../bench/safe-storage';
import { createCore, type Core } from '../../src/main/core';
import { MemoryClipboard } from '../../src/main/core/node-ports';

async function unwrap<T>(core: Core, method: string, payload?: unknown): Promise<T> {
  const result = await core.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function main(): Promise<void> {
  const [dataDir, folder, clients] = process.argv.slice(2);
  await buildDataset(dataDir!, Number(clients));
  const core = createCore({
    dataDir: dataDir!,
    safeStorage: new BenchSafeStorage(),
    clipboard: new MemoryClipboard(),
  });
  const key = await unwrap<{ identity: string; recipient: string }>(core, 'setUpRecoveryKey');
  await unwrap(core, 'confirmRecoveryKey', { recipient: key.recipient });
  await unwrap(core, 'setBackupFolder', { folder });
  const first = await unwrap<{ lastFile: string }>(core, 'backUpNow');
  const file = join(folder!, first.lastFile);
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  console.log(JSON.stringify({ identity: key.identity, file, sha256 }));
  console.log('writing');
  await unwrap(core, 'backUpNow'); // killed while this one is written
  console.log('finished before the kill');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
