// Runs inside its own D-Bus session with its own gnome-keyring (see cli-socket.test.ts): stores a
// client, locks the keyring through the Secret Service API, starts Keyhold again on the same store
// and asks for the secret with the CLI. Prints one JSON line: the CLI's exit code and output.
import { lockLoginKeyring } from './lock-keyring';
import { join } from 'node:path';
import { createCore } from '../../src/main/core';
import { MemoryClipboard, KeyringSafeStorage } from '../../src/main/core/node-ports';
import { runCli } from './cli';

const dataDir = process.argv[2]!;
const open = () =>
  createCore({
    dataDir,
    safeStorage: new KeyringSafeStorage({ service: 'Keyhold CLI locked test' }),
    clipboard: new MemoryClipboard(),
  });

async function main() {
  const before = open();
  const imported = await before.dispatch('importClient', {
    provider: 'weir',
    connectionId: null,
    environment: 'production',
    name: 'Acme',
    remoteId: 'cli_acme',
    publicId: 'pub_acme',
    secret: 'sk_live_locked_7Hw2Qx9Kd4',
  });
  await before.shutdown();
  lockLoginKeyring();
  const after = open();
  const socket = join(dataDir, 'cli', 'keyhold.sock');
  await after.cli.listen({ socket });
  const run = await runCli(['--socket', socket, 'read', 'keyhold://production/Acme/secret_key']);
  const waiting = await after.dispatch('waitCliApprovals', { version: -1 });
  await after.shutdown();
  return { imported: imported.ok, code: run.code, stdout: run.stdout, stderr: run.stderr, waiting };
}

main()
  .then((result) => console.log(JSON.stringify(result)))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
