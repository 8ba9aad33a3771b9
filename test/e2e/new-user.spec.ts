// What a new user tripped on (issue 18): the list with archived clients, focus after dialogs, the
// detail panel across environments, the clipboard note, and the layout at the window's smallest
// size — in real Chromium over the real core, against the fake providers.
import { clientList, details, expect, listedNames, seedClient, seedConnection, test } from './fixtures';

test('Show archived adds archived clients to the list, dimmed and marked; an all-archived environment says so', async ({
  page,
  keyhold,
}) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir main');
  await seedClient(keyhold, weir, 'production', 'Checkout API');
  const old = await seedClient(keyhold, weir, 'production', 'Old reporting');
  await keyhold.call('setClientArchived', { id: old.id, archived: true });
  const staging = await seedClient(keyhold, weir, 'staging', 'Staging sync');
  await keyhold.call('setClientArchived', { id: staging.id, archived: true });
  await page.reload();

  const list = clientList(page);
  await expect.poll(() => listedNames(list)).toEqual(['Checkout API']);
  await page.getByLabel('Show archived').check();
  // Added, in the list's order (newest first), not instead of the active ones.
  await expect.poll(() => listedNames(list)).toEqual(['Old reporting', 'Checkout API']);
  await expect(page.getByRole('status').filter({ hasText: /clients?$/ })).toHaveText('2 clients');
  const archivedRow = list.getByRole('option', { name: /^Old reporting/ });
  await expect(archivedRow.locator('.tag')).toHaveText('Archived');
  const color = (name: string) =>
    list
      .getByRole('option', { name: new RegExp(`^${name}`) })
      .locator('.cell-name-text')
      .evaluate((el) => getComputedStyle(el).color);
  expect(await color('Old reporting')).not.toBe(await color('Checkout API'));

  // Staging holds one client, archived: with archived hidden it never says Staging is empty.
  await page.getByLabel('Show archived').uncheck();
  await page.getByRole('tab', { name: 'Staging' }).click();
  const empty = page.locator('.list-empty');
  await expect(empty).toContainText('No active clients in Staging. 1 archived client is hidden.');
  await expect(empty).not.toContainText('yet');
  await expect(empty.getByRole('button', { name: 'Create your first client' })).toHaveCount(0);
  await empty.getByRole('button', { name: 'Show archived' }).click();
  await expect(page.getByLabel('Show archived')).toBeChecked();
  await expect.poll(() => listedNames(clientList(page, 'Staging'))).toEqual(['Staging sync']);

  // A search that only archived clients match says so too.
  await page.getByLabel('Show archived').uncheck();
  await page.getByRole('tab', { name: 'Production' }).click();
  await page.getByRole('searchbox', { name: 'Search clients' }).fill('reporting');
  await expect(empty).toContainText(
    'No active clients match this search and filters. 1 archived client does.',
  );
  await expect(empty.getByRole('button', { name: 'Show archived' })).toBeVisible();

  // Development is empty: only there does it say so.
  await page.getByRole('searchbox', { name: 'Search clients' }).fill('');
  await page.getByRole('tab', { name: 'Development' }).click();
  await expect(empty).toContainText('No clients in Development yet.');
  await expect(empty.getByRole('button', { name: 'Create your first client' })).toBeVisible();
  await expect(details(page)).not.toContainText('Checkout API');
});
