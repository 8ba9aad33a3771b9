// One secret of a client: masked, revealed on request only (value kept in this component's
// state and dropped on hide, on window blur, after hideAfterMs and on unmount), copied in main.
import { useEffect, useState } from 'react';
import { api } from '../../api';
import { useAction } from '../../ui/hooks';
import { CopyFieldButton } from './CopyFieldButton';
import { fieldHolder, useNoteOf } from './clipboard-note';
import { ErrorText } from '../../ui/ErrorText';

export const MASK = '••••••••••••••••';

interface SecretRowProps {
  clientId: string;
  field: { field: string; label: string };
}

export function SecretRow({ clientId, field }: SecretRowProps) {
  const [revealed, setRevealed] = useState<{ value: string; hideAfterMs: number } | null>(null);
  const reveal = useAction();
  const copy = useAction();
  const copied = useNoteOf(fieldHolder(clientId, field.field));

  useEffect(() => {
    if (!revealed) return;
    const hide = () => setRevealed(null);
    const timer = setTimeout(hide, revealed.hideAfterMs);
    const onVisibility = () => document.hidden && hide();
    window.addEventListener('blur', hide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('blur', hide);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [revealed]);

  const toggle = async () => {
    if (revealed) {
      setRevealed(null);
      return;
    }
    const result = await reveal.run(() => api.revealSecret({ clientId, field: field.field }));
    if (result) setRevealed({ value: result.value, hideAfterMs: result.hideAfterMs });
  };

  return (
    <div className="kv-row">
      <dt className="kv-key">{field.label}</dt>
      <dd className="kv-value">
        <div className="kv-line">
          {revealed ? (
            <code className="secret secret-revealed" aria-label={`${field.label} value`}>
              {revealed.value}
            </code>
          ) : (
            <span className="secret secret-masked">
              <span aria-hidden="true">{MASK}</span>
              <span className="sr-only">hidden</span>
            </span>
          )}
          <span className="kv-actions">
            <button
              type="button"
              className="button button-small"
              aria-label={`${revealed ? 'Hide' : 'Reveal'} ${field.label}`}
              onClick={() => void toggle()}
              disabled={reveal.busy}
            >
              {revealed ? 'Hide' : 'Reveal'}
            </button>
            <CopyFieldButton clientId={clientId} field={field} action={copy} />
          </span>
        </div>
        <p className="kv-status" role="status">
          {copied}
        </p>
        <ErrorText error={reveal.error ?? copy.error} />
      </dd>
    </div>
  );
}
