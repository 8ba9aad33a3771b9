// A secret that reached Keyhold is never lost: a slow answer, a connection removed while its
// create waits, a database another program holds, quitting while a create waits, and trying
// again after an unknown outcome. Real SQLite files, the real OS keyring, fake providers on
// loopback, a second process holding the database's write lock.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientDetail, Connection, Attempt } from '../../src/shared/domain';
import type { FakeServer } from '../fakes/fake-server';
import { call, startTestCore, type TestCore } from '../support/core';
import { lockDatabase, type DbLock } from '../support/db-locker';
import { addConnection, createInput, dispatchError, startFakes, type Fakes } from '../support/fake-providers';
import { rawAttempts } from '../support/raw-store';

const BUSY_MS = 200;

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterEach(() => {
  fakes.weir.clearFaults();
  fakes.mythic.clearFaults();
});
afterAll(() => fakes.close());

/** The value the fake issued for the request named `name`. */
function issuedFor(server: FakeServer, name: string, field = 'secret'): string {
  const found = server.issued.find(
    (s) => (s.request.body as { name?: string }).name === name && s.field.toLowerCase().includes(field),
  );
  if (!found) throw new Error(`the fake issued no ${field} for ${name}`);
  return found.value;
}

async function revealed(app: TestCore, clientId: string): Promise<string> {
  return (await call<{ value: string }>(app.core, 'revealSecret', { clientId, field: 'secret_key' })).value;
}

