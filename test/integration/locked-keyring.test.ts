import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/core';

const hasKeyringTools = ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'].every(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
);

// A real gnome-keyring, locked through the Secret Service D-Bus API.
describe.runIf(process.platform === 'linux')('locked OS keyring', () => {
  const home = tempDir();
  const data = tempDir();
  afterAll(() => {
    home.remove();
    data.remove();
  });

  it('gives a clear error and loses nothing', () => {
    expect(hasKeyringTools, 'dbus-run-session, gnome-keyring-daemon and dbus-send are required').toBe(true);
    const child = spawnSync(
      'dbus-run-session',
      [
        '--',
        'sh',
        '-c',
        `printf %s pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "${process.execPath}" --import tsx test/support/locked-keyring-child.ts "$0"`,
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
    expect(result.status.value.protection).toBe('unavailable');
    expect(result.addWhileLocked).toMatchObject({ ok: false, error: { code: 'vault_locked' } });
    expect(result.addWhileLocked.error.message).toMatch(/keyring is locked/i);
    // Nothing half-written: still exactly the one connection from before the lock.
    expect(result.connections.value).toHaveLength(1);
    expect(result.connections.value[0].tokenHint).toBe('_123');
    // The refused token reached neither the database nor the logs.
    for (const file of readdirSync(data.path, { recursive: true }) as string[]) {
      const path = join(data.path, file);
      try {
        expect(readFileSync(path).includes('tok_after_lock_456')).toBe(false);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
      }
    }
  });
});
