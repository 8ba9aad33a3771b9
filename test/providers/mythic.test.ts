import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MYTHIC_ID_PATTERN } from '../../src/shared/domain';
import { PROVIDER_INFO } from '../../src/shared/providers';
import { createMythicClient, mythicRequestBody } from '../../src/main/core/providers/mythic';
import type { MythicCreateInput } from '../../src/main/core/providers/types';
import { startFakeMythic, type FakeMythic } from '../fakes/mythic-server';
import { describeFailureClasses } from './failure-classes';
import { keyholdError, secretsOf } from './harness';

const TIMEOUT = 5_000;
const mythicClient = createMythicClient();

/** Every field Mythic's API documents for a create. */
const FULL: MythicCreateInput = {
  id: 'acme-retail',
  name: 'Acme Retail',
  status: true,
  domain: 'acme-retail.com',
  email: 'ops@acme-retail.com',
  phone: '+1-415-555-0198',
  website: 'https://acme-retail.com',
  timezone: 'America/Los_Angeles',
  global_name: 'acmeRetail',
  company_id: 'cmp_7kH3nPqR',
  agency_id: 'agency_1',
  api_metadata: { plan: 'enterprise', region: 'us-west' },
  ghl_location_id: 'ghl_1',
  proxy_api_key: 'proxy-key-0123456789abcdef',
};

type MythicBody = { data: Record<string, unknown> & { publishable_key: string; secret_key: string } };

describe('Mythic Analytics client: contract', () => {
  let server: FakeMythic;
  beforeEach(async () => {
    server = await startFakeMythic();
  });
  afterEach(() => server.close());

  const create = (input: MythicCreateInput) =>
    mythicClient.create({ baseUrl: server.url, token: server.token }, input, { timeoutMs: TIMEOUT });

  it('sends exactly the documented request with every field', async () => {
    await create(FULL);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/api/v1/clients');
    expect(request!.headers.authorization).toBe(`Bearer ${server.token}`);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-source']).toBeUndefined();
    expect(request!.body).toEqual(FULL);
  });

  it('omits fields that were not given, and anything undocumented', async () => {
    const input = {
      id: 'min',
      name: 'Minimal',
      email: undefined,
      provider: 'mythic',
      environment: 'staging',
    };
    await create(input as MythicCreateInput);
    expect(server.requests[0]!.body).toEqual({ id: 'min', name: 'Minimal' });
    expect(mythicRequestBody(input as MythicCreateInput)).toEqual({ id: 'min', name: 'Minimal' });
  });

  it('maps every documented response field', async () => {
    const created = await create(FULL);
    const { data } = server.requests[0]!.response!.body as MythicBody;
    expect(created).toEqual({
      remoteId: 'acme-retail',
      publicId: data.publishable_key,
      name: 'Acme Retail',
      remoteCreatedAt: data.created_at,
      metadata: {
        status: true,
        domain: 'acme-retail.com',
        email: 'ops@acme-retail.com',
        phone: '+1-415-555-0198',
        website: 'https://acme-retail.com',
        timezone: 'America/Los_Angeles',
        global_name: 'acmeRetail',
        company_id: 'cmp_7kH3nPqR',
        agency_id: 'agency_1',
        api_metadata: { plan: 'enterprise', region: 'us-west' },
        ghl_location_id: 'ghl_1',
        created_at: data.created_at,
        updated_at: data.updated_at,
      },
      secrets: { secret_key: data.secret_key, proxy_api_key: 'proxy-key-0123456789abcdef' },
    });
    expect(created.publicId).toMatch(/^pk_[0-9a-f]{32}$/);
    expect(created.secrets.secret_key).toMatch(/^sk_[0-9a-f]{32}$/);
    expect(created.remoteCreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(server.issued.map((entry) => [entry.field, entry.delivered])).toEqual([
      ['secret_key', true],
      ['proxy_api_key', true],
    ]);
  });

  it('accepts optional fields echoed as null and keeps them out of metadata', async () => {
    const created = await create({ id: 'nulls', name: 'Nulls' });
    const { data } = server.requests[0]!.response!.body as MythicBody;
    expect(data.email).toBeNull();
    expect(created.metadata).toEqual({
      status: true,
      created_at: data.created_at,
      updated_at: data.updated_at,
    });
    expect(Object.keys(created.secrets)).toEqual(['secret_key']);
  });

  it('declares its fields for display and .env export', () => {
    const mythic = PROVIDER_INFO.mythic;
    expect(mythic.envPrefix).toBe('MYTHIC');
    expect(mythic.publicFields.map((f) => [f.field, f.envName])).toEqual([
      ['remote_id', 'CLIENT_ID'],
      ['publishable_key', 'PUBLISHABLE_KEY'],
    ]);
    expect(mythic.secretFields.map((f) => [f.field, f.envName])).toEqual([
      ['secret_key', 'SECRET_KEY'],
      ['proxy_api_key', 'PROXY_API_KEY'],
    ]);
  });
});

describe('Mythic Analytics client: conflicts', () => {
  let server: FakeMythic;
  afterEach(() => server.close());

  it('HTTP 409 (id taken) → conflict with a fresh suggested id', async () => {
    server = await startFakeMythic({ existingIds: ['acme-retail'] });
    const error = await keyholdError(
      mythicClient.create({ baseUrl: server.url, token: server.token }, FULL, { timeoutMs: TIMEOUT }),
      () => [...secretsOf(server), FULL.proxy_api_key!],
    );
    expect(error).toMatchObject({ code: 'conflict', field: 'id', outcomeUnknown: false });
    expect(error.suggestion).toMatch(/^acme-retail-[0-9a-z]{4}$/);
    expect(error.suggestion).toMatch(MYTHIC_ID_PATTERN);
    expect(error.message).toContain('“acme-retail”');
    expect(error.message).toContain(error.suggestion);
    expect(server.issued).toHaveLength(0);
  });

  it('a create dropped after sending did happen: the same id then conflicts', async () => {
    server = await startFakeMythic();
    server.inject({ drop: 'before-response' });
    const connection = { baseUrl: server.url, token: server.token };
    const first = await keyholdError(mythicClient.create(connection, FULL, { timeoutMs: TIMEOUT }), () =>
      secretsOf(server),
    );
    expect(first).toMatchObject({ code: 'network', outcomeUnknown: true });
    expect(server.ids.has('acme-retail')).toBe(true);
    const second = await keyholdError(mythicClient.create(connection, FULL, { timeoutMs: TIMEOUT }), () =>
      secretsOf(server),
    );
    expect(second.code).toBe('conflict');
  });
});

describeFailureClasses({
  label: 'Mythic Analytics',
  start: (options) => startFakeMythic(options),
  create: (connection, timeoutMs = TIMEOUT) =>
    mythicClient.create(
      { baseUrl: connection.url, token: connection.token },
      { id: `failure-${Math.random().toString(36).slice(2, 8)}`, name: 'Failure test' },
      { timeoutMs },
    ),
  createInvalid: (connection) =>
    mythicClient.create(
      { baseUrl: connection.url, token: connection.token },
      { id: 'valid-id', name: 'Bad email', email: 'not-an-email' },
      { timeoutMs: TIMEOUT },
    ),
  invalid: { field: 'email', status: 422 },
  errorBody: (message, field) => ({ success: false, error: { message, ...(field ? { field } : {}) } }),
});
