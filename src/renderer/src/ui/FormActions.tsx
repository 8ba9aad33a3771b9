// The footer of a form dialog: the last submit's error (or a message that says more), Cancel,
// and the submit button, which says what it is doing while busy.
import type { ReactNode, Ref } from 'react';
import type { KeyholdErrorData } from '../../../shared/errors';
import { ErrorText } from './ErrorText';

interface FormActionsProps {
  busy: boolean;
  onCancel: () => void;
  submitLabel: string;
  busyLabel: string;
  error?: KeyholdErrorData | null;
  errorId?: string;
  /** Shown instead of the plain error: the error with what to do next, a progress line. */
  message?: ReactNode;
  /** Closing leaves the work running: Cancel stays enabled while busy, and says Close. */
  closeWhileBusy?: boolean;
  /** Nothing more to submit (only closing is offered): no submit button, and Close. */
  ended?: boolean;
  /** Submitting must wait (the message says why and for how long). */
  submitDisabled?: boolean;
  submitRef?: Ref<HTMLButtonElement>;
}

export function FormActions({
  busy,
  onCancel,
  submitLabel,
  busyLabel,
  error,
  errorId,
  message,
  closeWhileBusy = false,
  ended = false,
  submitDisabled = false,
  submitRef,
}: FormActionsProps) {
  return (
    <div className="dialog-actions">
      <div className="dialog-actions-message">
        {message ?? <ErrorText error={error} {...(errorId ? { id: errorId } : {})} />}
      </div>
      <button type="button" className="button" onClick={onCancel} disabled={busy && !closeWhileBusy}>
        {ended || (busy && closeWhileBusy) ? 'Close' : 'Cancel'}
      </button>
      {ended ? null : (
        <button
          ref={submitRef}
          type="submit"
          className="button button-primary"
          aria-disabled={busy}
          disabled={submitDisabled}
        >
          {busy ? busyLabel : submitLabel}
        </button>
      )}
    </div>
  );
}
