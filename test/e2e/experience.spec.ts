// The everyday flows, each checked for what it does — first run, environments, sort,
// filters, search, the detail panel and its copy buttons, exports, import, archive, delete and
// settings — plus the reference screenshots in test-results/screenshots/.
import type { Locator, Page } from '@playwright/test';
import { parse as parseEnv } from 'dotenv';
import type { ClientDetail } from '../../src/shared/domain';
import {
  addConnection,
  clientList,
  deliveredSecrets,
  details,
  expect,
  listedNames,
  seedClient,
  seedConnection,
  test,
  type KeyholdFixture,
} from './fixtures';

const SHOTS = 'test-results/screenshots';
const CONCEALED = {
  'x-kde-passwordManagerHint': 'secret',
  'org.nspasteboard.ConcealedType': 'secret',
  ExcludeClipboardContentFromMonitorProcessing: '1',
  CanIncludeInClipboardHistory: '0',
  CanUploadToCloudClipboard: '0',
};

// No flow may end on the error boundary, or with an uncaught error in the page.
test.afterEach(async ({ page, keyhold }) => {
  await expect(page.getByRole('heading', { name: 'Something went wrong in this window' })).toHaveCount(0);
  expect(keyhold.pageErrors).toEqual([]);
});

/** Relative luminance (0 black … 1 white) of an element's computed background colour. */
async function backgroundLuminance(locator: Locator): Promise<number> {
  const color = await locator.evaluate(
    (el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor,
  );
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number) as [number, number, number];
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  return settings;
}

async function select(page: Page, name: string | RegExp, environment = 'Production'): Promise<void> {
  const option = clientList(page, environment).getByRole('option', {
    name: typeof name === 'string' ? new RegExp(`^${name}`) : name,
  });
  await option.click();
  await expect(option).toHaveAttribute('aria-selected', 'true');
}

/** The text as the `dotenv` package reads it (both of its parsers must agree). */
function parseDotenv(text: string): Record<string, string> {
  const parsed = parseEnv(text);
  expect(parseEnv(text, { fast: true })).toEqual(parsed);
  return parsed;
}

