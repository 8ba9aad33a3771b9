// The real desktop app, launched through Playwright's Electron driver: add a Weir
// connection, create a client, copy its secret, and find it on the OS clipboard with its
// concealment hint. Runs wherever an Electron binary is installed; elsewhere it is
// reported as skipped, with the reason.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { electronBinary } from '../../scripts/electron-binary.cjs';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { METHODS } from '../../src/shared/channels';
import { addConnection } from '../e2e/fixtures';
import { startFakeWeir, type FakeWeir } from '../fakes/weir-server';

const root = resolve(__dirname, '../..');

const binary = electronBinary();
const needsDisplay =
  process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'];

test.skip(
  !binary,
  'No Electron binary installed: node_modules/electron was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 ' +
    "(or without access to Electron's download host), so the desktop shell cannot be launched here. " +
    'The same main path runs in the browser e2e suite; to run this one: npm rebuild electron && ' +
    'npx electron-builder install-app-deps.',
);
test.skip(
  binary !== null && needsDisplay,
  'No display for Electron on Linux: run under xvfb-run (or set DISPLAY).',
);

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
    // On Linux, ask for the Secret Service explicitly: without a desktop session
    // Chromium would pick basic_text, which the vault (rightly) refuses.
    args: [main, ...(process.platform === 'linux' ? ['--password-store=gnome-libsecret'] : [])],
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      APPDATA: join(home, 'AppData'),
    },
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
