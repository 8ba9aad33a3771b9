// Backups in the window: what other screens mount.
export { BackupBadge } from './BackupBadge';
export { BackupDialogs } from './BackupDialogs';
export { BackupsSection } from './BackupsSection';
export { ConflictNote, FirstRunBackups, RestoreFromBackupButton } from './entry-points';
