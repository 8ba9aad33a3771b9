import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/store/database';
import type { SafeStorage } from '../../src/main/core/ports';
import { Vault } from '../../src/main/core/vault/vault';
import { BasicTextSafeStorage } from '../support/basic-text-safe-storage';
import { tempDir, testKeyring, userWideKeyring } from '../support/core';

// Real SQLite file, real OS keyring (gnome-keyring over D-Bus under `npm test`).
describe('vault over the OS keyring', () => {
  const dir = tempDir();
  const keyring = testKeyring();
  afterAll(async () => {
    await keyring.destroy().catch(() => {});
    dir.remove();
  });

  it('reports OS protection and offers the keytar-shaped API', async () => {
    const vault = new Vault(openDatabase(join(dir.path, 'k.db')), keyring, () => false);
    expect(await vault.status()).toMatchObject({ protection: 'os', message: null });
    await vault.setPassword('client:1', 'secret_key', 'sk_one');
    await vault.setPassword('client:1', 'proxy_api_key', 'px_two');
    expect(await vault.getPassword('client:1', 'secret_key')).toBe('sk_one');
    expect(await vault.getPassword('client:1', 'missing')).toBeNull();
    expect(await vault.findCredentials('client:1')).toEqual([
      { account: 'proxy_api_key', password: 'px_two' },
      { account: 'secret_key', password: 'sk_one' },
    ]);
    expect(await vault.deletePassword('client:1', 'proxy_api_key')).toBe(true);
    expect(await vault.deletePassword('client:1', 'proxy_api_key')).toBe(false);
    await vault.setPassword('client:1', 'secret_key', 'sk_rotated');
    expect(await vault.getPassword('client:1', 'secret_key')).toBe('sk_rotated');
  });

  it('keeps secrets across a restart (data key unwrapped from the keyring)', async () => {
    const file = join(dir.path, 'restart.db');
    const first = openDatabase(file);
    await new Vault(first, keyring, () => false).setPassword('connection:9', 'token', 'tok_abcdef');
    first.close();
    const vault = new Vault(openDatabase(file), keyring, () => false);
    expect(await vault.getPassword('connection:9', 'token')).toBe('tok_abcdef');
  });

  describe('when the OS rotated its own key', () => {
    const oldKey = new BasicTextSafeStorage(); // stands in for the OS's key before the rotation
    const newKey = userWideKeyring(keyring); // and after it, as Electron's safeStorage
    const beforeRotation: SafeStorage = {
      backend: () => keyring.backend(),
      isAvailable: async () => true,
      encrypt: (plaintext) => oldKey.encrypt(plaintext),
      decrypt: (ciphertext) => oldKey.decrypt(ciphertext),
    };
    // As Electron answers after a rotation: the old ciphertext still opens, flagged for re-encryption.
    const afterRotation: SafeStorage = {
      ...beforeRotation,
      encrypt: (plaintext) => newKey.encrypt(plaintext),
      decrypt: (ciphertext) =>
        newKey
          .decrypt(ciphertext)
          .catch(async () => ({ result: (await oldKey.decrypt(ciphertext)).result, shouldReEncrypt: true })),
    };
    /** A store whose data key the old OS key wrapped, holding one secret. */
    async function storeBeforeRotation(name: string) {
      const db = openDatabase(join(dir.path, name));
      await new Vault(db, beforeRotation, () => false).setPassword('client:1', 'secret_key', 'sk_kept');
      const wrappedKey = () =>
        (db.prepare('SELECT wrapped_key FROM vault_keys').get() as { wrapped_key: Buffer }).wrapped_key;
      return { db, wrappedKey, oldWrap: wrappedKey() };
    }

    it('wraps the data key again with the new one', async () => {
      const { db, wrappedKey, oldWrap } = await storeBeforeRotation('rotated.db');
      const vault = new Vault(db, afterRotation, () => false);
      expect(await vault.getPassword('client:1', 'secret_key')).toBe('sk_kept');
      expect(wrappedKey().equals(oldWrap)).toBe(false);
      // The new key alone opens it now.
      expect(await new Vault(db, newKey, () => false).getPassword('client:1', 'secret_key')).toBe('sk_kept');
    });

    it('keeps the secret readable, and the old wrap, when the rewrap fails', async () => {
      const { db, wrappedKey, oldWrap } = await storeBeforeRotation('rotated-locked.db');
      const refusing: SafeStorage = {
        ...afterRotation,
        encrypt: async () => {
          throw new Error('Cannot create an item in a locked collection');
        },
      };
      expect(await new Vault(db, refusing, () => false).getPassword('client:1', 'secret_key')).toBe(
        'sk_kept',
      );
      expect(wrappedKey().equals(oldWrap)).toBe(true);
    });
  });

  it('refuses to decrypt a ciphertext copied onto another row', async () => {
    const db = openDatabase(join(dir.path, 'moved.db'));
    const vault = new Vault(db, keyring, () => false);
    await vault.setPassword('client:a', 'secret_key', 'sk_of_a');
    await vault.setPassword('client:b', 'secret_key', 'sk_of_b');
    db.prepare(
      `UPDATE secrets SET (nonce, ciphertext) = (SELECT nonce, ciphertext FROM secrets WHERE service = 'client:a')
       WHERE service = 'client:b'`,
    ).run();
    await expect(vault.getPassword('client:b', 'secret_key')).rejects.toThrow(/could not be decrypted/);
    expect(await vault.getPassword('client:a', 'secret_key')).toBe('sk_of_a');
  });

  it('fails clearly when the keyring cannot give the master key', async () => {
    const broken = {
      backend: async () => 'gnome_libsecret',
      isAvailable: async () => true,
      encrypt: async () => {
        throw new Error('Cannot create an item in a locked collection');
      },
      decrypt: async () => ({ result: '', shouldReEncrypt: false }),
    };
    const vault = new Vault(openDatabase(join(dir.path, 'locked.db')), broken, () => false);
    await expect(vault.setPassword('client:x', 'secret_key', 'v')).rejects.toMatchObject({
      data: { code: 'vault_locked' },
    });
  });
});

describe('Linux basic_text backend', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('is refused by default, with how to get a keyring', async () => {
    const vault = new Vault(openDatabase(join(dir.path, 'weak.db')), new BasicTextSafeStorage(), () => false);
    const status = await vault.status();
    expect(status.protection).toBe('refused');
    expect(status.message).toMatch(/gnome-keyring/i);
    await expect(vault.setPassword('client:1', 'secret_key', 'v')).rejects.toMatchObject({
      data: { code: 'weak_storage_refused' },
    });
  });

  it('is allowed after the explicit opt-in, and marked weak', async () => {
    let allow = false;
    const vault = new Vault(
      openDatabase(join(dir.path, 'optin.db')),
      new BasicTextSafeStorage(),
      () => allow,
    );
    allow = true;
    expect((await vault.status()).protection).toBe('weak');
    await vault.setPassword('client:1', 'secret_key', 'sk_weak');
    expect(await vault.getPassword('client:1', 'secret_key')).toBe('sk_weak');
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
