// "Copy <label>": copies one field of a client through main (secrets concealed and cleared
// there) and reports through the caller's action, which shows the status next to it.
import { api } from '../../api';
import { copiedMessage } from '../../lib/format';
import type { useAction } from '../../ui/hooks';

interface CopyFieldButtonProps {
  clientId: string;
  field: { field: string; label: string };
  action: ReturnType<typeof useAction>;
}

export function CopyFieldButton({ clientId, field, action }: CopyFieldButtonProps) {
  return (
    <button
      type="button"
      className="button button-small"
      aria-label={`Copy ${field.label}`}
      disabled={action.busy}
      onClick={() =>
        void action.run(
          () => api.copyField({ clientId, field: field.field }),
          (r) => copiedMessage(r.clearsAt),
        )
      }
    >
      Copy
    </button>
  );
}
