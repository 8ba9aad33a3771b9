// Backups: the recovery key (made here, shown once, only its recipient kept), the folder, the
// automatic backups (scheduler.ts) written by the worker, a passphrase export, restores
// (restore.ts), and the status the header shows.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { version } from '../../../../package.json';
import {
  PORTABLE_SETTINGS,
  type BackupCounts,
  type BackupStatus,
  type RecoveryKey,
} from '../../../shared/backup';
import type { Settings } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import type { ClipboardService } from '../clipboard/clipboard';
import type { Clock, Logger } from '../ports';
import type { SettingsStore } from '../settings/settings';
import type { Db } from '../store/database';
import type { Vault } from '../vault/vault';
import { AGE_VERSION_LINE, newRecoveryKey, readHead, type Lock } from './age-file';
import { backupFileName, listBackups, pruneBackups, removeStaleTemps } from './folder';
import { expandHome, ioProblem } from './paths';
import { Restores } from './restore';
import { BackupThread, startNodeBackupWorker, WorkerIoError, type StartBackupWorker } from './run-in-worker';
import { BACKUP_TIMING, BackupScheduler, type RunOutcome } from './scheduler';
import type { WriteResult } from './worker';
import { WrittenBackups } from './written-backups';

/** Main's folder and file pickers (the desktop app); absent where paths are typed. */
export interface FilePicker {
  folder(title: string): Promise<string | null>;
  /** An existing backup file to open. */
  openFile(title: string): Promise<string | null>;
  /** Where to write a new file; `suggested` is its default name. */
  saveFile(title: string, suggested: string): Promise<string | null>;
}

export interface BackupDeps {
  db: Db;
  dataDir: string;
  vault: Vault;
  settings: SettingsStore;
  clipboard: ClipboardService;
  clock: Clock;
  logger: Logger;
  /** Every secret value Keyhold handles is handed to the log's redactor. */
  secretSeen(value: string): void;
  startWorker?: StartBackupWorker;
  filePicker?: FilePicker;
}

/** The recovery key shown and not yet confirmed is forgotten after this long. */
const PENDING_KEY_MS = 30 * 60_000;
const DAY_MS = 24 * 3600_000;
/** At shutdown, a waiting backup gets this long to finish (quitting must not hang on it). */
const SHUTDOWN_WAIT_MS = 15_000;
const CREATED_BY = `Keyhold ${version}`;

export class Backups {
  readonly restores: Restores;
  private readonly scheduler: BackupScheduler;
  private readonly thread: BackupThread;
  private readonly dbFile: string;
  private readonly written: WrittenBackups;
  private pendingKey: (RecoveryKey & { expiry: { cancel(): void } }) | null = null;
  private failure: { at: string; message: string } | null = null;
  /** What the last backup could not hold (secrets that did not decrypt), in the user's words. */
  private leftOut: string | null = null;
  private stopListening: () => void;
  private catchUp: { cancel(): void } | null = null;

  constructor(private readonly deps: BackupDeps) {
    this.thread = new BackupThread(deps.startWorker ?? startNodeBackupWorker, deps.clock);
    this.dbFile = join(deps.dataDir, 'keyhold.db');
    this.written = new WrittenBackups(deps.db);
    this.scheduler = new BackupScheduler(() => this.backUp(), deps.clock);
    this.restores = new Restores({
      ...deps,
      thread: this.thread,
      onRecoveryKeyAdopted: () => this.startForNewKey(),
    });
    this.stopListening = deps.vault.onSecretWritten(() => this.scheduler.changed());
  }

