// The keyhold CLI's speed: `keyhold read` after approval beside `node -e 0` (target: ≤ 1.5× node's
// own start), and what `keyhold run -- true` adds to `true`. The CLI is the built bundle; the core
// answers in this process; the commands run from bench/cli-driver.cjs in one pseudo-terminal.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCore } from '../src/main/core';
import { MemoryClipboard } from '../src/main/core/node-ports';
import type { CliApprovals } from '../src/shared/cli-access';
import { BenchSafeStorage } from './safe-storage';
import { summarize, type Summary } from './stats';

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'out', 'cli', 'keyhold.cjs');
const SECRET = 'sk_live_bench_5Tq8Wx2Lm9Kd7Rz3';

export const CLI_TARGET = 1.5;

export interface CliBenchResult {
  /** Wall time of each command, ms. */
  node: Summary;
  read: Summary;
  true: Summary;
  run: Summary;
  /** `keyhold run -- true` − `true`, per interleaved pair. */
  runOverhead: Summary;
  /** User + system CPU (ms), where /usr/bin/time exists: the figure load moves least. */
  cpu: { node: Summary; read: Summary } | null;
  bundleBytes: number;
}

/** out/cli/keyhold.cjs, built when missing or older than its sources. */
function ensureCli(): void {
  const newest = (dir: string): number =>
    Math.max(
      ...spawnSync('find', [dir, '-type', 'f'], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
        .map((file) => statSync(file).mtimeMs),
    );
  if (
    existsSync(CLI) &&
    statSync(CLI).mtimeMs >= Math.max(newest(join(ROOT, 'src/cli')), newest(join(ROOT, 'src/shared')))
  )
    return;
  console.log('Building the keyhold CLI (vite build --config vite.cli.config.ts)…');
  const build = spawnSync('npx', ['vite', 'build', '--config', 'vite.cli.config.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('building the CLI failed');
}

export async function measureCli(dir: string, reps = 30, warmup = 3): Promise<CliBenchResult> {
  if (spawnSync('sh', ['-c', 'command -v script']).status !== 0) {
    throw new Error('The CLI bench needs util-linux `script` (a pseudo-terminal for the grant).');
  }
  ensureCli();
  const core = createCore({
    dataDir: dir,
    safeStorage: new BenchSafeStorage(),
    clipboard: new MemoryClipboard(),
  });
  let answering = true;
  try {
    const imported = await core.dispatch('importClient', {
      provider: 'weir',
      connectionId: null,
      environment: 'production',
      name: 'Bench',
      remoteId: 'cli_bench',
      publicId: 'pub_bench',
      secret: SECRET,
    });
    if (!imported.ok) throw new Error(imported.error.message);
    const socket = join(dir, 'cli', 'keyhold.sock');
    await core.cli.listen({ socket });
    // The user, allowing the first request's terminal.
    void (async () => {
      let version = -1;
      while (answering) {
        const next = await core.dispatch('waitCliApprovals', { version });
        if (!next.ok) return;
        ({ version } = next.value as CliApprovals);
        for (const { id } of (next.value as CliApprovals).approvals) {
          await core.dispatch('answerCliApproval', { id, decision: 'terminal' });
        }
      }
    })();
    const config = join(dir, 'driver.json');
    const out = join(dir, 'samples.json');
    writeFileSync(
      config,
      JSON.stringify({
        cli: CLI,
        socket,
        ref: 'keyhold://production/Bench/secret_key',
        value: SECRET,
        reps,
        warmup,
        out,
      }),
    );
    const driver = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'bench', 'cli-driver.cjs'))} ${JSON.stringify(config)}`;
    const code = await new Promise<number | null>((done) => {
      const child = spawn('script', ['-qfec', driver, '/dev/null'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.on('close', (status) => {
        if (status !== 0) console.error(output);
        done(status);
      });
    });
    if (code !== 0) throw new Error(`the CLI bench driver failed (exit ${code})`);
    const samples = JSON.parse(readFileSync(out, 'utf8')) as Record<
      string,
      { wall: number[]; cpu: number[] }
    >;
    const wall = (name: string) => samples[name]!.wall;
    return {
      node: summarize(wall('node')),
      read: summarize(wall('read')),
      true: summarize(wall('true')),
      run: summarize(wall('run')),
      runOverhead: summarize(wall('run').map((t, i) => t - wall('true')[i]!)),
      cpu: samples.node!.cpu.length
        ? { node: summarize(samples.node!.cpu), read: summarize(samples.read!.cpu) }
        : null,
      bundleBytes: statSync(CLI).size,
    };
  } finally {
    answering = false;
    await core.shutdown();
  }
}
