import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_INFO } from '../../src/shared/providers';
import { createWeirClient } from '../../src/main/core/providers/weir';
import { startFakeWeir, type FakeWeir } from '../fakes/weir-server';
import { describeFailureClasses } from './failure-classes';

const TIMEOUT = 5_000;
const weirClient = createWeirClient();

type WeirBody = {
  data: { clientId: string; credentials: { clientId: string; secretKey: string }; createdAt: string };
};

describe('Weir AI client: contract', () => {
  let server: FakeWeir;
  beforeEach(async () => {
    server = await startFakeWeir();
  });
  afterEach(() => server.close());

  it('sends exactly the documented request', async () => {
    await weirClient.create(
      { baseUrl: server.url, token: server.token },
      { name: 'Production API Client', environment: 'production' },
      { timeoutMs: TIMEOUT },
    );
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/org/create/client');
    expect(request!.headers.authorization).toBe(`Bearer ${server.token}`);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-source']).toBe('console');
    expect(request!.body).toEqual({ name: 'Production API Client', environment: 'production' });
  });

  it('sends only name and environment, even when given a wider input', async () => {
    const wide = { name: 'N', environment: 'staging', provider: 'weir', connectionId: 'c1' } as const;
    await weirClient.create({ baseUrl: `${server.url}/`, token: server.token }, wide, { timeoutMs: TIMEOUT });
    expect(server.requests[0]!.path).toBe('/org/create/client');
    expect(server.requests[0]!.body).toEqual({ name: 'N', environment: 'staging' });
  });

  it('maps every documented response field', async () => {
    const created = await weirClient.create(
      { baseUrl: server.url, token: server.token },
      { name: 'Staging client', environment: 'staging' },
      { timeoutMs: TIMEOUT },
    );
    const sent = server.issued[0]!;
    const { data } = server.requests[0]!.response!.body as WeirBody;
    expect(created).toEqual({
      remoteId: data.clientId,
      publicId: data.credentials.clientId,
      name: 'Staging client',
      remoteCreatedAt: data.createdAt,
      metadata: { environment: 'staging', message: 'Client created successfully' },
      secrets: { secret_key: data.credentials.secretKey },
    });
    expect(created.remoteId).toMatch(/^cli_\d{9}$/);
    expect(created.publicId).toMatch(/^[A-Za-z0-9]{25}$/);
    expect(created.secrets.secret_key).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(created.remoteCreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(sent).toMatchObject({ field: 'secretKey', value: created.secrets.secret_key, delivered: true });
  });

  it('declares its fields for display and .env export', () => {
    const weir = PROVIDER_INFO.weir;
    expect(weir.envPrefix).toBe('WEIR');
    expect(weir.publicFields.map((f) => f.field)).toEqual(['remote_id', 'client_id']);
    expect(weir.secretFields).toEqual([{ field: 'secret_key', label: 'Secret key', envName: 'SECRET_KEY' }]);
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const client = createWeirClient({
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    await client.create(
      { baseUrl: server.url, token: server.token },
      { name: 'x', environment: 'development' },
      {
        timeoutMs: TIMEOUT,
      },
    );
    expect(calls).toEqual([`${server.url}/org/create/client`]);
  });
});

describeFailureClasses({
  label: 'Weir AI',
  start: (options) => startFakeWeir(options),
  create: (connection, timeoutMs = TIMEOUT) =>
    weirClient.create(
      { baseUrl: connection.url, token: connection.token },
      { name: 'Failure test', environment: 'production' },
      { timeoutMs },
    ),
  createInvalid: (connection) =>
    weirClient.create(
      { baseUrl: connection.url, token: connection.token },
      { name: ' ', environment: 'production' },
      { timeoutMs: TIMEOUT },
    ),
  invalid: { field: 'name', status: 400 },
  errorBody: (message, field) => ({ status: 'error', message, ...(field ? { field } : {}) }),
});
