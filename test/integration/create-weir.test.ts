import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientDetail, ClientPage, Connection } from '../../src/shared/domain';
import { startFakeWeir, type FakeWeir } from '../fakes/weir-server';
import { call, startTestCore, type TestCore } from '../support/core';

/** Every file under the data dir (database, WAL, logs), as raw bytes. */
function rawFiles(dir: string): Buffer[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((file) => join(dir, file))
    .flatMap((path) => {
      try {
        return [readFileSync(path)];
      } catch {
        return []; // a directory
      }
    });
}

// The core under Node: real SQLite file, real OS keyring, fake Weir on loopback.
describe('create a Weir client end to end through the core', () => {
  let weir: FakeWeir;
  let app: TestCore;
  let connection: Connection;

  beforeAll(async () => {
    weir = await startFakeWeir();
    app = startTestCore();
    connection = await call<Connection>(app.core, 'addConnection', {
      provider: 'weir',
      label: 'Weir dev',
      baseUrl: weir.url,
      token: weir.token,
    });
  });
  afterAll(async () => {
    await app.dispose();
    await weir.close();
  });

  it('creates, lists, reveals and copies the secret the provider issued', async () => {
    expect(connection.tokenHint).toBe(weir.token.slice(-4));
    const client = await call<ClientDetail>(app.core, 'createClient', {
      provider: 'weir',
      connectionId: connection.id,
      environment: 'staging',
      name: 'Billing API',
    });
    const [request] = weir.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/org/create/client',
      body: { name: 'Billing API', environment: 'staging' },
    });
    expect(request!.headers).toMatchObject({
      authorization: `Bearer ${weir.token}`,
      'x-source': 'console',
      'content-type': 'application/json',
    });
    const issued = weir.issued.find((secret) => secret.field === 'secretKey')!;
    expect(client).toMatchObject({
      name: 'Billing API',
      environment: 'staging',
      provider: 'weir',
      origin: 'created',
    });
    expect(client.secretFields.map((field) => field.field)).toEqual(['secret_key']);
    expect(JSON.stringify(client)).not.toContain(issued.value);

    const page = await call<ClientPage>(app.core, 'listClients', { environment: 'staging' });
    expect(page.items.map((item) => item.id)).toEqual([client.id]);
    expect(page.counts).toEqual({ production: 0, staging: 1, development: 0 });
    expect(JSON.stringify(page)).not.toContain(issued.value);

    const revealed = await call<{ value: string }>(app.core, 'revealSecret', {
      clientId: client.id,
      field: 'secret_key',
    });
    expect(revealed.value).toBe(issued.value);

    const copied = await call<{ clearsAt: string | null }>(app.core, 'copyField', {
      clientId: client.id,
      field: 'secret_key',
    });
    expect(copied.clearsAt).not.toBeNull();
    expect(app.clipboard.text).toBe(issued.value);
    expect(app.clipboard.hints['x-kde-passwordManagerHint']).toBe('secret');
  });

  it('never writes the secret key or the token in plaintext to the database, WAL or logs', async () => {
    const secrets = weir.issued.map((secret) => secret.value);
    expect(secrets.length).toBeGreaterThan(0);
    const files = rawFiles(app.dataDir);
    expect(files.length).toBeGreaterThanOrEqual(3); // keyhold.db, -wal, logs/keyhold.log
    for (const bytes of files) {
      for (const value of [...secrets, weir.token]) expect(bytes.includes(value)).toBe(false);
    }
  });

  it('keeps the secret across a restart', async () => {
    app = await app.restart();
    const page = await call<ClientPage>(app.core, 'listClients', { environment: 'staging' });
    const revealed = await call<{ value: string }>(app.core, 'revealSecret', {
      clientId: page.items[0]!.id,
      field: 'secret_key',
    });
    expect(revealed.value).toBe(weir.issued[0]!.value);
  });
});
