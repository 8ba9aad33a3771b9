// The cold-open figure. Each repetition is a fresh node process (bench/cold-open-child.ts) that
// opens the store, migrates and produces the first screen of the production list; it reports its
// own in-process time. The whole-process wall time (node + tsx start-up, module loading) is kept
// for context. The floor child does the same first screen with better-sqlite3 alone.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Dataset } from './dataset';
import { summarize, type Summary } from './stats';

export interface ColdOpenResult {
  core: Summary;
  coreWall: Summary;
  floor: Summary;
  floorWall: Summary;
}

const CHILD = resolve(__dirname, 'cold-open-child.ts');

function once(dataset: Dataset, mode: 'core' | 'floor'): { inProcess: number; wall: number } {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, dataset.dir, mode], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`cold-open child (${mode}) failed: ${child.stderr || child.error}`);
  const report = JSON.parse(child.stdout.trim().split('\n').pop()!) as { inProcessMs: number; rows: number };
  if (report.rows === 0 && dataset.size > 0) throw new Error(`cold-open child (${mode}) returned no rows`);
  return { inProcess: report.inProcessMs, wall };
}

export function measureColdOpen(dataset: Dataset, reps: number): ColdOpenResult {
  once(dataset, 'core'); // the first run after building also pays for tsx's transform cache
  once(dataset, 'floor');
  const core: number[] = [];
  const coreWall: number[] = [];
  const floor: number[] = [];
  const floorWall: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c = once(dataset, 'core');
    const f = once(dataset, 'floor');
    core.push(c.inProcess);
    coreWall.push(c.wall);
    floor.push(f.inProcess);
    floorWall.push(f.wall);
  }
  return {
    core: summarize(core),
    coreWall: summarize(coreWall),
    floor: summarize(floor),
    floorWall: summarize(floorWall),
  };
}
