// Creates waiting for their answer (actions.ts starts them), whether their dialog still watches,
// and the connections whose provider asked Keyhold to wait (HTTP 429 with Retry-After).
import { create } from 'zustand';

interface CreatesState {
  /** Creates waiting for their answer, by a local id: true while their dialog is open. */
  watched: Record<number, boolean>;
  /** Until when (epoch ms) each rate-limited connection's provider asked for no new create. */
  limitedUntil: Record<string, number>;
  /** The dialog closed while its create waits: the outcome will be a notice. */
  unwatch(id: number): void;
}

export const useCreates = create<CreatesState>()((set) => ({
  watched: {},
  limitedUntil: {},
  unwatch: (id) => set((s) => (id in s.watched ? { watched: { ...s.watched, [id]: false } } : s)),
}));
