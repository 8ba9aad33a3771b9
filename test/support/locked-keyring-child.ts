// Runs inside its own D-Bus session with its own gnome-keyring (see locked-keyring.test.ts),
// so locking the keyring cannot disturb other tests. Prints one JSON line.
import { execFileSync } from 'node:child_process';
import { MemoryClipboard } from '../../src/main/core/clipboard';
import { createCore } from '../../src/main/core/index';
import { KeyringSafeStorage } from '../../src/main/core/vault/keyring-safe-storage';

const dataDir = process.argv[2]!;
const open = () =>
  createCore({
    dataDir,
    safeStorage: new KeyringSafeStorage({ account: 'locked-test' }),
    clipboard: new MemoryClipboard(),
  });
const connection = {
  provider: 'weir',
  label: 'Weir',
  baseUrl: 'https://api.weir.ai',
  token: 'tok_before_lock_123',
};

async function main() {
  const before = open();
  const added = await before.dispatch('addConnection', connection);
  await before.shutdown();

  execFileSync('dbus-send', [
    '--session',
    '--dest=org.freedesktop.secrets',
    '--type=method_call',
    '--print-reply',
    '/org/freedesktop/secrets',
    'org.freedesktop.Secret.Service.Lock',
    'array:objpath:/org/freedesktop/secrets/collection/login',
  ]);

  const after = open();
  const status = await after.dispatch('getVaultStatus', undefined);
  const addWhileLocked = await after.dispatch('addConnection', {
    ...connection,
    token: 'tok_after_lock_456',
  });
  const connections = await after.dispatch('listConnections', undefined);
  await after.shutdown();
  console.log(JSON.stringify({ added, status, addWhileLocked, connections }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
