import { randomBytes } from 'node:crypto';
import type { VaultStatus } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import type { SafeStorage } from '../ports';
import type { Db } from '../store/database';
import { associatedData, DATA_KEY_BYTES, open, seal, type Sealed } from './envelope';

export interface Credential {
  account: string;
  password: string;
}

/** Hook so the logger can redact every secret value that passes through the vault. */
export type SecretSeen = (value: string) => void;

// basic_text is a hard-coded key; 'unknown' after initialisation means no keyring was chosen.
const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

const KEYRING_HELP =
  'Install and unlock an OS keyring (GNOME Keyring or KWallet: e.g. `sudo apt install gnome-keyring`, ' +
  'then log in again), or allow weaker storage in Settings.';

/**
 * Envelope vault: one random data key, wrapped by the OS safe storage and kept in
 * `vault_keys`; every secret sealed with it into `secrets`. The sync methods run inside
 * store transactions and need `unlock()` first; the keytar-shaped async API unlocks itself.
 */
export class Vault {
  private dataKey: Buffer | null = null;
  private unlocking: Promise<Buffer> | null = null;

  constructor(
    private readonly db: Db,
    private readonly safeStorage: SafeStorage,
    private readonly allowWeakStorage: () => boolean,
    private readonly onSecretSeen: SecretSeen = () => {},
  ) {}

  async status(): Promise<VaultStatus> {
    // Availability first: Electron picks its Linux backend lazily, on the first async call.
    const available = await this.safeStorage.isAvailable().catch(() => false);
    const backend = await this.safeStorage.backend().catch(() => 'unknown');
    if (!available) {
      return {
        backend,
        protection: 'unavailable',
        message: `The OS safe storage cannot encrypt right now (backend: ${backend}). ${KEYRING_HELP}`,
      };
    }
    if (WEAK_BACKENDS.has(backend)) {
      return this.allowWeakStorage()
        ? {
            backend,
            protection: 'weak',
            message: 'No OS keyring: secrets are protected only by a key built into Electron.',
          }
        : {
            backend,
            protection: 'refused',
            message: `No OS keyring was found, so secrets would be protected only by a hard-coded key. Keyhold refuses to store them. ${KEYRING_HELP}`,
          };
    }
    return { backend, protection: 'os', message: null };
  }

  /** Fails with a clear error unless a new secret can be encrypted and kept. */
  async ensureWritable(): Promise<void> {
    const status = await this.status();
    if (status.protection === 'refused') {
      throw new KeyholdError({ code: 'weak_storage_refused', message: status.message ?? '' });
    }
    if (status.protection === 'unavailable') {
      // Ask once more to learn why: a locked keyring deserves its own message.
      await this.safeStorage.encrypt('probe').catch((error: unknown) => {
        throw vaultAccessError(error);
      });
      throw new KeyholdError({ code: 'vault_unavailable', message: status.message ?? '' });
    }
    await this.unlock();
  }

  /** Loads (or creates) the data key. Concurrent callers share one unwrap. */
  async unlock(): Promise<void> {
    if (this.dataKey) return;
    this.unlocking ??= this.loadDataKey().finally(() => (this.unlocking = null));
    this.dataKey = await this.unlocking;
  }

  /** Forgets the data key (at shutdown); a later use would unwrap it again. */
  lock(): void {
    this.dataKey?.fill(0);
    this.dataKey = null;
  }

  // --- sync, inside transactions -------------------------------------------

  put(service: string, account: string, password: string): void {
    this.putSealed(service, account, this.seal(service, account, password));
  }

  /** Seals a value for one row without writing it: a received secret is sealed at once. */
  seal(service: string, account: string, password: string): Sealed {
    this.onSecretSeen(password);
    return seal(this.key(), associatedData(service, account), password);
  }

