import { addConnection, deliveredSecrets, expect, test } from './fixtures';

// The main path: add a Weir connection, pick an environment, create a client in one
// click, see it listed, copy its secret key — in real Chromium over the real core.
test('add a Weir connection, create a client in Staging, copy its secret', async ({
  page,
  keyhold,
}, testInfo) => {
  const { weir } = keyhold;
  await addConnection(page, { provider: 'Weir AI', label: 'Weir dev', baseUrl: weir.url, token: weir.token });

  await page.getByRole('tab', { name: 'Staging' }).click();
  await page.getByRole('button', { name: 'New client' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client in Staging' });
  const name = dialog.getByLabel('Name');
  await expect(name).not.toHaveValue('');
  await name.fill('Billing API');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  // Listed under Staging, selected, with the note that the secret is in the vault.
  const list = page.getByRole('listbox', { name: 'Clients in Staging' });
  await expect(list.getByRole('option', { name: /^Billing API/ })).toBeVisible();
  await expect(page.getByText(/secret stored in the vault/i)).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Staging' })).toHaveAccessibleDescription(/1 client/);

  // The request is exactly what Weir's API documents.
  expect(weir.requests).toHaveLength(1);
  expect(weir.requests[0]).toMatchObject({
    method: 'POST',
    path: '/org/create/client',
    body: { name: 'Billing API', environment: 'staging' },
  });
  expect(weir.requests[0]!.headers).toMatchObject({
    authorization: `Bearer ${weir.token}`,
    'content-type': 'application/json',
    'x-source': 'console',
  });

  // Copy: the clipboard holds exactly the secret the provider issued, concealed.
  const details = page.getByRole('complementary', { name: 'Client details' });
  await details.getByRole('button', { name: 'Copy Secret key' }).click();
  await expect(details.getByText(/clears in \d+ s/i)).toBeVisible();
  const [secret] = deliveredSecrets(weir);
  expect(keyhold.clipboard().text).toBe(secret);
  expect(keyhold.clipboard().hints).toMatchObject({ 'x-kde-passwordManagerHint': 'secret' });

  // The secret never reached the renderer: it is in no bridge response, nor in the page.
  for (const response of keyhold.responses) expect(response.body).not.toContain(secret);
  expect(await page.content()).not.toContain(secret);

  await page.screenshot({ path: testInfo.outputPath('main-screen.png') });
  await page.screenshot({ path: 'test-results/screenshots/main-screen.png' });
});
