import { useId, useRef, useState } from 'react';
import { agePathSchema, MIN_PASSPHRASE, newPassphraseSchema } from '../../../../shared/backup';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { toError } from '../../api';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { focusFirstInvalid } from '../../ui/FormField';
import { countOf } from '../../lib/format';
import { useUi } from '../../shell/store';
import { exportBackup } from './actions';
import { PathField } from './PathField';
import { useBackups } from './store';
import './backups.css';

type Fields = 'file' | 'passphrase' | 'repeat';

/** Everything, encrypted with a passphrase, to one file: for a one-off move to another machine. */
export function ExportDialog({ onClose }: { onClose(): void }) {
  const picker = useBackups((s) => s.status?.picker ?? false);
  const [file, setFile] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [error, setError] = useState<KeyholdErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const ids = { passphrase: useId(), repeat: useId() };

  const show = (next: Partial<Record<Fields, string>>, other: KeyholdErrorData | null = null) => {
    setErrors(next);
    setError(other);
    requestAnimationFrame(() => focusFirstInvalid(form.current));
  };

  const submit = async () => {
    const next: Partial<Record<Fields, string>> = {};
    const path = agePathSchema('file to write').safeParse(file);
    if (!path.success) next.file = path.error.issues[0]!.message;
    const phrase = newPassphraseSchema.safeParse(passphrase);
    if (!phrase.success) next.passphrase = phrase.error.issues[0]!.message;
    else if (repeat !== passphrase) next.repeat = 'The passphrases don’t match';
    if (Object.keys(next).length) return show(next);
    setBusy(true);
    show({});
    try {
      const result = await exportBackup({ file, passphrase });
      useUi
        .getState()
        .notify(
          `Exported ${countOf(result.counts.clients, 'client')} and ${countOf(result.counts.connections, 'connection')}, with their secrets, to ${result.file}.`,
        );
      onClose();
    } catch (err) {
      const data = toError(err);
      if (data.field === 'file' || data.field === 'passphrase') show({ [data.field]: data.message });
      else show({}, data);
      setBusy(false);
    }
  };

  const secretField = (
    field: 'passphrase' | 'repeat',
    label: string,
    value: string,
    set: (v: string) => void,
  ) => (
    <div className="form-field">
      <label htmlFor={ids[field]} className="form-label">
        {label}
      </label>
      <input
        id={ids[field]}
        className="input"
        type="password"
        autoComplete="new-password"
        maxLength={1024}
        value={value}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? `${ids[field]}-error` : undefined}
        onChange={(e) => set(e.target.value)}
      />
      {errors[field] ? (
        <p id={`${ids[field]}-error`} className="field-error">
          {errors[field]}
        </p>
      ) : null}
    </div>
  );

  return (
    <Dialog title="Export with a passphrase" onClose={onClose} size="medium">
      <form
        ref={form}
        className="backup-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void submit();
        }}
      >
        <p>
          One file with every connection, client and secret, encrypted with a passphrase you choose: to move
          to another machine once. Anyone with the file can try passphrases, so use a long one (at least{' '}
          {MIN_PASSPHRASE} characters; four or five random words are good), and delete the file once it is
          restored.
        </p>
        <PathField
          label="File to write"
          value={file}
          onChange={setFile}
          purpose="exportFile"
          picker={picker}
          placeholder="/home/you/keyhold-export.age"
          error={errors.file}
          onPickError={(message) => show({ file: message })}
        />
        {secretField('passphrase', 'Passphrase', passphrase, setPassphrase)}
        {secretField('repeat', 'Passphrase again', repeat, setRepeat)}
        <div className="dialog-actions">
          <div className="dialog-actions-message">
            <ErrorText error={error} />
          </div>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" aria-disabled={busy}>
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
