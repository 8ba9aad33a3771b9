// Backups in the window: set up backups (see the recovery key, confirm it, type a folder), make
// a change and see the header say when it was backed up, then restore into a fresh data folder
// (another browser host, another keyring service) from its first-run screen: every secret is back.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startBrowserHost } from '../../src/browser-host/server';
import { tempDir, testKeyring } from '../support/core';
import { clientList, deliveredSecrets, details, expect, seedClient, seedConnection, test } from './fixtures';

const BACKUP = /^keyhold-\d{8}T\d{6}\.\d{3}Z\.age$/;

test('set up backups, see a change backed up, restore it into a fresh data folder', async ({
  page,
  keyhold,
  browser,
}, testInfo) => {
  const folder = tempDir('keyhold-e2e-backups-');
  const fresh = tempDir('keyhold-e2e-fresh-');
  const keyringB = testKeyring();
  try {
    const weir = await seedConnection(keyhold, 'weir', 'Weir');
    await seedClient(keyhold, weir, 'production', 'Billing API');
    await page.reload();
    const header = page.locator('header.topbar');
    await expect(header.getByRole('button', { name: /^Backups off/ })).toBeVisible();

    // Settings → Backups: the recovery key, shown once.
    await header.getByRole('button', { name: /^Backups off/ }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('button', { name: 'Set up recovery key…' }).click();
    const keyDialog = page.getByRole('dialog', { name: 'Your recovery key' });
    const shown = keyDialog.getByLabel('Recovery key', { exact: true });
    await expect(shown).toHaveText(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    const recoveryKey = (await shown.textContent())!;
    await keyDialog.getByRole('button', { name: 'Copy recovery key' }).click();
    await expect(keyDialog.getByText(/clipboard clears in \d+ s/)).toBeVisible();
    expect(keyhold.clipboard()).toMatchObject({
      text: recoveryKey,
      hints: { 'x-kde-passwordManagerHint': 'secret' },
    });
    const done = keyDialog.getByRole('button', { name: 'Done: I saved it' });
    await expect(done).toBeDisabled();
    await keyDialog.getByLabel('I saved my recovery key somewhere safe').check();
    await page.screenshot({ path: 'test-results/screenshots/recovery-key.png' });
    await done.click();
    await expect(keyDialog).toBeHidden();
    await expect(settings.getByText(/^age1[0-9a-z]{58}$/)).toBeVisible();

    // The folder is a typed path in the browser host.
    await settings.getByLabel('Backup folder').fill(folder.path);
    await settings.getByRole('button', { name: 'Save folder' }).click();
    await expect(settings.getByText(/^Last backup:/)).toBeVisible();
    await settings.getByRole('heading', { name: 'Backups' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/settings-backups.png' });
    await settings.getByRole('button', { name: 'Close dialog' }).click();
    await expect(header.getByRole('button', { name: /^Backed up just now/ })).toBeVisible();
    expect(readdirSync(folder.path).filter((name) => BACKUP.test(name))).toHaveLength(1);

    // A change that adds a secret is backed up a few seconds later; the header says so.
    await page.getByRole('button', { name: 'New client' }).click();
    const create = page.getByRole('dialog', { name: 'New client in Production' });
    await create.getByLabel('Name').fill('Search API');
    await create.getByRole('button', { name: 'Create' }).click();
    await expect(create).toBeHidden();
    await expect(header.getByRole('button', { name: /^Backing up…/ })).toBeVisible();
    await expect(header.getByRole('button', { name: /^Backed up just now/ })).toBeVisible();
    await expect.poll(() => readdirSync(folder.path).filter((name) => BACKUP.test(name)).length).toBe(2);
    await page.screenshot({ path: testInfo.outputPath('backed-up.png') });
    await page.screenshot({ path: 'test-results/screenshots/backed-up.png' });
    const newest = readdirSync(folder.path)
      .filter((name) => BACKUP.test(name))
      .sort()
      .at(-1)!;

    // Machine B: a fresh data folder and keyring; its first-run screen offers the restore.
    const hostB = await startBrowserHost({
      dataDir: fresh.path,
      rendererDir: resolve('out/renderer'),
      safeStorage: keyringB,
    });
    const pageB = await browser.newPage();
    try {
      await pageB.goto(hostB.url);
      await pageB.getByRole('button', { name: 'Restore from a backup' }).click();
      const restore = pageB.getByRole('dialog', { name: 'Restore from a backup' });
      await restore.getByLabel('Backup file').fill(`${folder.path}/${newest}`);
      await restore.getByLabel('Recovery key', { exact: true }).fill(recoveryKey);
      await restore.getByRole('button', { name: 'Show what it holds' }).click();
      await expect(restore.getByText(/It holds 2 clients, 1 connection and 3 secrets/)).toBeVisible();
      await expect(restore.getByText('Add 2 clients')).toBeVisible();
      await pageB.screenshot({ path: 'test-results/screenshots/restore-preview.png' });
      // Machine B has no recovery key: the one that opened the file is offered, named, and kept on.
      await expect(
        restore.getByRole('checkbox', { name: /Use this recovery key for future backups/ }),
      ).toBeChecked();
      await restore.getByRole('button', { name: 'Restore' }).click();
      await expect(restore.getByText('Restored.')).toBeVisible();
      await expect(
        restore.getByText(/Future backups are encrypted to the recovery key you just used/),
      ).toBeVisible();
      await restore.getByRole('button', { name: 'Close', exact: true }).click();

      for (const [name, secret] of [
        ['Billing API', deliveredSecrets(keyhold.weir)[0]],
        ['Search API', deliveredSecrets(keyhold.weir)[1]],
      ] as const) {
        await clientList(pageB)
          .getByRole('option', { name: new RegExp(`^${name}`) })
          .click();
        const secrets = details(pageB);
        await secrets.getByRole('button', { name: 'Reveal Secret key' }).click();
        await expect(secrets.getByLabel('Secret key value')).toHaveText(secret!);
      }
    } finally {
      await pageB.close();
      await hostB.close();
    }
  } finally {
    await keyringB.destroy().catch(() => {});
    folder.remove();
    fresh.remove();
  }
});
