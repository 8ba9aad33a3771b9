import { randomBytes } from 'node:crypto';
import type { VaultStatus } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import type { Decrypted, SafeStorage, StoreKey } from '../ports';
import type { Db } from '../store/database';
import { statements, type Statements } from '../store/statements';
import { associatedData, DATA_KEY_BYTES, open, seal, type Sealed } from './envelope';
import { problemOf, vaultError, vaultMessage, type Protection, type VaultProblem } from './vault-state';

export interface Credential {
  account: string;
  password: string;
}

/** Hook so the logger can redact every secret value that passes through the vault. */
export type SecretSeen = (value: string) => void;

// basic_text is a hard-coded key; 'unknown' after initialisation means no keyring was chosen.
const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

interface WrappedKeyRow {
  backend: string;
  wrapped_key: Buffer;
  key_id: string | null;
}

/** A random id for a new store's key: what finds the key, wherever the store's folder goes. */
const newKeyId = () => randomBytes(16).toString('hex');

/**
 * Envelope vault: one random data key, wrapped by the OS safe storage and kept in
 * `vault_keys` with the id of the key that wrapped it; every secret sealed with the data key into
 * `secrets`. The sync methods run inside store transactions and need `unlock()` first; the
 * keytar-shaped async API unlocks itself. A new key is made only for a store that has no wrapped
 * data key: a store whose key cannot be found stays untouched until the key is back.
 */
export class Vault {
  private readonly sql: Statements;
  private dataKey: Buffer | null = null;
  private unlocking: Promise<Buffer> | null = null;
  /** The key that opened the data key, once it has. */
  private storeKey: StoreKey | null = null;
  private keeping: Promise<void> | null = null;
  private readonly writeListeners = new Set<() => void>();

  constructor(
    db: Db,
    private readonly safeStorage: SafeStorage,
    private readonly allowWeakStorage: () => boolean,
    private readonly onSecretSeen: SecretSeen = () => {},
  ) {
    this.sql = statements(db);
  }

  async status(): Promise<VaultStatus> {
    const { protection, backend } = await this.assess();
    return { backend, protection, message: vaultMessage(protection, this.context(backend, protection)) };
  }

  /**
   * Fails with its state's error unless a new secret can be encrypted and kept. Where the storage
   * keeps a key per store, its entry is checked here too (one keyring read), as in status().
   */
  async ensureWritable(): Promise<void> {
    const { protection, backend } = await this.assess();
    if (protection !== 'os' && protection !== 'weak') {
      throw vaultError(protection, this.context(backend, protection));
    }
    await this.unlock(); // a brand-new store's data key is made here
  }

  /** Loads the data key (or, for a brand-new store, makes it). Concurrent callers share one unwrap. */
  async unlock(): Promise<void> {
    if (this.dataKey) return;
    this.unlocking ??= this.loadDataKey().finally(() => (this.unlocking = null));
    this.dataKey = await this.unlocking;
  }

