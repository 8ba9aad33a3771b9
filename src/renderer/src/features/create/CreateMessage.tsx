// What the create said, by its buttons: the error with what can be done next (take the suggested
// id, import the client an attempt may have made, create anyway), or that it is still waiting.
import { DEFAULT_SETTINGS } from '../../../../shared/domain';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { formatWait } from '../../lib/format';
import { useAfter } from '../../ui/hooks';
import { useSettings } from '../settings/store';
import '../../ui/ErrorText.css';
import './CreateMessage.css';

const waitSentence = (seconds: number) =>
  seconds > 0 ? `Try again in ${formatWait(seconds)}.` : 'You can try again now.';

/** After this long, the dialog says it is still waiting, and why. */
const STILL_WAITING_MS = 5_000;

interface CreateMessageProps {
  error: KeyholdErrorData | null;
  /** Seconds the provider still asks Keyhold to wait before the next create (HTTP 429). */
  waitSeconds: number;
  errorId: string;
  busy: boolean;
  providerLabel: string;
  onUseSuggestion(id: string): void;
  onImport(): void;
  onCreateAnyway(): void;
}

export function CreateMessage({
  error,
  waitSeconds,
  errorId,
  busy,
  providerLabel,
  onUseSuggestion,
  onImport,
  onCreateAnyway,
}: CreateMessageProps) {
  const waitMinutes = useSettings((s) => s.settings?.createWaitMinutes ?? DEFAULT_SETTINGS.createWaitMinutes);
  const waitingLong = useAfter(busy, STILL_WAITING_MS);
  return (
    <>
      {error ? (
        <div role="alert" className={error.code === 'saved_later' ? 'notice-text' : 'error-text'}>
          <p id={errorId}>
            {error.message}
            {error.code === 'rate_limited' && error.retryAfterSeconds ? (
              // Counts down without being read out again each second.
              <span aria-live="off"> {waitSentence(waitSeconds)}</span>
            ) : null}
          </p>
          <div className="inline-actions">
            {error.code === 'conflict' && error.suggestion && !error.attemptId ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => onUseSuggestion(error.suggestion!)}
              >
                Use {error.suggestion}
              </button>
            ) : null}
            {error.attemptId && error.code !== 'saved_later' ? (
              <button type="button" className="button button-small" onClick={onImport}>
                Import it…
              </button>
            ) : null}
            {error.code === 'confirm_unknown' ? (
              <button type="button" className="button button-small" onClick={onCreateAnyway}>
                Create anyway
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      {!error && waitSeconds > 0 ? (
        <p className="muted" role="status">
          {providerLabel} is limiting requests from this connection.{' '}
          <span aria-live="off">{waitSentence(waitSeconds)}</span>
        </p>
      ) : null}
      {busy ? (
        <p className="muted" role="status">
          {waitingLong
            ? `Still waiting for ${providerLabel}… The request was sent and its answer carries the only copy of the secret, so Keyhold keeps waiting (up to ${waitMinutes} minutes). You can close this dialog: the create goes on, and its client appears in the list.`
            : `Creating at ${providerLabel}…`}
        </p>
      ) : null}
    </>
  );
}
