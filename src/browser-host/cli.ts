import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { browserHostKeyring } from './keyring';
import { quitQuestion, waitForCreatesBeforeQuit } from '../main/core';
import { startBrowserHost } from './server';

// npm run dev:browser [-- --data-dir DIR] [--port N] [--cli-socket PATH]
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    // Where the keyhold CLI reaches this host (default: the default endpoint, or its own path
    // beside it when another Keyhold answers there; the line printed at start says which).
    'cli-socket': { type: 'string' },
    'test-hooks': { type: 'boolean', default: false },
  },
});

// Without --data-dir the store is a throwaway: removed, with its keyring entry, on exit.
const throwaway = values['data-dir'] === undefined;
const dataDir = resolve(values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'keyhold-')));
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, not "${values.port}"`);
  process.exit(2);
}

async function main(): Promise<void> {
  const safeStorage = browserHostKeyring(dataDir);
  const host = await startBrowserHost({
    dataDir,
    port,
    rendererDir: resolve('out/renderer'),
    safeStorage,
    testHooks: values['test-hooks'],
    cli: { socket: values['cli-socket'] },
  });
  console.log(`Keyhold at ${host.url} (data: ${throwaway ? 'temporary, removed on exit' : dataDir})`);
  console.log(host.cli!.notice);
  // A create waiting for its answer is waited for; Ctrl-C again quits anyway (marked unknown).
  let warned = false;
  const quitting = waitForCreatesBeforeQuit(host.core, async (waiting) => {
    if (warned) return 'quit';
    warned = true;
    const { createWaitMinutes } = await host.core.handlers.getSettings(undefined);
    const { message, detail } = quitQuestion(waiting, createWaitMinutes);
    console.log(`${message} ${detail}\nPress Ctrl-C again to quit anyway.`);
    return 'wait';
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return quitting.onRepeat();
    stopping = true;
    void quitting
      .before()
      .then(() => host.close())
      .then(async () => {
        if (!throwaway) return;
        await safeStorage.destroy().catch(() => {});
        rmSync(dataDir, { recursive: true, force: true });
      })
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `Keyhold browser host failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
