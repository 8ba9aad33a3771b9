import { useEffect, useId, useState } from 'react';
import { pathSchema } from '../../../../shared/backup';
import { settingsSchema } from '../../../../shared/domain';
import { toError } from '../../api';
import { ErrorText } from '../../ui/ErrorText';
import { exactTime, relativeTime } from '../../lib/format';
import { useAction } from '../../ui/hooks';
import { backUpNow, setBackupFolder, setBackupKeep } from './actions';
import { SettingsSection } from '../settings/SettingsSection';
import { PathField } from './PathField';
import { useBackups } from './store';
import './backups.css';

/** Settings → Backups: the recovery key, the folder, how many to keep; back up, export, restore. */
export function BackupsSection() {
  const status = useBackups((s) => s.status);
  const open = useBackups((s) => s.open);
  const save = useAction(3000);
  const [folder, setFolder] = useState<string | null>(null);
  const [folderError, setFolderError] = useState<string | null>(null);
  const [keep, setKeep] = useState<string | null>(null);
  const [keepError, setKeepError] = useState<string | null>(null);
  const keepId = useId();

  useEffect(() => {
    void useBackups.getState().load();
  }, []);

  if (!status) return null;
  const shownFolder = folder ?? status.folder ?? '';

  const saveFolder = async (value: string) => {
    const parsed = pathSchema('backup folder').safeParse(value);
    if (!parsed.success) return setFolderError(parsed.error.issues[0]!.message);
    setFolderError(null);
    try {
      await setBackupFolder(parsed.data);
      setFolder(null);
    } catch (err) {
      setFolderError(toError(err).message); // next to the field: the folder is what is wrong
    }
  };

  const saveKeep = async () => {
    const parsed = settingsSchema.shape.backupKeep.safeParse(Number(keep));
    if (keep === null || !/^\d+$/.test(keep.trim()) || !parsed.success) {
      return setKeepError('Enter a whole number of backups from 1 to 1000.');
    }
    setKeepError(null);
    if (parsed.data === status.keep) return setKeep(null);
    if (
      await save.run(
        () => setBackupKeep(parsed.data),
        () => 'Saved',
      )
    )
      setKeep(null);
  };

  return (
    <SettingsSection title="Backups">
      <p className="form-hint">
        The providers show each secret only once: backups keep them beyond this computer. Each backup is an
        age file that only your recovery key opens, written a few seconds after every change and once a day.
      </p>
      <p
        className={
          status.health === 'failed' || status.health === 'stale' ? 'backup-note backup-note-warning' : ''
        }
      >
        {status.lastBackupAt ? (
          <>
            Last backup:{' '}
            <time dateTime={status.lastBackupAt} title={exactTime(status.lastBackupAt)}>
              {relativeTime(status.lastBackupAt)}
            </time>{' '}
            <span className="muted">({status.lastFile})</span>.{' '}
          </>
        ) : null}
        {status.message}
      </p>

      <div className="backup-row">
        <span className="form-label">Recovery key</span>
        {status.recipient ? (
          // Only the public half is kept: it names the key, it cannot open a backup.
          <span className="backup-recipient">
            Set up ·{' '}
            <code className="mono-value" title={`Backups are encrypted to ${status.recipient}`}>
              {status.recipient}
            </code>
          </span>
        ) : (
          <span className="muted">Not set up</span>
        )}
        <button type="button" className="button button-small" onClick={() => open('recoveryKey')}>
          {status.recipient ? 'Replace recovery key…' : 'Set up recovery key…'}
        </button>
      </div>

      <PathField
        label="Backup folder"
        value={shownFolder}
        onChange={(value) => {
          setFolder(value);
          // A picked folder is saved at once; a typed one when the user says so.
          if (status.picker) void saveFolder(value);
        }}
        purpose="backupFolder"
        picker={status.picker}
        placeholder="/home/you/Backups/Keyhold"
        hint="A folder a sync service (or a second disk) copies elsewhere is best. Use one folder per computer."
        error={folderError}
        onPickError={setFolderError}
      />
      <div className="button-row">
        {!status.picker ? (
          <button
            type="button"
            className="button button-small"
            disabled={folder === null || folder === status.folder}
            onClick={() => void saveFolder(shownFolder)}
          >
            Save folder
          </button>
        ) : null}
        {status.folder ? (
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              void save.run(
                () => setBackupFolder(null),
                () => 'Automatic backups turned off. The backups already written stay in the folder.',
              )
            }
          >
            Turn off (forget the folder)
          </button>
        ) : null}
      </div>

      <div className="form-field form-field-row">
        <label htmlFor={keepId} className="form-label">
          Keep the newest
        </label>
        <input
          id={keepId}
          className="input input-narrow"
          type="number"
          inputMode="numeric"
          min={1}
          max={1000}
          value={keep ?? String(status.keep)}
          aria-invalid={keepError ? true : undefined}
          onChange={(e) => setKeep(e.target.value)}
          onBlur={() => void saveKeep()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void saveKeep();
            }
          }}
        />
        <span>backups</span>
      </div>
      {keepError ? <ErrorText error={keepError} /> : null}

      <div className="button-row">
        <button
          type="button"
          className="button button-small"
          disabled={status.health === 'off' || save.busy}
          onClick={() =>
            void save.run(
              () => backUpNow(),
              (next) => (next.health === 'ok' ? 'Backed up' : null),
            )
          }
        >
          Back up now
        </button>
        <button type="button" className="button button-small" onClick={() => open('export')}>
          Export with a passphrase…
        </button>
        <button type="button" className="button button-small" onClick={() => open('restore')}>
          Restore from a backup…
        </button>
      </div>
      <p role="status" className="kv-status">
        {save.message}
      </p>
      <ErrorText error={save.error} />
    </SettingsSection>
  );
}
