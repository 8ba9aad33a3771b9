// The data directory is 0700 and the store and log files 0600 whatever the
// umask, and an existing directory left readable by others is tightened on start. The core runs
// in a child process started under the umask of each case (the parent's umask is left alone, as
// Electron's must be), and the modes are read from this process while the child holds the store.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/core';
import { crashKeyring } from '../support/crash-plan';

const CHILD = 'test/support/file-modes-child.ts';
const FILES = ['keyhold.db', 'keyhold.db-wal', 'keyhold.db-shm', join('logs', 'keyhold.log')];
const DIRS = ['.', 'logs'];

interface Running {
  child: ChildProcessWithoutNullStreams;
  umask: string;
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

/** Starts the child core under `umask` and resolves once it holds the store open. */
function startChild(dataDir: string, umask: string, account: string): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'sh',
      [
        '-c',
        `umask ${umask} && exec "$0" --import tsx ${CHILD} "$1" "$2"`,
        process.execPath,
        dataDir,
        account,
      ],
      { env: process.env },
    );
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`child exited ${code} before it was ready: ${stderr}`)));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      const ready = JSON.parse(line) as { umask: string };
      resolve({
        child,
        umask: ready.umask,
        stop: () => {
          child.stdin.end();
          return exited;
        },
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

/** Permission bits of every data-dir entry that exists, by path relative to the data dir. */
function modes(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of [...DIRS, ...FILES]) {
    const path = join(dataDir, entry);
    if (existsSync(path)) out[entry] = (statSync(path).mode & 0o777).toString(8).padStart(4, '0');
  }
  return out;
}

const PRIVATE = {
  '.': '0700',
  logs: '0700',
  'keyhold.db': '0600',
  'keyhold.db-wal': '0600',
  'keyhold.db-shm': '0600',
  [join('logs', 'keyhold.log')]: '0600',
};

describe.runIf(process.platform === 'linux')('data directory and file modes', () => {
  const root = tempDir('keyhold-modes-');
  // One keyring account for every run (a restarted child must open the store it wrapped).
  const account = `test-${randomUUID()}`;
  afterAll(async () => {
    await crashKeyring(account).destroy();
    root.remove();
  });

  for (const umask of ['0022', '0002', '0000']) {
    it(`a new data directory under umask ${umask} is 0700 with its files 0600`, async () => {
      const dataDir = join(root.path, `new-${umask}`);
      const running = await startChild(dataDir, umask, account);
      try {
        expect(running.umask).toBe(umask);
        expect(modes(dataDir)).toEqual(PRIVATE);
      } finally {
        expect(await running.stop()).toBe(0);
      }
    });
  }

  it('an existing 0755 directory with 0644 files is tightened on start (umask 0022)', async () => {
    const dataDir = join(root.path, 'existing');
    mkdirSync(dataDir);
    // A first run killed while it held the store leaves the WAL and shared-memory files behind.
    await (await startChild(dataDir, '0022', account)).kill();
    for (const entry of DIRS) chmodSync(join(dataDir, entry), 0o755);
    for (const entry of FILES) chmodSync(join(dataDir, entry), 0o644);
    expect(Object.values(modes(dataDir)).sort()).toEqual(['0644', '0644', '0644', '0644', '0755', '0755']);

    const running = await startChild(dataDir, '0022', account);
    try {
      expect(modes(dataDir)).toEqual(PRIVATE);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });
});
