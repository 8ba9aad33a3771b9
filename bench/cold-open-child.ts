// One cold open, in a fresh process: `node --import tsx bench/cold-open-child.ts <data-dir> [core|floor]`.
// core:  createCore (opens the store, migrates, builds the services) and the first screen of the
//        production list through dispatch, exactly as the renderer's first listClients call.
// floor: better-sqlite3 alone on the same file, the minimal SQL for the same first screen.
// Prints one JSON line: the in-process time from before opening to having the page.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createCore } from '../src/main/core';
import { MemoryClipboard } from '../src/main/core/node-ports';
import type { ClientPage } from '../src/shared/domain';
import { DB_FILE } from './dataset';
import { firstScreenFloor } from './floor';
import { BenchSafeStorage } from './safe-storage';

async function main(): Promise<void> {
  const [dataDir, mode = 'core'] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: cold-open-child.ts <data-dir> [core|floor]');
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6;
  let rows: number;
  let total: number;
  let inProcessMs: number;
  if (mode === 'floor') {
    const db = new Database(join(dataDir, DB_FILE));
    const page = firstScreenFloor(db);
    inProcessMs = elapsed();
    rows = page.items.length;
    total = page.total;
    db.close();
  } else {
    const core = createCore({
      dataDir,
      safeStorage: new BenchSafeStorage(),
      clipboard: new MemoryClipboard(),
    });
    const result = await core.dispatch('listClients', { environment: 'production', limit: 100 });
    inProcessMs = elapsed();
    if (!result.ok) throw new Error(result.error.message);
    const page = result.value as ClientPage;
    rows = page.items.length;
    total = page.total;
    await core.shutdown();
  }
  process.stdout.write(`${JSON.stringify({ inProcessMs, rows, total })}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
