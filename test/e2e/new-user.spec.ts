// What a new user tripped on (issue 18): the connection form's base URL, the same client imported
// twice, the host dying during a create, and the messages of a failed create.
import { type Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function openAddConnection(page: Page) {
  await page.getByRole('button', { name: 'Add your first connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('a Mythic base URL without /api/v1 is not saved: the form says so and adds it in one click', async ({
  page,
  keyhold,
}) => {
  const { mythic } = keyhold;
  const dialog = await openAddConnection(page);
  await dialog.getByLabel('Provider').selectOption({ label: 'Mythic Analytics' });
  const baseUrl = dialog.getByLabel('Base URL');
  await baseUrl.fill(mythic.url.replace(/\/api\/v1$/, ''));
  await dialog.getByLabel('Token').fill(mythic.token);
  await dialog.getByRole('button', { name: 'Save connection' }).click();

  await expect(baseUrl).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('A Mythic Analytics base URL ends in /api/v1');
  await dialog.getByRole('button', { name: 'Add /api/v1' }).click();
  await expect(baseUrl).toHaveValue(mythic.url);
  await expect(baseUrl).not.toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog).toBeHidden();
  expect((await keyhold.call('listConnections')).map((c) => c.baseUrl)).toEqual([mythic.url]);
});

test('a Weir base URL ending in the create path: the form offers to remove it', async ({ page, keyhold }) => {
  const { weir } = keyhold;
  const dialog = await openAddConnection(page);
  const baseUrl = dialog.getByLabel('Base URL');
  await baseUrl.fill(`${weir.url}/org/create/client`);
  await dialog.getByLabel('Token').fill(weir.token);
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(baseUrl).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Remove /org/create/client' }).click();
  await expect(baseUrl).toHaveValue(weir.url);
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog).toBeHidden();
  expect((await keyhold.call('listConnections')).map((c) => c.baseUrl)).toEqual([weir.url]);
});
