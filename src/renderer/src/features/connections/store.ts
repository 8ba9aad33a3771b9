import { create } from 'zustand';
import type { AddConnectionInput, Connection } from '../../../../shared/domain';
import type { KeyholdErrorData } from '../../../../shared/errors';
import type { InputOf } from '../../../../shared/contract';
import { api, toError } from '../../api';
import { useClients } from '../clients/store';
import { useDetail } from '../clients/detail-store';

interface ConnectionsState {
  /** null until the first load answers. */
  items: Connection[] | null;
  error: KeyholdErrorData | null;
  load(): Promise<void>;
  /** These reject with ApiError so the form can show it next to the field. */
  add(input: AddConnectionInput): Promise<Connection>;
  update(input: InputOf<'updateConnection'>): Promise<Connection>;
  remove(id: string): Promise<void>;
}

export const useConnections = create<ConnectionsState>()((set, get) => ({
  items: null,
  error: null,

  async load() {
    try {
      set({ items: await api.listConnections(), error: null });
    } catch (err) {
      set({ error: toError(err), items: get().items ?? [] });
    }
  },

  async add(input) {
    const created = await api.addConnection(input);
    set({ items: [...(get().items ?? []), created] });
    return created;
  },

  async update(input) {
    const updated = await api.updateConnection(input);
    set({ items: (get().items ?? []).map((c) => (c.id === updated.id ? updated : c)) });
    if (input.label !== undefined) {
      // Clients show their connection's label: the list and the open detail must follow a rename.
      useClients.getState().refresh();
      const { detail, load } = useDetail.getState();
      if (detail?.connectionId === updated.id) void load(detail.id);
    }
    return updated;
  },

  async remove(id) {
    await api.removeConnection({ id });
    set({ items: (get().items ?? []).filter((c) => c.id !== id) });
  },
}));
