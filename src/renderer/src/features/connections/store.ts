// The connections (provider accounts) as the core last listed them; writes are in actions.ts.
import { create } from 'zustand';
import type { Connection } from '../../../../shared/domain';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { api, toError } from '../../api';

interface ConnectionsState {
  /** null until the first load answers. */
  items: Connection[] | null;
  error: KeyholdErrorData | null;
  load(): Promise<void>;
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
}));