  /**
   * At start: the next daily backup, and one soon if something changed after the newest. The
   * check reads every secret's time, so it waits for the scheduler's delay, off the start path.
   */
  start(): void {
    if (!this.enabled()) return;
    const newest = this.newestOrNull();
    this.scheduler.lastBackupAt(newest);
    this.catchUp = this.deps.clock.setTimeout(() => {
      const changed = this.deps.db
        .prepare(
          `SELECT max(m) FROM (SELECT max(updated_at) AS m FROM secrets UNION ALL
             SELECT max(updated_at) FROM connections UNION ALL SELECT max(coalesce(updated_at, created_at)) FROM clients)`,
        )
        .pluck()
        .get() as string | null;
      if (changed !== null && (!newest || Date.parse(changed) > newest.getTime())) this.scheduler.changed();
    }, BACKUP_TIMING.delayMs);
  }

  status(): BackupStatus {
    const { backupRecipient: recipient, backupFolder: folder, backupKeep: keep } = this.deps.settings.get();
    let newest: ReturnType<Backups['newest']> = null;
    let unreadable: string | null = null;
    try {
      newest = this.newest();
    } catch (error) {
      unreadable = `Keyhold cannot read the backup folder ${folder}: ${ioProblem(error)}.`;
    }
    const lastBackupAt = newest?.at.toISOString() ?? null;
    const failure =
      this.failure && (!newest || Date.parse(this.failure.at) > newest.at.getTime()) ? this.failure : null;
    const base = {
      recipient,
      folder,
      keep,
      picker: this.deps.filePicker !== undefined,
      lastBackupAt,
      lastFile: newest?.name ?? null,
      failure,
      pending: this.scheduler.busy(),
    };
    if (!recipient || !folder) {
      const missing = !recipient ? 'set up a recovery key' : 'choose a backup folder';
      return { ...base, health: 'off', message: `Backups are off: ${missing} in Settings → Backups.` };
    }
    if (failure || unreadable) return { ...base, health: 'failed', message: failure?.message ?? unreadable };
    if (!newest) return { ...base, health: 'none', message: 'No backup yet: the first one is on its way.' };
    if (this.deps.clock.now().getTime() - newest.at.getTime() > DAY_MS) {
      return {
        ...base,
        health: 'stale',
        message:
          'The newest backup is more than a day old: choose Back up now, or check that the backup folder is still there.',
      };
    }
    return { ...base, health: 'ok', message: this.leftOut };
  }

  // --- the recovery key ------------------------------------------------------

  /** A new recovery key, answered once; nothing is kept until confirmRecoveryKey. */
  async setUpRecoveryKey(): Promise<RecoveryKey> {
    this.pendingKey?.expiry.cancel();
    const key = await newRecoveryKey();
    this.deps.secretSeen(key.identity);
    const expiry = this.deps.clock.setTimeout(() => (this.pendingKey = null), PENDING_KEY_MS);
    this.pendingKey = { ...key, expiry };
    return key;
  }

  copyRecoveryKey() {
    return this.deps.clipboard.copySecret(this.pending().identity);
  }

  /** The user saved the key: keep its recipient, forget the key. Backups start if a folder is set. */
  confirmRecoveryKey(recipient: string): BackupStatus {
    const pending = this.pending();
    if (pending.recipient !== recipient) {
      throw new KeyholdError({
        code: 'validation',
        field: 'recipient',
        message: 'That is not the recovery key waiting for confirmation: set up the recovery key again.',
      });
    }
    this.deps.settings.update({ backupRecipient: recipient });
    pending.expiry.cancel();
    this.pendingKey = null;
    this.deps.logger.info('backup: recovery key set up', { recipient });
    this.startForNewKey();
    return this.status();
  }

  /** A recovery key was set up or adopted: the backups in the folder are for the key before. */
  private startForNewKey(): void {
    this.restart();
    if (this.enabled()) this.scheduler.changed();
  }

  // --- the folder and the backups -----------------------------------------

  setFolder(folder: string | null): BackupStatus {
    if (folder === null) {
      this.deps.settings.update({ backupFolder: null });
      return this.status();
    }
    const path = expandHome(folder);
    checkFolder(path);
    this.deps.settings.update({ backupFolder: path });
    this.failure = null; // it was about the folder before
    this.restart();
    return this.status();
  }

