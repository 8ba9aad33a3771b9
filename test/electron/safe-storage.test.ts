import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetFakes, safeStorage } from './fake-electron';
import { openDatabase } from '../../src/main/core/store/database';
import { Vault } from '../../src/main/core/vault/vault';
import { createElectronSafeStorage } from '../../src/main/safe-storage';
import { tempDir } from '../support/core';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(resetFakes);

describe('Electron safe storage adapter', () => {
  it.each(['basic_text', 'gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6', 'unknown'] as const)(
    'reports the Linux backend Electron selected: %s',
    async (backend) => {
      safeStorage.getSelectedStorageBackend.mockReturnValue(backend);
      await expect(createElectronSafeStorage('linux').backend()).resolves.toBe(backend);
    },
  );

  it('names the fixed backends of macOS and Windows without asking Electron', async () => {
    await expect(createElectronSafeStorage('darwin').backend()).resolves.toBe('keychain');
    await expect(createElectronSafeStorage('win32').backend()).resolves.toBe('dpapi');
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('asks the async API for availability', async () => {
    safeStorage.isAsyncEncryptionAvailable.mockResolvedValueOnce(false);
    await expect(createElectronSafeStorage('linux').isAvailable()).resolves.toBe(false);
    safeStorage.isAsyncEncryptionAvailable.mockResolvedValueOnce(true);
    await expect(createElectronSafeStorage('linux').isAvailable()).resolves.toBe(true);
  });

  it('encrypts and decrypts through the async API, keeping its shouldReEncrypt for the vault', async () => {
    const storage = createElectronSafeStorage('linux');
    const sealed = await storage.encrypt('data-key');
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledWith('data-key');
    safeStorage.decryptStringAsync.mockResolvedValueOnce({ result: 'data-key', shouldReEncrypt: true });
    await expect(storage.decrypt(sealed)).resolves.toEqual({ result: 'data-key', shouldReEncrypt: true });
    expect(safeStorage.decryptStringAsync).toHaveBeenCalledWith(sealed);
  });

  it('passes failures through for the vault to map', async () => {
    safeStorage.encryptStringAsync.mockRejectedValueOnce(new Error('keyring locked'));
    await expect(createElectronSafeStorage('linux').encrypt('x')).rejects.toThrow('keyring locked');
  });
});

// Electron makes a fresh OS key of its own when its keyring entry vanished: the store's wrapped
// data key then fails to decrypt while the backend says it is available.
describe('the vault over the Electron adapter, when the wrapped data key no longer opens', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  /** A store with one secret whose data key Electron wrapped; then every decrypt fails with `error`. */
  async function storeThenDecryptFails(name: string, error: Error) {
    const db = openDatabase(join(dir.path, name));
    await new Vault(db, createElectronSafeStorage('linux'), () => false).setPassword(
      'client:1',
      'secret_key',
      'sk_kept',
    );
    const row = () => db.prepare('SELECT * FROM vault_keys').all();
    const before = row();
    safeStorage.decryptStringAsync.mockRejectedValue(error);
    safeStorage.encryptStringAsync.mockClear();
    return { vault: new Vault(db, createElectronSafeStorage('linux'), () => false), row, before };
  }

  it('is the missing state when the backend is available and not locked', async () => {
    const { vault, row, before } = await storeThenDecryptFails(
      'missing.db',
      new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'),
    );
    const status = await vault.status();
    expect(status).toMatchObject({ protection: 'missing', backend: 'gnome_libsecret' });
    await expect(vault.getPassword('client:1', 'secret_key')).rejects.toMatchObject({
      data: { code: 'vault_key_missing', message: status.message },
    });
    await expect(vault.setPassword('client:2', 'secret_key', 'sk_new')).rejects.toMatchObject({
      data: { code: 'vault_key_missing', message: status.message },
    });
    // Never wrapped again: putting the old OS key back opens everything.
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(row()).toEqual(before);
  });

  it('is the locked state when the failure says the keyring is locked', async () => {
    const { vault } = await storeThenDecryptFails('locked.db', new Error('The keyring is locked'));
    expect(await vault.status()).toMatchObject({ protection: 'locked' });
  });

  it('is the unavailable state when the backend is not available', async () => {
    const { vault } = await storeThenDecryptFails('unavailable.db', new Error('no backend'));
    safeStorage.isAsyncEncryptionAvailable.mockResolvedValue(false);
    expect(await vault.status()).toMatchObject({ protection: 'unavailable' });
  });
});
