import type { KeyholdErrorData } from '../../../shared/errors';
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
  const retry =
    typeof error !== 'string' && error.retryAfterSeconds ? ` Try again in ${error.retryAfterSeconds} s.` : '';
  return (
    <p className="error-text" role="alert" id={id}>
      {data.message}
      {retry}
    </p>
  );
}
