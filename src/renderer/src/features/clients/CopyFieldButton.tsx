// "Copy <label>": copies one field of a client through main (secrets concealed and cleared
// there); the clipboard note moves under it, and the caller's action shows an error.
import { api } from '../../api';
import { fieldHolder, useClipboardNote } from './clipboard-note';
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
          (r) => {
            useClipboardNote.getState().copied(fieldHolder(clientId, field.field), r.clearsAt);
            return null;
          },
        )
      }
    >
      Copy
    </button>
  );
}
