// Backups at N clients: one backup and one restore, each in a process of its own (wall
// time and peak memory: bench/backup-child.ts), and a create's overhead while backups run (the
// core's, against a loopback fake Weir, as bench/create.ts measures it) beside the same figure with
// no backup running, interleaved. Targets at 100,000 clients: backup ≤ 5 s, restore ≤ 20 s, the
// create overhead unchanged.
//   node --import tsx bench/backup.ts [--sizes 1000,10000]    (this part alone)
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore, type Core } from '../src/main/core';
import { MemoryClipboard } from '../src/main/core/node-ports';
import type { Connection } from '../src/shared/domain';
import { startFakeWeir } from '../test/fakes/weir-server';
import { buildDataset, type Dataset } from './dataset';
import { BenchSafeStorage } from './safe-storage';
import { summarize, timeAsync, type Summary } from './stats';
import { ms, renderTable, type Cell } from './table';

export interface BackupResult {
  backup: { ms: number; bytes: number; rssBeforeMb: number; peakRssMb: number };
  restore: { previewMs: number; applyMs: number; rssBeforeMb: number; peakRssMb: number };
  /** create − bare HTTP round trip, with no backup running / while one is written. */
  overheadIdle: Summary;
  overheadDuring: Summary;
  /** Backups written while the creates ran. */
  backupsDuring: number;
}

/** "Unchanged" for the create overhead: its p50 while backups run within this of the p50 without. */
export const BACKUP_TARGETS = { backupMs: 5_000, restoreMs: 20_000, createSlackMs: 1 };

const CHILD = resolve(__dirname, 'backup-child.ts');

function child<T>(args: string[], input?: string): T {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    encoding: 'utf8',
    input,
    timeout: 300_000,
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`backup child (${args[0]}) failed: ${run.stderr || run.error}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
}

function storedClients(dir: string): number {
  const db = new Database(join(dir, 'keyhold.db'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM clients').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Runs last on a dataset: it sets up backups in its store. */
export async function measureBackup(dataset: Dataset, creates: number): Promise<BackupResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'keyhold-bench-backup-'));
  try {
    mkdirSync(join(scratch, 'folder'));
    const written = child<BackupResult['backup'] & { file: string; identity: string }>([
      'backup',
      dataset.dir,
      join(scratch, 'folder'),
    ]);
    const restored = child<BackupResult['restore'] & { clients: number }>(
      ['restore', join(scratch, 'restored'), written.file],
      written.identity,
    );
    // The store holds the dataset and whatever the create figure added to it before.
    const stored = storedClients(dataset.dir);
    if (restored.clients !== stored) throw new Error(`restored ${restored.clients} of ${stored} clients`);
    const during = await measureCreates(dataset, creates, join(scratch, 'during'));
    const { ms: backupMs, bytes, rssBeforeMb, peakRssMb } = written;
    return {
      backup: { ms: backupMs, bytes, rssBeforeMb, peakRssMb },
      restore: {
        previewMs: restored.previewMs,
        applyMs: restored.applyMs,
        rssBeforeMb: restored.rssBeforeMb,
        peakRssMb: restored.peakRssMb,
      },
      ...during,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Pairs of (create, bare POST) with no backup running, then the same while backups run back to back. */
async function measureCreates(dataset: Dataset, reps: number, folder: string) {
  const weir = await startFakeWeir();
  const core = createCore({
    dataDir: dataset.dir,
    safeStorage: new BenchSafeStorage(),
    clipboard: new MemoryClipboard(),
  });
  try {
    const connectionId = (
      await unwrap<Connection>(core, 'addConnection', {
        provider: 'weir',
        label: 'Bench fake Weir (backups)',
        baseUrl: weir.url,
        token: weir.token,
      })
    ).id;
    const key = await unwrap<{ recipient: string }>(core, 'setUpRecoveryKey');
    await unwrap(core, 'confirmRecoveryKey', { recipient: key.recipient });
    mkdirSync(folder, { recursive: true });
    await unwrap(core, 'setBackupFolder', { folder });
    await unwrap(core, 'backUpNow'); // the worker's code is warm from here on
    let n = 0;
    const pair = async () => {
      const i = n++;
      const create = await timeAsync(() =>
        unwrap(core, 'createClient', {
          provider: 'weir',
          connectionId,
          environment: 'production',
          name: `Backup bench ${i}`,
        }),
      );
      const bare = await timeAsync(async () => {
        const response = await fetch(`${weir.url}/org/create/client`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${weir.token}`,
            'Content-Type': 'application/json',
            'x-source': 'console',
          },
          body: JSON.stringify({ name: `Backup bench bare ${i}`, environment: 'production' }),
        });
        await response.json();
      });
      return create - bare;
    };
    for (let i = 0; i < 5; i++) await pair();
    const idle: number[] = [];
    const during: number[] = [];
    let backupsDuring = 0;
    while (during.length < reps || idle.length < reps) {
      // A backup, and creates for as long as it is being written.
      let writing = true;
      const backup = unwrap(core, 'backUpNow').finally(() => (writing = false));
      while (writing && during.length < reps) {
        const overhead = await pair();
        if (writing) during.push(overhead);
      }
      await backup;
      backupsDuring += 1;
      // As many with none running (each create schedules one a few seconds later: none starts meanwhile).
      for (let i = 0; i < Math.max(1, Math.ceil(reps / 10)) && idle.length < reps; i++)
        idle.push(await pair());
    }
    return { overheadIdle: summarize(idle), overheadDuring: summarize(during), backupsDuring };
  } finally {
    await unwrap(core, 'setBackupFolder', { folder: null }); // no backup at shutdown
    await core.shutdown();
    await weir.close();
  }
}

