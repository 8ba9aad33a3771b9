// Creates waiting for their answer (actions.ts starts them), and whether their dialog still watches.
import { create } from 'zustand';

interface CreatesState {
  /** Creates waiting for their answer, by a local id: true while their dialog is open. */
  watched: Record<number, boolean>;
  /** The dialog closed while its create waits: the outcome will be a notice. */
  unwatch(id: number): void;
}

export const useCreates = create<CreatesState>()((set) => ({
  watched: {},
  unwatch: (id) => set((s) => (id in s.watched ? { watched: { ...s.watched, [id]: false } } : s)),
}));
