// The key that sealed a store is gone from the OS keyring (its entry deleted, or the data folder
// moved): Keyhold must never make a new key over a store that holds a wrapped one, must say so in
// its own words, refuse new secrets before any provider call, and recover everything once the
// entry is back. Real gnome-keyring (entries removed with secret-tool), real SQLite files.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserHostKeyring } from '../../src/browser-host/keyring';
import { MemoryClipboard } from '../../src/main/core/node-ports';
import { createCore, type Core, type SafeStorage } from '../../src/main/core/index';
import { migrate, openDatabase } from '../../src/main/core/store/database';
import { MIGRATIONS } from '../../src/main/core/store/migrations';
import { associatedData, seal } from '../../src/main/core/vault/envelope';
import { Vault } from '../../src/main/core/vault/vault';
import type { ClientDetail, Connection, VaultStatus } from '../../src/shared/domain';
import type { KeyholdErrorData } from '../../src/shared/errors';
import { call, tempDir, TestKeyring } from '../support/core';
import { addConnection, createInput, startFakes, type Fakes } from '../support/fake-providers';

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(() => fakes.close());

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh process's core over `dataDir`: nothing of an earlier run is in memory. */
function open(dataDir: string, safeStorage: SafeStorage): Core {
  const core = createCore({ dataDir, safeStorage, clipboard: new MemoryClipboard() });
  cleanups.push(() => core.shutdown().catch(() => {}));
  return core;
}

async function failure(core: Core, method: string, payload?: unknown): Promise<KeyholdErrorData> {
  const result = await core.dispatch(method, payload);
  if (result.ok) throw new Error(`${method} succeeded where it must fail`);
  return result.error;
}

function wrappedKeyRow(dataDir: string): unknown {
  const db = openDatabase(join(dataDir, 'keyhold.db'));
  try {
    return db.prepare('SELECT * FROM vault_keys').all();
  } finally {
    db.close();
  }
}

/** A store with a connection, a created client and an imported one; returns what it holds. */
async function fill(core: Core) {
  const connection = await addConnection(core, 'weir', fakes.weir);
  const created = await call<ClientDetail>(core, 'createClient', createInput('weir', connection.id));
  const imported = await call<ClientDetail>(core, 'importClient', {
    provider: 'mythic',
    connectionId: null,
    environment: 'staging',
    name: 'Imported before',
    remoteId: 'imported-before',
    publicId: 'pk_imported_before',
    secret: 'sk_imported_before_1234',
  });
  const secrets = {
    [created.id]: fakes.weir.issued.at(-1)!.value,
    [imported.id]: 'sk_imported_before_1234',
  };
  return { connection, secrets };
}

async function expectReadable(core: Core, secrets: Record<string, string>): Promise<void> {
  for (const [clientId, value] of Object.entries(secrets)) {
    expect(
      await call<{ value: string }>(core, 'revealSecret', { clientId, field: 'secret_key' }),
    ).toMatchObject({ value });
  }
}

function newKeyring(service?: string): TestKeyring {
  const keyring = new TestKeyring(service);
  cleanups.push(() => keyring.destroy().catch(() => {}));
  return keyring;
}

