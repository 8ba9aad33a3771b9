import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/core';

const hasKeyringTools = ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'].every(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
);
const CHILD = 'test/support/locked-keyring-child.ts';

/** Fails if `secret` is in any file under `dir` (database, WAL, logs). */
function expectNowhereOnDisk(dir: string, secret: string): void {
  for (const file of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, file);
    try {
      expect(readFileSync(path).includes(secret)).toBe(false);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
    }
  }
}

// A real gnome-keyring, locked through the Secret Service D-Bus API.
describe.runIf(process.platform === 'linux')('locked OS keyring', () => {
  const home = tempDir();
  const data = tempDir();
  afterAll(() => {
    home.remove();
    data.remove();
  });

  it('is the locked state, with one message in the status and the error, and loses nothing', () => {
    expect(hasKeyringTools, 'dbus-run-session, gnome-keyring-daemon and dbus-send are required').toBe(true);
    const child = spawnSync(
      'dbus-run-session',
      [
        '--',
        'sh',
        '-c',
        `printf %s pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "${process.execPath}" --import tsx ${CHILD} "$0" locked`,
        data.path,
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, HOME: home.path, XDG_DATA_HOME: join(home.path, 'share') },
        timeout: 60_000,
      },
    );
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
    expect(result.added.ok).toBe(true);
    expect(result.status.value.protection).toBe('locked');
    expect(result.status.value.message).toMatch(/keyring is locked/i);
    expect(result.status.value.message).toMatch(/unlock it/i);
    expect(result.addWhileLocked).toMatchObject({
      ok: false,
      error: { code: 'vault_locked', message: result.status.value.message },
    });
    // Nothing half-written: still exactly the one connection from before the lock.
    expect(result.connections.value).toHaveLength(1);
    expect(result.connections.value[0].tokenHint).toBe('_123');
    // The refused token reached neither the database nor the logs.
    expectNowhereOnDisk(data.path, 'tok_after_lock_456');
  });
});

describe.runIf(process.platform === 'linux')('no reachable OS keyring', () => {
  const data = tempDir();
  afterAll(() => data.remove());

  it('is the unavailable state, distinct from locked and missing', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, data.path, 'unavailable'], {
      encoding: 'utf8',
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(data.path, 'no-bus')}` },
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
    expect(result.status.value.protection).toBe('unavailable');
    expect(result.status.value.message).toMatch(/cannot reach the OS keyring/i);
    expect(result.add).toMatchObject({
      ok: false,
      error: { code: 'vault_unavailable', message: result.status.value.message },
    });
    expect(result.connections.value).toHaveLength(0);
    expectNowhereOnDisk(data.path, 'tok_before_lock_123');
  });
});
