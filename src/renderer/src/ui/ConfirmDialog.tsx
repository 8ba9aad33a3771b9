import { useState, type ReactNode } from 'react';
import type { KeyholdErrorData } from '../../../shared/errors';
import { toError } from '../api';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Runs the action; the dialog closes when it resolves and shows the error when it rejects. */
  onConfirm(): Promise<void>;
  onClose(): void;
  danger?: boolean;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  danger,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<KeyholdErrorData | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(toError(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} onClose={onClose} size="small" role="alertdialog" description={children}>
      <div className="dialog-actions">
        <ErrorText error={error} />
        <button type="button" className="button" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          onClick={() => void confirm()}
          disabled={busy}
          aria-busy={busy}
        >
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
