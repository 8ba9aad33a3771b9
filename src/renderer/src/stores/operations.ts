// The create journal: attempts whose outcome is unknown are shown until dismissed.
import { create } from 'zustand';
import type { Operation } from '../../../shared/domain';
import type { KeyholdErrorData } from '../../../shared/errors';
import { api, toError } from '../api';

interface OperationsState {
  items: Operation[];
  error: KeyholdErrorData | null;
  load(): Promise<void>;
  dismiss(id: string): Promise<void>;
}

let loadSeq = 0;

export const useOperations = create<OperationsState>()((set, get) => ({
  items: [],
  error: null,

  async load() {
    const seq = ++loadSeq;
    try {
      const items = await api.listOperations();
      if (seq === loadSeq) set({ items, error: null });
    } catch (err) {
      if (seq === loadSeq) set({ error: toError(err) });
    }
  },

  async dismiss(id) {
    try {
      await api.dismissOperation({ id });
      set({ items: get().items.filter((op) => op.id !== id), error: null });
    } catch (err) {
      set({ error: toError(err) });
    }
  },
}));

export const selectUnknown = (s: OperationsState): Operation[] =>
  s.items.filter((op) => op.state === 'unknown');
