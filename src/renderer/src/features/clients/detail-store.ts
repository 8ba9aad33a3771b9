// The selected client's detail. Secret values never live here: only field names.
import { create } from 'zustand';
import type { ClientDetail } from '../../../../shared/domain';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { api, toError } from '../../api';

interface DetailState {
  id: string | null;
  detail: ClientDetail | null;
  loading: boolean;
  error: KeyholdErrorData | null;
  load(id: string | null): Promise<void>;
  /** Put a detail the core already returned (create, import, archive). */
  put(detail: ClientDetail): void;
}

export const useDetail = create<DetailState>()((set, get) => ({
  id: null,
  detail: null,
  loading: false,
  error: null,

  async load(id) {
    if (id === null) {
      set({ id: null, detail: null, loading: false, error: null });
      return;
    }
    const keep = get().detail?.id === id ? get().detail : null;
    set({ id, detail: keep, loading: true, error: null });
    try {
      const detail = await api.getClient({ id });
      if (get().id === id) set({ detail, loading: false });
    } catch (err) {
      if (get().id === id) set({ detail: null, loading: false, error: toError(err) });
    }
  },

  put(detail) {
    set({ id: detail.id, detail, loading: false, error: null });
  },
}));
