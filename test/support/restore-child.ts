// "Machine B" of the two-machine backup test: runs in its own dbus-run-session with its own
// gnome-keyring and HOME (see backup-two-machines.test.ts), restores a backup into a data folder
// there, reveals every secret, and prints one JSON line. Its input comes on stdin (the recovery
// key and passphrase stay out of argv):
//   { dataDir, file, with: 'recoveryKey' | 'passphrase', secret, weir?: { connectionLabel } }
// With `weir`, it also creates a client through the restored Weir connection: the token works.
import { createCore, type Core } from '../../src/main/core';
import { MemoryClipboard, KeyringSafeStorage } from '../../src/main/core/node-ports';
import type { RestorePreview, RestoreResult } from '../../src/shared/backup';
import { ENVIRONMENTS, type ClientDetail, type ClientPage, type Connection } from '../../src/shared/domain';

interface Input {
  dataDir: string;
  file: string;
  with: 'recoveryKey' | 'passphrase';
  secret: string;
  weir?: { connectionLabel: string };
}

async function unwrap<T>(core: Core, method: string, payload?: unknown): Promise<T> {
  const result = await core.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function readInput(): Promise<Input> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return JSON.parse(text) as Input;
}

async function main(): Promise<void> {
  const input = await readInput();
  const core = createCore({
    dataDir: input.dataDir,
    safeStorage: new KeyringSafeStorage({ service: 'Keyhold machine B' }),
    clipboard: new MemoryClipboard(),
  });
  try {
    const source =
      input.with === 'recoveryKey'
        ? { with: 'recoveryKey', file: input.file, recoveryKey: input.secret }
        : { with: 'passphrase', file: input.file, passphrase: input.secret };
    const preview = await unwrap<RestorePreview>(core, 'previewRestore', source);
    const result = await unwrap<RestoreResult>(core, 'applyRestore', { previewId: preview.previewId });

    const reveals: {
      provider: string;
      remoteId: string;
      environment: string;
      field: string;
      value: string;
    }[] = [];
    for (const environment of ENVIRONMENTS) {
      for (const archived of [false, true]) {
        const page = await unwrap<ClientPage>(core, 'listClients', { environment, archived, limit: 500 });
        for (const summary of page.items) {
          const detail = await unwrap<ClientDetail>(core, 'getClient', { id: summary.id });
          for (const { field } of detail.secretFields) {
            const { value } = await unwrap<{ value: string }>(core, 'revealSecret', {
              clientId: detail.id,
              field,
            });
            reveals.push({ provider: detail.provider, remoteId: detail.remoteId, environment, field, value });
          }
        }
      }
    }
    const connections = await unwrap<Connection[]>(core, 'listConnections');
    const operations = await unwrap<unknown[]>(core, 'listAttempts');
    let created: ClientDetail | null = null;
    if (input.weir) {
      const weir = connections.find((c) => c.label === input.weir!.connectionLabel);
      if (!weir) throw new Error(`no connection "${input.weir.connectionLabel}" after the restore`);
      created = await unwrap<ClientDetail>(core, 'createClient', {
        provider: 'weir',
        connectionId: weir.id,
        environment: 'development',
        name: 'Made on machine B',
      });
    }
    const vault = await unwrap<{ protection: string }>(core, 'getVaultStatus');
    console.log(JSON.stringify({ preview, result, reveals, connections, operations, created, vault }));
  } finally {
    await core.shutdown();
  }
}

// An async main, not top-level await: tsx runs this package's .ts files as CommonJS.
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
