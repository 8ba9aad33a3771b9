// Every connection write, with the stores it refreshes. Each rejects with ApiError (the form
// shows it next to the field it names).
import type { AddConnectionInput, Connection } from '../../../../shared/domain';
import type { InputOf } from '../../../../shared/contract';
import { api } from '../../api';
import { useClients } from '../clients/store';
import { useDetail } from '../clients/detail-store';
import { useConnections } from './store';

const items = () => useConnections.getState().items ?? [];

export async function addConnection(input: AddConnectionInput): Promise<Connection> {
  const created = await api.addConnection(input);
  useConnections.setState({ items: [...items(), created] });
  return created;
}

export async function updateConnection(input: InputOf<'updateConnection'>): Promise<Connection> {
  const updated = await api.updateConnection(input);
  useConnections.setState({ items: items().map((c) => (c.id === updated.id ? updated : c)) });
  if (input.label !== undefined) {
    // Clients show their connection's label: the list and the open detail must follow a rename.
    useClients.getState().refresh();
    const { detail, load } = useDetail.getState();
    if (detail?.connectionId === updated.id) void load(detail.id);
  }
  return updated;
}

/** Its clients stay, with no connection: the list shows them so. */
export async function removeConnection(id: string): Promise<void> {
  await api.removeConnection({ id });
  useConnections.setState({ items: items().filter((c) => c.id !== id) });
  useClients.getState().refresh();
}