  /** Forgets the data key (at shutdown); a later use would unwrap it again. */
  lock(): void {
    this.dataKey?.fill(0);
    this.dataKey = null;
    this.storeKey = null;
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
    this.sql
      .prepare(
        `INSERT INTO secrets (service, account, nonce, ciphertext, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (service, account) DO UPDATE SET nonce = excluded.nonce,
           ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
      )
      .run(service, account, sealed.nonce, sealed.ciphertext, new Date().toISOString());
    for (const listener of this.writeListeners) listener();
  }

  /**
   * Calls `listener` after every secret written (inside the writer's transaction, which may still
   * roll back): backups follow every new or changed secret. Returns the unsubscribe function.
   */
  onSecretWritten(listener: () => void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  /**
   * A copy of the data key for a worker thread of this process that reads the store on its own
   * (a backup); the caller zeroes its copy when done. Fails with the vault's state like unlock().
   */
  async dataKeyCopy(): Promise<Uint8Array> {
    await this.unlock();
    const copy = new Uint8Array(DATA_KEY_BYTES);
    copy.set(this.key());
    return copy;
  }

  /**
   * A restore into a store whose key is missing (and only then): a new store key and data key
   * are made now; `adopt`, called inside the restore's transaction, replaces the lost wrapped key
   * with the new one and removes every secret the lost key sealed (unreadable; the caller keeps a
   * copy of the store). If that transaction fails, call `abandon`: the store keeps its lost key.
   */
  async prepareNewKey(): Promise<{ adopt(): void; abandon(): void }> {
    const { protection, backend } = await this.assess();
    if (protection !== 'missing') throw new Error('prepareNewKey is only for a store whose key is missing');
    const lost = this.wrappedKeyRow();
    if (!lost) throw new Error('No wrapped key to replace');
    const storeKey = this.keyWithId(newKeyId());
    const key = randomBytes(DATA_KEY_BYTES);
    let wrapped: Buffer;
    try {
      await storeKey.create();
      wrapped = await storeKey.encrypt(key.toString('base64'));
    } catch (error) {
      key.fill(0);
      throw await this.failure(problemOf(error) ?? 'unavailable');
    }
    return {
      adopt: () => {
        const swapped = this.sql
          .prepare(
            'UPDATE vault_keys SET backend = ?, wrapped_key = ?, key_id = ? WHERE id = 1 AND wrapped_key = ?',
          )
          .run(backend, wrapped, storeKey.id, lost.wrapped_key).changes;
        if (swapped === 0) throw new Error("The store's key changed while restoring");
        this.sql.prepare('DELETE FROM secrets').run();
        this.dataKey = key;
        this.storeKey = storeKey;
      },
      abandon: () => {
        if (this.dataKey === key) this.lock();
        else key.fill(0);
      },
    };
  }

  /** Decrypts one stored value; null if there is none. */
  read(service: string, account: string): string | null {
    const row = this.sql
      .prepare('SELECT nonce, ciphertext FROM secrets WHERE service = ? AND account = ?')
      .get(service, account) as { nonce: Buffer; ciphertext: Buffer } | undefined;
    return row ? this.openRow(service, account, row) : null;
  }

  /** Removes one account, or every account of the service; returns how many. */
  remove(service: string, account?: string): number {
    const result =
      account === undefined
        ? this.sql.prepare('DELETE FROM secrets WHERE service = ?').run(service)
        : this.sql.prepare('DELETE FROM secrets WHERE service = ? AND account = ?').run(service, account);
    return result.changes;
  }

  /** Account names only: no decryption. */
  accounts(service: string): string[] {
    return (
      this.sql.prepare('SELECT account FROM secrets WHERE service = ? ORDER BY account').all(service) as {
        account: string;
      }[]
    ).map((row) => row.account);
  }

  // --- keytar-shaped API ---------------------------------------------------

  async getPassword(service: string, account: string): Promise<string | null> {
    await this.unlock();
    return this.read(service, account);
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
    const rows = this.sql
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

  /** The state now. Opens the data key if the store has one that is not open yet. */
  private async assess(): Promise<{ protection: Protection; backend: string }> {
    // Availability first: Electron picks its Linux backend lazily, on the first async call.
    const available = await this.safeStorage.isAvailable().catch(() => false);
    const backend = await this.safeStorage.backend().catch(() => 'unknown');
    const weak = WEAK_BACKENDS.has(backend);
    if (available && weak && !this.allowWeakStorage()) return { protection: 'refused', backend };
    const problem = await this.keyProblem();
    if (!available) return { protection: problem === 'locked' ? 'locked' : 'unavailable', backend };
    return { protection: problem ?? (weak ? 'weak' : 'os'), backend };
  }

  /** Why the store's data key cannot be used now; null if it can (or the store has none yet). */
  private async keyProblem(): Promise<VaultProblem | null> {
    if (!this.dataKey && !this.wrappedKeyRow()) return null;
    try {
      await this.unlock();
      await this.keepStoreKey();
      return null;
    } catch (error) {
      const problem = problemOf(error);
      if (problem) return problem;
      throw error;
    }
  }

  /** What the state's message needs: the backend, and for a missing key where it should be. */
  private context(backend: string, protection: Protection) {
    if (protection !== 'missing') return { backend };
    const row = this.wrappedKeyRow();
    return { backend, keyName: (this.storeKey ?? (row && this.keyOf(row)))?.name };
  }

  private async failure(problem: VaultProblem): Promise<KeyholdError> {
    const backend = await this.safeStorage.backend().catch(() => 'unknown');
    return vaultError(problem, this.context(backend, problem));
  }

  private wrappedKeyRow(): WrappedKeyRow | undefined {
    return this.sql.prepare('SELECT backend, wrapped_key, key_id FROM vault_keys WHERE id = 1').get() as
      WrappedKeyRow | undefined;
  }

  /** The key that wrapped the row's data key; null for a store from before key ids without a legacy key. */
  private keyOf(row: WrappedKeyRow): StoreKey | null {
    const id = row.key_id ?? (this.safeStorage.storeKey ? this.safeStorage.legacyKeyId : newKeyId());
    return id === undefined ? null : this.keyWithId(id);
  }

  private keyWithId(id: string): StoreKey {
    return this.safeStorage.storeKey?.(id) ?? userWideKey(this.safeStorage, id);
  }

  private async loadDataKey(): Promise<Buffer> {
    const row = this.wrappedKeyRow();
    return row ? this.openDataKey(row) : this.createDataKey();
  }

  private async openDataKey(row: WrappedKeyRow): Promise<Buffer> {
    const storeKey = this.keyOf(row);
    if (!storeKey) throw await this.failure('missing');
    let decrypted: Decrypted;
    try {
      decrypted = await storeKey.decrypt(row.wrapped_key);
    } catch (error) {
      // Not locked, not unreachable: then the key the storage holds is not the one that sealed this
      // store (Electron makes a fresh OS key of its own when its entry vanished).
      const available = await this.safeStorage.isAvailable().catch(() => false);
      throw await this.failure(problemOf(error) ?? (available ? 'missing' : 'unavailable'));
    }
    const key = Buffer.from(decrypted.result, 'base64');
    if (key.length !== DATA_KEY_BYTES) throw await this.failure('missing');
    if (row.key_id === null) {
      this.sql.prepare('UPDATE vault_keys SET key_id = ? WHERE id = 1 AND key_id IS NULL').run(storeKey.id);
    }
    // Wrapped again when the OS rotated its key, or when a weaker backend wrapped it (e.g.
    // basic_text before a keyring was installed) and a stronger one is here now. A failed
    // rewrap costs nothing: the old wrap still opens, and the next unlock tries again.
    const backend = await this.safeStorage.backend().catch(() => row.backend);
    const upgraded = row.backend !== backend && !WEAK_BACKENDS.has(backend);
    if (decrypted.shouldReEncrypt || upgraded) {
      await this.wrapDataKey(key, storeKey, backend, row.wrapped_key).catch(() => {});
    }
    this.storeKey = storeKey;
    return key;
  }

  /** A brand-new store: the only place a new key is ever made. */
  private async createDataKey(): Promise<Buffer> {
    const storeKey = this.keyWithId(newKeyId());
    const key = randomBytes(DATA_KEY_BYTES);
    let wrapped: Buffer;
    let backend: string;
    try {
      backend = await this.safeStorage.backend();
      await storeKey.create();
      wrapped = await storeKey.encrypt(key.toString('base64'));
    } catch (error) {
      throw await this.failure(problemOf(error) ?? 'unavailable');
    }
    const inserted = this.sql
      .prepare(
        `INSERT INTO vault_keys (id, backend, wrapped_key, key_id, created_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      )
      .run(backend, wrapped, storeKey.id, new Date().toISOString()).changes;
    // Another process made this store's data key meanwhile: never replace it, use it.
    if (inserted === 0) return this.loadDataKey();
    this.storeKey = storeKey;
    return key;
  }

  /** Replaces the wrap `old` (and only it) with a wrap of `key` by `storeKey`; false if `old` is gone. */
  private async wrapDataKey(key: Buffer, storeKey: StoreKey, backend: string, old: Buffer): Promise<boolean> {
    const wrapped = await storeKey.encrypt(key.toString('base64'));
    return (
      this.sql
        .prepare(
          'UPDATE vault_keys SET backend = ?, wrapped_key = ?, key_id = ? WHERE id = 1 AND wrapped_key = ?',
        )
        .run(backend, wrapped, storeKey.id, old).changes > 0
    );
  }

  /** One check at a time: two at once could each move the data key to a new key. */
  private async keepStoreKey(): Promise<void> {
    this.keeping ??= this.keepStoreKeyOnce().finally(() => (this.keeping = null));
    await this.keeping;
  }

  /**
   * The open data key must stay recoverable after this process ends: its store key is written back
   * if its entry vanished. If the entry now holds another key, that one is left to whoever wrote it
   * and the data key moves to a new key of its own.
   */
  private async keepStoreKeyOnce(): Promise<void> {
    const { storeKey } = this;
    if (!storeKey || !this.dataKey) return;
    // A copy: lock() zeroes the data key, and a zeroed one must never be wrapped.
    const dataKey = Buffer.from(this.dataKey);
    try {
      if (await storeKey.keep()) return;
      const fresh = this.keyWithId(newKeyId());
      await fresh.create();
      const row = this.wrappedKeyRow();
      const backend = await this.safeStorage.backend();
      if (row && (await this.wrapDataKey(dataKey, fresh, backend, row.wrapped_key))) this.storeKey = fresh;
    } catch (error) {
      throw await this.failure(problemOf(error) ?? 'unavailable');
    } finally {
      dataKey.fill(0);
    }
  }
}

/** Electron's safeStorage keeps one key per OS user: every store's key is that one, whatever its id. */
function userWideKey(safeStorage: SafeStorage, id: string): StoreKey {
  return {
    id,
    create: async () => {},
    encrypt: (plaintext) => safeStorage.encrypt(plaintext),
    decrypt: (ciphertext) => safeStorage.decrypt(ciphertext),
    keep: async () => true,
  };
}