describe('the keyring entry deleted between runs', () => {
  it('is the missing state: nothing new accepted, nothing changed, everything back with the entry', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const keyring = newKeyring();
    const first = open(dir.path, keyring);
    const { connection, secrets } = await fill(first);
    await first.shutdown();
    const saved = await keyring.entries();
    expect(saved).toHaveLength(1);
    const wrappedBefore = wrappedKeyRow(dir.path);
    keyring.clearWithSecretTool();

    const core = open(dir.path, new TestKeyring(keyring.service));
    const status = await call<VaultStatus>(core, 'getVaultStatus');
    expect(status.protection).toBe('missing');
    expect(status.message).toMatch(/not in the OS keyring/);
    expect(status.message).toMatch(/nothing was changed/i);
    expect(status.message).toMatch(/put the keyring entry back/i);

    const requestsBefore = fakes.weir.requests.length;
    const create = await failure(core, 'createClient', createInput('weir', connection.id));
    expect(create).toMatchObject({ code: 'vault_key_missing', message: status.message });
    expect(create.outcomeUnknown).toBeUndefined();
    expect(fakes.weir.requests).toHaveLength(requestsBefore);
    expect(await call(core, 'listAttempts')).toEqual([]);
    expect(
      await failure(core, 'importClient', {
        provider: 'weir',
        connectionId: null,
        environment: 'production',
        name: 'Imported while missing',
        remoteId: 'imported-while-missing',
        publicId: 'pub_while_missing',
        secret: 'sk_while_missing_5678',
      }),
    ).toMatchObject({ code: 'vault_key_missing', message: status.message });
    expect(
      await failure(core, 'addConnection', {
        provider: 'weir',
        label: 'Another',
        baseUrl: fakes.weir.url,
        token: 'tok_while_missing_9999',
      }),
    ).toMatchObject({ code: 'vault_key_missing' });
    expect(
      await failure(core, 'updateConnection', { id: connection.id, token: 'tok_changed_while_missing' }),
    ).toMatchObject({ code: 'vault_key_missing' });
    for (const clientId of Object.keys(secrets)) {
      expect(await failure(core, 'revealSecret', { clientId, field: 'secret_key' })).toMatchObject({
        code: 'vault_key_missing',
        message: status.message,
      });
      expect(await failure(core, 'copyField', { clientId, field: 'secret_key' })).toMatchObject({
        code: 'vault_key_missing',
      });
    }

    // No new key was made, and the wrapped key is exactly as it was.
    expect(await keyring.entries()).toEqual([]);
    expect(wrappedKeyRow(dir.path)).toEqual(wrappedBefore);
    expect(await call<Connection[]>(core, 'listConnections')).toHaveLength(1);

    // The entry put back: the same process reads everything again, and takes new secrets.
    await keyring.restore(saved);
    expect(await call<VaultStatus>(core, 'getVaultStatus')).toMatchObject({
      protection: 'os',
      message: null,
    });
    await expectReadable(core, secrets);
    await call(core, 'createClient', createInput('weir', connection.id));
    expect(wrappedKeyRow(dir.path)).toEqual(wrappedBefore);
    expect(await keyring.entries()).toEqual(saved);
  });
});

describe('the data directory moved between runs', () => {
  it('still opens every secret (the store names its key, not its path)', async () => {
    const parent = tempDir();
    cleanups.push(parent.remove);
    const service = `Keyhold tests ${Math.random().toString(36).slice(2)}`;
    cleanups.push(() => new TestKeyring(service).destroy().catch(() => {}));
    const before = join(parent.path, 'before');
    const first = open(before, browserHostKeyring(before, service));
    const { secrets } = await fill(first);
    await first.shutdown();

    const moved = join(parent.path, 'after');
    renameSync(before, moved);
    const core = open(moved, browserHostKeyring(moved, service));
    expect(await call<VaultStatus>(core, 'getVaultStatus')).toMatchObject({ protection: 'os' });
    await expectReadable(core, secrets);
    expect(await new TestKeyring(service).entries()).toHaveLength(1);
  });
});

/**
 * A store as the browser host wrote it before key ids (migration 2): its master key in the entry
 * `master-key:<sha256(path) prefix>`, the data key wrapped in the keyring storage's KHK1 format.
 */