/** Resolves once `check` holds; polls, because the thing awaited happens in the background. */
async function eventually(check: () => Promise<boolean> | boolean, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const waitForRequest = (server: FakeServer, count: number) =>
  eventually(() => server.requests.length >= count, `request ${count} reached the fake`);

const attempts = (app: TestCore) => call<Attempt[]>(app.core, 'listAttempts');

describe('a slow answer is waited for, not timed out', () => {
  let app: TestCore;
  beforeAll(() => {
    // No test override of the wait: the default (the createWaitMinutes setting, 10 minutes).
    app = startTestCore();
  });
  afterAll(() => app.dispose());

  it(
    'Weir answering after 20 s and Mythic after 90 s: both clients stored with the issued secrets',
    { timeout: 120_000 },
    async () => {
      const weir = await addConnection(app.core, 'weir', fakes.weir);
      const mythic = await addConnection(app.core, 'mythic', fakes.mythic);
      fakes.weir.inject({ delayMs: 20_000 });
      fakes.mythic.inject({ delayMs: 90_000 });
      const weirInput = createInput('weir', weir.id, 'production');
      const mythicInput = createInput('mythic', mythic.id, 'staging');
      const creates = [
        call<ClientDetail>(app.core, 'createClient', weirInput),
        call<ClientDetail>(app.core, 'createClient', mythicInput),
      ];
      await waitForRequest(fakes.weir, 1);
      await waitForRequest(fakes.mythic, 1);
      // While they wait, the window can list them (it says "still waiting…").
      const waiting = await attempts(app);
      expect(waiting.map((op) => [op.name, op.state]).sort()).toEqual(
        [
          [weirInput.name, 'pending'],
          [mythicInput.name, 'pending'],
        ].sort(),
      );
      const [weirClient, mythicClient] = await Promise.all(creates);
      expect(await revealed(app, weirClient!.id)).toBe(issuedFor(fakes.weir, weirInput.name));
      expect(await revealed(app, mythicClient!.id)).toBe(issuedFor(fakes.mythic, mythicInput.name));
      expect(await attempts(app)).toEqual([]);
    },
  );

  it('the wait is a setting, in minutes, bounded', async () => {
    expect((await call<{ createWaitMinutes: number }>(app.core, 'getSettings')).createWaitMinutes).toBe(10);
    const error = await dispatchError(app.core, 'updateSettings', { createWaitMinutes: 0 });
    expect(error).toMatchObject({ code: 'validation', field: 'createWaitMinutes' });
    await call(app.core, 'updateSettings', { createWaitMinutes: 30 });
    expect((await call<{ createWaitMinutes: number }>(app.core, 'getSettings')).createWaitMinutes).toBe(30);
  });
});

describe('connecting may time out: nothing was sent', () => {
  let silent: Server;
  let app: TestCore;
  beforeAll(async () => {
    // Accepts TCP, never answers the TLS handshake.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    app = startTestCore({ connectTimeoutMs: 300 });
  });
  afterAll(async () => {
    await app.dispose();
    silent.close();
  });

  it('a handshake that never completes → network, outcome known, journalled as failed', async () => {
    const { port } = silent.address() as { port: number };
    const connection = await addConnection(app.core, 'weir', {
      url: `https://127.0.0.1:${port}`,
      token: fakes.weir.token,
    });
    const error = await dispatchError(app.core, 'createClient', createInput('weir', connection.id));
    expect(error).toMatchObject({ code: 'network', outcomeUnknown: false });
    expect(error.message).toMatch(/could not be opened in time.*nothing was sent/i);
    expect(rawAttempts(app.dataDir).map((op) => op.state)).toEqual(['failed']);
    expect(await attempts(app)).toEqual([]);
  });
});

describe('quitting while a create waits', () => {
  it('shutdown waits for the answer and keeps the secret', async () => {
    let app = startTestCore();
    try {
      const connection = await addConnection(app.core, 'weir', fakes.weir);
      fakes.weir.inject({ delayMs: 1_500 });
      const input = createInput('weir', connection.id);
      const create = call<ClientDetail>(app.core, 'createClient', input);
      await waitForRequest(fakes.weir, fakes.weir.requests.length + 1);
      expect(app.core.waitingCreates().map((op) => op.name)).toEqual([input.name]);
      app = await app.restart();
      const client = await create;
      expect(await revealed(app, client.id)).toBe(issuedFor(fakes.weir, input.name));
    } finally {
      await app.dispose();
    }
  });

  it('a create in flight when the app quits still commits its secret', async () => {
    let app: TestCore = startTestCore({ providerTimeoutMs: 5_000 });
    try {
      const connection = await addConnection(app.core, 'weir', fakes.weir);
      fakes.weir.inject({ delayMs: 300 });
      const creating = app.core.dispatch('createClient', createInput('weir', connection.id, 'production'));
      const shutdown = app.core.shutdown();
      const result = await creating;
      await shutdown;
      expect(result.ok).toBe(true);
      app = await app.restart();
      const page = await call<{ items: { id: string }[] }>(app.core, 'listClients', {
        environment: 'production',
      });
      expect(page.items).toHaveLength(1);
      const secret = fakes.weir.issued.at(-1)!.value;
      const revealed = await call<{ value: string }>(app.core, 'revealSecret', {
        clientId: page.items[0]!.id,
        field: 'secret_key',
      });
      expect(revealed.value).toBe(secret);
    } finally {
      await app.dispose();
    }
  });

  it('quitting anyway stops waiting and journals the attempt as unknown', async () => {
    let app = startTestCore();
    try {
      const connection = await addConnection(app.core, 'mythic', fakes.mythic);
      fakes.mythic.inject({ delayMs: 5_000 });
      const input = createInput('mythic', connection.id);
      const create = app.core.dispatch('createClient', input);
      await waitForRequest(fakes.mythic, fakes.mythic.requests.length + 1);
      expect(app.core.abandonWaitingCreates()).toBe(1);
      const result = await create;
      expect(result).toMatchObject({ ok: false, error: { code: 'network', outcomeUnknown: true } });
      if (result.ok) return;
      expect(result.error.message).toMatch(/quit while it waited for the answer from Mythic Analytics/);
      expect(result.error.message).toMatch(/may have been created at Mythic Analytics/);
      app = await app.restart();
      const listed = await attempts(app);
      expect(listed).toMatchObject([{ name: input.name, state: 'unknown', remoteId: input.name }]);
    } finally {
      await app.dispose();
    }
  });
});

describe('a connection removed while its create waits', () => {
  let app: TestCore;
  beforeAll(() => {
    app = startTestCore();
  });
  afterAll(() => app.dispose());

  it.each(['weir', 'mythic'] as const)('%s: the client is kept, without its connection', async (provider) => {
    const server = fakes.of(provider);
    const connection = await addConnection(app.core, provider, server, `Going away (${provider})`);
    server.inject({ delayMs: 800 });
    const input = createInput(provider, connection.id, 'staging');
    const create = call<ClientDetail>(app.core, 'createClient', input);
    await waitForRequest(server, server.requests.length + 1);
    await call(app.core, 'removeConnection', { id: connection.id });
    const client = await create;
    expect(client).toMatchObject({ connectionId: null, connectionLabel: `Going away (${provider})` });
    expect(await revealed(app, client.id)).toBe(issuedFor(server, input.name));
    expect(rawAttempts(app.dataDir).at(-1)).toMatchObject({ state: 'succeeded', client_id: client.id });
  });
});

describe('a database another program holds', () => {
  let app: TestCore;
  let weir: Connection;
  let lock: DbLock | null = null;
  const rescueFiles = () => {
    const dir = join(app.dataDir, 'rescue');
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  beforeAll(async () => {
    app = startTestCore({ busyTimeoutMs: BUSY_MS });
    weir = await addConnection(app.core, 'weir', fakes.weir);
  });
  afterEach(async () => {
    await lock?.release();
    lock = null;
  });
  afterAll(() => app.dispose());

  /** A create whose answer comes while another process holds the database's write lock. */
  async function createWhileLocked(input = createInput('weir', weir.id)) {
    fakes.weir.inject({ delayMs: 800 });
    const create = app.core.dispatch('createClient', input);
    await waitForRequest(fakes.weir, fakes.weir.requests.length + 1);
    lock = await lockDatabase(app.dataDir);
    return { input, result: await create };
  }

  it('the received secret is sealed in a rescue file, shown as received, and stored once the lock ends', async () => {
    const { input, result } = await createWhileLocked();
    expect(result).toMatchObject({ ok: false, error: { code: 'saved_later', outcomeUnknown: false } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/Weir AI created “.*” and Keyhold received its secret/);
    expect(result.error.message).toMatch(/another program is using it/);
    expect(result.error.message).toMatch(/sealed in a rescue file/);
    expect(await attempts(app)).toMatchObject([{ name: input.name, state: 'received' }]);
    const secret = issuedFor(fakes.weir, input.name);
    const files = rescueFiles();
    expect(files).toHaveLength(1);
    const bytes = readFileSync(join(app.dataDir, 'rescue', files[0]!));
    expect(bytes.includes(secret)).toBe(false);
    expect(bytes.includes(Buffer.from(secret).toString('base64'))).toBe(false);

    await lock!.release();
    lock = null;
    await eventually(async () => (await attempts(app)).length === 0, 'the held client was stored');
    const page = await call<{ items: { id: string; name: string }[] }>(app.core, 'listClients', {
      environment: 'development',
    });
    const client = page.items.find((item) => item.name === input.name)!;
    expect(await revealed(app, client.id)).toBe(secret);
    expect(rescueFiles()).toEqual([]);
    expect(rawAttempts(app.dataDir).at(-1)).toMatchObject({ state: 'succeeded', client_id: client.id });
  });

  it('still locked at quit: the next start stores it', async () => {
    const { input, result } = await createWhileLocked();
    expect(result).toMatchObject({ ok: false, error: { code: 'saved_later' } });
    const secret = issuedFor(fakes.weir, input.name);
    await app.core.shutdown();
    await lock!.release();
    lock = null;
    app = await app.restart();
    expect(rescueFiles()).toEqual([]);
    expect(await attempts(app)).toEqual([]);
    const stored = rawAttempts(app.dataDir).find((op) => op.name === input.name)!;
    expect(stored.state).toBe('succeeded');
    expect(await revealed(app, stored.client_id!)).toBe(secret);
  });

  it('a failure the journal could not record is described rightly after a restart', async () => {
    fakes.weir.inject({ status: 401, delayMs: 800 });
    const input = createInput('weir', weir.id);
    const create = app.core.dispatch('createClient', input);
    await waitForRequest(fakes.weir, fakes.weir.requests.length + 1);
    lock = await lockDatabase(app.dataDir);
    expect(await create).toMatchObject({ ok: false, error: { code: 'auth', outcomeUnknown: false } });
    await app.core.shutdown();
    await lock.release();
    lock = null;
    app = await app.restart();
    expect(rawAttempts(app.dataDir).find((op) => op.name === input.name)).toMatchObject({
      state: 'failed',
      error_code: 'auth',
    });
  });

  it('any other write while it holds the store: a clear error, and nothing changes', async () => {
    lock = await lockDatabase(app.dataDir);
    const error = await dispatchError(app.core, 'addConnection', {
      provider: 'mythic',
      label: 'While locked',
      baseUrl: fakes.mythic.url,
      token: fakes.mythic.token,
    });
    expect(error).toMatchObject({ code: 'store_busy' });
    expect(error.message).toMatch(
      /another program is using it\). Nothing was changed; try again in a moment/,
    );
    await lock.release();
    lock = null;
    const connections = await call<Connection[]>(app.core, 'listConnections');
    expect(connections.map((c) => c.label)).not.toContain('While locked');
  });

  it('locked before the call: a clear error, and nothing is sent', async () => {
    lock = await lockDatabase(app.dataDir);
    const before = fakes.weir.requests.length;
    const error = await dispatchError(app.core, 'createClient', createInput('weir', weir.id));
    expect(error).toMatchObject({ code: 'store_busy', outcomeUnknown: false });
    expect(error.message).toMatch(/another program is using it.*Nothing was sent to Weir AI/);
    expect(fakes.weir.requests.length).toBe(before);
  });
});

describe('trying again after an unknown outcome', () => {
  let app: TestCore;
  beforeAll(() => {
    app = startTestCore();
  });
  afterAll(() => app.dispose());

  it('Mythic: asks before repeating the id; a 409 then proves the earlier attempt created it; Import settles it', async () => {
    const connection = await addConnection(app.core, 'mythic', fakes.mythic);
    fakes.mythic.inject({ drop: 'before-response' });
    const input = createInput('mythic', connection.id, 'production');
    const lost = await dispatchError(app.core, 'createClient', input);
    expect(lost).toMatchObject({ outcomeUnknown: true });
    const [earlier] = await attempts(app);
    expect(earlier).toMatchObject({ state: 'unknown', remoteId: input.name, id: lost.attemptId });

    const before = fakes.mythic.requests.length;
    const asked = await dispatchError(app.core, 'createClient', { ...input, name: 'Another name' });
    expect(asked).toMatchObject({ code: 'confirm_unknown', field: 'id', attemptId: earlier!.id });
    expect(asked.message).toMatch(/earlier attempt with the id “.*” has an unknown outcome/);
    expect(fakes.mythic.requests.length).toBe(before);

    const proof = await dispatchError(app.core, 'createClient', { ...input, confirmedDespiteUnknown: true });
    expect(proof).toMatchObject({ code: 'conflict', field: 'id', attemptId: earlier!.id });
    expect(proof.message).toMatch(
      /earlier attempt created “.*” at Mythic Analytics.*never reached Keyhold.*Rotate the secret.*import/,
    );

    const imported = await call<ClientDetail>(app.core, 'importClient', {
      provider: 'mythic',
      connectionId: connection.id,
      environment: 'production',
      name: input.name,
      remoteId: input.name,
      publicId: 'pk_rotated',
      secret: 'sk_rotated_in_the_console',
      attemptId: earlier!.id,
    });
    expect(await attempts(app)).toEqual([]);
    expect(rawAttempts(app.dataDir).find((op) => op.id === earlier!.id)).toMatchObject({
      state: 'dismissed',
      client_id: imported.id,
    });
  });

  it('Weir: asks before repeating the name, and creates once confirmed', async () => {
    const connection = await addConnection(app.core, 'weir', fakes.weir);
    fakes.weir.inject({ drop: 'before-response' });
    const input = createInput('weir', connection.id);
    await dispatchError(app.core, 'createClient', input);
    const asked = await dispatchError(app.core, 'createClient', input);
    expect(asked).toMatchObject({ code: 'confirm_unknown', field: 'name' });
    expect(asked.message).toMatch(/the name “.*” has an unknown outcome.*Check the Weir AI console/);
    const client = await call<ClientDetail>(app.core, 'createClient', {
      ...input,
      confirmedDespiteUnknown: true,
    });
    expect(client.name).toBe(input.name);
  });
});
