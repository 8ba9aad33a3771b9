// Starts a core over <dataDir> under whatever umask the parent gave this process (see
// file-modes.test.ts), writes to the store and the log, then prints one JSON line (`ready`, with
// this process's umask as the kernel reports it) and keeps the store open until stdin closes.
//   node --import tsx test/support/file-modes-child.ts <dataDir> <keyringAccount>
// Inherits the parent's D-Bus session: the same keyring; the parent removes the account.
import { readFileSync } from 'node:fs';
import { createCore } from '../../src/main/core';
import { MemoryClipboard } from '../../src/main/core/node-ports';
import { crashKeyring } from './crash-plan';
import type { ClientDetail } from '../../src/shared/domain';

/** The umask from /proc (reading process.umask() would set it, and is deprecated). */
const umask = () => /^Umask:\s*(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? null;

async function main(): Promise<void> {
  const [dataDir, account] = process.argv.slice(2) as [string, string];
  // The parent's keyring for this run (the same service, so a restarted child opens the store).
  const safeStorage = crashKeyring(account);
  const core = createCore({ dataDir, safeStorage, clipboard: new MemoryClipboard() });
  const imported = await core.dispatch('importClient', {
    provider: 'weir',
    connectionId: null,
    environment: 'development',
    name: 'File modes',
    remoteId: `cli_${process.pid}`,
    publicId: 'pub_file_modes',
    secret: 'sk_file_modes_secret_value',
  });
  if (!imported.ok) throw new Error(imported.error.message);
  // Writes a line to the log.
  await core.dispatch('revealSecret', { clientId: (imported.value as ClientDetail).id, field: 'secret_key' });
  process.stdout.write(JSON.stringify({ ready: true, umask: umask() }) + '\n');
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on('end', resolve));
  await core.shutdown();
}

// An async main, not top-level await: tsx runs this package's .ts files as CommonJS.
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
