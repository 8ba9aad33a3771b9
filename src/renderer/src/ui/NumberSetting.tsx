// A whole-number setting: typed freely, saved on Enter or blur when valid, with its hint and
// its error under it.
import { useId, useState } from 'react';
import { ErrorText } from './ErrorText';

interface NumberSettingProps {
  label: string;
  hint: string;
  value: number;
  min: number;
  max: number;
  /** Said when the typed text is not a whole number from min to max. */
  invalid: string;
  /** Saves the number; resolves truthy once saved. */
  save(value: number): Promise<unknown>;
}

export function NumberSetting({ label, hint, value, min, max, invalid, save }: NumberSettingProps) {
  /** What the user is typing; null shows the saved value. */
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ids = { input: useId(), hint: useId() };
  const text = draft ?? String(value);

  const commit = () => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || n < min || n > max) {
      setError(invalid);
      return;
    }
    setError(null);
    if (n === value) setDraft(null);
    else void save(n).then((saved) => saved && setDraft(null));
  };

  return (
    <>
      <div className="form-field form-field-row">
        <label htmlFor={ids.input} className="form-label">
          {label}
        </label>
        <input
          id={ids.input}
          className="input input-narrow"
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.hint}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            }
          }}
        />
      </div>
      <p id={ids.hint} className="form-hint">
        {hint}
      </p>
      {error ? <ErrorText error={error} /> : null}
    </>
  );
}
