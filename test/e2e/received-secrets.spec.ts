// What the user sees while a secret is on its way, and after an attempt with an unknown outcome:
// a slow answer waited for (the dialog may close), a retry that Keyhold asks about first, the
// 409 that proves the earlier attempt, and an import straight from the attempt.
import type { Page } from '@playwright/test';
import { addConnection, clientList, expect, test } from './fixtures';

async function openCreate(page: Page, environment: string) {
  await page.getByRole('tab', { name: environment }).click();
  await page.getByRole('button', { name: 'New client' }).click();
  const dialog = page.getByRole('dialog', { name: `New client in ${environment}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('a slow answer', () => {
  test.use({ providerTimeoutMs: 60_000 });

  test('the dialog says it is still waiting, may be closed, and the client arrives in the list', async ({
    page,
    keyhold,
  }) => {
    const { weir } = keyhold;
    await addConnection(page, { provider: 'Weir AI', label: 'Weir', baseUrl: weir.url, token: weir.token });
    weir.inject({ delayMs: 8_000 });
    const dialog = await openCreate(page, 'Staging');
    await dialog.getByLabel('Name', { exact: true }).fill('Slow one');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Creating at Weir AI…');
    await expect(dialog.getByRole('status')).toContainText('Still waiting for Weir AI…', { timeout: 7_000 });
    await expect(dialog.getByRole('status')).toContainText('You can close this dialog: the create goes on');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toBeHidden();
    // The create goes on, and the window says so.
    const progress = page.getByRole('region', { name: 'Creates in progress' });
    await expect(progress).toContainText('Waiting for the answer from Weir AI: Slow one (Staging)');
    await expect(clientList(page, 'Staging').getByRole('option', { name: /^Slow one/ })).toBeVisible({
      timeout: 10_000,
    });
    await expect(
      page.getByRole('status').filter({ hasText: 'Created “Slow one” in Staging.' }),
    ).toBeVisible();
    await expect(progress).toHaveCount(0);
    expect(weir.requests).toHaveLength(1);
    expect(weir.issued[0]!.delivered).toBe(true);
  });
});

test('after an unknown outcome: Keyhold asks before repeating the id, a 409 proves the earlier attempt, Import settles it', async ({
  page,
  keyhold,
}) => {
  const { mythic } = keyhold;
  await addConnection(page, {
    provider: 'Mythic Analytics',
    label: 'Mythic',
    baseUrl: mythic.url,
    token: mythic.token,
  });
  mythic.inject({ drop: 'before-response' });
  let dialog = await openCreate(page, 'Production');
  await dialog.getByLabel('Name', { exact: true }).fill('Lost one');
  await dialog.getByLabel('Client id', { exact: true }).fill('lost-one');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('alert')).toContainText('was lost after the request was sent');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // The same id again: asked first, and nothing is sent.
  dialog = await openCreate(page, 'Production');
  await dialog.getByLabel('Name', { exact: true }).fill('Lost one again');
  await dialog.getByLabel('Client id', { exact: true }).fill('lost-one');
  await dialog.getByRole('button', { name: 'Create' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('An earlier attempt with the id “lost-one” has an unknown outcome');
  expect(mythic.requests).toHaveLength(1);

  // Anyway: Mythic says the id is taken, which proves the earlier attempt created it.
  await alert.getByRole('button', { name: 'Create anyway' }).click();
  await expect(alert).toContainText('The earlier attempt created “lost-one” at Mythic Analytics');
  await expect(alert).toContainText('Rotate the secret in the Mythic Analytics console');
  expect(mythic.requests).toHaveLength(2);

  // Import, prefilled from the attempt.
  await alert.getByRole('button', { name: 'Import it…' }).click();
  const importDialog = page.getByRole('dialog', { name: 'Import client' });
  await expect(importDialog).toContainText('rotate it in the Mythic Analytics console first');
  await expect(importDialog.getByLabel('Name')).toHaveValue('Lost one');
  await expect(importDialog.getByLabel('Client id')).toHaveValue('lost-one');
  await expect(importDialog.getByLabel('Environment')).toHaveValue('production');
  await importDialog.getByLabel('Publishable key').fill('pk_rotated_lost_one');
  await importDialog.getByLabel('Secret key').fill('sk_rotated_in_the_console_1');
  await importDialog.getByRole('button', { name: 'Import' }).click();
  await expect(importDialog).toBeHidden();
  await expect(clientList(page).getByRole('option', { name: /^Lost one/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /unknown outcome/ })).toHaveCount(0);
});

test('the unknown-outcome banner: one line, and Import from an entry', async ({ page, keyhold }) => {
  const { weir } = keyhold;
  await addConnection(page, { provider: 'Weir AI', label: 'Weir', baseUrl: weir.url, token: weir.token });
  weir.inject({ drop: 'before-response' }, { times: 2 });
  for (const name of ['Dropped A', 'Dropped B']) {
    const dialog = await openCreate(page, 'Development');
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('alert')).toContainText('was lost');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  }
  const banner = page.getByRole('region', { name: '2 create attempts have an unknown outcome' });
  await expect(banner.getByRole('listitem')).toHaveCount(0);
  const box = await banner.boundingBox();
  expect(box!.height).toBeLessThan(60);
  await banner.getByRole('button', { name: 'Show' }).click();
  await banner.getByRole('button', { name: 'Import Dropped B' }).click();
  const importDialog = page.getByRole('dialog', { name: 'Import client' });
  await expect(importDialog.getByLabel('Name')).toHaveValue('Dropped B');
  await expect(importDialog.getByLabel('Environment')).toHaveValue('development');
  await importDialog.getByLabel(/^Client id/).fill('cli_dropped_b');
  await importDialog
    .getByLabel(/client id/i)
    .last()
    .fill('pub_dropped_b');
  await importDialog.getByLabel('Secret key').fill('sk_dropped_b_rotated');
  await importDialog.getByRole('button', { name: 'Import' }).click();
  await expect(importDialog).toBeHidden();
  await expect(page.getByRole('region', { name: /unknown outcome: Dropped A/ })).toBeVisible();
});
