// Every way a create can fail, per provider, through core.dispatch('createClient') against the
// fake servers on loopback, with the real SQLite store and the real OS keyring. Each failure
// must come back typed, say what to do, be journalled as unknown exactly when the client may
// exist at the provider, leave no client row and no orphan secret, and leak no secret.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientDetail, ClientPage, Connection, Attempt, Provider } from '../../src/shared/domain';
import { MYTHIC_ID_PATTERN } from '../../src/shared/domain';
import type { KeyholdErrorData } from '../../src/shared/errors';
import type { FakeServer, IssuedSecret } from '../fakes/fake-server';
import { startFakeMythic } from '../fakes/mythic-server';
import { startFakeWeir } from '../fakes/weir-server';
import { BasicTextSafeStorage } from '../support/basic-text-safe-storage';
import { call, startTestCore, type TestCore } from '../support/core';
import {
  addConnection,
  closedPort,
  createInput,
  dispatchError,
  PROVIDER_NAMES,
  providerErrorBody,
  startFakes,
  type Fakes,
} from '../support/fake-providers';
import { secretsIn, storeCounts, type StoreCounts } from '../support/raw-store';

const TIMEOUT_MS = 300;
const SETTINGS = /Settings → Connections/;
const MAY_EXIST = /may have been created at .* without Keyhold receiving its secret.*check the .* console/i;

interface FailedCreate {
  error: KeyholdErrorData;
  /** Requests the target fake received during the attempt. */
  requestsSent: number;
  /** Secrets the target fake issued during the attempt. */
  issued: IssuedSecret[];
  /** Attempts listAttempts gained (the unknown ones). */
  listed: Attempt[];
}

