// The contract's backup methods, over the backup service.
import type { Handlers } from '../../../shared/contract';
import type { Backups } from './service';

type BackupMethod =
  | 'getBackupStatus'
  | 'setUpRecoveryKey'
  | 'copyRecoveryKey'
  | 'confirmRecoveryKey'
  | 'pickPath'
  | 'setBackupFolder'
  | 'backUpNow'
  | 'exportBackup'
  | 'previewRestore'
  | 'applyRestore'
  | 'discardRestore';

export function backupHandlers(backups: Backups): Pick<Handlers, BackupMethod> {
  return {
    getBackupStatus: async () => backups.status(),
    setUpRecoveryKey: () => backups.setUpRecoveryKey(),
    copyRecoveryKey: () => backups.copyRecoveryKey(),
    confirmRecoveryKey: async ({ recipient }) => backups.confirmRecoveryKey(recipient),
    pickPath: async ({ purpose }) => ({ path: await backups.pickPath(purpose) }),
    setBackupFolder: async ({ folder }) => backups.setFolder(folder),
    backUpNow: () => backups.backUpNow(),
    exportBackup: ({ file, passphrase }) => backups.exportTo(file, passphrase),
    previewRestore: (source) => backups.restores.preview(source),
    applyRestore: ({ previewId, adoptRecoveryKey }) =>
      backups.restores.apply(previewId, adoptRecoveryKey ?? false),
    discardRestore: async ({ previewId }) => {
      backups.restores.discard(previewId);
      return { ok: true };
    },
  };
}
