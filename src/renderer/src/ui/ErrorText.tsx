import type { KeyholdErrorData } from '../../../shared/errors';
import { formatWait } from '../lib/format';
import './ErrorText.css';

/** An error next to the action that failed. */
export function ErrorText({
  error,
  id,
}: {
  error: KeyholdErrorData | string | null | undefined;
  id?: string;
}) {
  if (!error) return null;
  const data = typeof error === 'string' ? { message: error } : error;
  // The core's message leaves the provider's wait out: it is said here, once.
  const retry =
    typeof error !== 'string' && error.retryAfterSeconds
      ? ` Try again in ${formatWait(error.retryAfterSeconds)}.`
      : '';
  return (
    <p className="error-text" role="alert" id={id}>
      {data.message}
      {retry}
    </p>
  );
}