async function legacyBrowserHostStore(dataDir: string, service: string, secret: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'keyhold.db'));
  migrate(db, MIGRATIONS.slice(0, 2));
  const masterKey = randomBytes(32);
  const account = `master-key:${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
  await new AsyncEntry(service, account, { linux: { store: 'secret-service' } }).setPassword(
    masterKey.toString('base64'),
  );
  const dataKey = randomBytes(32);
  const wrap = seal(masterKey, Buffer.from('keyhold.safe-storage.v1'), dataKey.toString('base64'));
  db.prepare(
    `INSERT INTO vault_keys (id, backend, wrapped_key, created_at) VALUES (1, 'secret-service', ?, ?)`,
  ).run(Buffer.concat([Buffer.from('KHK1'), wrap.nonce, wrap.ciphertext]), new Date().toISOString());
  const sealed = seal(dataKey, associatedData('client:old', 'secret_key'), secret);
  db.prepare(
    `INSERT INTO secrets (service, account, nonce, ciphertext, updated_at) VALUES (?, ?, ?, ?, ?)`,
  ).run('client:old', 'secret_key', sealed.nonce, sealed.ciphertext, new Date().toISOString());
  db.close();
}

describe('a browser-host store from before key ids', () => {
  it('opens with its path-named entry once, records the key id, and then survives a move', async () => {
    const parent = tempDir();
    cleanups.push(parent.remove);
    const keyring = newKeyring();
    const before = join(parent.path, 'before');
    await legacyBrowserHostStore(before, keyring.service, 'sk_from_before_ids');

    const first = openDatabase(join(before, 'keyhold.db'));
    const vault = new Vault(first, browserHostKeyring(before, keyring.service), () => false);
    expect(await vault.getPassword('client:old', 'secret_key')).toBe('sk_from_before_ids');
    expect(first.prepare('SELECT key_id FROM vault_keys').get()).toEqual({
      key_id: createHash('sha256').update(before).digest('hex').slice(0, 16),
    });
    first.close();

    const moved = join(parent.path, 'moved');
    renameSync(before, moved);
    const db = openDatabase(join(moved, 'keyhold.db'));
    cleanups.push(() => void db.close());
    const afterMove = new Vault(db, browserHostKeyring(moved, keyring.service), () => false);
    expect((await afterMove.status()).protection).toBe('os');
    expect(await afterMove.getPassword('client:old', 'secret_key')).toBe('sk_from_before_ids');
    expect(await keyring.entries()).toHaveLength(1);
  });
});

describe('the keyring entry deleted during a session', () => {
  it('is written back with the same key before the next secret is accepted', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const keyring = newKeyring();
    const core = open(dir.path, keyring);
    const { connection, secrets } = await fill(core);
    const saved = await keyring.entries();
    keyring.clearWithSecretTool();

    const created = await call<ClientDetail>(core, 'createClient', createInput('weir', connection.id));
    secrets[created.id] = fakes.weir.issued.at(-1)!.value;
    expect(await keyring.entries()).toEqual(saved);

    // Also when no secret comes next: checking the vault's status puts it back.
    keyring.clearWithSecretTool();
    expect(await call<VaultStatus>(core, 'getVaultStatus')).toMatchObject({ protection: 'os' });
    expect(await keyring.entries()).toEqual(saved);
    await core.shutdown();

    await expectReadable(open(dir.path, new TestKeyring(keyring.service)), secrets);
  });

  it('moves to a new key, leaving the foreign one alone, when the entry now holds another key', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const keyring = newKeyring();
    const core = open(dir.path, keyring);
    const { secrets } = await fill(core);
    const [entry] = await keyring.entries();
    const foreign = { account: entry!.account, password: Buffer.alloc(32, 7).toString('base64') };
    await keyring.restore([foreign]);

    const imported = await call<ClientDetail>(core, 'importClient', {
      provider: 'weir',
      connectionId: null,
      environment: 'production',
      name: 'Imported after the swap',
      remoteId: 'imported-after-swap',
      publicId: 'pub_after_swap',
      secret: 'sk_after_swap_2468',
    });
    secrets[imported.id] = 'sk_after_swap_2468';
    expect(await keyring.entries()).toEqual(expect.arrayContaining([foreign]));
    expect(await keyring.entries()).toHaveLength(2);
    await core.shutdown();

    await expectReadable(open(dir.path, new TestKeyring(keyring.service)), secrets);
  });
});
