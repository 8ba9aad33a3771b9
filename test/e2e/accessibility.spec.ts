// axe-core on every main screen: no serious or critical violation anywhere. Every violation
// (any impact) is summarised in the output, attached as JSON, and written to
// test-results/axe/<screen>.json.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { BasicTextSafeStorage } from '../support/basic-text-safe-storage';
import {
  clientList,
  details,
  expect,
  seedClient,
  seedConnection,
  test,
  type KeyholdFixture,
} from './fixtures';

const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;

async function scan(page: Page, screen: string, testInfo: TestInfo): Promise<void> {
  // Let transitions settle so colours are final.
  await page.waitForTimeout(250);
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
  const byImpact = Object.fromEntries(
    IMPACTS.map((impact) => [
      impact,
      violations.filter((v) => v.impact === impact).map((v) => `${v.id} (${v.nodes.length})`),
    ]),
  );
  const summary = {
    screen,
    passes: results.passes.length,
    // "Needs review": axe could not decide (e.g. contrast over a translucent backdrop).
    incomplete: results.incomplete.map((v) => ({
      id: v.id,
      targets: v.nodes.map((n) => n.target.join(' ')),
    })),
    violations: byImpact,
    details: violations,
  };
  mkdirSync('test-results/axe', { recursive: true });
  writeFileSync(`test-results/axe/${screen}.json`, JSON.stringify(summary, null, 2));
  await testInfo.attach(`axe-${screen}.json`, {
    body: JSON.stringify(summary, null, 2),
    contentType: 'application/json',
  });
  const line = IMPACTS.map(
    (impact) => `${impact}: ${byImpact[impact]!.length ? byImpact[impact]!.join(', ') : 0}`,
  ).join('; ');
  console.log(`axe ${screen}: ${results.passes.length} rules pass; ${line}`);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
}

async function withClients(page: Page, keyhold: KeyholdFixture) {
  const weir = await seedConnection(keyhold, 'weir', 'Weir production');
  const mythic = await seedConnection(keyhold, 'mythic', 'Mythic main');
  await seedClient(keyhold, weir, 'production', 'Billing API');
  await seedClient(keyhold, weir, 'staging', 'Billing API staging');
  await keyhold.call('importClient', {
    provider: 'weir',
    connectionId: weir.id,
    environment: 'production',
    name: 'Legacy import',
    remoteId: 'cli_000000001',
    publicId: 'pub_legacy',
    secret: 'legacy-secret',
  });
  await seedClient(keyhold, mythic, 'production', 'Acme Retail', {
    status: true,
    domain: 'acme.example',
    email: 'ops@acme.example',
    timezone: 'America/Los_Angeles',
    api_metadata: { plan: 'enterprise' },
    proxy_api_key: 'proxy-key',
  });
  return { weir, mythic };
}

async function openDetail(page: Page, name: string) {
  await clientList(page)
    .getByRole('option', { name: new RegExp(`^${name}`) })
    .click();
  await expect(details(page).getByRole('heading', { level: 2 })).toHaveText(name);
}

test('first run', async ({ page, keyhold }, testInfo) => {
  expect(keyhold.host.url).toContain('/k/');
  await expect(page.getByRole('heading', { name: 'Welcome to Keyhold' })).toBeVisible();
  await scan(page, 'first-run', testInfo);
});

test('list and detail, light', async ({ page, keyhold }, testInfo) => {
  await withClients(page, keyhold);
  await page.reload();
  await openDetail(page, 'Acme Retail');
  // A revealed secret and a copy status are part of the screen too.
  await details(page).getByRole('button', { name: 'Reveal Secret key' }).click();
  await details(page).getByRole('button', { name: 'Copy Proxy API key' }).click();
  await expect(details(page).getByText(/clears in/)).toBeVisible();
  await scan(page, 'list-detail-light', testInfo);
});

