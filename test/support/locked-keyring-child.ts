// Runs inside its own D-Bus session with its own gnome-keyring (see locked-keyring.test.ts),
// so locking the keyring cannot disturb other tests; or, with mode 'unavailable', with no
// reachable Secret Service at all. Prints one JSON line.
import { lockLoginKeyring } from './lock-keyring';
import { createCore } from '../../src/main/core';
import { MemoryClipboard, KeyringSafeStorage } from '../../src/main/core/node-ports';

const dataDir = process.argv[2]!;
const mode = process.argv[3] ?? 'locked';
const open = () =>
  createCore({
    dataDir,
    safeStorage: new KeyringSafeStorage({ service: 'Keyhold locked test' }),
    clipboard: new MemoryClipboard(),
  });
const connection = {
  provider: 'weir',
  label: 'Weir',
  baseUrl: 'https://api.weir.ai',
  token: 'tok_before_lock_123',
};

async function locked() {
  const before = open();
  const added = await before.dispatch('addConnection', connection);
  await before.shutdown();

  lockLoginKeyring();

  const after = open();
  const status = await after.dispatch('getVaultStatus', undefined);
  const addWhileLocked = await after.dispatch('addConnection', {
    ...connection,
    token: 'tok_after_lock_456',
  });
  const connections = await after.dispatch('listConnections', undefined);
  await after.shutdown();
  return { added, status, addWhileLocked, connections };
}

async function unavailable() {
  const core = open();
  const status = await core.dispatch('getVaultStatus', undefined);
  const add = await core.dispatch('addConnection', connection);
  const connections = await core.dispatch('listConnections', undefined);
  await core.shutdown();
  return { status, add, connections };
}

(mode === 'unavailable' ? unavailable() : locked())
  .then((result) => console.log(JSON.stringify(result)))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