  async pickPath(purpose: 'backupFolder' | 'restoreFile' | 'exportFile'): Promise<string | null> {
    const picker = this.deps.filePicker;
    if (!picker) {
      throw new KeyholdError({
        code: 'validation',
        field: 'path',
        message: 'This window cannot open a file picker: type the full path instead.',
      });
    }
    if (purpose === 'backupFolder') return picker.folder('Choose the folder for Keyhold’s backups');
    if (purpose === 'restoreFile') return picker.openFile('Choose a Keyhold backup to restore');
    return picker.saveFile('Export Keyhold’s secrets', exportName(this.deps.clock.now()));
  }

  /** Writes a backup now (after the one being written, if any) and answers the status. */
  async backUpNow(): Promise<BackupStatus> {
    if (!this.enabled()) {
      throw new KeyholdError({ code: 'validation', message: this.status().message ?? 'Backups are off.' });
    }
    await this.scheduler.runNow();
    return this.status();
  }

  /** Everything, encrypted with `passphrase`, to `file` (a new file, or an older age file). */
  async exportTo(file: string, passphrase: string): Promise<{ file: string; counts: BackupCounts }> {
    this.deps.secretSeen(passphrase);
    const path = expandHome(file);
    checkExportTarget(path);
    try {
      const { counts, unreadable } = await this.write(path, { passphrase });
      this.deps.logger.info('backup: exported with a passphrase', {
        ...counts,
        unreadable: unreadable.length,
      });
      return { file: path, counts };
    } catch (error) {
      if (error instanceof WorkerIoError) {
        throw new KeyholdError({
          code: 'validation',
          field: 'file',
          message: `Keyhold could not write ${path}: ${error.why}.`,
        });
      }
      throw error;
    }
  }

  async shutdown(): Promise<void> {
    this.stopListening();
    this.catchUp?.cancel();
    let timer: { cancel(): void } | undefined;
    const timeout = new Promise<void>(
      (resolve) => (timer = this.deps.clock.setTimeout(resolve, SHUTDOWN_WAIT_MS)),
    );
    await Promise.race([this.scheduler.stop({ flush: true }), timeout]);
    timer?.cancel();
    this.restores.stop();
    await this.thread.stop(); // a backup still being written stops here; its temp file is removed later
    this.pendingKey?.expiry.cancel();
    this.pendingKey = null;
  }

  // --- internals -----------------------------------------------------------

  private enabled(): boolean {
    const { backupRecipient, backupFolder } = this.deps.settings.get();
    return backupRecipient !== null && backupFolder !== null;
  }

  /** Backups were just set up or moved: schedule from the newest in the folder. */
  private restart(): void {
    if (this.enabled()) this.scheduler.lastBackupAt(this.newestOrNull());
  }

  /** The newest backup's time; null when there is none, or the folder cannot be read (the backup says why). */
  private newestOrNull(): Date | null {
    try {
      return this.newest()?.at ?? null;
    } catch {
      return null;
    }
  }

  private newest() {
    const folder = this.deps.settings.get().backupFolder;
    return folder === null ? null : (listBackups(folder, this.written.ours)[0] ?? null);
  }

  private pending(): RecoveryKey & { expiry: { cancel(): void } } {
    if (!this.pendingKey) {
      throw new KeyholdError({
        code: 'validation',
        message:
          'This recovery key expired (30 minutes passed without confirming it) and will never be used: set up a recovery key again and save the new one.',
      });
    }
    return this.pendingKey;
  }

