// Restoring a backup, in two calls: preview opens the file (in the worker: age, scrypt, the
// document checked whole) and says what restoring would change, writing nothing; apply writes it,
// planned again against the store as it is then, in one transaction. A file that does not open,
// or does not check out, changes nothing.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { z } from 'zod';
import type {
  BackupDocument,
  RestorePreview,
  RestoreResult,
  restoreSourceSchema,
} from '../../../shared/backup';
import { KeyholdError } from '../../../shared/errors';
import type { Clock, Logger } from '../ports';
import { privateFile } from '../private-files';
import type { SettingsStore } from '../settings/settings';
import type { Db } from '../store/database';
import { rebuildPays, withSearchIndexRebuiltAfter } from '../store/search-index';
import { storeBusyError } from '../store/store-errors';
import type { Vault } from '../vault/vault';
import { vaultError } from '../vault/vault-state';
import { identityToRecipientOf, type Unlock } from './age-file';
import { countsOf } from './document';
import { expandHome } from './paths';
import { applyPlan, planRestore, type MergeContext } from './merge';
import type { BackupThread } from './run-in-worker';
import type { OpenResult } from './worker';

/** An opened backup waits this long for apply (then it is forgotten, secrets and all). */
const OPENED_MS = 15 * 60_000;

export type RestoreSource = z.output<typeof restoreSourceSchema>;

export interface RestoreDeps {
  db: Db;
  dataDir: string;
  vault: Vault;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  /** Every key and passphrase that opens a file is handed to the log's redactor. */
  secretSeen(value: string): void;
  thread: BackupThread;
  /** A restore made the key that opened its file this store's recovery key. */
  onRecoveryKeyAdopted(): void;
}

interface Opened {
  document: BackupDocument;
  recipient: string | null;
  expiry: { cancel(): void };
}

export class Restores {
  private readonly opened = new Map<string, Opened>();

  constructor(private readonly deps: RestoreDeps) {}

  async preview(source: RestoreSource): Promise<RestorePreview> {
    const keyMissing = await this.keyMissing();
    const file = expandHome(source.file);
    const unlock: Unlock =
      source.with === 'recoveryKey' ? { identity: source.recoveryKey } : { passphrase: source.passphrase };
    this.deps.secretSeen('identity' in unlock ? unlock.identity : unlock.passphrase);
    const { document } = await this.deps.thread.run<OpenResult>({ kind: 'open', file, unlock });
    const recipient = 'identity' in unlock ? await identityToRecipientOf(unlock.identity) : null;
    // The plan shows what restoring writes whatever the user answers about the key.
    const plan = planRestore(this.context(keyMissing, null), document);
    const previewId = randomUUID();
    const expiry = this.deps.clock.setTimeout(() => this.opened.delete(previewId), OPENED_MS);
    this.opened.set(previewId, { document, recipient, expiry });
    this.deps.logger.info('restore: backup opened', { previewId, ...countsOf(document) });
    return {
      previewId,
      file,
      createdAt: document.createdAt,
      createdBy: document.createdBy,
      holds: countsOf(document),
      changes: plan.changes,
      keyMissing,
      recoveryKeyOffer: this.deps.settings.get().backupRecipient === null ? recipient : null,
    };
  }

  /** Writes the opened backup; with `adoptRecoveryKey`, future backups go to the key that opened it. */
  async apply(previewId: string, adoptRecoveryKey = false): Promise<RestoreResult> {
    const opened = this.opened.get(previewId);
    if (!opened) {
      throw new KeyholdError({
        code: 'not_found_local',
        message:
          'This preview expired (Keyhold forgets an opened backup after 15 minutes): choose Back, enter the key or passphrase again, and choose Show what it holds.',
      });
    }
    const { db, vault, settings, logger } = this.deps;
    const keyMissing = await this.keyMissing();
    let keptCopy: string | null = null;
    let newKey: Awaited<ReturnType<Vault['prepareNewKey']>> | null = null;
    if (keyMissing) {
      keptCopy = this.copyStore();
      newKey = await vault.prepareNewKey();
    } else {
      await vault.ensureWritable();
    }
    const context = this.context(keyMissing, adoptRecoveryKey ? opened.recipient : null);
    let changes: RestoreResult['changes'];
    let recoveryKeyAdopted = false;
    try {
      // IMMEDIATE: the write lock first (waiting for another program like every write), then the
      // plan against the store as it is, then the writes: all or nothing.
      changes = db
        .transaction(() => {
          newKey?.adopt();
          const plan = planRestore({ ...context, keyMissing: false }, opened.document);
          const inserts = plan.clients.filter((step) => step.kind === 'insert').length;
          if (rebuildPays(db, inserts)) withSearchIndexRebuiltAfter(db, () => applyPlan(context, plan));
          else applyPlan(context, plan);
          if (Object.keys(plan.settings).length > 0) settings.update(plan.settings);
          recoveryKeyAdopted = plan.settings.backupRecipient !== undefined;
          return plan.changes;
        })
        .immediate();
    } catch (error) {
      newKey?.abandon();
      if (error instanceof KeyholdError) throw error;
      throw storeBusyError(error);
    }
    this.discard(previewId);
    if (recoveryKeyAdopted) this.deps.onRecoveryKeyAdopted();
    logger.info('restore: applied', {
      ...changes,
      conflictList: undefined,
      connectionChanges: undefined,
      keyMissing,
      recoveryKeyAdopted,
    });
    return { changes, keptCopy, recoveryKeyAdopted };
  }

  discard(previewId: string): void {
    this.opened.get(previewId)?.expiry.cancel();
    this.opened.delete(previewId);
  }

  /** At shutdown: forget every opened backup. */
  stop(): void {
    for (const id of [...this.opened.keys()]) this.discard(id);
  }

  /**
   * False when the vault can take secrets; true when its key is missing (a restore then seals
   * everything under a new key); the vault's error in any other state (locked, unavailable...).
   * Writes nothing: a brand-new store gets its data key only when apply writes.
   */
  private async keyMissing(): Promise<boolean> {
    const status = await this.deps.vault.status();
    if (status.protection === 'os' || status.protection === 'weak') return false;
    if (status.protection === 'missing') return true;
    throw vaultError(status.protection, { backend: status.backend });
  }

  private context(keyMissing: boolean, recipient: string | null): MergeContext {
    const { db, vault, settings } = this.deps;
    return {
      db,
      vault,
      keyMissing,
      settings: settings.get(),
      storedSettings: settings.storedKeys(),
      recipient,
    };
  }

  /** The store as it is, secrets sealed by the missing key included, beside it (0600). */
  private copyStore(): string {
    const stamp = this.deps.clock.now().toISOString().replace(/[-:]/g, '');
    const file = join(this.deps.dataDir, `keyhold-before-restore-${stamp}.db`);
    privateFile(file); // VACUUM INTO fills an empty file and keeps its mode
    this.deps.db.prepare('VACUUM INTO ?').run(file);
    return file;
  }
}
