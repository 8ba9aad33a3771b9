import { randomBytes } from 'node:crypto';
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import type { Decrypted, SafeStorage } from '../ports';
import { DATA_KEY_BYTES, NONCE_BYTES, open, seal } from './envelope';

// SafeStorage over the OS keyring (Secret Service / Keychain / Credential Manager)
// through @napi-rs/keyring: the keyring holds one random master key; encrypt/decrypt
// are AES-256-GCM with it. Used under plain Node (tests, browser host, tooling).

const FORMAT = Buffer.from('KHK1');
const MASTER_AAD = Buffer.from('keyhold.safe-storage.v1');

export interface KeyringSafeStorageOptions {
  /** Keyring service name (default 'Keyhold'). */
  service?: string;
  /** Keyring account holding the master key, e.g. one per data directory. */
  account: string;
}

// On Linux, pin the Secret Service: the library would otherwise fall back to the kernel
// keyring, which forgets the master key at logout, and with it every secret.
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

export function keyringBackendName(platform = process.platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'windows-credential-manager';
  return 'secret-service';
}

export class KeyringSafeStorage implements SafeStorage {
  private readonly entry: AsyncEntry;
  private masterKey: Promise<Buffer> | null = null;

  constructor(options: KeyringSafeStorageOptions) {
    this.entry = new AsyncEntry(options.service ?? 'Keyhold', options.account, ENTRY_OPTIONS);
  }

  async backend(): Promise<string> {
    return keyringBackendName();
  }

  async isAvailable(): Promise<boolean> {
    try {
      await this.key();
      return true;
    } catch {
      this.masterKey = null;
      return false;
    }
  }

  async encrypt(plaintext: string): Promise<Buffer> {
    const sealed = seal(await this.key(), MASTER_AAD, plaintext);
    return Buffer.concat([FORMAT, sealed.nonce, sealed.ciphertext]);
  }

  async decrypt(ciphertext: Buffer): Promise<Decrypted> {
    if (!ciphertext.subarray(0, FORMAT.length).equals(FORMAT)) throw new Error('Unknown ciphertext format');
    const nonce = ciphertext.subarray(FORMAT.length, FORMAT.length + NONCE_BYTES);
    const result = open(await this.key(), MASTER_AAD, {
      nonce,
      ciphertext: ciphertext.subarray(FORMAT.length + NONCE_BYTES),
    });
    // One master key, never rotated: there is nothing newer to encrypt with.
    return { result, shouldReEncrypt: false };
  }

  /** Removes the master key from the keyring (tests, uninstall). */
  async destroy(): Promise<void> {
    this.masterKey = null;
    await this.entry.deletePassword();
  }

  private key(): Promise<Buffer> {
    this.masterKey ??= this.loadOrCreate().catch((error: unknown) => {
      this.masterKey = null;
      throw error;
    });
    return this.masterKey;
  }

  private async loadOrCreate(): Promise<Buffer> {
    const stored = await this.entry.getPassword();
    if (stored) {
      const key = Buffer.from(stored, 'base64');
      if (key.length !== DATA_KEY_BYTES)
        throw new Error('The master key in the OS keyring is not a valid key');
      return key;
    }
    const key = randomBytes(DATA_KEY_BYTES);
    await this.entry.setPassword(key.toString('base64'));
    return key;
  }
}
