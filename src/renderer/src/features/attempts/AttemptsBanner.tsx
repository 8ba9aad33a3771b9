// Create attempts the user must know about, under the top bar: those still waiting for the
// provider's answer and those received but not yet saved (one line each), and those whose
// outcome is unknown (one line with a count, the list on demand, each with Import and Dismiss).
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { PROVIDER_LABELS, type Operation } from '../../../../shared/domain';
import { ErrorText } from '../../components/ErrorText';
import { ENVIRONMENT_LABELS, exactTime, relativeTime } from '../../lib/format';
import { selectInProgress, selectUnknown, useOperations } from '../../stores/operations';
import { useUi } from '../../stores/ui';
import './attempts.css';

const where = (op: Operation) => `${PROVIDER_LABELS[op.provider]} · ${ENVIRONMENT_LABELS[op.environment]}`;

export function AttemptsBanner() {
  const inProgress = useOperations(useShallow(selectInProgress));
  const unknown = useOperations(useShallow(selectUnknown));
  return (
    <>
      {inProgress.length ? (
        <section className="banner banner-info attempts-progress" aria-label="Creates in progress">
          <ul className="ops-list">
            {inProgress.map((op) => (
              <li key={op.id} className="ops-item" role="status">
                {op.state === 'pending' ? (
                  <span className="ops-text">
                    <span className="attempts-spinner" aria-hidden="true" /> Waiting for{' '}
                    {PROVIDER_LABELS[op.provider]}’s answer: <strong>{op.name}</strong> (
                    {ENVIRONMENT_LABELS[op.environment]}), sent{' '}
                    <span title={exactTime(op.startedAt)}>{relativeTime(op.startedAt)}</span>. It carries the
                    only copy of the secret, so Keyhold keeps waiting.
                  </span>
                ) : (
                  <span className="ops-text">
                    Received, not yet saved: <strong>{op.name}</strong> ({where(op)}). Its secret is sealed in
                    a rescue file; Keyhold saves it as soon as its database can be written.
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {unknown.length ? <UnknownAttempts unknown={unknown} /> : null}
    </>
  );
}

function UnknownAttempts({ unknown }: { unknown: Operation[] }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const error = useOperations((s) => s.error);
  const dismiss = useOperations((s) => s.dismiss);
  const openDialog = useUi((s) => s.open);
  const title =
    unknown.length === 1
      ? `A create attempt has an unknown outcome: ${unknown[0]!.name}`
      : `${unknown.length} create attempts have an unknown outcome`;
  return (
    <section className="banner banner-warning banner-column" aria-labelledby={`${listId}-title`}>
      <div className="attempts-summary">
        <h2 id={`${listId}-title`} className="banner-title attempts-title">
          {title}
        </h2>
        <button
          type="button"
          className="button button-small"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? 'Hide' : 'Show'}
        </button>
      </div>
      {open ? (
        <div id={listId} className="attempts-details">
          <p className="banner-text">
            The client may exist at the provider without its secret in Keyhold. Check the provider’s console:
            if it is there, rotate its secret there and import it; if not, dismiss the attempt.
          </p>
          <ul className="ops-list">
            {unknown.map((op) => (
              <li key={op.id} className="ops-item">
                <span className="ops-text">
                  <strong>{op.name}</strong> · {PROVIDER_LABELS[op.provider]} · {op.connectionLabel} ·{' '}
                  {ENVIRONMENT_LABELS[op.environment]} ·{' '}
                  <span title={exactTime(op.startedAt)}>{relativeTime(op.startedAt)}</span>
                  {op.errorMessage ? <span className="muted"> — {op.errorMessage}</span> : null}
                </span>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Import ${op.name}`}
                  onClick={() => openDialog({ kind: 'import', from: op })}
                >
                  Import…
                </button>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Dismiss ${op.name}`}
                  onClick={() => void dismiss(op.id)}
                >
                  Dismiss
                </button>
              </li>
            ))}
          </ul>
          <ErrorText error={error} />
        </div>
      ) : null}
    </section>
  );
}