describe.each(['weir', 'mythic'] as const)('createClient failures: %s', (provider: Provider) => {
  const label = PROVIDER_NAMES[provider];
  const other: Provider = provider === 'weir' ? 'mythic' : 'weir';
  let fakes: Fakes;
  let server: FakeServer;
  let app: TestCore;
  let connection: Connection;
  let otherConnection: Connection;
  /** Tokens of extra connections made by single tests: never to be echoed either. */
  const extraSecrets: string[] = [];

  beforeAll(async () => {
    fakes = await startFakes();
    server = fakes.of(provider);
    app = startTestCore({ providerTimeoutMs: TIMEOUT_MS });
    connection = await addConnection(app.core, provider, server);
    otherConnection = await addConnection(app.core, other, fakes.of(other));
    // One stored client, so "unchanged" is measured against a store that is not empty.
    await call<ClientDetail>(app.core, 'createClient', createInput(provider, connection.id, 'staging'));
  });
  afterEach(() => server.clearFaults());
  afterAll(async () => {
    await app.dispose();
    await fakes.close();
  });

  const listedTotal = async () => {
    const page = await call<ClientPage>(app.core, 'listClients', { environment: 'production' });
    return page.counts.production + page.counts.staging + page.counts.development;
  };

  /**
   * One create that must fail. Checks what every failure owes: nothing half-written (listed
   * clients, `clients` rows and 'client:' secret rows unchanged), journalled as unknown iff
   * the outcome is unknown (else as failed, unless `journalled` is false), and no token or
   * issued secret in the error.
   */
  async function attempt(
    payload: unknown,
    target: FakeServer = server,
    options: { journalled?: boolean } = {},
  ): Promise<FailedCreate> {
    const journalled = options.journalled ?? true;
    const before = {
      store: storeCounts(app.dataDir),
      listed: await listedTotal(),
      attempts: await call<Attempt[]>(app.core, 'listAttempts'),
      requests: target.requests.length,
      issued: target.issued.length,
    };
    const error = await dispatchError(app.core, 'createClient', payload);
    const store = storeCounts(app.dataDir);
    const attempts = await call<Attempt[]>(app.core, 'listAttempts');
    const listed = attempts.filter(
      (listedAttempt) => !before.attempts.some((known) => known.id === listedAttempt.id),
    );

    expect({ clients: store.clients, clientSecrets: store.clientSecrets }).toEqual({
      clients: before.store.clients,
      clientSecrets: before.store.clientSecrets,
    });
    expect(await listedTotal()).toBe(before.listed);
    expect(listed.map((op) => op.state)).toEqual(error.outcomeUnknown ? ['unknown'] : []);
    if (error.outcomeUnknown) {
      expect(listed[0]).toMatchObject({ provider, errorCode: error.code, errorMessage: error.message });
    }
    const gained = (state: string, counts: StoreCounts) =>
      (counts.attempts[state] ?? 0) - (before.store.attempts[state] ?? 0);
    expect(gained('failed', store)).toBe(journalled && !error.outcomeUnknown ? 1 : 0);
    expect(gained('unknown', store)).toBe(journalled && error.outcomeUnknown ? 1 : 0);
    expect(gained('pending', store)).toBe(0);

    expect(secretsIn(JSON.stringify(error), [...fakes.secrets(), ...extraSecrets])).toEqual([]);
    expect(error.message.length).toBeGreaterThan(12);
    return {
      error,
      requestsSent: target.requests.length - before.requests,
      issued: target.issued.slice(before.issued),
      listed,
    };
  }

  const valid = () => createInput(provider, connection.id, 'production');

  it.each([400, 422])('HTTP %i naming a field → validation with that field', async (status) => {
    server.inject({
      status,
      body: providerErrorBody(provider, 'name is reserved for system clients', 'name'),
    });
    const { error, requestsSent } = await attempt(valid());
    expect(error).toMatchObject({ code: 'validation', field: 'name', outcomeUnknown: false });
    // The message names who refused, the status, the field, the provider's reason and what to do.
    expect(error.message).toContain(label);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toMatch(/field\W+name\b/i);
    expect(error.message).toContain('name is reserved for system clients');
    expect(error.message).toMatch(/correct it/i);
    expect(requestsSent).toBe(1);
  });

  it('HTTP 400 that names no field → validation without a field', async () => {
    server.inject({ status: 400, body: providerErrorBody(provider, 'Organization quota reached') });
    const { error } = await attempt(valid());
    expect(error.code).toBe('validation');
    expect(error.field).toBeUndefined();
    expect(error.message).toMatch(/HTTP 400.*Organization quota reached.*correct it/i);
  });

  it('HTTP 401 (bad token) → auth, naming the provider and where to fix the token', async () => {
    const badToken = `bad-token-${provider}-0123456789`;
    extraSecrets.push(badToken);
    const bad = await addConnection(
      app.core,
      provider,
      { url: server.url, token: badToken },
      `${label} stale`,
    );
    const { error, requestsSent } = await attempt(createInput(provider, bad.id, 'production'));
    expect(requestsSent).toBe(1);
    expect(error).toMatchObject({ code: 'auth', outcomeUnknown: false });
    expect(error.message).toContain(`${label} stale`);
    expect(error.message).toMatch(/token.*refused.*HTTP 401/i);
    expect(error.message).toMatch(/update the token/i);
    expect(error.message).toMatch(SETTINGS);
    expect(error.message).not.toContain(badToken.slice(-12));
  });

  it('HTTP 403 → auth, mentioning permission', async () => {
    server.inject({ status: 403 });
    const { error } = await attempt(valid());
    expect(error).toMatchObject({ code: 'auth', outcomeUnknown: false });
    expect(error.message).toMatch(/HTTP 403.*permission/i);
    expect(error.message).toMatch(SETTINGS);
  });

  it('HTTP 404 (base URL pointing to a wrong path) → not_found, pointing at the base URL', async () => {
    // A path the provider does not serve (a Mythic one still ends in /api/v1, or it is not saved).
    const wrongUrl =
      provider === 'mythic' ? server.url.replace(/\/api\/v1$/, '/v2/api/v1') : `${server.url}/v2`;
    const wrong = await addConnection(app.core, provider, { url: wrongUrl, token: server.token }, 'wrong');
    const { error, requestsSent } = await attempt(createInput(provider, wrong.id, 'production'));
    expect(requestsSent).toBe(1);
    expect(error).toMatchObject({ code: 'not_found', outcomeUnknown: false });
    expect(error.message).toContain(`${wrongUrl}/`);
    expect(error.message).toMatch(/404/);
    expect(error.message).toMatch(/base URL.*wrong/i);
    expect(error.message).toMatch(SETTINGS);
  });

  if (provider === 'mythic') {
    it('HTTP 409 (id taken) → conflict with a suggestion that matches the id pattern and works', async () => {
      const first = valid();
      await call<ClientDetail>(app.core, 'createClient', first);
      const id = (first as { id: string }).id;
      const { error, requestsSent } = await attempt({ ...first, name: 'Second of the same id' });
      expect(requestsSent).toBe(1);
      expect(error).toMatchObject({ code: 'conflict', field: 'id', outcomeUnknown: false });
      expect(error.message).toContain(`“${id}”`);
      expect(error.message).toMatch(/already has a client.*choose another id/i);
      expect(error.suggestion).toMatch(MYTHIC_ID_PATTERN);
      expect(error.suggestion).not.toBe(id);
      const retried = await call<ClientDetail>(app.core, 'createClient', { ...first, id: error.suggestion });
      expect(retried.remoteId).toBe(error.suggestion);
    });
  } else {
    it('HTTP 409 → conflict (Weir has no caller-chosen id, so no suggestion)', async () => {
      server.inject({ status: 409, body: providerErrorBody(provider, 'A client with this name exists') });
      const { error } = await attempt(valid());
      expect(error).toMatchObject({ code: 'conflict', outcomeUnknown: false });
      expect(error.suggestion).toBeUndefined();
      expect(error.message).toMatch(/Weir AI.*conflict.*HTTP 409.*A client with this name exists/i);
    });
  }

  it.each([
    ['delay-seconds', () => '30', 30],
    ['an HTTP-date', () => new Date(Date.now() + 120_000).toUTCString(), 120],
  ])(
    'HTTP 429 with Retry-After as %s → rate_limited with retryAfterSeconds',
    async (_form, header, seconds) => {
      server.inject({ status: 429, headers: { 'Retry-After': header() } });
      const { error } = await attempt(valid());
      expect(error).toMatchObject({ code: 'rate_limited', outcomeUnknown: false });
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(seconds - 2);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(seconds);
      expect(error.message).toMatch(/HTTP 429/);
      expect(error.message).toMatch(/nothing was created/i);
      // The wait is retryAfterSeconds only: the window says it once, counting down.
      expect(error.message).not.toMatch(/try again/i);
    },
  );

  it.each([500, 503])('HTTP %i → server, nothing created, try again later', async (status) => {
    server.inject({ status });
    const { error, requestsSent, issued } = await attempt(valid());
    expect(error).toMatchObject({ code: 'server', outcomeUnknown: false });
    expect(error.message).toContain(label);
    expect(error.message).toMatch(new RegExp(`server error.*HTTP ${status}`, 'i'));
    expect(error.message).toMatch(/try again/i);
    expect(requestsSent).toBe(1);
    expect(issued).toEqual([]);
  });

  it('no answer within providerTimeoutMs → timeout, outcome unknown, journalled', async () => {
    server.inject({ delayMs: TIMEOUT_MS + 700 });
    const { error, requestsSent, issued, listed } = await attempt(valid());
    expect(error).toMatchObject({ code: 'timeout', outcomeUnknown: true });
    expect(error.message).toMatch(new RegExp(`${label} at http://127\\.0\\.0\\.1:\\d+ did not answer`));
    expect(error.message).toMatch(MAY_EXIST);
    expect(requestsSent).toBe(1);
    // The provider did create it: the secret exists, undelivered — exactly what the journal warns of.
    expect(issued.length).toBeGreaterThan(0);
    expect(issued.every((entry) => !entry.delivered)).toBe(true);
    expect(listed[0]!.name).toBe((issued[0]!.request.body as { name: string }).name);
  });

  it('connection refused (closed port) → network, nothing sent, not journalled as unknown', async () => {
    const port = await closedPort();
    const suffix = provider === 'mythic' ? '/api/v1' : '';
    const closed = await addConnection(
      app.core,
      provider,
      { url: `http://127.0.0.1:${port}${suffix}`, token: server.token },
      'closed',
    );
    const { error } = await attempt(createInput(provider, closed.id, 'production'));
    expect(error).toMatchObject({ code: 'network', outcomeUnknown: false });
    expect(error.message).toMatch(/could not reach .*refused/i);
    expect(error.message).not.toContain('ECONNREFUSED');
    expect(error.message).toMatch(/nothing was sent/i);
    expect(error.message).toMatch(/check the base URL/i);
  });

  it('connection dropped after the request was sent → network, outcome unknown', async () => {
    server.inject({ drop: 'before-response' });
    const { error, requestsSent, issued } = await attempt(valid());
    expect(error).toMatchObject({ code: 'network', outcomeUnknown: true });
    expect(error.message).toMatch(/connection to .* was lost after the request was sent/i);
    expect(error.message).toMatch(MAY_EXIST);
    expect(requestsSent).toBe(1);
    expect(issued.length).toBeGreaterThan(0);
    expect(issued.every((entry) => !entry.delivered)).toBe(true);
  });

  it('self-signed TLS certificate → tls, nothing sent', async () => {
    const tlsServer = await (provider === 'weir' ? startFakeWeir : startFakeMythic)({ tls: true });
    try {
      extraSecrets.push(tlsServer.token);
      const tls = await addConnection(app.core, provider, tlsServer, 'tls');
      const { error, requestsSent } = await attempt(createInput(provider, tls.id, 'production'), tlsServer);
      expect(error).toMatchObject({ code: 'tls', outcomeUnknown: false });
      expect(error.message).toMatch(/secure connection.*self-signed/i);
      expect(error.message).toMatch(/nothing was sent/i);
      expect(error.message).toMatch(/check the base URL/i);
      expect(requestsSent).toBe(0);
    } finally {
      await tlsServer.close();
    }
  });

  it.each([
    ['not-json', /HTTP 201.*not JSON/i],
    ['wrong-shape', /HTTP 201.*did not have the documented shape/i],
  ] as const)('2xx with a %s body → malformed_response, outcome unknown', async (malformed, says) => {
    server.inject({ malformed });
    const { error, issued } = await attempt(valid());
    expect(error).toMatchObject({ code: 'malformed_response', outcomeUnknown: true });
    expect(error.message).toMatch(says);
    expect(error.message).toMatch(MAY_EXIST);
    expect(issued.length).toBeGreaterThan(0);
  });

  const hostile: [string, Record<string, unknown>, string][] =
    provider === 'weir'
      ? [
          ['an unknown environment', { environment: 'prod' }, 'environment'],
          ['an empty name', { name: '   ' }, 'name'],
          ['a 256-character name', { name: 'n'.repeat(256) }, 'name'],
          ['no connection id', { connectionId: '' }, 'connectionId'],
        ]
      : [
          ['an id with spaces and punctuation', { id: 'bad id!' }, 'id'],
          ['a 256-character id', { id: 'i'.repeat(256) }, 'id'],
          ['an invalid email', { email: 'not-an-email' }, 'email'],
          ['a javascript: website', { website: 'javascript:alert(1)' }, 'website'],
          ['a made-up time zone', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
          ['api_metadata that is not an object', { api_metadata: ['x'] }, 'api_metadata'],
        ];

  it.each(hostile)('contract validation: %s never reaches the provider', async (_what, override, field) => {
    const { error, requestsSent } = await attempt({ ...valid(), ...override }, server, { journalled: false });
    expect(error).toMatchObject({ code: 'validation', field });
    expect(error.message).toMatch(new RegExp(`^${field}: `));
    expect(requestsSent).toBe(0);
  });

  it('a connection of the other provider, or one that does not exist, never reaches any provider', async () => {
    const otherServer = fakes.of(other);
    const otherRequests = otherServer.requests.length;
    const mismatch = await attempt({ ...valid(), connectionId: otherConnection.id }, server, {
      journalled: false,
    });
    expect(mismatch.error).toMatchObject({ code: 'validation', field: 'connectionId' });
    expect(mismatch.error.message).toMatch(/is a .* connection, not /);
    expect(mismatch.requestsSent).toBe(0);
    const missing = await attempt({ ...valid(), connectionId: 'no-such-connection' }, server, {
      journalled: false,
    });
    expect(missing.error.code).toBe('not_found_local');
    expect(missing.requestsSent).toBe(0);
    expect(otherServer.requests.length).toBe(otherRequests);
  });
});

// Linux `basic_text`: a hard-coded key. Keyhold must refuse to ask for a secret it cannot keep.
describe('createClient with weak safe storage (basic_text)', () => {
  let fakes: Fakes;
  let app: TestCore;

  beforeAll(async () => {
    fakes = await startFakes();
    app = startTestCore({ safeStorage: new BasicTextSafeStorage(), providerTimeoutMs: TIMEOUT_MS });
  });
  afterAll(async () => {
    await app.dispose();
    await fakes.close();
  });

  it.each(['weir', 'mythic'] as const)(
    '%s: refused before any request, then allowed after the explicit opt-in',
    async (provider) => {
      const server = fakes.of(provider);
      // Connections can only be added once weak storage is allowed; then the user revokes it.
      await call(app.core, 'updateSettings', { allowWeakStorage: true });
      const connection = await addConnection(app.core, provider, server);
      await call(app.core, 'updateSettings', { allowWeakStorage: false });
      expect(await call(app.core, 'getVaultStatus')).toMatchObject({
        backend: 'basic_text',
        protection: 'refused',
      });

      const before = { requests: server.requests.length, store: storeCounts(app.dataDir) };
      const input = createInput(provider, connection.id, 'development');
      const error = await dispatchError(app.core, 'createClient', input);
      expect(error.code).toBe('weak_storage_refused');
      expect(error.message).toMatch(/refuse/i);
      expect(error.message).toMatch(/keyring/i);
      expect(error.message).toMatch(/allow weaker storage/i);
      expect(server.requests.length).toBe(before.requests);
      expect(storeCounts(app.dataDir)).toEqual(before.store); // not even a journal entry
      expect(await call<Attempt[]>(app.core, 'listAttempts')).toEqual([]);

      await call(app.core, 'updateSettings', { allowWeakStorage: true });
      const created = await call<ClientDetail>(app.core, 'createClient', input);
      expect(created.name).toBe(input.name);
      expect(server.requests.length).toBe(before.requests + 1);
      expect(await call(app.core, 'getVaultStatus')).toMatchObject({
        backend: 'basic_text',
        protection: 'weak',
      });
      const revealed = await call<{ value: string }>(app.core, 'revealSecret', {
        clientId: created.id,
        field: 'secret_key',
      });
      expect(revealed.value).toBe(server.issued.at(-1)!.value);
    },
  );
});
