// Keyboard only: no mouse clicks anywhere in this file, only page.keyboard (and assertions).
import type { Locator, Page } from '@playwright/test';
import { clientList, deliveredSecrets, details, expect, seedClient, seedConnection, test } from './fixtures';

/** Presses Tab until `target` has focus; fails after `max` presses. Returns how many it took. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return presses;
  }
  throw new Error(`Tab never reached ${target.toString()} in ${max} presses`);
}

/** Replaces the focused text field's content by typing. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

test('first run to a copied secret, keyboard only', async ({ page, keyhold }) => {
  const { weir } = keyhold;
  const start = page.getByRole('button', { name: 'Add your first connection' });
  const presses = await tabTo(page, start);
  expect(presses).toBeLessThanOrEqual(10);
  await expect(start).toBeFocused();
  await page.keyboard.press('Enter');

  const form = page.getByRole('dialog', { name: 'Add connection' });
  await expect(form.getByLabel('Provider')).toBeFocused();
  await expect(form.getByLabel('Provider')).toHaveValue('weir');
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('Host')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('Base URL')).toBeFocused();
  await retype(page, weir.url);
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('Label')).toBeFocused();
  await retype(page, 'Weir by keyboard');
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('Token')).toBeFocused();
  await page.keyboard.type(weir.token);
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(page.getByText('No clients in Production yet.')).toBeVisible();

  // Focus is never lost to <body> after a dialog closes, nor left in a text field (where
  // single-key shortcuts do not fire): it is on the empty list's action, and N works at once.
  expect(await page.evaluate('document.activeElement?.tagName')).not.toBe('BODY');
  await expect(page.getByRole('button', { name: 'Create your first client' })).toBeFocused();
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New client in Production' });
  await expect(dialog.getByRole('button', { name: 'Create' })).toBeFocused();
  await expect(dialog.getByLabel('Connection')).toHaveValue(/.+/);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  const option = clientList(page).getByRole('option');
  await expect(option).toHaveCount(1);
  await expect(option).toHaveAttribute('aria-selected', 'true');
  const name = (await details(page).getByRole('heading', { level: 2 }).textContent()) ?? '';
  expect(name).toMatch(/^Client 1 · Production · /);

  await page.keyboard.press('Control+Shift+C');
  const [secret] = deliveredSecrets(weir);
  await expect.poll(() => keyhold.clipboard().text).toBe(secret);
  expect(keyhold.clipboard().hints).toMatchObject({ 'x-kde-passwordManagerHint': 'secret' });
  await expect(page.getByRole('status').filter({ hasText: `Secret key of ${name}` })).toHaveText(
    `Secret key of ${name}: Copied — clipboard clears in 30 s`,
  );
  expect(await page.content()).not.toContain(secret);
});

test('shortcuts: Ctrl+1/2/3, / and Ctrl+F, arrows in the list, Ctrl+Shift+C, ? and Escape with focus returned', async ({
  page,
  keyhold,
}) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir');
  await seedClient(keyhold, weir, 'production', 'First');
  await seedClient(keyhold, weir, 'production', 'Second');
  await seedClient(keyhold, weir, 'staging', 'Staged');
  await page.reload();
  await expect(clientList(page).getByRole('option')).toHaveCount(2);

  // Environments.
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('tab', { name: 'Staging' })).toHaveAttribute('aria-selected', 'true');
  await expect(clientList(page, 'Staging').getByRole('option', { name: /^Staged/ })).toBeVisible();
  await page.keyboard.press('Control+3');
  await expect(page.getByRole('tab', { name: 'Development' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAttribute('aria-selected', 'true');

  // Search: "/" focuses it (and then types normally); Ctrl+F works from inside a field too.
  const search = page.getByRole('searchbox', { name: 'Search clients' });
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');
  await page.keyboard.type('n/');
  await expect(search).toHaveValue('n/');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(search).toHaveValue('');

  // Arrow down from the search box into the list, then through it (newest first), once the
  // unfiltered list is back (while 'n/' matched nothing there was no list to move into).
  await expect(clientList(page).getByRole('option').first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(clientList(page)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const panel = details(page);
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Second');
  await page.keyboard.press('ArrowDown');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('First');
  await expect(clientList(page).getByRole('option', { name: /^First/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.keyboard.press('Home');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Second');
  await page.keyboard.press('End');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('First');

  // Ctrl+Shift+C copies the selected client's secret (First was created first).
  await page.keyboard.press('Control+Shift+C');
  await expect.poll(() => keyhold.clipboard().text).toBe(keyhold.weir.issued[0]!.value);
  await page.keyboard.press('ArrowUp');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Second');
  await page.keyboard.press('Control+Shift+C');
  await expect.poll(() => keyhold.clipboard().text).toBe(keyhold.weir.issued[1]!.value);

  // Enter moves into the detail.
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('heading', { level: 2 })).toBeFocused();

  // Ctrl+F from anywhere.
  await page.keyboard.press('Control+F');
  await expect(search).toBeFocused();

  // Escape closes a dialog and focus returns to the control that opened it.
  const settingsButton = page.getByRole('button', { name: 'Settings', exact: true });
  await tabTo(page, settingsButton);
  await page.keyboard.press('Enter');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  expect(await settings.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);
  // Focus is trapped inside while it is open.
  for (let i = 0; i < 25; i++) await page.keyboard.press('Tab');
  expect(await settings.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  await expect(settingsButton).toBeFocused();

  // "?" opens the shortcuts help; Escape returns focus to the same place.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /Copy the selected client’s secret/ })).toContainText(
    'Ctrl+Shift+C',
  );
  await expect(help.getByRole('button', { name: 'Close', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(settingsButton).toBeFocused();

  // N opens the create dialog; Escape closes it without creating anything.
  await page.keyboard.press('n');
  const create = page.getByRole('dialog', { name: 'New client in Production' });
  await expect(create).toBeVisible();
  // Shortcuts stand down while a dialog is open.
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(create).toBeHidden();
  await expect(settingsButton).toBeFocused();
  expect(keyhold.weir.requests).toHaveLength(3);
});
