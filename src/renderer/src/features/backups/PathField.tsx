import { useId } from 'react';
import type { PICK_PURPOSES } from '../../../../shared/backup';
import { api, toError } from '../../api';

interface PathFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  purpose: (typeof PICK_PURPOSES)[number];
  /** Main can show a picker (the desktop app): the path is chosen, not typed. */
  picker: boolean;
  placeholder: string;
  error?: string | null | undefined;
  hint?: string;
  onPickError(message: string): void;
}

/** A folder or file: chosen in main's picker in the desktop app, typed as a full path elsewhere. */
export function PathField({
  label,
  value,
  onChange,
  purpose,
  picker,
  placeholder,
  error,
  hint,
  onPickError,
}: PathFieldProps) {
  const id = useId();
  const described =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const pick = async () => {
    try {
      const { path } = await api.pickPath({ purpose });
      if (path !== null) onChange(path);
    } catch (err) {
      onPickError(toError(err).message);
    }
  };
  return (
    <div className="form-field">
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      <div className="path-field">
        <input
          id={id}
          className="input input-mono"
          value={value}
          readOnly={picker}
          placeholder={picker ? 'Not chosen yet' : placeholder}
          spellCheck={false}
          autoComplete="off"
          maxLength={4096}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => onChange(e.target.value)}
        />
        {picker ? (
          <button type="button" className="button" onClick={() => void pick()}>
            Choose…
          </button>
        ) : null}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="form-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
