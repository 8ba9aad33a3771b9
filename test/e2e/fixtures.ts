import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../src/browser-host/server';
import type { SafeStorage } from '../../src/main/core';
import type { Method } from '../../src/shared/channels';
import type { InputOf, OutputOf } from '../../src/shared/contract';
import type { Connection, CreateClientInput, Environment } from '../../src/shared/domain';
import { startFakeMythic, type FakeMythic } from '../fakes/mythic-server';
import { startFakeWeir, type FakeWeir } from '../fakes/weir-server';
import { tempDir, testKeyring } from '../support/core';

export interface RecordedResponse {
  method: string;
  /** The answer's frame as it crossed the socket: {"id", "result"}. */
  body: string;
  /** Which of the page's sockets carried it, counting from 1 (a reload opens a new one). */
  socket: number;
}

export interface KeyholdFixture {
  host: BrowserHost;
  weir: FakeWeir;
  mythic: FakeMythic;
  /** Every bridge response the page received, in order. */
  responses: RecordedResponse[];
  /** The text main last put on the (in-memory) clipboard, and its hints. */
  clipboard(): { text: string; hints: Record<string, string> };
  /**
   * Resolves once every call the page sent has its answer in `responses` (but the CLI approvals'
   * long poll, which is held open by design).
   */
  settled(): Promise<void>;
  /** Uncaught errors of the page (pageerror events), in order. */
  pageErrors: string[];
  /**
   * Calls the core directly, through the same dispatch (and contract parsing) as the bridge.
   * For setting up state only: the flows under test go through the UI.
   */
  call<M extends Method>(method: M, input?: InputOf<M>): Promise<OutputOf<M>>;
  /** The host's data folder (the store, its logs and, with the `cli` option, the CLI socket). */
  dataDir: string;
}

type Options = {
  safeStorage: SafeStorage | undefined;
  /** The longest wait for a provider's answer (the createWaitMinutes setting, shortened). */
  providerTimeoutMs: number;
  /** Answer the keyhold CLI at a socket in the data folder (host.cli says where). */
  cli: boolean;
  cliApprovalTimeoutMs: number | undefined;
};

/**
 * Each test gets fresh fake providers, a fresh data dir and a browser host over the real
 * core (real SQLite, real OS keyring), and a page opened on it.
 */
export const test = base.extend<Options & { keyhold: KeyholdFixture }>({
  safeStorage: [undefined, { option: true }],
  providerTimeoutMs: [2_000, { option: true }],
  cli: [false, { option: true }],
  cliApprovalTimeoutMs: [undefined, { option: true }],
  keyhold: async ({ page, safeStorage, providerTimeoutMs, cli, cliApprovalTimeoutMs }, use) => {
    const dir = tempDir('keyhold-e2e-');
    const keyring = testKeyring();
    const [weir, mythic] = await Promise.all([startFakeWeir(), startFakeMythic()]);
    const host = await startBrowserHost({
      dataDir: dir.path,
      rendererDir: resolve('out/renderer'),
      safeStorage: safeStorage ?? keyring,
      testHooks: true,
      providerTimeoutMs,
      cli: cli ? { socket: resolve(dir.path, 'cli', 'keyhold.sock') } : undefined,
      cliApprovalTimeoutMs,
    });
    const responses: RecordedResponse[] = [];
    // Calls sent and not yet answered, per open socket. A socket that closes (a dropped
    // bridge) has its waiting calls answered by the page's bridge itself, with an error.
    const unanswered = new Set<Map<number, string>>();
    // The bridge's socket: calls name their method, answers only their id.
    let sockets = 0;
    page.on('websocket', (socket) => {
      const number = ++sockets;
      const waiting = new Map<number, string>();
      const longPolls = new Set<number>();
      unanswered.add(waiting);
      socket.on('close', () => unanswered.delete(waiting));
      socket.on('framesent', ({ payload }) => {
        const call = JSON.parse(String(payload)) as { id: number; method: string };
        if (call.method === 'waitCliApprovals') longPolls.add(call.id);
        else waiting.set(call.id, call.method);
      });
      socket.on('framereceived', ({ payload }) => {
        const body = String(payload);
        const id = (JSON.parse(body) as { id: number }).id;
        const method = waiting.get(id) ?? (longPolls.delete(id) ? 'waitCliApprovals' : '(unmatched)');
        responses.push({ method, body, socket: number });
        waiting.delete(id);
      });
    });
    // A new document (a reload) ends the old one's sockets, but Playwright forgets them when it
    // commits and never reports their close (40 reloads out of 40): count none of them from then on.
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) unanswered.clear();
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => {
      pageErrors.push(error.message);
      console.error(`page error: ${error.message}`);
    });
    await page.goto(host.url);
    await use({
      host,
      weir,
      mythic,
      responses,
      dataDir: dir.path,
      clipboard: () => ({ text: host.clipboard.text, hints: host.clipboard.hints }),
      pageErrors,
      settled: () =>
        expect
          .poll(() => [...unanswered].flatMap((waiting) => [...waiting.values()]), {
            message: 'calls still unanswered',
          })
          .toEqual([]),
      call: async (method, input) => {
        const result = await host.core.dispatch(method, input);
        if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
        return result.value as never;
      },
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

/** Adds a connection to a fake provider straight through the core (setup, not a flow under test). */
export function seedConnection(
  keyhold: KeyholdFixture,
  provider: 'weir' | 'mythic',
  label = provider === 'weir' ? 'Weir seeded' : 'Mythic seeded',
  token?: string,
): Promise<Connection> {
  const server = provider === 'weir' ? keyhold.weir : keyhold.mythic;
  return keyhold.call('addConnection', {
    provider,
    label,
    baseUrl: server.url,
    token: token ?? server.token,
  });
}

let seedCounter = 0;

/** Creates a client at the fake provider through the core (setup). Mythic ids are derived from the name. */
export async function seedClient(
  keyhold: KeyholdFixture,
  connection: Connection,
  environment: Environment,
  name: string,
  extra: Partial<Extract<CreateClientInput, { provider: 'mythic' }>> = {},
) {
  const input: CreateClientInput =
    connection.provider === 'weir'
      ? { provider: 'weir', connectionId: connection.id, environment, name }
      : {
          provider: 'mythic',
          connectionId: connection.id,
          environment,
          name,
          id: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${++seedCounter}`,
          ...extra,
        };
  return keyhold.call('createClient', input);
}

/** The list of the given environment. */
export function clientList(page: Page, environment = 'Production'): Locator {
  return page.getByRole('listbox', { name: `Clients in ${environment}` });
}

/** The detail panel. */
export function details(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Client details' });
}

/** Client names in the order the list shows them (the first cell of each option). */
export async function listedNames(list: Locator): Promise<string[]> {
  return list.getByRole('option').locator('.cell-name-text').allTextContents();
}
