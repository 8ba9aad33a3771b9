// The real desktop app, launched through Playwright's Electron driver: add a Weir
// connection, create a client, copy its secret, and find it on the OS clipboard with its
// concealment hint. Runs wherever an Electron binary is installed; elsewhere it is
// reported as skipped, with the reason.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { withoutRunAsNode } from '../../scripts/smoke.cjs';
import { METHODS } from '../../src/shared/channels';
import { addConnection } from '../e2e/fixtures';
import { startFakeWeir, type FakeWeir } from '../fakes/weir-server';
import { binary, cannotLaunchReason, PASSWORD_STORE_ARGS } from '../support/electron-app';

const root = resolve(__dirname, '../..');

const skipReason = cannotLaunchReason();
test.skip(skipReason !== null, skipReason ?? '');

let app: ElectronApplication;
let page: Page;
let weir: FakeWeir;
let home: string;

test.beforeEach(async () => {
  const main = resolve(root, 'out/main/index.js');
  expect(existsSync(main), 'out/main/index.js is missing: run `npm run build` first').toBe(true);
  weir = await startFakeWeir();
  // A throwaway profile: Electron's userData lives under these on Linux, macOS and Windows.
  home = mkdtempSync(join(tmpdir(), 'keyhold-electron-e2e-'));
  app = await electron.launch({
    executablePath: binary!,
    args: [main, ...PASSWORD_STORE_ARGS],
    // npm test runs Playwright under Electron's Node (ELECTRON_RUN_AS_NODE=1): the app must not
    // inherit that, or the binary would start as a plain Node.
    env: withoutRunAsNode({
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      APPDATA: join(home, 'AppData'),
    }),
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterEach(async () => {
  await app?.close();
  await weir?.close();
  rmSync(home, { recursive: true, force: true });
});

test('the renderer gets the bridge and nothing else', async () => {
  expect(page.url()).toBe('app://keyhold/index.html');
  const globals = await page.evaluate(() => {
    const page = globalThis as unknown as { keyhold: object; require?: unknown; process?: unknown };
    return {
      keyhold: Object.keys(page.keyhold).sort(),
      require: typeof page.require,
      process: typeof page.process,
    };
  });
  expect(globals).toEqual({ keyhold: [...METHODS].sort(), require: 'undefined', process: 'undefined' });
});

test('add a Weir connection, create a client, copy its secret', async () => {
  await addConnection(page, {
    provider: 'Weir AI',
    label: 'Weir (fake)',
    baseUrl: weir.url,
    token: weir.token,
  });

  await page.getByRole('button', { name: 'New client' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
  await expect.poll(() => weir.issued.length).toBe(1);

  await page.getByRole('button', { name: 'Copy secret key' }).first().click();
  const secret = weir.issued[0]!.value;
  await expect.poll(() => app.evaluate(({ clipboard }) => clipboard.readText())).toBe(secret);
  if (process.platform === 'linux') {
    const hinted = await app.evaluate(({ clipboard }) =>
      clipboard.has('electron application/osclipboard;format="x-kde-passwordManagerHint"'),
    );
    expect(hinted).toBe(true);
  }
});
