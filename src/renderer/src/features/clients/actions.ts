// Every write on a client from the window, with the stores it refreshes; each rejects with
// ApiError (the caller shows it next to its button). Reveals and copies go straight to `api`.
import type { ClientDetail } from '../../../../shared/domain';
import { api, toError } from '../../api';
import { copiedMessage } from '../../lib/format';
import { useUi } from '../../shell/store';
import { fieldHolder, useClipboardNote } from './clipboard-note';
import { useDetail } from './detail-store';
import { useClients } from './store';

export async function setClientArchived(id: string, archived: boolean): Promise<ClientDetail> {
  const updated = await api.setClientArchived({ id, archived });
  useDetail.getState().put(updated);
  useClients.getState().refresh();
  return updated;
}

/** Deletes it from Keyhold (the provider keeps it); nothing is selected after. */
export async function deleteClient(id: string): Promise<void> {
  await api.deleteClient({ id });
  useClients.getState().select(null);
  void useDetail.getState().load(null);
  useClients.getState().refresh();
}

/** The shortcut's copy of the selected client's first secret; the notice line says how it went. */
export async function copySelectedSecret(): Promise<void> {
  const { selectedId } = useClients.getState();
  const ui = useUi.getState();
  if (!selectedId) {
    ui.notify('Select a client first.', 'error');
    return;
  }
  try {
    const detail = useDetail.getState().detail?.id === selectedId ? useDetail.getState().detail : null;
    const client = detail ?? (await api.getClient({ id: selectedId }));
    const field = client.secretFields[0];
    if (!field) {
      ui.notify(`${client.name} has no stored secret.`, 'error');
      return;
    }
    const result = await api.copyField({ clientId: client.id, field: field.field });
    useClipboardNote.getState().copied(fieldHolder(client.id, field.field), result.clearsAt);
    ui.notify(`${field.label} of ${client.name}: ${copiedMessage(result.clearsAt)}`);
  } catch (err) {
    ui.notify(toError(err).message, 'error');
  }
}
