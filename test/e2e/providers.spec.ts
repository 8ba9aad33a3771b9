// Creating clients on both providers through the UI, and every way a create can fail —
// in real Chromium over the real core, against the fake Weir and Mythic servers.
import type { Page } from '@playwright/test';
import { addConnection, clientList, deliveredSecrets, details, expect, test } from './fixtures';

const MYTHIC_ID = /^[a-zA-Z0-9_-]{1,255}$/;

async function openCreate(page: Page, environment: 'Production' | 'Staging' | 'Development') {
  await page.getByRole('tab', { name: environment }).click();
  await expect(page.getByRole('tab', { name: environment })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'New client' }).click();
  const dialog = page.getByRole('dialog', { name: `New client in ${environment}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

function unknownBanner(page: Page) {
  return page.getByRole('region', { name: /unknown outcome/ });
}

/** The unknown-outcome banner, its list shown (it starts as one line). */
async function openUnknownBanner(page: Page) {
  const banner = unknownBanner(page);
  // Wait for it first (after a reload it comes with the attempts' load): isVisible() does not wait.
  await expect(banner).toBeVisible();
  const show = banner.getByRole('button', { name: 'Show' });
  if (await show.isVisible()) await show.click();
  return banner;
}

test('Mythic: the full form sends exactly the documented fields; the detail shows metadata and both secrets masked', async ({
  page,
  keyhold,
}) => {
  const { mythic } = keyhold;
  await addConnection(page, {
    provider: 'Mythic Analytics',
    label: 'Mythic main',
    baseUrl: mythic.url,
    token: mythic.token,
  });
  const dialog = await openCreate(page, 'Staging');
  await dialog.getByRole('button', { name: 'More options' }).click();
  await expect(dialog.getByRole('button', { name: 'Fewer options' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );

  const proxyKey = `pxy_${Date.now().toString(36)}_Zq81`;
  await dialog.getByLabel('Name', { exact: true }).fill('Acme Retail');
  await dialog.getByLabel('Client id', { exact: true }).fill('acme-retail-staging');
  await dialog.getByLabel('Active (status)').uncheck();
  await dialog.getByLabel('Domain', { exact: true }).fill('acme.example');
  await dialog.getByLabel('Email', { exact: true }).fill('ops@acme.example');
  await dialog.getByLabel('Phone', { exact: true }).fill('+1 415 555 0100');
  await dialog.getByLabel('Website', { exact: true }).fill('https://acme.example');
  await dialog.getByLabel('Time zone', { exact: true }).fill('America/Los_Angeles');
  await dialog.getByLabel('Global name', { exact: true }).fill('acmeRetail');
  await dialog.getByLabel('Company id', { exact: true }).fill('cmp_42');
  await dialog.getByLabel('Agency id', { exact: true }).fill('agy_7');
  await dialog.getByLabel('GoHighLevel location id', { exact: true }).fill('ghl_loc_9');
  await dialog.getByLabel('Proxy API key', { exact: true }).fill(proxyKey);
  await dialog
    .getByLabel('API metadata (JSON object)')
    .fill('{"plan": "enterprise", "region": "us-west", "seats": 25}');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  // Exactly the documented fields, with the types Mythic's API gives them, and nothing else.
  expect(mythic.requests).toHaveLength(1);
  expect(mythic.requests[0]).toMatchObject({ method: 'POST', path: '/api/v1/clients' });
  expect(mythic.requests[0]!.headers.authorization).toBe(`Bearer ${mythic.token}`);
  expect(mythic.requests[0]!.body).toEqual({
    id: 'acme-retail-staging',
    name: 'Acme Retail',
    status: false,
    domain: 'acme.example',
    email: 'ops@acme.example',
    phone: '+1 415 555 0100',
    website: 'https://acme.example',
    timezone: 'America/Los_Angeles',
    global_name: 'acmeRetail',
    company_id: 'cmp_42',
    agency_id: 'agy_7',
    api_metadata: { plan: 'enterprise', region: 'us-west', seats: 25 },
    ghl_location_id: 'ghl_loc_9',
    proxy_api_key: proxyKey,
  });

  // Listed in Staging only.
  await expect(clientList(page, 'Staging').getByRole('option', { name: /^Acme Retail/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Staging' })).toHaveAccessibleDescription('1 client');
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('0 clients');

  // The detail: metadata as Mythic echoed it, both secrets kept and masked.
  const panel = details(page);
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Acme Retail');
  const metadataBlock = panel.getByRole('region', { name: 'Mythic metadata' }).locator('pre');
  const metadata = JSON.parse((await metadataBlock.textContent()) ?? '{}') as Record<string, unknown>;
  expect(metadata).toMatchObject({
    status: false,
    domain: 'acme.example',
    email: 'ops@acme.example',
    phone: '+1 415 555 0100',
    website: 'https://acme.example',
    timezone: 'America/Los_Angeles',
    global_name: 'acmeRetail',
    company_id: 'cmp_42',
    agency_id: 'agy_7',
    ghl_location_id: 'ghl_loc_9',
    api_metadata: { plan: 'enterprise', region: 'us-west', seats: 25 },
  });
  expect(metadata).not.toHaveProperty('proxy_api_key');
  expect(metadata).not.toHaveProperty('secret_key');

  const secrets = panel.getByRole('region', { name: 'Secrets' });
  await expect(secrets.getByRole('button', { name: 'Reveal Secret key' })).toBeVisible();
  await expect(secrets.getByRole('button', { name: 'Reveal Proxy API key' })).toBeVisible();
  await expect(secrets.getByText('hidden')).toHaveCount(2);
  const issued = deliveredSecrets(mythic);
  expect(issued).toHaveLength(2); // secret_key and the echoed proxy_api_key
  const html = await page.content();
  for (const secret of issued) expect(html).not.toContain(secret);

  // What was kept is what was typed / issued.
  await secrets.getByRole('button', { name: 'Reveal Proxy API key' }).click();
  await expect(secrets.getByLabel('Proxy API key value')).toHaveText(proxyKey);
  await secrets.getByRole('button', { name: 'Reveal Secret key' }).click();
  const secretKey = mythic.issued.find((s) => s.field === 'secret_key')!.value;
  await expect(secrets.getByLabel('Secret key value')).toHaveText(secretKey);
});

test('Mythic in one click: the default name and an id derived from it, nothing else sent', async ({
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
  await page.getByRole('button', { name: 'New client' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client in Production' });
  const create = dialog.getByRole('button', { name: 'Create' });
  await expect(create).toBeFocused();
  const name = await dialog.getByLabel('Name', { exact: true }).inputValue();
  const id = await dialog.getByLabel('Client id', { exact: true }).inputValue();
  expect(name).toMatch(/^Client \d+ · Production · [A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}$/);
  expect(id).toMatch(MYTHIC_ID);
  expect(id).toMatch(/^client-\d+-production-/);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  expect(mythic.requests).toHaveLength(1);
  expect(mythic.requests[0]!.body).toEqual({ id, name });
  expect(mythic.ids.has(id)).toBe(true);
  await expect(clientList(page).getByRole('option', { name: new RegExp(`^${name}`) })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(details(page).getByRole('heading', { level: 2 })).toHaveText(name);
  await expect(details(page).getByText(id, { exact: true }).first()).toBeVisible();
});

test('Mythic 409: the id is taken; "Use <suggestion>" fills a free id and the create succeeds', async ({
  page,
  keyhold,
}) => {
  const { mythic } = keyhold;
  mythic.ids.add('acme-taken');
  await addConnection(page, {
    provider: 'Mythic Analytics',
    label: 'Mythic',
    baseUrl: mythic.url,
    token: mythic.token,
  });
  const dialog = await openCreate(page, 'Production');
  await dialog.getByLabel('Name', { exact: true }).fill('Acme');
  const idField = dialog.getByLabel('Client id', { exact: true });
  await idField.fill('acme-taken');
  await dialog.getByRole('button', { name: 'Create' }).click();

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('already has a client with the id “acme-taken” (HTTP 409)');
  await expect(idField).toHaveAttribute('aria-invalid', 'true');
  const use = alert.getByRole('button', { name: /^Use acme-taken-[a-z0-9]+$/ });
  const suggestion = ((await use.textContent()) ?? '').replace(/^Use /, '');
  expect(suggestion).toMatch(MYTHIC_ID);
  expect(mythic.ids.has(suggestion)).toBe(false);
  // Nothing was kept from the refused attempt.
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('0 clients');

  await use.click();
  await expect(idField).toHaveValue(suggestion);
  await expect(idField).not.toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Create' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  expect(mythic.requests.map((r) => (r.body as { id: string }).id)).toEqual(['acme-taken', suggestion]);
  expect(mythic.requests[0]!.response?.status).toBe(409);
  await expect(clientList(page).getByRole('option', { name: /^Acme/ })).toHaveCount(1);
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('1 client');
  await expect(unknownBanner(page)).toHaveCount(0);
});

test('Weir with a bad token: the auth message next to Create, nothing listed', async ({ page, keyhold }) => {
  const { weir } = keyhold;
  await addConnection(page, {
    provider: 'Weir AI',
    label: 'Weir wrong',
    baseUrl: weir.url,
    token: 'not-the-right-token',
  });
  const dialog = await openCreate(page, 'Staging');
  const create = dialog.getByRole('button', { name: 'Create' });
  await create.click();

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText(/The Weir AI token for .*was refused \(HTTP 401\)\./);
  await expect(alert).toContainText('Update the token in Settings → Connections.');
  // Next to the Create button: in the same actions row.
  const actions = dialog.locator('.dialog-actions');
  await expect(actions.getByRole('alert')).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Create' })).toBeVisible();
  await expect(alert).not.toContainText('not-the-right-token');
  await expect(create).toBeEnabled();

  expect(weir.requests).toHaveLength(1);
  expect(weir.requests[0]!.headers.authorization).toBe('Bearer not-the-right-token');
  expect(weir.requests[0]!.response?.status).toBe(401);

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('No clients in Staging yet.')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Staging' })).toHaveAccessibleDescription('0 clients');
  await expect(unknownBanner(page)).toHaveCount(0);
});

test('client-side validation: errors next to the fields and no request at all', async ({ page, keyhold }) => {
  const { mythic } = keyhold;
  await addConnection(page, {
    provider: 'Mythic Analytics',
    label: 'Mythic',
    baseUrl: mythic.url,
    token: mythic.token,
  });
  const dialog = await openCreate(page, 'Development');
  await dialog.getByRole('button', { name: 'More options' }).click();
  const id = dialog.getByLabel('Client id', { exact: true });
  const email = dialog.getByLabel('Email', { exact: true });
  const timezone = dialog.getByLabel('Time zone', { exact: true });
  const metadata = dialog.getByLabel('API metadata (JSON object)');
  await id.fill('not an id!');
  await email.fill('ops@@acme');
  await timezone.fill('Mars/Olympus_Mons');
  await metadata.fill('["plan", "enterprise"]');
  await dialog.getByRole('button', { name: 'Create' }).click();

  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription('Enter a valid email address');
  await expect(timezone).toHaveAttribute('aria-invalid', 'true');
  await expect(timezone).toHaveAccessibleDescription(/Use an IANA time zone, e\.g\. America\/Los_Angeles/);
  await expect(metadata).toHaveAttribute('aria-invalid', 'true');
  await expect(metadata).toHaveAccessibleDescription(/Enter a JSON object/);
  await expect(id).toHaveAttribute('aria-invalid', 'true');
  await expect(id).toHaveAccessibleDescription(/Use 1–255 letters, digits, hyphens or underscores/);
  // Each error sits right under its own field.
  await expect(
    dialog.locator('.form-field', { has: page.getByLabel('Email', { exact: true }) }).locator('.field-error'),
  ).toHaveText('Enter a valid email address');
  // Focus goes to the first invalid field; the dialog stays open.
  await expect(id).toBeFocused();
  await expect(dialog).toBeVisible();

  // Not even main was asked, let alone the provider.
  await keyhold.settled();
  expect(keyhold.responses.filter((r) => r.method === 'createClient')).toHaveLength(0);
  expect(mythic.requests).toHaveLength(0);

  // Fixing one field clears only its error.
  await email.fill('ops@acme.example');
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');
  await expect(timezone).toHaveAttribute('aria-invalid', 'true');

  await id.fill('valid-id_1');
  await timezone.fill('Europe/Paris');
  await metadata.fill('{"plan": "enterprise"}');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  expect(mythic.requests).toHaveLength(1);
  expect(mythic.requests[0]!.body).toMatchObject({
    id: 'valid-id_1',
    email: 'ops@acme.example',
    timezone: 'Europe/Paris',
    api_metadata: { plan: 'enterprise' },
  });
});

test('429 with Retry-After: the message gives the wait, nothing is retried or created', async ({
  page,
  keyhold,
}) => {
  const { weir } = keyhold;
  await page.clock.install();
  await page.reload();
  await addConnection(page, { provider: 'Weir AI', label: 'Weir', baseUrl: weir.url, token: weir.token });
  weir.inject({ status: 429, headers: { 'Retry-After': '42' } });
  const dialog = await openCreate(page, 'Production');
  await dialog.getByLabel('Name', { exact: true }).fill('Rate limited');
  await dialog.getByRole('button', { name: 'Create' }).click();

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('(HTTP 429)');
  await expect(alert).toContainText('Nothing was created.');
  await expect(alert).toContainText('Try again in 42 seconds.');
  await expect(unknownBanner(page)).toHaveCount(0);
  // No automatic retry.
  await page.waitForTimeout(300);
  expect(weir.requests).toHaveLength(1);
  expect(weir.issued).toHaveLength(0);

  // Create waits for the provider's time; then the same dialog creates the client.
  await expect(dialog.getByRole('button', { name: 'Create' })).toBeDisabled();
  await page.clock.fastForward(42_000);
  await expect(alert).toContainText('You can try again now.');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  expect(weir.requests).toHaveLength(2);
  await expect(clientList(page).getByRole('option', { name: /^Rate limited/ })).toBeVisible();
});

test('500: a server error, outcome known, nothing listed and no unknown-outcome banner', async ({
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
  mythic.inject({ status: 500 });
  const dialog = await openCreate(page, 'Staging');
  await dialog.getByLabel('Name', { exact: true }).fill('Server down');
  await dialog.getByRole('button', { name: 'Create' }).click();

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Mythic Analytics');
  await expect(alert).toContainText('had a server error (HTTP 500)');
  await expect(alert).toContainText('Try again in a few minutes.');
  await expect(alert).not.toContainText('may exist');
  await dialog.getByRole('button', { name: 'Close dialog' }).click();
  await expect(page.getByRole('tab', { name: 'Staging' })).toHaveAccessibleDescription('0 clients');
  await expect(unknownBanner(page)).toHaveCount(0);
  expect(mythic.requests).toHaveLength(1);
});

test('timeout: the unknown-outcome banner lists the attempt (durably) and Dismiss removes it', async ({
  page,
  keyhold,
}) => {
  const { weir } = keyhold;
  await addConnection(page, {
    provider: 'Weir AI',
    label: 'Weir slow',
    baseUrl: weir.url,
    token: weir.token,
  });
  // The fixture's provider timeout is 2 s: answer after 4 s.
  weir.inject({ delayMs: 4_000 });
  const dialog = await openCreate(page, 'Staging');
  await dialog.getByLabel('Name', { exact: true }).fill('Slow client');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Creating at Weir AI…');

  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('did not answer within 2 seconds');
  await expect(alert).toContainText('may have been created at Weir AI without Keyhold receiving its secret');
  // A create that may have happened is not one click away: only Close (and Import) remain.
  await expect(dialog.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  const banner = unknownBanner(page);
  await expect(banner).toHaveAccessibleName('A create attempt has an unknown outcome: Slow client');
  await openUnknownBanner(page);
  const item = banner.getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Slow client · Weir AI · Weir slow · Staging');
  await expect(page.getByRole('tab', { name: 'Staging' })).toHaveAccessibleDescription('0 clients');
  // The provider did create it; its secret never reached Keyhold.
  expect(weir.issued).toHaveLength(1);
  expect(weir.issued[0]!.delivered).toBe(false);

  // Journalled, not just shown: still there after a reload.
  await page.reload();
  await expect((await openUnknownBanner(page)).getByRole('listitem')).toContainText('Slow client');

  await unknownBanner(page).getByRole('button', { name: 'Dismiss Slow client' }).click();
  await expect(unknownBanner(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Staging' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New client' })).toBeVisible();
  await expect(unknownBanner(page)).toHaveCount(0);
  expect(weir.requests).toHaveLength(1);
});

test('dropped connection: unknown outcome listed with provider, name and environment; each dismissed on its own', async ({
  page,
  keyhold,
}) => {
  const { mythic, weir } = keyhold;
  await addConnection(page, {
    provider: 'Mythic Analytics',
    label: 'Mythic flaky',
    baseUrl: mythic.url,
    token: mythic.token,
  });
  mythic.inject({ drop: 'before-response' }, { times: 2 });

  let dialog = await openCreate(page, 'Development');
  await dialog.getByLabel('Name', { exact: true }).fill('Dropped one');
  await dialog.getByLabel('Client id', { exact: true }).fill('dropped-one');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('alert')).toContainText('was lost after the request was sent');
  await expect(dialog.getByRole('alert')).toContainText('may have been created at Mythic Analytics');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  dialog = await openCreate(page, 'Production');
  await dialog.getByLabel('Name', { exact: true }).fill('Dropped two');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('alert')).toContainText('was lost');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  const banner = unknownBanner(page);
  await expect(banner).toHaveAccessibleName('2 create attempts have an unknown outcome');
  await openUnknownBanner(page);
  await expect(banner.getByRole('listitem')).toHaveCount(2);
  await expect(banner.getByRole('listitem').filter({ hasText: 'Dropped one' })).toContainText(
    'Dropped one · Mythic Analytics · Mythic flaky · Development',
  );
  await expect(banner.getByRole('listitem').filter({ hasText: 'Dropped two' })).toContainText(
    'Mythic Analytics · Mythic flaky · Production',
  );
  // The ambiguity is real: the provider has the client.
  expect(mythic.ids.has('dropped-one')).toBe(true);
  expect(deliveredSecrets(mythic, weir)).toHaveLength(0);

  await banner.getByRole('button', { name: 'Dismiss Dropped one' }).click();
  await expect(banner).toHaveAccessibleName('A create attempt has an unknown outcome: Dropped two');
  await expect(banner.getByRole('listitem')).toHaveCount(1);
  await expect(banner.getByRole('listitem')).toContainText('Dropped two');
  await banner.getByRole('button', { name: 'Dismiss Dropped two' }).click();
  await expect(unknownBanner(page)).toHaveCount(0);
});
