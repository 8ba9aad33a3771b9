import { ExportDialog } from './ExportDialog';
import { RecoveryKeyDialog } from './RecoveryKeyDialog';
import { RestoreDialog } from './RestoreDialog';
import { useBackups } from './store';

/** The backup dialog that is open, wherever it was opened from (mounted once, in App). */
export function BackupDialogs() {
  const dialog = useBackups((s) => s.dialog);
  const close = useBackups((s) => s.close);
  if (dialog === 'recoveryKey') return <RecoveryKeyDialog onClose={close} />;
  if (dialog === 'restore') return <RestoreDialog onClose={close} />;
  if (dialog === 'export') return <ExportDialog onClose={close} />;
  return null;
}