  /** Writes a value sealed by `seal` for the same service and account. */
  putSealed(service: string, account: string, sealed: Sealed): void {
    this.db
      .prepare(
        `INSERT INTO secrets (service, account, nonce, ciphertext, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (service, account) DO UPDATE SET nonce = excluded.nonce,
           ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
      )
      .run(service, account, sealed.nonce, sealed.ciphertext, new Date().toISOString());
  }

  take(service: string, account: string): string | null {
    const row = this.db
      .prepare('SELECT nonce, ciphertext FROM secrets WHERE service = ? AND account = ?')
      .get(service, account) as { nonce: Buffer; ciphertext: Buffer } | undefined;
    return row ? this.openRow(service, account, row) : null;
  }

  /** Removes one account, or every account of the service; returns how many. */
  remove(service: string, account?: string): number {
    const result =
      account === undefined
        ? this.db.prepare('DELETE FROM secrets WHERE service = ?').run(service)
        : this.db.prepare('DELETE FROM secrets WHERE service = ? AND account = ?').run(service, account);
    return result.changes;
  }

  /** Account names only: no decryption. */
  accounts(service: string): string[] {
    return (
      this.db.prepare('SELECT account FROM secrets WHERE service = ? ORDER BY account').all(service) as {
        account: string;
      }[]
    ).map((row) => row.account);
  }

  // --- keytar-shaped API ---------------------------------------------------

  async getPassword(service: string, account: string): Promise<string | null> {
    await this.unlock();
    return this.take(service, account);
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    await this.ensureWritable();
    this.put(service, account, password);
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    return this.remove(service, account) > 0;
  }

  async findCredentials(service: string): Promise<Credential[]> {
    await this.unlock();
    const rows = this.db
      .prepare('SELECT account, nonce, ciphertext FROM secrets WHERE service = ? ORDER BY account')
      .all(service) as { account: string; nonce: Buffer; ciphertext: Buffer }[];
    return rows.map((row) => ({ account: row.account, password: this.openRow(service, row.account, row) }));
  }

  // --- internals -----------------------------------------------------------

  private key(): Buffer {
    if (!this.dataKey) throw new Error('Vault used before unlock()');
    return this.dataKey;
  }

  private openRow(service: string, account: string, row: { nonce: Buffer; ciphertext: Buffer }): string {
    let value: string;
    try {
      value = open(this.key(), associatedData(service, account), row);
    } catch {
      throw new KeyholdError({
        code: 'internal',
        message: `The stored secret "${account}" could not be decrypted: it was altered or does not belong to this entry.`,
      });
    }
    this.onSecretSeen(value);
    return value;
  }

  private async wrapDataKey(key: Buffer, backend: string): Promise<void> {
    const wrapped = await this.safeStorage.encrypt(key.toString('base64'));
    this.db
      .prepare(
        `INSERT INTO vault_keys (id, backend, wrapped_key, created_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET backend = excluded.backend, wrapped_key = excluded.wrapped_key`,
      )
      .run(backend, wrapped, new Date().toISOString());
  }

  private async loadDataKey(): Promise<Buffer> {
    const row = this.db.prepare('SELECT backend, wrapped_key FROM vault_keys WHERE id = 1').get() as
      { backend: string; wrapped_key: Buffer } | undefined;
    try {
      const backend = await this.safeStorage.backend();
      if (row) {
        const { result, shouldReEncrypt } = await this.safeStorage.decrypt(row.wrapped_key);
        const key = Buffer.from(result, 'base64');
        // Wrapped again when the OS rotated its key, or when a weaker backend wrapped it (e.g.
        // basic_text before a keyring was installed) and a stronger one is here now. A failed
        // rewrap costs nothing: the old wrap still opens, and the next unlock tries again.
        const upgraded = row.backend !== backend && !WEAK_BACKENDS.has(backend);
        if (shouldReEncrypt || upgraded) await this.wrapDataKey(key, backend).catch(() => {});
        return key;
      }
      const key = randomBytes(DATA_KEY_BYTES);
      await this.wrapDataKey(key, backend);
      return key;
    } catch (error) {
      throw vaultAccessError(error);
    }
  }
}

/** Maps a safe-storage failure to a message the user can act on. */
export function vaultAccessError(error: unknown): KeyholdError {
  if (error instanceof KeyholdError) return error;
  const text = error instanceof Error ? error.message : String(error);
  // The store, not the keyring: "database is locked" must not read as a locked keyring.
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new KeyholdError({
      code: 'store_busy',
      message: `Keyhold could not write to its database (${text.slice(0, 160)}). Nothing was stored; try again in a moment.`,
    });
  }
  if (/lock|prompt|dismiss|denied|cancel/i.test(text)) {
    return new KeyholdError({
      code: 'vault_locked',
      message: 'The OS keyring is locked. Unlock it (log in again or open your keyring manager) and retry.',
    });
  }
  return new KeyholdError({
    code: 'vault_unavailable',
    message: `The OS keyring could not be used (${text.slice(0, 160)}). ${KEYRING_HELP}`,
  });
}
