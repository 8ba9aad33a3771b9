import { randomBytes } from 'node:crypto';
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { SafeStorageError, type Decrypted, type SafeStorage, type StoreKey } from '../ports';
import { DATA_KEY_BYTES, NONCE_BYTES, open, seal } from './envelope';

// SafeStorage over the OS keyring (Secret Service / Keychain / Credential Manager) through
// @napi-rs/keyring, used under plain Node (tests, browser host, tooling). Each store has a random
// master key of its own in the keyring, found by the key id the store records (so a moved data
// folder still finds it); encrypt/decrypt are AES-256-GCM with it. Nothing but `create`, which the
// vault calls only for a store without a wrapped data key, ever writes a new master key.

const FORMAT = Buffer.from('KHK1');
const MASTER_AAD = Buffer.from('keyhold.safe-storage.v1');
/** An account no store uses: reading it tells whether the keyring answers, and writes nothing. */
const PROBE_ACCOUNT = 'availability-probe';

export interface KeyringSafeStorageOptions {
  /** Keyring service name (default 'Keyhold'). */
  service?: string | undefined;
  /** The key id of stores from before key ids: their master key is the entry `master-key:<id>`. */
  legacyKeyId?: string | undefined;
}

// On Linux, pin the Secret Service: the library would otherwise fall back to the kernel
// keyring, which forgets the master key at logout, and with it every secret.
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

export function keyringBackendName(platform = process.platform): string {
  if (platform === 'darwin') return 'keychain';
  if (platform === 'win32') return 'windows-credential-manager';
  return 'secret-service';
}

/** The keyring account holding the master key of the store whose key id is `keyId`. */
const masterKeyAccount = (keyId: string) => `master-key:${keyId}`;

export class KeyringSafeStorage implements SafeStorage {
  readonly service: string;
  readonly legacyKeyId: string | undefined;
  /** Every key this instance opened or made, for destroy(). */
  private readonly touched = new Set<string>();

  constructor(options: KeyringSafeStorageOptions = {}) {
    this.service = options.service ?? 'Keyhold';
    this.legacyKeyId = options.legacyKeyId;
  }

  async backend(): Promise<string> {
    return keyringBackendName();
  }

  async isAvailable(): Promise<boolean> {
    try {
      await withEntry(this.service, PROBE_ACCOUNT, (entry) => entry.getPassword());
      return true;
    } catch {
      return false;
    }
  }

  storeKey(keyId: string): StoreKey {
    this.touched.add(keyId);
    return new KeyringStoreKey(this.service, keyId);
  }

  // Used bare, as a plain SafeStorage, it seals with the legacy key (and never makes one).
  encrypt(plaintext: string): Promise<Buffer> {
    return this.legacyKey().encrypt(plaintext);
  }

  decrypt(ciphertext: Buffer): Promise<Decrypted> {
    return this.legacyKey().decrypt(ciphertext);
  }

  /** Removes the master keys this instance opened or made from the keyring (a throwaway store). */
  async destroy(): Promise<void> {
    for (const keyId of this.touched) {
      await withEntry(this.service, masterKeyAccount(keyId), (entry) => entry.deletePassword());
    }
    this.touched.clear();
  }

  private legacyKey(): StoreKey {
    if (this.legacyKeyId === undefined) {
      throw new SafeStorageError('missing', 'This keyring storage has no key of its own: use storeKey()');
    }
    return this.storeKey(this.legacyKeyId);
  }
}

/** One store's master key: read from its entry once, then held, so it can be written back. */
class KeyringStoreKey implements StoreKey {
  readonly name: string;
  private readonly account: string;
  private masterKey: Buffer | null = null;

  constructor(
    private readonly service: string,
    readonly id: string,
  ) {
    this.account = masterKeyAccount(id);
    this.name = `the entry "${this.account}" of "${service}"`;
  }

  async create(): Promise<void> {
    if ((await this.read()) !== null) throw new Error(`${this.name} already exists`);
    const key = randomBytes(DATA_KEY_BYTES);
    await this.write(key);
    this.masterKey = key;
  }

  async encrypt(plaintext: string): Promise<Buffer> {
    const sealed = seal(await this.key(), MASTER_AAD, plaintext);
    return Buffer.concat([FORMAT, sealed.nonce, sealed.ciphertext]);
  }

  async decrypt(ciphertext: Buffer): Promise<Decrypted> {
    const key = await this.key();
    try {
      if (!ciphertext.subarray(0, FORMAT.length).equals(FORMAT)) throw new Error('unknown format');
      const result = open(key, MASTER_AAD, {
        nonce: ciphertext.subarray(FORMAT.length, FORMAT.length + NONCE_BYTES),
        ciphertext: ciphertext.subarray(FORMAT.length + NONCE_BYTES),
      });
      // One master key, never rotated: there is nothing newer to encrypt with.
      return { result, shouldReEncrypt: false };
    } catch {
      throw new SafeStorageError('missing', `The key in ${this.name} did not seal this data`);
    }
  }

  async keep(): Promise<boolean> {
    if (!this.masterKey) return true; // nothing held yet: nothing that could be lost
    const stored = await this.read();
    if (stored === null) {
      await this.write(this.masterKey);
      return true;
    }
    return stored.equals(this.masterKey);
  }

  private async key(): Promise<Buffer> {
    if (this.masterKey) return this.masterKey;
    const stored = await this.read();
    if (stored === null || stored.length !== DATA_KEY_BYTES) {
      throw new SafeStorageError('missing', `No master key in ${this.name}`);
    }
    this.masterKey = stored;
    return stored;
  }

  private async read(): Promise<Buffer | null> {
    const text = await this.keyring((entry) => entry.getPassword());
    return text === null ? null : Buffer.from(text, 'base64');
  }

  private write(key: Buffer): Promise<void> {
    return this.keyring((entry) => entry.setPassword(key.toString('base64')));
  }

  private keyring<T>(use: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    return withEntry(this.service, this.account, use);
  }
}

/**
 * One keyring call; its failure named locked or unavailable. A daemon that died while it answered
 * is asked once more: D-Bus starts a new one at the next request (a crashed gnome-keyring, a
 * restarted KWallet), and every call here is safe to repeat.
 */
async function withEntry<T>(
  service: string,
  account: string,
  use: (entry: AsyncEntry) => Promise<T>,
): Promise<T> {
  // The constructor inside the call: without a session bus it throws itself.
  const call = async () => use(new AsyncEntry(service, account, ENTRY_OPTIONS));
  try {
    return await call();
  } catch (error) {
    if (!DIED_MID_CALL.test(messageOf(error))) throw named(error);
    try {
      return await call();
    } catch (again) {
      throw named(again);
    }
  }
}

/** D-Bus's words when the service left the bus before it replied. */
const DIED_MID_CALL = /disconnected from message bus without replying/i;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function named(error: unknown): SafeStorageError {
  const text = messageOf(error);
  const reason = /locked|unlock prompt|dismissed/i.test(text) ? 'locked' : 'unavailable';
  return new SafeStorageError(reason, `The OS keyring could not be used: ${text}`);
}
