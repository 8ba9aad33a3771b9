// One realistic session with both providers — connections, creates (Mythic with a proxy key),
// a provider error that echoes secrets, a timeout, imports, copies, reveals, a token rotation,
// archive and delete — then the raw bytes of the database, its WAL and every log file are
// searched for every secret involved, and so is every response except revealSecret's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientDetail, Connection, Environment, Attempt } from '../../src/shared/domain';
import { randomAlnum } from '../fakes/fake-server';
import { startTestCore, type TestCore } from '../support/core';
import { providerErrorBody, startFakes, type Fakes } from '../support/fake-providers';
import { checkpoint, findLeaks, readDataFiles, secretsIn, type RawFile } from '../support/raw-store';
import { recordDispatch, type Recorder } from '../support/recorder';

const TIMEOUT_MS = 400;

describe('no plaintext secret on disk or in responses', () => {
  const proxyKey = `px_live_${randomAlnum(32)}`;
  const rejectedProxyKey = `px_rejected_${randomAlnum(32)}`;
  const importedWeirSecret = `imported_weir_${randomAlnum(40)}`;
  const importedMythicSecret = `sk_imported_${randomAlnum(40)}`;
  const rotatedToken = `mythic_rotated_${randomAlnum(32)}`;

  let fakes: Fakes;
  let app: TestCore;
  let api: Recorder;
  let filesBeforeClose: RawFile[] = [];
  const revealed: string[] = [];

  /** Everything that must never be on disk or in a response other than revealSecret's. */
  const secrets = () => [
    ...fakes.secrets(),
    proxyKey,
    rejectedProxyKey,
    importedWeirSecret,
    importedMythicSecret,
    rotatedToken,
  ];

  beforeAll(async () => {
    fakes = await startFakes();
    app = startTestCore({ providerTimeoutMs: TIMEOUT_MS });
    api = recordDispatch(() => app.core);
  });
  afterAll(async () => {
    await app.dispose();
    await fakes.close();
  });

  it('runs a full session with both providers', async () => {
    const weir = await api.call<Connection>('addConnection', {
      provider: 'weir',
      label: 'Weir prod',
      baseUrl: fakes.weir.url,
      token: fakes.weir.token,
    });
    const mythic = await api.call<Connection>('addConnection', {
      provider: 'mythic',
      label: 'Mythic',
      baseUrl: fakes.mythic.url,
      token: fakes.mythic.token,
    });
    const weirCreate = (environment: Environment, name: string) =>
      api.call<ClientDetail>('createClient', { provider: 'weir', connectionId: weir.id, environment, name });
    const w1 = await weirCreate('production', 'Billing API');
    const w2 = await weirCreate('staging', 'Search API');
    const m1 = await api.call<ClientDetail>('createClient', {
      provider: 'mythic',
      connectionId: mythic.id,
      environment: 'production',
      id: 'acme-retail',
      name: 'Acme Retail',
      email: 'ops@acme.example',
      api_metadata: { tier: 'gold' },
      proxy_api_key: proxyKey,
    });
    expect(m1.secretFields.map((field) => field.field).sort()).toEqual(['proxy_api_key', 'secret_key']);
    await api.call<ClientDetail>('createClient', {
      provider: 'mythic',
      connectionId: mythic.id,
      environment: 'development',
      id: 'acme-dev',
      name: 'Acme Dev',
    });

    // A provider that echoes the proxy key and the token in its error body.
    fakes.mythic.inject({
      status: 422,
      body: providerErrorBody(
        'mythic',
        `proxy_api_key ${rejectedProxyKey} is not valid for admin key ${fakes.mythic.token}`,
        'proxy_api_key',
      ),
    });
    const rejected = await api.dispatch('createClient', {
      provider: 'mythic',
      connectionId: mythic.id,
      environment: 'staging',
      id: 'acme-rejected',
      name: 'Acme Rejected',
      proxy_api_key: rejectedProxyKey,
    });
    expect(rejected).toMatchObject({ ok: false, error: { code: 'validation', field: 'proxy_api_key' } });

    // A timeout: journalled as unknown, with its message in the database.
    fakes.weir.inject({ delayMs: TIMEOUT_MS + 600 });
    const late = await api.dispatch('createClient', {
      provider: 'weir',
      connectionId: weir.id,
      environment: 'development',
      name: 'Late API',
    });
    expect(late).toMatchObject({ ok: false, error: { code: 'timeout', outcomeUnknown: true } });

    const importedWeir = await api.call<ClientDetail>('importClient', {
      provider: 'weir',
      connectionId: weir.id,
      environment: 'production',
      name: 'Legacy Weir',
      remoteId: 'cli_000000042',
      publicId: 'legacyPublicClientId42',
      secret: importedWeirSecret,
    });
    const importedMythic = await api.call<ClientDetail>('importClient', {
      provider: 'mythic',
      connectionId: null,
      environment: 'staging',
      name: 'Legacy Mythic',
      remoteId: 'legacy-mythic',
      publicId: 'pk_legacy',
      secret: importedMythicSecret,
    });

    // Reveals: the only responses allowed to carry secrets (and they must, or the search is blind).
    const reveal = async (clientId: string, field: string) => {
      const { value } = await api.call<{ value: string }>('revealSecret', { clientId, field });
      revealed.push(value);
      return value;
    };
    expect(await reveal(m1.id, 'proxy_api_key')).toBe(proxyKey);
    expect(await reveal(importedWeir.id, 'secret_key')).toBe(importedWeirSecret);
    expect(await reveal(importedMythic.id, 'secret_key')).toBe(importedMythicSecret);
    const w1Secret = await reveal(w1.id, 'secret_key');
    expect(fakes.weir.issued.map((entry) => entry.value)).toContain(w1Secret);

    for (const format of ['env', 'json'] as const) {
      await api.call('copyClientAs', { id: m1.id, format });
      // The clipboard does hold the secrets: the same search that finds nothing on disk finds them here.
      const clipboard = [{ path: 'clipboard', bytes: Buffer.from(app.clipboard.text) }];
      expect(findLeaks(clipboard, [proxyKey]).length).toBe(1);
    }
    await api.call('copyField', { clientId: w1.id, field: 'secret_key' });
    await api.call('copyField', { clientId: w1.id, field: 'remote_id' });
    for (const client of [w1, w2, m1, importedWeir, importedMythic])
      await api.call('getClient', { id: client.id });
    await api.call('setClientArchived', { id: w2.id, archived: true });
    for (const environment of ['production', 'staging', 'development'] as const) {
      await api.call('listClients', { environment });
      await api.call('listClients', { environment, archived: true, query: 'api' });
    }
    await api.call('listConnections');
    await api.call('getSettings');
    await api.call('getVaultStatus');

    // Token rotation: the new token is kept, and a create refused with it does not echo it.
    await api.call('updateConnection', { id: mythic.id, token: rotatedToken });
    const refused = await api.dispatch('createClient', {
      provider: 'mythic',
      connectionId: mythic.id,
      environment: 'production',
      id: 'after-rotation',
      name: 'After rotation',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'auth' } });

    const [unknown] = await api.call<Attempt[]>('listAttempts');
    expect(unknown).toMatchObject({ name: 'Late API', state: 'unknown' });
    await api.call('dismissAttempt', { id: unknown!.id });
    await api.call('deleteClient', { id: m1.id });
    await api.call('deleteClient', { id: importedWeir.id });

    filesBeforeClose = readDataFiles(app.dataDir);
  });

  it('the database, its WAL (read before closing) and the logs hold none of the secrets', () => {
    const wal = filesBeforeClose.find((file) => file.path.endsWith('keyhold.db-wal'));
    expect(wal?.bytes.length, 'the WAL should exist and hold the session').toBeGreaterThan(0);
    expect(filesBeforeClose.some((file) => file.path.endsWith('.log') && file.bytes.length > 0)).toBe(true);
    expect(findLeaks(filesBeforeClose, secrets())).toEqual([]);
    // The search does read the stored bytes: a client name is there in the clear, as it may be.
    expect(findLeaks(filesBeforeClose, ['Billing API']).length).toBeGreaterThan(0);
  });

  it('nor after a checkpoint, nor after shutdown', async () => {
    checkpoint(app.dataDir);
    expect(findLeaks(readDataFiles(app.dataDir), secrets())).toEqual([]);
    await app.core.shutdown();
    expect(findLeaks(readDataFiles(app.dataDir), secrets())).toEqual([]);
  });

  it('no response except revealSecret carries a secret', () => {
    const others = api.responses.filter((response) => response.method !== 'revealSecret');
    expect(others.length).toBeGreaterThan(30);
    for (const { method, result } of others) {
      expect(secretsIn(JSON.stringify(result), secrets()), `${method} leaked`).toEqual([]);
    }
    // Sanity: the reveal responses were recorded and do contain what they revealed.
    const reveals = api.responses.filter((response) => response.method === 'revealSecret');
    expect(reveals).toHaveLength(revealed.length);
    for (const [index, { result }] of reveals.entries())
      expect(JSON.stringify(result)).toContain(revealed[index]);
  });
});
