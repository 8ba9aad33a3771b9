import { describe, expect, it } from 'vitest';
import { METHODS } from '../../src/shared/channels';
import { contract } from '../../src/shared/contract';
import {
  addConnectionSchema,
  baseUrlSchema,
  createClientSchema,
  listClientsSchema,
  movesToAnotherOrigin,
} from '../../src/shared/domain';

describe('IPC contract', () => {
  it('has exactly one entry per bridge method', () => {
    expect(Object.keys(contract).sort()).toEqual([...METHODS].sort());
  });

  it('accepts https base URLs and loopback http only', () => {
    expect(baseUrlSchema.parse('https://api.weir.ai/')).toBe('https://api.weir.ai');
    expect(baseUrlSchema.parse('http://127.0.0.1:8080/api/v1')).toBe('http://127.0.0.1:8080/api/v1');
    expect(baseUrlSchema.safeParse('http://localhost:3000').success).toBe(true);
    expect(baseUrlSchema.safeParse('http://api.weir.ai').success).toBe(false);
    expect(baseUrlSchema.safeParse('ftp://api.weir.ai').success).toBe(false);
    expect(baseUrlSchema.safeParse('https://user:pw@api.weir.ai').success).toBe(false);
    expect(baseUrlSchema.safeParse('not a url').success).toBe(false);
  });

  it('tells a move to another origin (scheme, host, port) from another path on the same one', () => {
    const weir = 'https://api.weir.ai';
    for (const same of ['https://api.weir.ai/v2', 'https://API.weir.ai:443/', 'https://api.weir.ai/']) {
      expect(movesToAnotherOrigin(weir, same), same).toBe(false);
    }
    for (const other of [
      'https://api-dev.weir.ai',
      'http://api.weir.ai',
      'https://api.weir.ai:8443',
      'https://api.weir.ai.evil.example',
      'https://evil.example/api.weir.ai',
    ]) {
      expect(movesToAnotherOrigin(weir, other), other).toBe(true);
    }
    expect(movesToAnotherOrigin('http://127.0.0.1:8080', 'http://localhost:8080')).toBe(true);
    expect(movesToAnotherOrigin('http://[::1]:8080/api/v1', 'http://[0:0::1]:8080')).toBe(false);
    // Half-typed text is not a move (the form shows the URL's own error instead).
    expect(movesToAnotherOrigin(weir, 'https://')).toBe(false);
  });

  it('requires label, base URL and token for a connection', () => {
    expect(
      addConnectionSchema.safeParse({
        provider: 'weir',
        label: '',
        baseUrl: 'https://api.weir.ai',
        token: 't',
      }).success,
    ).toBe(false);
    expect(
      addConnectionSchema.safeParse({
        provider: 'weir',
        label: 'W',
        baseUrl: 'https://api.weir.ai',
        token: '',
      }).success,
    ).toBe(false);
    expect(
      addConnectionSchema.safeParse({
        provider: 'nope',
        label: 'W',
        baseUrl: 'https://api.weir.ai',
        token: 't',
      }).success,
    ).toBe(false);
  });

  it('validates a Weir create: name and one of the three environments', () => {
    const base = { provider: 'weir', connectionId: 'c1', environment: 'staging', name: 'API' };
    expect(createClientSchema.safeParse(base).success).toBe(true);
    expect(createClientSchema.safeParse({ ...base, environment: 'prod' }).success).toBe(false);
    expect(createClientSchema.safeParse({ ...base, name: '   ' }).success).toBe(false);
  });

  it('validates every documented Mythic constraint', () => {
    const base = {
      provider: 'mythic',
      connectionId: 'c1',
      environment: 'production',
      id: 'acme-retail',
      name: 'Acme',
    };
    const ok = (extra: object) => createClientSchema.safeParse({ ...base, ...extra }).success;
    expect(ok({})).toBe(true);
    expect(ok({ id: 'bad id!' })).toBe(false);
    expect(ok({ id: 'x'.repeat(256) })).toBe(false);
    expect(ok({ name: 'n'.repeat(256) })).toBe(false);
    expect(ok({ email: 'ops@acme-retail.com' })).toBe(true);
    expect(ok({ email: 'not-an-email' })).toBe(false);
    expect(ok({ website: 'https://acme-retail.com' })).toBe(true);
    expect(ok({ website: 'acme' })).toBe(false);
    expect(ok({ timezone: 'America/Los_Angeles' })).toBe(true);
    expect(ok({ timezone: 'Mars/Olympus' })).toBe(false);
    expect(ok({ api_metadata: { plan: 'enterprise', nested: { a: [1, 2] } } })).toBe(true);
    expect(ok({ api_metadata: ['not', 'an', 'object'] })).toBe(false);
    expect(ok({ status: 'yes' })).toBe(false);
  });

  it('fills list defaults and bounds paging', () => {
    expect(listClientsSchema.parse({ environment: 'production' })).toMatchObject({
      offset: 0,
      limit: 100,
      sort: 'created',
    });
    expect(listClientsSchema.safeParse({ environment: 'production', limit: 100_000 }).success).toBe(false);
  });

  it('rejects unknown keys on strict inputs', () => {
    expect(contract.getClient.input.safeParse({ id: 'x', extra: 1 }).success).toBe(false);
    expect(contract.updateSettings.input.safeParse({ isAdmin: true }).success).toBe(false);
  });
});