test('first run: empty state, first connection, first client (screenshots empty-light/dark)', async ({
  page,
  keyhold,
}) => {
  await expect(page.getByRole('heading', { name: 'Welcome to Keyhold' })).toBeVisible();
  await expect(page.getByRole('listbox')).toHaveCount(0);
  for (const env of ['Production', 'Staging', 'Development']) {
    await expect(page.getByRole('tab', { name: env })).toHaveAccessibleDescription('0 clients');
  }
  // 'system' is resolved to the OS scheme (light here) and follows it.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await backgroundLuminance(page.locator('body'))).toBeGreaterThan(0.8);
  await page.screenshot({ path: `${SHOTS}/empty-light.png` });

  // "Match system" follows the OS.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => backgroundLuminance(page.locator('body'))).toBeLessThan(0.05);
  await page.screenshot({ path: `${SHOTS}/empty-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });

  // Step 1: the first connection (from the first-run button).
  await addConnection(page, {
    provider: 'Weir AI',
    label: 'Weir',
    baseUrl: keyhold.weir.url,
    token: keyhold.weir.token,
  });
  await expect(page.getByRole('heading', { name: 'Welcome to Keyhold' })).toHaveCount(0);
  await expect(page.getByText('No clients in Production yet.')).toBeVisible();

  // Step 2: the first client.
  await page.getByRole('button', { name: 'Create your first client' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client in Production' });
  await expect(dialog.getByRole('button', { name: 'Create' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await expect(clientList(page).getByRole('option')).toHaveCount(1);
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('1 client');
  await expect(
    details(page).getByRole('status').filter({ hasText: 'Secret stored in the vault' }),
  ).toHaveText('Secret stored in the vault — Weir AI shows it only once.');
  expect(keyhold.weir.requests).toHaveLength(1);
});

test('environments: each has its own list and count', async ({ page, keyhold }) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir');
  for (const name of ['Prod A', 'Prod B', 'Prod C']) await seedClient(keyhold, weir, 'production', name);
  await seedClient(keyhold, weir, 'staging', 'Stage A');
  await page.reload();

  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('3 clients');
  await expect(page.getByRole('tab', { name: 'Staging' })).toHaveAccessibleDescription('1 client');
  await expect(page.getByRole('tab', { name: 'Development' })).toHaveAccessibleDescription('0 clients');
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAttribute('aria-selected', 'true');
  expect((await listedNames(clientList(page))).sort()).toEqual(['Prod A', 'Prod B', 'Prod C']);
  await expect(page.locator('.list-total')).toHaveText('3 clients');

  await page.getByRole('tab', { name: 'Staging' }).click();
  await expect(page.getByRole('tab', { name: 'Staging' })).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => listedNames(clientList(page, 'Staging'))).toEqual(['Stage A']);
  await expect(page.locator('.list-total')).toHaveText('1 client');

  await page.getByRole('tab', { name: 'Development' }).click();
  await expect(page.getByText('No clients in Development yet.')).toBeVisible();
  await expect(page.getByRole('listbox')).toHaveCount(0);
  // A new client lands in the environment on screen.
  await page.getByRole('button', { name: 'New client' }).click();
  await page
    .getByRole('dialog', { name: 'New client in Development' })
    .getByRole('button', { name: 'Create' })
    .click();
  await expect(page.getByRole('tab', { name: 'Development' })).toHaveAccessibleDescription('1 client');
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('3 clients');
  expect(keyhold.weir.requests.at(-1)!.body).toMatchObject({ environment: 'development' });
});

test('sort: newest, oldest, name A–Z and Z–A', async ({ page, keyhold }) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir');
  for (const name of ['charlie', 'Alpha', 'bravo', 'Delta'])
    await seedClient(keyhold, weir, 'production', name);
  await page.reload();
  const list = clientList(page);
  const sort = page.getByRole('combobox', { name: 'Sort' });

  await expect(sort).toHaveValue('created-desc');
  await expect.poll(() => listedNames(list)).toEqual(['Delta', 'bravo', 'Alpha', 'charlie']);
  await sort.selectOption({ label: 'Oldest first' });
  await expect.poll(() => listedNames(list)).toEqual(['charlie', 'Alpha', 'bravo', 'Delta']);
  await sort.selectOption({ label: 'Name A–Z' });
  await expect.poll(() => listedNames(list)).toEqual(['Alpha', 'bravo', 'charlie', 'Delta']);
  await sort.selectOption({ label: 'Name Z–A' });
  await expect.poll(() => listedNames(list)).toEqual(['Delta', 'charlie', 'bravo', 'Alpha']);
});

test('filter by provider and by connection', async ({ page, keyhold }) => {
  const weirA = await seedConnection(keyhold, 'weir', 'Weir A');
  const weirB = await seedConnection(keyhold, 'weir', 'Weir B');
  const mythic = await seedConnection(keyhold, 'mythic', 'Mythic M');
  await seedClient(keyhold, weirA, 'production', 'A one');
  await seedClient(keyhold, weirA, 'production', 'A two');
  await seedClient(keyhold, weirB, 'production', 'B one');
  await seedClient(keyhold, mythic, 'production', 'M one');
  await seedClient(keyhold, mythic, 'staging', 'M staging');
  await page.reload();
  const list = clientList(page);
  const provider = page.getByRole('combobox', { name: 'Provider' });
  const connection = page.getByRole('combobox', { name: 'Connection' });
  await expect
    .poll(async () => (await listedNames(list)).sort())
    .toEqual(['A one', 'A two', 'B one', 'M one']);

  await provider.selectOption({ label: 'Mythic Analytics' });
  await expect.poll(() => listedNames(list)).toEqual(['M one']);
  await expect(page.locator('.list-total')).toHaveText('1 client');
  // Only that provider's connections are offered.
  await expect(connection.getByRole('option')).toHaveText(['All connections', 'Mythic M']);

  await provider.selectOption({ label: 'Weir AI' });
  await expect.poll(async () => (await listedNames(list)).sort()).toEqual(['A one', 'A two', 'B one']);
  await expect(connection.getByRole('option')).toHaveText(['All connections', 'Weir A', 'Weir B']);
  await connection.selectOption({ label: 'Weir B' });
  await expect.poll(() => listedNames(list)).toEqual(['B one']);
  await connection.selectOption({ label: 'Weir A' });
  await expect.poll(async () => (await listedNames(list)).sort()).toEqual(['A one', 'A two']);

  // Filters stay with the environment switch; nothing of Weir A in Staging.
  await page.getByRole('tab', { name: 'Staging' }).click();
  await expect(page.getByText('No clients match this search and filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search and filters' }).click();
  await expect.poll(() => listedNames(clientList(page, 'Staging'))).toEqual(['M staging']);
  await expect(provider).toHaveValue('');
  await expect(connection).toHaveValue('');
});

/**
 * Search by name fragment and by id fragment, whoever answers; `ready` runs once the list is up.
 * Resolves with the listClients calls the searches made.
 */
async function searchFragments(
  page: Page,
  keyhold: KeyholdFixture,
  ready: () => Promise<void> = async () => {},
): Promise<number> {
  const weir = await seedConnection(keyhold, 'weir', 'Weir');
  const mythic = await seedConnection(keyhold, 'mythic', 'Mythic');
  const billing = await seedClient(keyhold, weir, 'production', 'Billing API');
  await seedClient(keyhold, weir, 'production', 'Search Service');
  await seedClient(keyhold, mythic, 'production', 'Zebra', { id: 'zebra-unique-77' });
  await page.reload();
  const list = clientList(page);
  const search = page.getByRole('searchbox', { name: 'Search clients' });
  await expect.poll(() => listedNames(list)).toHaveLength(3);
  await ready();
  await keyhold.settled();
  const calls = listCalls(keyhold);

  await search.fill('illing');
  await expect.poll(() => listedNames(list)).toEqual(['Billing API']);
  await search.fill('SERVICE');
  await expect.poll(() => listedNames(list)).toEqual(['Search Service']);
  // Weir's client id (cli_#########): a run of its digits.
  const digits = billing.remoteId.slice(5, 11);
  await search.fill(digits);
  await expect.poll(() => listedNames(list)).toEqual(['Billing API']);
  // Mythic's id, and the public id.
  await search.fill('unique-7');
  await expect.poll(() => listedNames(list)).toEqual(['Zebra']);
  await search.fill(billing.publicId.slice(3, 15));
  await expect.poll(() => listedNames(list)).toEqual(['Billing API']);
  // Two characters still search (a hyphen: random ids never contain one, only Zebra's does).
  await search.fill('-7');
  await expect.poll(() => listedNames(list)).toEqual(['Zebra']);

  await search.fill('no such client');
  await expect(page.getByText('No clients match this search and filters.')).toBeVisible();
  // Escape in the box clears it.
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect.poll(() => listedNames(list)).toHaveLength(3);
  await keyhold.settled();
  return listCalls(keyhold) - calls;
}

/** listClients calls the page made (each answered: see settled()). */
const listCalls = (keyhold: KeyholdFixture) =>
  keyhold.responses.filter((r) => r.method === 'listClients').length;

test('search by name fragment and by id fragment, answered by the core', async ({ page, keyhold }) => {
  // The window never gets its copy of the list index: the core answers "not built yet".
  await page.routeWebSocket(/\/rpc$/, (socket) => {
    const core = socket.connectToServer();
    socket.onMessage((message) => {
      const call = JSON.parse(String(message)) as { id: number; method: string };
      if (call.method === 'getListIndex')
        socket.send(JSON.stringify({ id: call.id, result: { ok: true, value: null } }));
      else core.send(message);
    });
  });
  // One per search, the cleared box included, and one as the list is empty ('no such client'):
  // would archived clients match (the empty state says so)?
  expect(await searchFragments(page, keyhold)).toBe(9);
});

test('search by name fragment and by id fragment, answered in the window', async ({ page, keyhold }) => {
  // The copy this page load got: the one before the reload (of an empty store) does not count.
  const copied = () => {
    const socket = Math.max(...keyhold.responses.map((r) => r.socket));
    return keyhold.responses.some(
      (r) =>
        r.socket === socket &&
        r.method === 'getListIndex' &&
        (JSON.parse(r.body) as { result: { value: unknown } }).result.value !== null,
    );
  };
  const searched = await searchFragments(page, keyhold, async () => {
    await expect.poll(copied).toBe(true);
    // The page reads the answer in a task of its own, after the frame arrived.
    await page.evaluate('new Promise((resolve) => setTimeout(resolve, 50))');
  });
  expect(searched).toBe(0); // not one call to the core while typing
});

test('a new search starts at the top of the list, even after scrolling to its end', async ({
  page,
  keyhold,
}) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir');
  for (let i = 1; i <= 60; i++)
    await seedClient(keyhold, weir, 'production', `Scroll ${String(i).padStart(2, '0')}`);
  await page.reload();
  const list = clientList(page);
  const scrollTop = () => list.evaluate((el) => el.scrollTop);
  await expect.poll(() => listedNames(list)).not.toHaveLength(0);

  await list.focus();
  await list.press('End'); // newest first: the oldest is last
  await expect(list.getByRole('option', { name: /^Scroll 01/ })).toBeInViewport();
  expect(await scrollTop()).toBeGreaterThan(0);

  // The same 60 clients match: only the reset can bring the list back to its top.
  await page.getByRole('searchbox', { name: 'Search clients' }).fill('Scroll');
  await expect.poll(scrollTop).toBe(0);
  await expect(list.getByRole('option', { name: /^Scroll 60/ })).toBeInViewport();
});

test('detail panel: fields, public copy without concealment, secret copy concealed', async ({
  page,
  keyhold,
}) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir console');
  const client = await seedClient(keyhold, weir, 'staging', 'Detail me');
  const [secret] = deliveredSecrets(keyhold.weir);
  const issued = (
    keyhold.weir.requests[0]!.response!.body as {
      data: { clientId: string; credentials: { clientId: string } };
    }
  ).data;
  await page.reload();
  await page.getByRole('tab', { name: 'Staging' }).click();
  await select(page, 'Detail me', 'Staging');

  const panel = details(page);
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Detail me');
  await expect(panel.locator('.tags .tag')).toHaveText(['Weir AI', 'Staging', 'Created in Keyhold']);
  const about = panel.getByRole('region', { name: 'Details' });
  const value = (label: string) =>
    about
      .locator('.kv-row', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
      .locator('dd');
  await expect(value('Provider')).toHaveText('Weir AI');
  await expect(value('Connection')).toHaveText('Weir console');
  await expect(value('Environment')).toHaveText('Staging');
  await expect(value('Client id')).toHaveText(issued.clientId);
  await expect(value('Public id')).toHaveText(issued.credentials.clientId);
  await expect(value('Origin')).toHaveText('Created by Keyhold');
  await expect(value('Created')).toContainText('just now');
  expect(client.remoteId).toBe(issued.clientId);

  const fields = panel.getByRole('region', { name: 'Fields' });
  await expect(fields.locator('dt')).toHaveText(['Client id', 'Credentials client id']);
  await fields.getByRole('button', { name: 'Copy Credentials client id' }).click();
  await expect(fields.getByRole('status').filter({ hasText: 'Copied' })).toHaveText('Copied');
  expect(keyhold.clipboard()).toEqual({ text: issued.credentials.clientId, hints: {} });
  await fields.getByRole('button', { name: 'Copy Client id' }).click();
  await expect.poll(() => keyhold.clipboard()).toEqual({ text: issued.clientId, hints: {} });

  const secrets = panel.getByRole('region', { name: 'Secrets' });
  await secrets.getByRole('button', { name: 'Copy Secret key' }).click();
  await expect(secrets.getByRole('status')).toHaveText(/^Copied — clipboard clears in 30 s$/);
  expect(keyhold.clipboard()).toEqual({ text: secret, hints: CONCEALED });
});

test('Copy as .env and Copy as JSON, for Weir and for Mythic', async ({ page, keyhold }) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir');
  const mythic = await seedConnection(keyhold, 'mythic', 'Mythic');
  const weirClient = await seedClient(keyhold, weir, 'production', 'Env Weir');
  const mythicClient = await seedClient(keyhold, mythic, 'production', 'Env Mythic', {
    proxy_api_key: 'proxy with spaces & "quotes"',
  });
  const weirSecret = keyhold.weir.issued[0]!.value;
  const mythicSecret = keyhold.mythic.issued.find((s) => s.field === 'secret_key')!.value;
  await page.reload();
  const panel = details(page);

  await select(page, 'Env Weir');
  await panel.getByRole('button', { name: 'Copy as .env' }).click();
  await expect(panel.getByRole('region', { name: 'Actions' }).getByRole('status')).toHaveText(
    /clears in 30 s/,
  );
  expect(keyhold.clipboard().hints).toEqual(CONCEALED);
  const weirEnv = keyhold.clipboard().text;
  expect(weirEnv).toMatch(/^# Env Weir \(weir, production\)/);
  expect(weirEnv.split('\n')).toContain(`WEIR_CLIENT_ID=${weirClient.publicId}`);
  expect(weirEnv.split('\n')).toContain(`WEIR_SECRET_KEY=${weirSecret}`);
  expect(parseDotenv(weirEnv)).toEqual({
    WEIR_CLIENT_RESOURCE_ID: weirClient.remoteId,
    WEIR_CLIENT_ID: weirClient.publicId,
    WEIR_SECRET_KEY: weirSecret,
  });
  await panel.getByRole('button', { name: 'Copy as JSON' }).click();
  await expect.poll(() => keyhold.clipboard().text).not.toBe(weirEnv);
  expect(JSON.parse(keyhold.clipboard().text)).toEqual({
    provider: 'weir',
    environment: 'production',
    name: 'Env Weir',
    remote_id: weirClient.remoteId,
    client_id: weirClient.publicId,
    secret_key: weirSecret,
  });
  expect(keyhold.clipboard().hints).toEqual(CONCEALED);

  await select(page, 'Env Mythic');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Env Mythic');
  await panel.getByRole('button', { name: 'Copy as .env' }).click();
  await expect.poll(() => keyhold.clipboard().text).toContain('MYTHIC_');
  const mythicEnv = parseDotenv(keyhold.clipboard().text);
  expect(mythicEnv).toEqual({
    MYTHIC_CLIENT_ID: mythicClient.remoteId,
    MYTHIC_PUBLISHABLE_KEY: mythicClient.publicId,
    MYTHIC_SECRET_KEY: mythicSecret,
    MYTHIC_PROXY_API_KEY: 'proxy with spaces & "quotes"',
  });
  expect(mythicEnv.MYTHIC_PUBLISHABLE_KEY).toMatch(/^pk_/);
  await panel.getByRole('button', { name: 'Copy as JSON' }).click();
  await expect.poll(() => keyhold.clipboard().text).toMatch(/^\{/);
  expect(JSON.parse(keyhold.clipboard().text)).toEqual({
    provider: 'mythic',
    environment: 'production',
    name: 'Env Mythic',
    remote_id: mythicClient.remoteId,
    publishable_key: mythicClient.publicId,
    secret_key: mythicSecret,
    proxy_api_key: 'proxy with spaces & "quotes"',
  });
});

test('import: validated, listed as Imported in its environment, and the typed secret is what is kept', async ({
  page,
  keyhold,
}) => {
  await seedConnection(keyhold, 'weir', 'Weir');
  await seedConnection(keyhold, 'mythic', 'Mythic');
  await page.reload();
  await page.getByRole('button', { name: 'Import client' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import client' });
  await expect(dialog).toHaveAccessibleDescription(/listed as Imported/);

  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveAccessibleDescription('Enter a name');
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();

  await dialog.getByLabel('Provider').selectOption({ label: 'Mythic Analytics' });
  await expect(dialog.getByLabel('Connection (optional)')).toHaveValue(/.+/);
  await dialog.getByLabel('Environment').selectOption({ label: 'Development' });
  await dialog.getByLabel('Name', { exact: true }).fill('Legacy Mythic');
  await dialog.getByLabel('Client id', { exact: true }).fill('legacy-mythic-1');
  await dialog.getByLabel('Publishable key').fill('pk_legacy_0001');
  const typed = 'sk_legacy_Typed-By-Hand_0001';
  await dialog.getByLabel('Secret key').fill(typed);
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog).toBeHidden();

  // Shown where it belongs, marked Imported, selected.
  await expect(page.getByRole('tab', { name: 'Development' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Development' })).toHaveAccessibleDescription('1 client');
  const option = clientList(page, 'Development').getByRole('option', { name: /^Legacy Mythic/ });
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await expect(option.locator('.tag')).toHaveText('Imported');
  const panel = details(page);
  await expect(panel.locator('.tags .tag')).toHaveText(['Mythic Analytics', 'Development', 'Imported']);
  await expect(panel.getByRole('region', { name: 'Details' })).toContainText('Imported into Keyhold');
  await panel.getByRole('button', { name: 'Reveal Secret key' }).click();
  await expect(panel.getByLabel('Secret key value')).toHaveText(typed);
  // The provider was never called.
  expect(keyhold.mythic.requests).toHaveLength(0);
  expect(keyhold.weir.requests).toHaveLength(0);
});

test('archive hides a client (Show archived brings it back); delete asks first and says it stays at the provider', async ({
  page,
  keyhold,
}) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir');
  await seedClient(keyhold, weir, 'production', 'Keep me');
  await seedClient(keyhold, weir, 'production', 'Old one');
  await page.reload();
  const list = clientList(page);
  const panel = details(page);
  const showArchived = page.getByRole('checkbox', { name: 'Show archived' });

  await select(page, 'Old one');
  await panel.getByRole('button', { name: 'Archive' }).click();
  await expect(panel.locator('.tags')).toContainText('Archived');
  await expect.poll(() => listedNames(list)).toEqual(['Keep me']);
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('1 client');

  // Show archived adds it back to the list, marked.
  await showArchived.check();
  await expect.poll(async () => (await listedNames(list)).sort()).toEqual(['Keep me', 'Old one']);
  await expect(list.getByRole('option', { name: /^Old one/ }).locator('.tag')).toHaveText('Archived');
  await expect(list.getByRole('option', { name: /^Keep me/ }).locator('.tag')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Unarchive' }).click();
  await expect(list.getByRole('option', { name: /^Old one/ }).locator('.tag')).toHaveCount(0);
  await showArchived.uncheck();
  await expect.poll(async () => (await listedNames(list)).sort()).toEqual(['Keep me', 'Old one']);
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('2 clients');

  // Delete: a confirmation that says the provider keeps it; Cancel keeps it here too.
  await select(page, 'Old one');
  await panel.getByRole('button', { name: 'Delete' }).click();
  let confirm = page.getByRole('alertdialog', { name: 'Delete “Old one” from Keyhold?' });
  await expect(confirm).toHaveAccessibleDescription(/The client still exists at Weir AI/);
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect.poll(() => listedNames(list)).toHaveLength(2);

  await panel.getByRole('button', { name: 'Delete' }).click();
  confirm = page.getByRole('alertdialog', { name: 'Delete “Old one” from Keyhold?' });
  await confirm.getByRole('button', { name: 'Delete client' }).click();
  await expect(confirm).toBeHidden();
  await expect.poll(() => listedNames(list)).toEqual(['Keep me']);
  await expect(panel).toHaveText('Select a client to see its details.');
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('1 client');
  await page.reload();
  await expect.poll(() => listedNames(clientList(page))).toEqual(['Keep me']);
  await page.getByRole('checkbox', { name: 'Show archived' }).check();
  await expect.poll(() => listedNames(clientList(page))).toEqual(['Keep me']);
  // Nothing was sent to the provider to delete it.
  expect(keyhold.weir.requests).toHaveLength(2);
});

test('settings: clipboard delay, dark theme, connection edit and remove', async ({ page, keyhold }) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir one');
  await seedConnection(keyhold, 'mythic', 'Mythic one');
  await seedClient(keyhold, weir, 'production', 'Settings client');
  await page.reload();
  await select(page, 'Settings client');
  const panel = details(page);

  // Clipboard delay: rejected out of range, then 7 s is what a copy says.
  let settings = await openSettings(page);
  const delay = settings.getByLabel('Clear copied secrets after (seconds)');
  await expect(delay).toHaveValue('30');
  await delay.fill('5000');
  await delay.press('Enter');
  await expect(settings.getByRole('alert')).toHaveText(
    'Enter whole seconds from 0 to 3600 (0 turns auto-clear off).',
  );
  await expect(delay).toHaveAttribute('aria-invalid', 'true');
  await delay.fill('7');
  await delay.press('Enter');
  await expect(settings.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(settings.getByRole('alert')).toHaveCount(0);

  // Theme: dark applies at once and persists.
  await settings.getByLabel('Theme').selectOption({ label: 'Dark' });
  await expect(settings.getByLabel('Theme')).toHaveValue('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => backgroundLuminance(page.locator('body'))).toBeLessThan(0.05);
  await settings.getByRole('button', { name: 'Close dialog' }).click();

  await panel.getByRole('button', { name: 'Copy Secret key' }).click();
  await expect(panel.getByRole('region', { name: 'Secrets' }).getByRole('status')).toHaveText(
    'Copied — clipboard clears in 7 s',
  );

  // Connection edit: the new label shows in the list, the detail and the filter.
  settings = await openSettings(page);
  await settings.getByRole('button', { name: 'Edit Weir one' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit connection' });
  await expect(edit.getByLabel('Provider')).toBeDisabled();
  await expect(edit.getByLabel('Replace token')).toHaveValue('');
  await expect(edit.getByLabel('Replace token')).toHaveAccessibleDescription(
    `Current token ••••${keyhold.weir.token.slice(-4)}. Leave empty to keep it.`,
  );
  await edit.getByLabel('Label').fill('Weir renamed');
  await edit.getByRole('button', { name: 'Save connection' }).click();
  await expect(edit).toBeHidden();
  await expect(settings.getByRole('rowheader')).toHaveText(['Mythic one', 'Weir renamed']);
  await settings.getByRole('button', { name: 'Close dialog' }).click();
  await expect(clientList(page).getByRole('option', { name: /^Settings client/ })).toContainText(
    'Weir renamed',
  );
  await expect(panel.getByRole('region', { name: 'Details' })).toContainText('Weir renamed');
  await expect(page.getByRole('combobox', { name: 'Connection' }).getByRole('option')).toHaveText([
    'All connections',
    'Mythic one',
    'Weir renamed',
  ]);
  // The token was kept: creating still works.
  await page.getByRole('button', { name: 'New client' }).click();
  const create = page.getByRole('dialog', { name: 'New client in Production' });
  await create.getByLabel('Connection').selectOption({ label: 'Weir renamed (Weir AI)' });
  await create.getByLabel('Name', { exact: true }).fill('After rename');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  expect(keyhold.weir.requests.at(-1)!.headers.authorization).toBe(`Bearer ${keyhold.weir.token}`);

  // Remove: its clients stay, with their secrets.
  settings = await openSettings(page);
  await settings.getByRole('button', { name: 'Remove Weir renamed' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Remove connection “Weir renamed”?' });
  await expect(confirm).toHaveAccessibleDescription(/The 2 clients created through it stay in Keyhold/);
  await confirm.getByRole('button', { name: 'Remove connection' }).click();
  await expect(confirm).toBeHidden();
  await expect(settings.getByRole('rowheader')).toHaveText(['Mythic one']);
  await settings.getByRole('button', { name: 'Close dialog' }).click();
  await expect(page.getByRole('combobox', { name: 'Connection' }).getByRole('option')).toHaveText([
    'All connections',
    'Mythic one',
  ]);
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('2 clients');
  await select(page, 'Settings client');
  await panel.getByRole('button', { name: 'Reveal Secret key' }).click();
  await expect(panel.getByLabel('Secret key value')).toHaveText(keyhold.weir.issued[0]!.value);

  // The theme survived a reload.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

/** ~30 clients across environments, providers and connections. */
async function seedMany(keyhold: KeyholdFixture): Promise<ClientDetail> {
  const weirProd = await seedConnection(keyhold, 'weir', 'Weir production');
  const weirDev = await seedConnection(keyhold, 'weir', 'Weir dev');
  const mythic = await seedConnection(keyhold, 'mythic', 'Mythic main');
  const names = [
    'Billing API',
    'Checkout web',
    'Search service',
    'Recommendations',
    'Mobile app iOS',
    'Mobile app Android',
    'Data warehouse sync',
    'Fraud scoring',
    'Support console',
    'Partner portal',
    'Email digests',
    'Analytics ETL',
    'Inventory feed',
    'Pricing engine',
    'Ledger',
    'Notifications',
    'Identity bridge',
    'Marketing site',
    'Reporting',
    'Webhooks relay',
    'Geo lookup',
    'Image resizer',
    'Audit trail',
    'Feature flags',
    'Loyalty points',
    'Chat widget',
    'Store locator',
    'Tax service',
    'Shipping rates',
    'Status page',
  ];
  const envs = ['production', 'production', 'staging', 'production', 'development'] as const;
  let featured: ClientDetail | undefined;
  for (const [i, name] of names.entries()) {
    const env = envs[i % envs.length]!;
    if (i % 3 === 2) {
      const detail = await seedClient(keyhold, mythic, env, name, {
        status: true,
        domain: `${name.toLowerCase().replace(/[^a-z]+/g, '')}.acme.example`,
        email: 'platform@acme.example',
        timezone: 'Europe/Berlin',
        api_metadata: { plan: 'enterprise', region: 'eu-central' },
        ...(i === 5 ? { proxy_api_key: 'proxy-key-for-screenshot' } : {}),
      });
      if (i === 5) featured = detail;
    } else {
      await seedClient(keyhold, i % 2 ? weirDev : weirProd, env, name);
    }
  }
  return featured!;
}

test('screenshots: full list with detail (light, dark), create dialog, settings', async ({
  page,
  keyhold,
}) => {
  const featured = await seedMany(keyhold);
  await page.reload();
  const counts = await keyhold.call('listClients', { environment: 'production' });
  expect(counts.counts.production + counts.counts.staging + counts.counts.development).toBe(30);
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription(
    `${counts.counts.production} clients`,
  );
  await expect(page.getByRole('tab', { name: 'Staging' })).toHaveAccessibleDescription(
    `${counts.counts.staging} clients`,
  );

  expect(featured.environment).toBe('production');
  await expect.poll(async () => (await listedNames(clientList(page))).length).toBe(counts.counts.production);
  await select(page, featured.name);
  await expect(details(page).getByRole('region', { name: 'Mythic metadata' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/full-light.png` });

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(() => backgroundLuminance(page.locator('body'))).toBeLessThan(0.05);
  await page.screenshot({ path: `${SHOTS}/full-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByRole('button', { name: 'New client' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client in Production' });
  await expect(dialog.getByRole('button', { name: 'Create' })).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/create-dialog.png` });
  await dialog.getByLabel('Connection').selectOption({ label: 'Mythic main (Mythic Analytics)' });
  await dialog.getByRole('button', { name: 'More options' }).click();
  await page.screenshot({ path: `${SHOTS}/create-dialog-mythic.png` });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  const settings = await openSettings(page);
  await expect(settings.getByRole('rowheader')).toHaveCount(3);
  await page.screenshot({ path: `${SHOTS}/settings.png` });
});
