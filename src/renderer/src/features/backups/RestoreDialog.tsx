import { useEffect, useId, useRef, useState } from 'react';
import {
  agePathSchema,
  passphraseSchema,
  recoveryKeyInputSchema,
  type ClientChange,
  type ConnectionChange,
  type RestoreChanges,
  type RestorePreview,
  type RestoreResult,
} from '../../../../shared/backup';
import { PROVIDER_INFO } from '../../../../shared/providers';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { api, toError } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { focusFirstInvalid } from '../../ui/FormField';
import { ENVIRONMENT_LABELS, countOf, exactTime, formatCount } from '../../lib/format';
import { applyRestore } from './actions';
import { PathField } from './PathField';
import { useBackups } from './store';
import './backups.css';

type Step =
  { kind: 'source' } | { kind: 'preview'; preview: RestorePreview } | { kind: 'done'; result: RestoreResult };
type Fields = 'file' | 'recoveryKey' | 'passphrase';

/** Restore in three steps: the file and its key, what restoring would change, what it changed. */
export function RestoreDialog({ onClose }: { onClose(): void }) {
  const picker = useBackups((s) => s.status?.picker ?? false);
  const folder = useBackups((s) => s.status?.folder ?? null);
  const recipient = useBackups((s) => s.status?.recipient ?? null);
  const [step, setStep] = useState<Step>({ kind: 'source' });
  const [file, setFile] = useState('');
  const [unlockWith, setUnlockWith] = useState<'recoveryKey' | 'passphrase'>('recoveryKey');
  const [secret, setSecret] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Fields, string>>>({});
  const [error, setError] = useState<KeyholdErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  // On by default: most restores with a recovery key are one's own, on a new machine.
  const [adoptKey, setAdoptKey] = useState(true);
  const form = useRef<HTMLFormElement>(null);
  const ids = { secret: useId(), with: useId(), adopt: useId() };
  // An opened backup (secrets and all) is forgotten in main once the dialog goes.
  const opened = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (opened.current) void api.discardRestore({ previewId: opened.current }).catch(() => {});
    },
    [],
  );

  const showErrors = (errors: Partial<Record<Fields, string>>, other: KeyholdErrorData | null = null) => {
    setFieldErrors(errors);
    setError(other);
    requestAnimationFrame(() => focusFirstInvalid(form.current));
  };

  const preview = async () => {
    const errors: Partial<Record<Fields, string>> = {};
    const path = agePathSchema('backup file').safeParse(file);
    if (!path.success) errors.file = path.error.issues[0]!.message;
    const key = (unlockWith === 'recoveryKey' ? recoveryKeyInputSchema : passphraseSchema).safeParse(secret);
    if (!key.success) errors[unlockWith] = key.error.issues[0]!.message;
    if (Object.keys(errors).length) return showErrors(errors);
    setBusy(true);
    showErrors({});
    try {
      const source =
        unlockWith === 'recoveryKey'
          ? { with: 'recoveryKey' as const, file, recoveryKey: secret }
          : { with: 'passphrase' as const, file, passphrase: secret };
      const shown = await api.previewRestore(source);
      opened.current = shown.previewId;
      setSecret('');
      setAdoptKey(true); // each file's key is a question of its own
      setStep({ kind: 'preview', preview: shown });
    } catch (err) {
      const data = toError(err);
      const field =
        data.field === 'file' || data.field === 'recoveryKey' || data.field === 'passphrase'
          ? data.field
          : null;
      if (field) showErrors({ [field]: data.message });
      else showErrors({}, data);
    } finally {
      setBusy(false);
    }
  };

  const restore = async (preview: RestorePreview) => {
    setBusy(true);
    setError(null);
    try {
      const result = await applyRestore(preview.previewId, preview.recoveryKeyOffer !== null && adoptKey);
      opened.current = null;
      setStep({ kind: 'done', result });
    } catch (err) {
      setError(toError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Restore from a backup" onClose={onClose} size="medium">
      {step.kind === 'source' ? (
        <form
          ref={form}
          className="backup-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void preview();
          }}
        >
          <p>Keyhold opens the backup and shows what it holds; nothing is written until you restore.</p>
          <PathField
            label="Backup file"
            value={file}
            onChange={setFile}
            purpose="restoreFile"
            picker={picker}
            placeholder="/home/you/Backups/keyhold-20260101T000000.000Z.age"
            error={fieldErrors.file}
            onPickError={(message) => showErrors({ file: message })}
          />
          <fieldset className="form-fieldset">
            <legend className="form-label">Open it with</legend>
            <label className="checkbox-inline">
              <input
                type="radio"
                name={ids.with}
                checked={unlockWith === 'recoveryKey'}
                onChange={() => setUnlockWith('recoveryKey')}
              />
              The recovery key
            </label>
            <label className="checkbox-inline">
              <input
                type="radio"
                name={ids.with}
                checked={unlockWith === 'passphrase'}
                onChange={() => setUnlockWith('passphrase')}
              />
              A passphrase (an export)
            </label>
          </fieldset>
          <div className="form-field">
            <label htmlFor={ids.secret} className="form-label">
              {unlockWith === 'recoveryKey' ? 'Recovery key' : 'Passphrase'}
            </label>
            <input
              id={ids.secret}
              className="input input-mono"
              type="password"
              value={secret}
              autoComplete="off"
              spellCheck={false}
              maxLength={4096}
              placeholder={unlockWith === 'recoveryKey' ? 'AGE-SECRET-KEY-1…' : ''}
              aria-invalid={fieldErrors[unlockWith] ? true : undefined}
              aria-describedby={fieldErrors[unlockWith] ? `${ids.secret}-error` : undefined}
              onChange={(e) => setSecret(e.target.value)}
            />
            {fieldErrors[unlockWith] ? (
              <p id={`${ids.secret}-error`} className="field-error">
                {fieldErrors[unlockWith]}
              </p>
            ) : null}
          </div>
          <div className="dialog-actions">
            <div className="dialog-actions-message">
              <ErrorText error={error} />
            </div>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" aria-disabled={busy}>
              {busy ? 'Opening…' : 'Show what it holds'}
            </button>
          </div>
        </form>
      ) : step.kind === 'preview' ? (
        <div className="backup-form">
          <p>
            Made <time dateTime={step.preview.createdAt}>{exactTime(step.preview.createdAt)}</time> by{' '}
            {step.preview.createdBy}. {holdsText(step.preview.holds)}
          </p>
          {step.preview.keyMissing ? (
            <p className="backup-note backup-note-warning">
              The key to your secrets is missing, so restoring protects everything with a new key. Secrets the
              missing key protected that are not in this backup stay only in a copy of Keyhold’s data that it
              keeps beside it.
            </p>
          ) : null}
          <Changes changes={step.preview.changes} tense="will" />
          {step.preview.recoveryKeyOffer ? (
            <label className="checkbox-field" htmlFor={ids.adopt}>
              <input
                id={ids.adopt}
                type="checkbox"
                checked={adoptKey}
                onChange={(e) => setAdoptKey(e.target.checked)}
                aria-describedby={`${ids.adopt}-hint`}
              />
              Use this recovery key for future backups on this computer
              <span id={`${ids.adopt}-hint`} className="form-hint">
                Keyhold has no recovery key yet. Keep this on if the key is yours (a new machine, a
                reinstall). Turn it off for a file someone else gave you: whoever holds the key{' '}
                <code className="mono-value">{shortRecipient(step.preview.recoveryKeyOffer)}</code> could open
                every later backup.
              </span>
            </label>
          ) : null}
          <div className="dialog-actions">
            <div className="dialog-actions-message">
              <ErrorText error={error} />
            </div>
            <button
              type="button"
              className="button"
              onClick={() => setStep({ kind: 'source' })}
              disabled={busy}
            >
              Back
            </button>
            <button
              type="button"
              className="button button-primary"
              aria-disabled={busy}
              onClick={() => !busy && void restore(step.preview)}
            >
              {busy ? 'Restoring…' : 'Restore'}
            </button>
          </div>
        </div>
      ) : (
        <div className="backup-form">
          <p role="status">Restored.</p>
          <Changes changes={step.result.changes} tense="did" />
          {!step.result.recoveryKeyAdopted && !recipient ? (
            <p className="form-hint">
              Backups still need a recovery key of this Keyhold’s own: set one up in Settings → Backups.
            </p>
          ) : null}
          {step.result.recoveryKeyAdopted ? (
            <p className="form-hint">
              Future backups are encrypted to the recovery key you just used
              {folder ? '.' : ': choose their folder in Settings → Backups.'}
            </p>
          ) : null}
          {step.result.keptCopy ? (
            <p className="form-hint">
              The store as it was, with the secrets of the missing key, is kept in{' '}
              <code className="mono-value">{step.result.keptCopy}</code>.
            </p>
          ) : null}
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
              Close
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

/** "age1qyqs…x7p3": enough of a recipient to tell two keys apart. */
const shortRecipient = (recipient: string) => `${recipient.slice(0, 8)}…${recipient.slice(-4)}`;

/** "It holds 2 clients, 1 connection and 3 secrets." */
function holdsText(holds: RestorePreview['holds']): string {
  const attempts = holds.attempts
    ? `, and ${countOf(holds.attempts, 'create attempt')} with an unknown outcome`
    : '';
  return (
    `It holds ${countOf(holds.clients, 'client')}, ${countOf(holds.connections, 'connection')} and ` +
    `${countOf(holds.secrets, 'secret')}${attempts}.`
  );
}

/** What a restore adds, updates and keeps beside, in plain words. */
function Changes({ changes, tense }: { changes: RestoreChanges; tense: 'will' | 'did' }) {
  const will = tense === 'will';
  const verb = (future: string, past: string) => (will ? future : past);
  const lines = [
    changes.clientsAdded ? `${verb('Add', 'Added')} ${countOf(changes.clientsAdded, 'client')}` : null,
    changes.clientsUpdated
      ? `${verb('Update', 'Updated')} ${countOf(changes.clientsUpdated, 'client')} whose details are newer in the backup`
      : null,
    changes.secretsAdded ? `${verb('Add', 'Added')} ${countOf(changes.secretsAdded, 'secret')}` : null,
    changes.connectionsAdded
      ? `${verb('Add', 'Added')} ${countOf(changes.connectionsAdded, 'connection')}`
      : null,
    changes.connectionsUpdated
      ? `${verb('Update', 'Updated')} ${countOf(changes.connectionsUpdated, 'connection')} (newer in the backup)`
      : null,
    changes.attemptsAdded
      ? `${verb('List', 'Listed')} ${countOf(changes.attemptsAdded, 'create attempt')} with an unknown outcome`
      : null,
    changes.settingsApplied
      ? `${verb('Take', 'Took')} ${countOf(changes.settingsApplied, 'setting')} not set here`
      : null,
    changes.clientsUnchanged
      ? `${countOf(changes.clientsUnchanged, 'client')} ${changes.clientsUnchanged === 1 ? 'is' : 'are'} here already, unchanged`
      : null,
  ].filter((line): line is string => line !== null);
  return (
    <>
      {lines.length ? (
        <ul className="backup-changes">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p>Nothing to change: everything in this backup is here already.</p>
      )}
      <DetailList items={changes.connectionChanges.map((c) => connectionChangeText(c, will))} />
      <DetailList items={changes.clientChanges.map((c) => clientChangeText(c, will))} />
      {changes.conflicts ? (
        <div className="backup-note backup-note-warning">
          <p>
            {formatCount(changes.conflicts)} {changes.conflicts === 1 ? 'client has' : 'clients have'} a
            different secret here than in the backup. Nothing is overwritten: the backup’s copy{' '}
            {will ? 'will be' : 'was'} added next to it, marked in its details. Reveal both, keep the one that
            works, delete the other.
          </p>
          <ul>
            {changes.conflictList.map((c) => (
              <li key={`${c.provider}:${c.remoteId}`}>
                {c.name} · {PROVIDER_INFO[c.provider].label} · {ENVIRONMENT_LABELS[c.environment]} ·{' '}
                {c.remoteId}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

function DetailList({ items }: { items: string[] }) {
  if (!items.length) return null;
  return (
    <ul className="backup-changes">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/** How a connection's token decided its restore: never a token moved to another server. */
function connectionChangeText(c: ConnectionChange, will: boolean): string {
  const name = `“${c.label}” (${PROVIDER_INFO[c.provider].label})`;
  switch (c.change) {
    case 'baseUrlKept':
      return `${name} ${will ? 'keeps' : 'kept'} its base URL here: the backup’s ${c.baseUrl} came without a token for that server.`;
    case 'beside':
      return `${name} has another token in the backup: ${will ? 'it is added' : 'it was added'} as a second connection, marked “(from backup)”.`;
    case 'tokenAdded':
      return `${name} ${will ? 'gets' : 'got'} its token back from the backup (it was missing here).`;
  }
}

/** A client here renamed, moved or (un)archived by the restore. */
function clientChangeText(c: ClientChange, will: boolean): string {
  const what = [
    c.newName !== null ? `${will ? 'will be renamed' : 'was renamed'} to “${c.newName}”` : null,
    c.newEnvironment !== null
      ? `${will ? 'will move' : 'moved'} to ${ENVIRONMENT_LABELS[c.newEnvironment]}`
      : null,
    c.archived === null ? null : `${will ? 'will be' : 'was'} ${c.archived ? 'archived' : 'unarchived'}`,
  ].filter((part): part is string => part !== null);
  return `${c.name} (${PROVIDER_INFO[c.provider].label}, ${ENVIRONMENT_LABELS[c.environment]}) ${what.join(', ')}: newer in the backup.`;
}
