import { exactTime, relativeTime } from '../../lib/format';
import { useNow } from '../../ui/hooks';
import { useUi } from '../../shell/store';
import { useBackupStatus } from './useBackupStatus';
import './backups.css';

/** The header's word on backups: when the last one was made, or a warning when it failed or is old. */
export function BackupBadge() {
  const status = useBackupStatus();
  const now = useNow(30_000);
  const open = useUi((s) => s.open);
  if (!status) return null;
  const warn = status.health === 'failed' || status.health === 'stale';
  const last = status.lastBackupAt;
  const text =
    status.health === 'off'
      ? 'Backups off'
      : status.health === 'failed'
        ? 'Backup failed'
        : status.pending
          ? 'Backing up…'
          : last
            ? `Backed up ${relativeTime(last, now)}`
            : 'No backup yet';
  const title = [status.message, last ? `Last backup: ${exactTime(last)}` : null].filter(Boolean).join(' — ');
  return (
    <button
      type="button"
      className={`backup-badge${warn ? ' badge badge-warning' : ''}`}
      // The name is what it shows; the why (and when exactly) is its description.
      title={title || 'Backups: open their settings'}
      onClick={() => open({ kind: 'settings' })}
    >
      {warn ? <span aria-hidden="true">⚠ </span> : null}
      {text}
    </button>
  );
}
