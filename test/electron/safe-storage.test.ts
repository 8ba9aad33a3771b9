import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetFakes, safeStorage } from './fake-electron';
import { createElectronSafeStorage } from '../../src/main/safe-storage';

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