  /** One automatic or requested backup; records its failure for the status. */
  private async backUp(): Promise<RunOutcome> {
    const { backupRecipient: recipient, backupFolder: folder, backupKeep: keep } = this.deps.settings.get();
    if (recipient === null || folder === null) return 'off';
    const at = this.deps.clock.now();
    try {
      checkFolder(folder);
      removeStaleTemps(folder, at);
      const name = backupFileName(at);
      const { counts, unreadable } = await this.write(join(folder, name), { recipient }, at);
      this.written.record(name, at);
      this.leftOut = unreadable.length ? leftOutMessage(unreadable) : null;
      if (unreadable.length)
        this.deps.logger.warn('backup: secrets left out', { unreadable: unreadable.length });
      const removed = pruneBackups(folder, keep, this.written.ours, name);
      this.written.forget(removed);
      this.failure = null;
      this.deps.logger.info('backup: written', { ...counts, pruned: removed.length });
      return 'done';
    } catch (error) {
      const why =
        error instanceof WorkerIoError
          ? `Keyhold could not write a backup to ${folder}: ${error.why}.`
          : error instanceof KeyholdError
            ? error.message
            : 'Keyhold could not make a backup (its log says why). It tries again at the next change; choose Back up now to try at once.';
      this.failure = { at: at.toISOString(), message: why };
      this.deps.logger.warn('backup: failed', { error });
      return 'failed';
    }
  }

  /** The store, through the worker, to `file`. */
  private async write(file: string, lock: Lock, at = this.deps.clock.now()): Promise<WriteResult> {
    const dataKey = await this.deps.vault.dataKeyCopy();
    let result: Promise<WriteResult>;
    try {
      result = this.thread.run<WriteResult>({
        kind: 'write',
        dbFile: this.dbFile,
        dataKey,
        lock,
        file,
        header: {
          createdAt: at.toISOString(),
          createdBy: CREATED_BY,
          settings: portable(this.deps.settings.get()),
        },
      });
    } finally {
      dataKey.fill(0); // the worker got its own copy
    }
    return result;
  }
}

function portable(settings: Settings) {
  return Object.fromEntries(PORTABLE_SETTINGS.map((key) => [key, settings[key]]));
}

const exportName = (at: Date) => `keyhold-export-${at.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z.age`;

/** A folder Keyhold can write backups into, or a clear error naming it. */
function checkFolder(folder: string): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new KeyholdError({
      code: 'validation',
      field: 'folder',
      message: `Keyhold cannot use ${folder} for backups: ${ioProblem(error)}.`,
    });
  }
  if (!isFolder) {
    throw new KeyholdError({
      code: 'validation',
      field: 'folder',
      message: `${folder} is a file, not a folder.`,
    });
  }
}

/** An export goes to a new file in an existing folder, or replaces an earlier age file: never anything else. */
function checkExportTarget(file: string): void {
  if (!existsSync(dirname(file))) {
    throw new KeyholdError({
      code: 'validation',
      field: 'file',
      message: `There is no folder ${dirname(file)}.`,
    });
  }
  if (!existsSync(file)) return;
  let replaceable: boolean;
  try {
    replaceable = readHead(file, AGE_VERSION_LINE.length) === AGE_VERSION_LINE;
  } catch (error) {
    throw new KeyholdError({
      code: 'validation',
      field: 'file',
      message: `Keyhold cannot replace ${file}: ${ioProblem(error)}.`,
    });
  }
  if (!replaceable) {
    throw new KeyholdError({
      code: 'validation',
      field: 'file',
      message: `${file} exists and is not an age file: Keyhold replaces only an earlier export. Choose another name.`,
    });
  }
}

/** The status line for a backup that left out secrets that did not decrypt (the earlier backups hold them). */
function leftOutMessage(unreadable: readonly string[]): string {
  const shown =
    unreadable.slice(0, 5).join('; ') + (unreadable.length > 5 ? `; and ${unreadable.length - 5} more` : '');
  const secrets = unreadable.length === 1 ? '1 secret' : `${unreadable.length} secrets`;
  return `The last backup left out ${secrets} that could not be decrypted: ${shown}. Earlier backups may still hold them; replace or delete these clients.`;
}
