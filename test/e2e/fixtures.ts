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

/** Adds a connection through Settings, as a user would. */
export async function addConnection(
  page: Page,
  options: { provider: 'Weir AI' | 'Mythic Analytics'; label: string; baseUrl: string; token: string },
): Promise<void> {
  await page.getByRole('button', { name: /add (your first )?connection/i }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/provider/i).selectOption({ label: options.provider });
  await dialog.getByLabel(/^label/i).fill(options.label);
  await dialog.getByLabel(/base url/i).fill(options.baseUrl);
  await dialog.getByLabel(/token|admin key/i).fill(options.token);
  await dialog.getByRole('button', { name: /^(add|save)/i }).click();
  await expect(dialog).toBeHidden();
}
