import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { activateKeyringUnlocked } from '../../scripts/keyring-session.mjs';
import { tempDir } from '../support/core';

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

// A real gnome-keyring in a session of its own, so killing its daemon disturbs no other test.
describe.runIf(
  process.platform === 'linux' && ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'].every(has),
)('an OS keyring daemon that dies mid-call', () => {
  const home = tempDir();
  afterAll(() => home.remove());

  it('is asked once more, and the daemon D-Bus starts in its place answers', () => {
    const dataHome = join(home.path, 'share');
    activateKeyringUnlocked(dataHome);
    const child = spawnSync(
      'dbus-run-session',
      [
        '--',
        'sh',
        '-c',
        `printf %s "$KEYHOLD_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "${process.execPath}" --import tsx test/support/keyring-restart-child.ts`,
      ],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          HOME: home.path,
          XDG_DATA_HOME: dataHome,
          KEYHOLD_TEST_KEYRING_PASSWORD: 'restart-pass',
        },
        timeout: 60_000,
      },
    );
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
    expect(result).toEqual({ opened: 'sk_live_restart_5Tq8', replacedBy: true });
  });
});
