// The smoke mode (src/main/smoke.ts) of the built app under the installed Electron binary:
// it must print its ok line and exit 0, and leave nothing in the user's data folder. CI runs
// the same check against each OS's packaged build (scripts/smoke.cjs --packaged). Skipped,
// with the reason, where no Electron binary exists.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { devApp, runApp, smokeProblems } from '../../scripts/smoke.cjs';
import { cannotLaunchReason, PASSWORD_STORE_ARGS } from '../support/electron-app';
import packageJson from '../../package.json';

const skipReason = cannotLaunchReason();
test.skip(skipReason !== null, skipReason ?? '');

const onLinux = process.platform === 'linux';

test('--smoke prints its ok line, exits 0 and leaves no data behind', async () => {
  const app = devApp()!;
  // On Linux a normal start would keep its store under this HOME: it must stay empty. (macOS and
  // Windows find the user's folders, and the keychain, through the OS rather than HOME.)
  const home = mkdtempSync(join(tmpdir(), 'keyhold-smoke-e2e-'));
  try {
    const result = await runApp({
      command: app.command,
      // --no-sandbox as Playwright's own launches on Linux; the packaged run in CI keeps the sandbox.
      args: [...app.args, '--smoke', ...PASSWORD_STORE_ARGS, ...(onLinux ? ['--no-sandbox'] : [])],
      env: onLinux ? { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') } : process.env,
    });
    expect(
      smokeProblems(result, {
        version: packageJson.version,
        platform: process.platform,
        // Inside npm test's private gnome-keyring on Linux; elsewhere the OS has one store.
        ...(onLinux ? { backend: 'gnome_libsecret' } : {}),
      }),
      `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
    ).toEqual([]);
    const files = readdirSync(home, { recursive: true }).map(String);
    expect(files.filter((file) => file.includes('keyhold.db'))).toEqual([]);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
