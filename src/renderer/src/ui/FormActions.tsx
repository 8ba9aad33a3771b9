// The footer of a form dialog: the error of the last submit, Cancel, and the submit button
// (which says what it is doing while busy).
import type { KeyholdErrorData } from '../../../shared/errors';
import { ErrorText } from './ErrorText';

interface FormActionsProps {
  error: KeyholdErrorData | null;
  errorId: string;
  busy: boolean;
  onCancel: () => void;
  submitLabel: string;
  busyLabel: string;
}

export function FormActions({ error, errorId, busy, onCancel, submitLabel, busyLabel }: FormActionsProps) {
  return (
    <div className="dialog-actions">
      <div className="dialog-actions-message">
        <ErrorText error={error} id={errorId} />
      </div>
      <button type="button" className="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" aria-disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </div>
  );
}
