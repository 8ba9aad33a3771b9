import { useEffect, useId, useState } from 'react';
import { createPortal } from 'react-dom';
import type { RecoveryKey } from '../../../../shared/backup';
import { api, toError } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { copiedMessage } from '../../lib/format';
import { useAction } from '../../ui/hooks';
import { useUi } from '../../shell/store';
import { confirmRecoveryKey } from './actions';
import { useBackups } from './store';
import './backups.css';

/**
 * Makes a recovery key and shows it once: copy it (concealed, like a secret) or print it, say it
 * is saved, and main keeps only its public half. Closing without confirming keeps nothing.
 */
export function RecoveryKeyDialog({ onClose }: { onClose(): void }) {
  const replacing = useBackups((s) => s.status?.recipient ?? null) !== null;
  const [key, setKey] = useState<RecoveryKey | null>(null);
  const [saved, setSaved] = useState(false);
  const copy = useAction();
  const confirm = useAction();
  const [loadError, setLoadError] = useState<ReturnType<typeof toError> | null>(null);
  const savedId = useId();

  useEffect(() => {
    let live = true;
    api.setUpRecoveryKey().then(
      (made) => live && setKey(made),
      (err: unknown) => live && setLoadError(toError(err)),
    );
    return () => {
      live = false;
    };
  }, []);

  const done = async () => {
    if (!key || !saved) return;
    const status = await confirm.run(() => confirmRecoveryKey(key.recipient));
    if (!status) return;
    useUi
      .getState()
      .notify(
        status.folder
          ? 'Recovery key set up: backups start now.'
          : 'Recovery key set up: now choose a backup folder in Settings → Backups.',
      );
    onClose();
  };

  return (
    <Dialog title="Your recovery key" onClose={onClose} size="medium">
      <div className="backup-form">
        <p>
          This key opens your backups. Keyhold shows it <strong>only now</strong> and keeps only its public
          half: without the key, no one can open a backup, you included. Save it in a password manager, or
          print it and keep it safe, somewhere other than this computer.
        </p>
        {replacing ? (
          <p className="backup-note backup-note-warning">
            Backups made from now on need this new key; older backups still need the key you saved before.
          </p>
        ) : null}
        <ErrorText error={loadError} />
        {key ? (
          <>
            <code className="recovery-key" aria-label="Recovery key">
              {key.identity}
            </code>
            <div className="button-row">
              <button
                type="button"
                className="button"
                onClick={() =>
                  void copy.run(
                    () => api.copyRecoveryKey(),
                    (result) => copiedMessage(result.clearsAt),
                  )
                }
              >
                Copy recovery key
              </button>
              <button type="button" className="button" onClick={() => window.print()}>
                Print…
              </button>
            </div>
            <p className="kv-status" role="status">
              {copy.message}
            </p>
            <ErrorText error={copy.error} />
            <label className="checkbox-field" htmlFor={savedId}>
              <input
                id={savedId}
                type="checkbox"
                checked={saved}
                onChange={(e) => setSaved(e.target.checked)}
              />
              I saved my recovery key somewhere safe
            </label>
            <RecoveryKeySheet recoveryKey={key} />
          </>
        ) : loadError ? null : (
          <p aria-busy="true">Making a recovery key…</p>
        )}
        <div className="dialog-actions">
          <div className="dialog-actions-message">
            <ErrorText error={confirm.error} />
          </div>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={!key || !saved || confirm.busy}
            onClick={() => void done()}
          >
            {confirm.busy ? 'Saving…' : 'Done: I saved it'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

/** What Print… prints (only this: the print stylesheet hides the rest). */
function RecoveryKeySheet({ recoveryKey }: { recoveryKey: RecoveryKey }) {
  return createPortal(
    <section className="recovery-sheet" aria-hidden="true">
      <h1>Keyhold recovery key</h1>
      <p>
        Made {new Date().toISOString().slice(0, 10)}. Keep this page safe: it opens every Keyhold backup made
        with it.
      </p>
      <pre>{recoveryKey.identity}</pre>
      <p>Public half (recipient): {recoveryKey.recipient}</p>
      <p>
        To restore: Keyhold → Settings → Backups → Restore from a backup, and type the key above. Without
        Keyhold, save the key in a file key.txt and run <code>age -d -i key.txt keyhold-….age</code> (the age
        tool, from age-encryption.org): it prints your secrets as JSON.
      </p>
    </section>,
    document.body,
  );
}
