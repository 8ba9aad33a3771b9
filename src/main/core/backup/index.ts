// Backups and restores: what the rest of the app uses of this folder.
export { backupHandlers } from './handlers';
export { Backups, type BackupDeps, type FilePicker } from './service';
export { startNodeBackupWorker, type StartBackupWorker } from './run-in-worker';
