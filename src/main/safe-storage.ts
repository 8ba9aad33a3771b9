// The vault's SafeStorage port over Electron's asynchronous safeStorage API (the sync
// encryptString/decryptString/isEncryptionAvailable are deprecated in Electron 45).
import { safeStorage } from 'electron';
import type { SafeStorage } from './core';

/**
 * Backend names the vault reasons about. Only Linux has a choice of backend, and only
 * there does Electron name it ('basic_text' = a hard-coded key, i.e. no protection);
 * macOS always uses the Keychain, Windows always DPAPI.
 */
export function backendName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'dpapi';
  return safeStorage.getSelectedStorageBackend();
}

export function createElectronSafeStorage(platform: NodeJS.Platform = process.platform): SafeStorage {
  return {
    backend: async () => backendName(platform),
    isAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    encrypt: (plaintext) => safeStorage.encryptStringAsync(plaintext),
    decrypt: (ciphertext) => safeStorage.decryptStringAsync(ciphertext),
  };
}
