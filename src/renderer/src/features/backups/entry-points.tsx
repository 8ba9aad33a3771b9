// The small doors into backups that other screens mount: the first-run screen, the missing-key
// banner, a restored copy's note in the client details.
import type { ClientDetail } from '../../../../shared/domain';
import { useClients } from '../clients/store';
import { useBackups } from './store';
import './backups.css';

/** First run: set backups up from the start, or bring everything from another machine. */
export function FirstRunBackups() {
  const open = useBackups((s) => s.open);
  return (
    <p className="muted">
      <button type="button" className="link-button" onClick={() => open('recoveryKey')}>
        Set up backups
      </button>{' '}
      so every secret outlives this computer. Moving from another one?{' '}
      <button type="button" className="link-button" onClick={() => open('restore')}>
        Restore from a backup
      </button>
    </p>
  );
}

/** The missing-key banner's other way back: the secrets from a backup, sealed under a new key. */
export function RestoreFromBackupButton() {
  const open = useBackups((s) => s.open);
  return (
    <button type="button" className="button button-small" onClick={() => open('restore')}>
      Restore from a backup
    </button>
  );
}

/** A client restored beside another with the same remote id and a different secret. */
export function ConflictNote({ detail }: { detail: ClientDetail }) {
  const select = useClients((s) => s.select);
  if (!detail.conflictOf) return null;
  const other = detail.conflictOf;
  return (
    <div className="backup-note backup-note-warning" role="note">
      This client came from a backup, and its secret differs from the one of{' '}
      <button type="button" className="link-button" onClick={() => select(other)}>
        the client with the same id
      </button>{' '}
      that was here. Keyhold kept both: reveal them, keep the one that works at the provider, delete the
      other.
    </div>
  );
}
