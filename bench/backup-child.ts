// One backup or one restore in a process of its own, so its time and peak memory are its own:
//   node --import tsx bench/backup-child.ts backup <dataDir> <folder>
//     → {ms, file, bytes, identity, rssBeforeMb, peakRssMb}
//   node --import tsx bench/backup-child.ts restore <dataDir> <file>   (the recovery key on stdin)
//     → {previewMs, applyMs, clients, rssBeforeMb, peakRssMb}
// Peak memory is the process's maximum resident set (the worker thread's included).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from '../src/main/core';
import { MemoryClipboard } from '../src/main/core/node-ports';
import type { RestorePreview, RestoreResult } from '../src/shared/backup';
import { BenchSafeStorage } from './safe-storage';

async function unwrap<T>(core: Core, method: string, payload?: unknown): Promise<T> {
  const result = await core.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const mb = (kb: number) => Math.round(kb / 1024);
const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function main(): Promise<void> {
  const [mode, dataDir, target] = process.argv.slice(2);
  const core = createCore({
    dataDir: dataDir!,
    safeStorage: new BenchSafeStorage(),
    clipboard: new MemoryClipboard(),
  });
  try {
    if (mode === 'backup') {
      const key = await unwrap<{ identity: string; recipient: string }>(core, 'setUpRecoveryKey');
      await unwrap(core, 'confirmRecoveryKey', { recipient: key.recipient });
      await unwrap(core, 'setBackupFolder', { folder: target });
      const rssBeforeMb = rssMb();
      const start = performance.now();
      const status = await unwrap<{ lastFile: string; health: string }>(core, 'backUpNow');
      const ms = performance.now() - start;
      if (status.health !== 'ok') throw new Error(`backup: ${status.health}`);
      const file = join(target!, status.lastFile);
      const report = { ms, file, bytes: statSync(file).size, identity: key.identity, rssBeforeMb };
      console.log(JSON.stringify({ ...report, peakRssMb: mb(process.resourceUsage().maxRSS) }));
    } else {
      let identity = '';
      for await (const chunk of process.stdin) identity += String(chunk);
      const rssBeforeMb = rssMb();
      let start = performance.now();
      const preview = await unwrap<RestorePreview>(core, 'previewRestore', {
        with: 'recoveryKey',
        file: target,
        recoveryKey: identity.trim(),
      });
      const previewMs = performance.now() - start;
      start = performance.now();
      const result = await unwrap<RestoreResult>(core, 'applyRestore', { previewId: preview.previewId });
      const applyMs = performance.now() - start;
      const report = { previewMs, applyMs, clients: result.changes.clientsAdded, rssBeforeMb };
      console.log(JSON.stringify({ ...report, peakRssMb: mb(process.resourceUsage().maxRSS) }));
    }
  } finally {
    await core.shutdown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
