import { test as base, expect, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../src/browser-host/server';
import type { SafeStorage } from '../../src/main/core/ports';
import { startFakeMythic, type FakeMythic } from '../fakes/mythic-server';
import { startFakeWeir, type FakeWeir } from '../fakes/weir-server';
import { tempDir, testKeyring } from '../support/core';

export interface RecordedResponse {
  method: string;
  body: string;
}

export interface KeyholdFixture {
  host: BrowserHost;
  weir: FakeWeir;
  mythic: FakeMythic;
  /** Every bridge response the page received, in order. */
  responses: RecordedResponse[];
  /** The text main last put on the (in-memory) clipboard, and its hints. */
  clipboard(): { text: string; hints: Record<string, string> };
}

type Options = { safeStorage: SafeStorage | undefined };

/**
 * Each test gets fresh fake providers, a fresh data dir and a browser host over the real
 * core (real SQLite, real OS keyring), and a page opened on it.
 */
export const test = base.extend<Options & { keyhold: KeyholdFixture }>({
  safeStorage: [undefined, { option: true }],
  keyhold: async ({ page, safeStorage }, use) => {
    const dir = tempDir('keyhold-e2e-');
    const keyring = testKeyring();
    const [weir, mythic] = await Promise.all([startFakeWeir(), startFakeMythic()]);
    const host = await startBrowserHost({
      dataDir: dir.path,
      rendererDir: resolve('out/renderer'),
      safeStorage: safeStorage ?? keyring,
      testHooks: true,
      providerTimeoutMs: 2_000,
    });
    const responses: RecordedResponse[] = [];
    page.on('response', async (response) => {
      const match = /\/rpc\/([A-Za-z]+)$/.exec(new URL(response.url()).pathname);
      if (match) responses.push({ method: match[1]!, body: await response.text().catch(() => '') });
    });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(host.url);
    await use({
      host,
      weir,
      mythic,
      responses,
      clipboard: () => ({ text: host.clipboard.text, hints: host.clipboard.hints }),
    });
    await host.close();
    await Promise.all([weir.close(), mythic.close()]);
    await keyring.destroy().catch(() => {});
    dir.remove();
  },
});

export { expect };

/** Adds a connection as a user would: from the first-run screen, or through Settings. */
export async function addConnection(
  page: Page,
  options: { provider: 'Weir AI' | 'Mythic Analytics'; label: string; baseUrl: string; token: string },
): Promise<void> {
  const firstRun = page.getByRole('button', { name: 'Add your first connection' });
  if (await firstRun.isVisible()) {
    await firstRun.click();
  } else {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Add connection' }).click();
  }
  const dialog = page.getByRole('dialog', { name: 'Add connection' });
  await dialog.getByLabel('Provider').selectOption({ label: options.provider });
  await dialog.getByLabel('Base URL').fill(options.baseUrl);
  await dialog.getByLabel('Label').fill(options.label);
  await dialog.getByLabel('Token').fill(options.token);
  await dialog.getByRole('button', { name: 'Save connection' }).click();
  await expect(dialog).toBeHidden();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  if (await settings.isVisible()) await settings.getByRole('button', { name: 'Close dialog' }).click();
}

/** The secrets a fake provider issued and delivered, for leak checks. */
export function deliveredSecrets(
  ...servers: { issued: { value: string; delivered: boolean }[] }[]
): string[] {
  return servers.flatMap((server) =>
    server.issued.filter((secret) => secret.delivered).map((secret) => secret.value),
  );
}