async function unwrap<T>(core: Core, method: string, payload?: unknown): Promise<T> {
  const result = await core.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** The table rows of one size (bench/run.ts prints them with the rest). */
export function backupRows(r: BackupResult, judge: (figure: string, ok: boolean) => string): Cell[][] {
  const restoreMs = r.restore.previewMs + r.restore.applyMs;
  const row = (label: string, p50: Cell, p95: Cell = '', target = '', result = ''): Cell[] => [
    '',
    label,
    p50,
    p95,
    '',
    '',
    '',
    target,
    result,
  ];
  return [
    row(
      `backup (one file, ${(r.backup.bytes / 1e6).toFixed(1)} MB), peak RSS ${r.backup.peakRssMb} MB (${r.backup.rssBeforeMb} before)`,
      ms(r.backup.ms),
      '',
      `≤ ${BACKUP_TARGETS.backupMs / 1000} s`,
      judge('backup', r.backup.ms <= BACKUP_TARGETS.backupMs),
    ),
    row(
      `restore into an empty store: open + apply, peak RSS ${r.restore.peakRssMb} MB (${r.restore.rssBeforeMb} before)`,
      ms(restoreMs),
      `${ms(r.restore.previewMs)} + ${ms(r.restore.applyMs)}`,
      `≤ ${BACKUP_TARGETS.restoreMs / 1000} s`,
      judge('restore', restoreMs <= BACKUP_TARGETS.restoreMs),
    ),
    row('create overhead, no backup running', ms(r.overheadIdle.p50), ms(r.overheadIdle.p95)),
    row(
      `create overhead while backups are written (${r.backupsDuring} backups)`,
      ms(r.overheadDuring.p50),
      ms(r.overheadDuring.p95),
      `p50 ≤ idle + ${BACKUP_TARGETS.createSlackMs} ms`,
      judge(
        'create overhead during a backup',
        r.overheadDuring.p50 <= r.overheadIdle.p50 + BACKUP_TARGETS.createSlackMs,
      ),
    ),
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '1000,10000' }, creates: { type: 'string', default: '30' } },
  });
  const root = mkdtempSync(join(tmpdir(), 'keyhold-bench-'));
  const rows: Cell[][] = [];
  try {
    for (const size of values.sizes.split(',').map((s) => Number(s.replaceAll('_', '')))) {
      process.stdout.write(`${size.toLocaleString('en')} clients: building the store… `);
      const dataset = await buildDataset(join(root, `n${size}`), size);
      process.stdout.write('backup and restore… ');
      const result = await measureBackup(dataset, Number(values.creates));
      process.stdout.write('done\n');
      console.log(JSON.stringify({ size, ...result }));
      const sized = backupRows(result, (_figure, ok) => (ok ? '(pass)' : '(fail)'));
      sized[0]![0] = size.toLocaleString('en');
      rows.push(...sized);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(renderTable(['clients', 'figure', 'p50', 'p95', '', '', '', 'target @100k', 'result'], rows));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
