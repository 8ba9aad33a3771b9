import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/store/database';
import { Vault } from '../../src/main/core/vault/vault';
import type { SafeStorage } from '../../src/main/core/ports';
import type { ClientDetail, Connection, Attempt, Settings } from '../../src/shared/domain';
import { BasicTextSafeStorage } from '../support/basic-text-safe-storage';
import { call, startTestCore, tempDir, testKeyring, userWideKeyring, type TestCore } from '../support/core';
import { addConnection, createInput, dispatchError, startFakes, type Fakes } from '../support/fake-providers';

// Each case pins a defect found in review, so it cannot come back.
describe('create flow under shutdown and unreadable answers', () => {
  let fakes: Fakes;
  beforeAll(async () => {
    fakes = await startFakes();
  });
  afterAll(() => fakes.close());

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

  it('a 2xx answer nested too deeply to read is journalled as unknown, not failed', async () => {
    const app = startTestCore();
    try {
      const connection = await addConnection(app.core, 'mythic', fakes.mythic);
      const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
      fakes.mythic.inject({ status: 201, body: `{"success":true,"data":{"api_metadata":${deep}}}` });
      const error = await dispatchError(app.core, 'createClient', createInput('mythic', connection.id));
      expect(error).toMatchObject({ code: 'malformed_response', outcomeUnknown: true });
      const unknown = await call<Attempt[]>(app.core, 'listAttempts');
      expect(unknown.map((attempt) => attempt.state)).toEqual(['unknown']);
    } finally {
      await app.dispose();
    }
  });

  it('an error body nested too deeply still gives a clear status error', async () => {
    const app = startTestCore();
    try {
      const connection = await addConnection(app.core, 'weir', fakes.weir);
      fakes.weir.inject({ status: 500, body: '{"error":'.repeat(20_000) + '1' + '}'.repeat(20_000) });
      const error = await dispatchError(app.core, 'createClient', createInput('weir', connection.id));
      expect(error.code).toBe('server');
    } finally {
      await app.dispose();
    }
  });
});

describe('connections', () => {
  it('never shows any part of a short token, and counts clients per connection', async () => {
    const fakes = await startFakes({ token: 'short' });
    const app = startTestCore();
    try {
      const connection = await addConnection(app.core, 'weir', fakes.weir);
      expect(connection.tokenHint).toBe('');
      await call<ClientDetail>(app.core, 'createClient', createInput('weir', connection.id));
      await call<ClientDetail>(app.core, 'createClient', createInput('weir', connection.id, 'staging'));
      const [listed] = await call<Connection[]>(app.core, 'listConnections');
      expect(listed!.clientCount).toBe(2);
    } finally {
      await app.dispose();
      await fakes.close();
    }
  });
});

describe('settings', () => {
  it('a corrupt stored value falls back to its own default only', async () => {
    let app = startTestCore();
    try {
      await call<Settings>(app.core, 'updateSettings', { clipboardClearSeconds: 45, theme: 'dark' });
      await app.core.shutdown();
      const db = new Database(join(app.dataDir, 'keyhold.db'));
      db.prepare(`UPDATE settings SET value = '{broken' WHERE key = 'theme'`).run();
      db.close();
      app = await app.restart();
      expect(await call<Settings>(app.core, 'getSettings')).toMatchObject({
        clipboardClearSeconds: 45,
        theme: 'system',
      });
    } finally {
      await app.dispose();
    }
  });
});

describe('vault backends', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it("refuses Electron's 'unknown' backend like basic_text", async () => {
    const unknownBackend: SafeStorage = Object.assign(new BasicTextSafeStorage(), {
      backend: async () => 'unknown',
    });
    const vault = new Vault(openDatabase(join(dir.path, 'unknown.db')), unknownBackend, () => false);
    expect((await vault.status()).protection).toBe('refused');
  });

  it('re-wraps a data key made under basic_text once an OS keyring is there', async () => {
    const file = join(dir.path, 'rewrap.db');
    const db = openDatabase(file);
    await new Vault(db, new BasicTextSafeStorage(), () => true).setPassword(
      'client:1',
      'secret_key',
      'sk_rewrap',
    );
    const keyring = testKeyring();
    const osKey = userWideKeyring(keyring); // the keyring as Electron's safeStorage uses it
    const decryptWithBoth: SafeStorage = {
      ...osKey,
      // The old wrap only basic_text can open; the new one only the keyring.
      decrypt: (ciphertext) =>
        osKey.decrypt(ciphertext).catch(() => new BasicTextSafeStorage().decrypt(ciphertext)),
    };
    try {
      expect(await new Vault(db, decryptWithBoth, () => false).getPassword('client:1', 'secret_key')).toBe(
        'sk_rewrap',
      );
      expect(db.prepare('SELECT backend FROM vault_keys').get()).toEqual({ backend: 'secret-service' });
      // Now the keyring alone opens it.
      expect(await new Vault(db, osKey, () => false).getPassword('client:1', 'secret_key')).toBe('sk_rewrap');
    } finally {
      await keyring.destroy().catch(() => {});
      db.close();
    }
  });
});
