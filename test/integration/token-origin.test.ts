// A connection's token is bound to the origin (scheme, host, port) of its base
// URL. Two fake Weir servers on loopback, each with its own token: moving a connection to the
// other server without entering the token again is refused, and the old token never reaches it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientDetail, Connection } from '../../src/shared/domain';
import { startFakeWeir, type FakeWeir } from '../fakes/weir-server';
import { call, startTestCore, type TestCore } from '../support/core';
import { dispatchError } from '../support/fake-providers';

describe('a token stays with the origin it was entered for (real HTTP, real keyring)', () => {
  let first: FakeWeir;
  let second: FakeWeir;
  let app: TestCore;
  let connection: Connection;

  beforeAll(async () => {
    first = await startFakeWeir();
    second = await startFakeWeir();
    app = startTestCore();
    connection = await call<Connection>(app.core, 'addConnection', {
      provider: 'weir',
      label: 'Weir first',
      baseUrl: first.url,
      token: first.token,
    });
  });
  afterAll(async () => {
    await app.dispose();
    await Promise.all([first.close(), second.close()]);
  });

  const create = (name: string) =>
    call<ClientDetail>(app.core, 'createClient', {
      provider: 'weir',
      connectionId: connection.id,
      environment: 'development',
      name,
    });
  const authorizations = (server: FakeWeir) => server.requests.map((r) => r.headers.authorization);
  const stored = async () =>
    (await call<Connection[]>(app.core, 'listConnections')).find((c) => c.id === connection.id)!;

  it('refuses another origin without the token, changes nothing, and the next create stays home', async () => {
    const other = new URL(second.url);
    for (const update of [
      { baseUrl: second.url },
      { baseUrl: second.url, label: 'Moved' },
      // Same host and port, another scheme; same port, another host name for the same address.
      { baseUrl: `https://${other.host}` },
      { baseUrl: second.url.replace('127.0.0.1', 'localhost') },
    ]) {
      const error = await dispatchError(app.core, 'updateConnection', { id: connection.id, ...update });
      expect(error).toMatchObject({ code: 'validation', field: 'token' });
      expect(error.message).toMatch(/enter the token again/i);
    }
    expect(await stored()).toEqual({ ...connection, clientCount: 0 });

    await create('Stays with the first server');
    expect(second.requests).toHaveLength(0);
    expect(authorizations(first)).toEqual([`Bearer ${first.token}`]);
  });

  it('allows another path on the same origin without the token', async () => {
    const moved = await call<Connection>(app.core, 'updateConnection', {
      id: connection.id,
      baseUrl: `${first.url}/v2/`,
      label: 'Weir first v2',
    });
    expect(moved).toMatchObject({ baseUrl: `${first.url}/v2`, tokenHint: connection.tokenHint });
    const back = await call<Connection>(app.core, 'updateConnection', {
      id: connection.id,
      baseUrl: `${first.url}/`,
    });
    expect(back.baseUrl).toBe(first.url);
    // What the edit form sends when only the label changes: the stored base URL again.
    await call(app.core, 'updateConnection', { id: connection.id, baseUrl: first.url, label: 'Weir first' });
  });

  it('moves to the other origin when the token is given in the same update', async () => {
    const moved = await call<Connection>(app.core, 'updateConnection', {
      id: connection.id,
      baseUrl: second.url,
      token: second.token,
    });
    expect(moved).toMatchObject({ baseUrl: second.url, tokenHint: second.token.slice(-4) });
    const before = first.requests.length;
    await create('Now on the second server');
    expect(first.requests).toHaveLength(before);
    expect(authorizations(second)).toEqual([`Bearer ${second.token}`]);
    // Over the whole file, the first server's token never reached the second server.
    expect(second.requests.every((r) => !JSON.stringify(r).includes(first.token))).toBe(true);
  });
});