test('list and detail, dark', async ({ page, keyhold }, testInfo) => {
  await withClients(page, keyhold);
  await keyhold.call('updateSettings', { theme: 'dark' });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await openDetail(page, 'Legacy import');
  await details(page).getByRole('button', { name: 'Reveal Secret key' }).click();
  await scan(page, 'list-detail-dark', testInfo);
});

test('create dialog', async ({ page, keyhold }, testInfo) => {
  await withClients(page, keyhold);
  await page.reload();
  await page.getByRole('button', { name: 'New client' }).click();
  await expect(page.getByRole('dialog', { name: 'New client in Production' })).toBeVisible();
  await scan(page, 'create-dialog', testInfo);
});

test('full Mythic form, clean and with errors', async ({ page, keyhold }, testInfo) => {
  await withClients(page, keyhold);
  await page.reload();
  await page.getByRole('button', { name: 'New client' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client in Production' });
  await dialog.getByLabel('Connection').selectOption({ label: 'Mythic main (Mythic Analytics)' });
  await dialog.getByRole('button', { name: 'More options' }).click();
  await expect(dialog.getByLabel('Proxy API key')).toBeVisible();
  await scan(page, 'mythic-form', testInfo);

  await dialog.getByLabel('Email', { exact: true }).fill('nope');
  await dialog.getByLabel('Time zone', { exact: true }).fill('Nowhere/Land');
  await dialog.getByLabel('API metadata (JSON object)').fill('[]');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByLabel('Email', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await scan(page, 'mythic-form-errors', testInfo);
  keyhold.mythic.ids.add('taken');
  await dialog.getByLabel('Email', { exact: true }).fill('');
  await dialog.getByLabel('Time zone', { exact: true }).fill('');
  await dialog.getByLabel('API metadata (JSON object)').fill('');
  await dialog.getByLabel('Client id', { exact: true }).fill('taken');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('button', { name: /^Use taken-/ })).toBeVisible();
  await scan(page, 'mythic-form-conflict', testInfo);
});

test('settings', async ({ page, keyhold }, testInfo) => {
  await withClients(page, keyhold);
  await page.reload();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' }).getByRole('rowheader')).toHaveCount(2);
  await scan(page, 'settings', testInfo);
  await page.getByRole('button', { name: 'Edit Weir production' }).click();
  await expect(page.getByRole('dialog', { name: 'Edit connection' })).toBeVisible();
  await scan(page, 'connection-edit', testInfo);
});

test('import', async ({ page, keyhold }, testInfo) => {
  await withClients(page, keyhold);
  await page.reload();
  await page.getByRole('button', { name: 'Import client' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import client' });
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await scan(page, 'import', testInfo);
});

test('shortcuts help', async ({ page, keyhold }, testInfo) => {
  await withClients(page, keyhold);
  await page.reload();
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await scan(page, 'shortcuts', testInfo);
});

test('unknown-outcome banner and delete confirmation', async ({ page, keyhold }, testInfo) => {
  await withClients(page, keyhold);
  await page.reload();
  keyhold.weir.inject({ drop: 'before-response' });
  await page.getByRole('button', { name: 'New client' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client in Production' });
  await dialog.getByLabel('Connection').selectOption({ label: 'Weir production (Weir AI)' });
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('alert')).toContainText('was lost');
  await scan(page, 'create-unknown-outcome', testInfo);
  await dialog.getByRole('button', { name: 'Close dialog' }).click();
  await expect(page.getByRole('region', { name: /unknown outcome/ })).toBeVisible();
  await openDetail(page, 'Billing API');
  await scan(page, 'unknown-outcome-banner', testInfo);
  await details(page).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await scan(page, 'delete-confirm', testInfo);
});

test.describe('without an OS keyring', () => {
  test.use({ safeStorage: new BasicTextSafeStorage() });

  test('vault refused banner', async ({ page, keyhold }, testInfo) => {
    expect(keyhold.host.url).toContain('/k/');
    await expect(
      page.getByRole('alert').filter({ hasText: 'Keyhold cannot store secrets right now.' }),
    ).toBeVisible();
    await scan(page, 'vault-refused', testInfo);
  });
});
