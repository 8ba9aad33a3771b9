// What a new user tripped on (issue 18): the connection form's base URL, the same client imported
// twice, the host dying during a create, and the messages of a failed create.
import { type Page } from '@playwright/test';
import { expect, seedConnection, test } from './fixtures';

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

test('the same client imported twice is refused, naming the one Keyhold keeps', async ({ page, keyhold }) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir main');
  await keyhold.call('importClient', {
    provider: 'weir',
    connectionId: weir.id,
    environment: 'staging',
    name: 'Billing API',
    remoteId: 'cli_123456789',
    publicId: 'V2ndYYV7PMQVjqyTsk2QkokCv',
    secret: 'sk_kept_secret_value_1',
  });
  await page.reload();
  await page.getByRole('button', { name: 'Import client' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import client' });
  await dialog.getByLabel('Name').fill('Billing again');
  await dialog.getByLabel('Client id', { exact: true }).fill('cli_123456789');
  await dialog.getByLabel('Credentials client id').fill('V2ndYYV7PMQVjqyTsk2QkokCv');
  await dialog.getByLabel('Secret key').fill('sk_second_secret_value_2');
  await dialog.getByRole('button', { name: 'Import' }).click();

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('“Billing API”');
  await expect(alert).toContainText('Staging');
  await expect(dialog.getByLabel('Client id', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('0 clients');
  await expect(page.getByRole('tab', { name: 'Staging' })).toHaveAccessibleDescription('1 client');
});

async function openCreate(page: Page) {
  await page.getByRole('button', { name: 'New client' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client in Production' });
  await expect(dialog).toBeVisible();
  return dialog;
}

const unknownBanner = (page: Page) => page.getByRole('region', { name: /unknown outcome/ });

test('the bridge drops while a create waits: the request may have reached the provider, no Create offered; the attempt comes back after reconnecting', async ({
  page,
  keyhold,
}) => {
  await seedConnection(keyhold, 'weir', 'Weir');
  let sockets = 0;
  await page.routeWebSocket(/\/rpc$/, (socket) => {
    const first = ++sockets === 1;
    const core = socket.connectToServer();
    socket.onMessage((message) => {
      core.send(message);
      // The first socket dies once the create is on its way to the core.
      const call = JSON.parse(String(message)) as { method: string };
      if (first && call.method === 'createClient') socket.close({ code: 1006, reason: 'host gone' });
    });
  });
  await page.reload();
  // Longer than the fixture's provider timeout (2 s): the core ends it as unknown.
  keyhold.weir.inject({ delayMs: 4_000 });
  const dialog = await openCreate(page);
  await dialog.getByLabel('Name', { exact: true }).fill('Host died');
  await dialog.getByRole('button', { name: 'Create' }).click();

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('the request may have reached Weir AI');
  await expect(alert).toContainText('unknown-outcome banner');
  await expect(alert).not.toContainText('not reachable');
  await expect(dialog.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  // The window reconnects by itself and follows the attempt until the core ends it.
  await expect(unknownBanner(page)).toHaveAccessibleName(
    'A create attempt has an unknown outcome: Host died',
  );
  expect(sockets).toBe(2);
});

test('a dropped connection: one message in words, no system code; the banner gives the advice once', async ({
  page,
  keyhold,
}) => {
  const { mythic } = keyhold;
  await seedConnection(keyhold, 'mythic', 'Mythic');
  await page.reload();
  mythic.inject({ drop: 'before-response' }, { times: 2 });
  for (const name of ['Dropped one', 'Dropped two']) {
    const dialog = await openCreate(page);
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByRole('button', { name: 'Create' }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('was lost after the request was sent');
    await expect(alert).not.toContainText(/[A-Z]+_[A-Z_]+|\(E[A-Z]+\)/);
    await expect(alert.locator('p')).toHaveCount(1);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  }
  const banner = unknownBanner(page);
  await banner.getByRole('button', { name: 'Show' }).click();
  await expect(banner.getByRole('listitem')).toHaveCount(2);
  const text = (await banner.textContent()) ?? '';
  // One piece of advice for the whole banner, the same the dialog gave: not one per attempt.
  expect(text.match(/may have been created|may exist/g)).toHaveLength(1);
  expect(text).not.toContain('delete the client');
});

test('429 with Retry-After: 120 — the wait said once, Create disabled while it counts down, then enabled', async ({
  page,
  keyhold,
}) => {
  const { weir } = keyhold;
  await page.clock.install({ time: new Date('2026-12-01T12:00:00Z') });
  await seedConnection(keyhold, 'weir', 'Weir');
  await page.reload();
  await page.clock.pauseAt(new Date('2026-12-01T12:00:10Z'));
  weir.inject({ status: 429, headers: { 'Retry-After': '120' } });
  const dialog = await openCreate(page);
  await dialog.getByLabel('Name', { exact: true }).fill('Rate limited');
  await dialog.getByRole('button', { name: 'Create' }).click();

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Nothing was created.');
  await expect(alert).toContainText('Try again in 2 minutes.');
  expect(((await alert.textContent()) ?? '').match(/Try again/g)).toHaveLength(1);
  const create = dialog.getByRole('button', { name: 'Create' });
  await expect(create).toBeDisabled();
  // And looks it: a disabled button is plainly fainter than an enabled one.
  await expect(create).toHaveCSS('opacity', '0.45');

  await page.clock.runFor(45_000);
  await expect(alert).toContainText('Try again in 1 minute 15 seconds.');
  await expect(create).toBeDisabled();
  // Closed and opened again, the wait still holds for this connection.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const again = await openCreate(page);
  await expect(again.getByRole('status')).toContainText('Try again in 1 minute 15 seconds.');
  await expect(again.getByRole('button', { name: 'Create' })).toBeDisabled();

  await page.clock.runFor(75_000);
  await expect(again.getByRole('button', { name: 'Create' })).toBeEnabled();
  expect(weir.requests).toHaveLength(1);
  await again.getByLabel('Name', { exact: true }).fill('Rate limited');
  await again.getByRole('button', { name: 'Create' }).click();
  await expect(again).toBeHidden();
  expect(weir.requests).toHaveLength(2);
});
