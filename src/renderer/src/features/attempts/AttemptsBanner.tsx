// Create attempts the user must know about, under the top bar: those still waiting for the
// provider's answer and those received but not yet saved (one line each), and those whose
// outcome is unknown (one line with a count, the list on demand, each with Import and Dismiss).
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { type Attempt } from '../../../../shared/domain';
import { PROVIDER_INFO } from '../../../../shared/providers';
import { ErrorText } from '../../ui/ErrorText';
import { ENVIRONMENT_LABELS, exactTime, relativeTime } from '../../lib/format';
import { dismissAttempt } from './actions';
import { selectInProgress, selectUnknown, useAttempts } from './store';
import { useUi } from '../../shell/store';
import './attempts.css';

const where = (attempt: Attempt) =>
  `${PROVIDER_INFO[attempt.provider].label} · ${ENVIRONMENT_LABELS[attempt.environment]}`;

export function AttemptsBanner() {
  const inProgress = useAttempts(useShallow(selectInProgress));
  const unknown = useAttempts(useShallow(selectUnknown));
  return (
    <>
      {inProgress.length ? (
        <section className="banner banner-info attempts-progress" aria-label="Creates in progress">
          <ul className="attempts-list">
            {inProgress.map((attempt) => (
              <li key={attempt.id} className="attempts-item" role="status">
                {attempt.state === 'pending' ? (
                  <span className="attempts-text">
                    <span className="attempts-spinner" aria-hidden="true" /> Waiting for the answer from{' '}
                    {PROVIDER_INFO[attempt.provider].label}: <strong>{attempt.name}</strong> (
                    {ENVIRONMENT_LABELS[attempt.environment]}), sent{' '}
                    <span title={exactTime(attempt.startedAt)}>{relativeTime(attempt.startedAt)}</span>. It
                    carries the only copy of the secret, so Keyhold keeps waiting.
                  </span>
                ) : (
                  <span className="attempts-text">
                    Received, not yet saved: <strong>{attempt.name}</strong> ({where(attempt)}). Its secret is
                    sealed in a rescue file; Keyhold saves it as soon as its database can be written.
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

function UnknownAttempts({ unknown }: { unknown: Attempt[] }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const error = useAttempts((s) => s.error);
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
          {/* The advice once, as the create's message gave it; each attempt's message would repeat it. */}
          <p className="banner-text">
            {unknown.length === 1
              ? 'The client may have been created at its provider without Keyhold receiving its secret.'
              : 'Each client may have been created at its provider without Keyhold receiving its secret.'}{' '}
            Check the provider’s console: if the client is there, rotate its secret there and import it; if
            not, dismiss the attempt.
          </p>
          <ul className="attempts-list">
            {unknown.map((attempt) => (
              <li key={attempt.id} className="attempts-item">
                <span className="attempts-text">
                  <strong>{attempt.name}</strong> · {PROVIDER_INFO[attempt.provider].label} ·{' '}
                  {attempt.connectionLabel} · {ENVIRONMENT_LABELS[attempt.environment]} ·{' '}
                  <span title={exactTime(attempt.startedAt)}>{relativeTime(attempt.startedAt)}</span>
                </span>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Import ${attempt.name}`}
                  onClick={() => openDialog({ kind: 'import', from: attempt })}
                >
                  Import…
                </button>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Dismiss ${attempt.name}`}
                  onClick={() => void dismissAttempt(attempt.id)}
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
