// The create attempts the user must see: waiting for an answer, received but not yet saved, and
// those with an unknown outcome (shown until dismissed or imported). While any is waiting or held,
// they are asked for again every few seconds; one that was held and is gone now was stored.
// Dismissing one is in actions.ts.
import { create } from 'zustand';
import type { Attempt } from '../../../../shared/domain';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { api, toError } from '../../api';
import { useClients } from '../clients/store';

/** How often to ask again while an attempt waits or is held. */
export const ATTEMPTS_POLL_MS = 2_000;

interface AttemptsState {
  items: Attempt[];
  error: KeyholdErrorData | null;
  /** Creates this window started that have not answered yet (the core may not list them yet). */
  running: readonly Promise<unknown>[];
  /** The newest load: an answer to any other is dropped. */
  latestLoad: object | null;
  /** The next load's timer while an attempt waits or is held. */
  poll: ReturnType<typeof setTimeout> | null;
  load(): Promise<void>;
  /** Keeps the list fresh while `create` runs, and once more when it ends. */
  follow(create: Promise<unknown>): void;
}

const inProgress = (items: readonly Attempt[]) =>
  items.filter((attempt) => attempt.state === 'pending' || attempt.state === 'received');

export const useAttempts = create<AttemptsState>()((set, get) => ({
  items: [],
  error: null,
  running: [],
  latestLoad: null,
  poll: null,

  async load() {
    const load = {};
    set({ latestLoad: load });
    try {
      const items = await api.listAttempts();
      if (get().latestLoad !== load) return;
      const before = inProgress(get().items);
      set({ items, error: null });
      // An attempt that was waiting or held and is gone now ended: show the list as it is.
      if (before.some((attempt) => !items.some((item) => item.id === attempt.id)))
        useClients.getState().refresh();
    } catch (err) {
      if (get().latestLoad !== load) return;
      set({ error: toError(err) });
    }
    const { poll, running } = get();
    if (poll) clearTimeout(poll);
    const active = running.length > 0 || inProgress(get().items).length > 0;
    // A timer left from before the state was reset finds another `poll` and does nothing.
    const next: ReturnType<typeof setTimeout> | null = active
      ? setTimeout(() => {
          if (get().poll === next) void get().load();
        }, ATTEMPTS_POLL_MS)
      : null;
    set({ poll: next });
  },

  follow(create) {
    set((s) => ({ running: [...s.running, create] }));
    void get().load();
    void create.finally(() => {
      set((s) => ({ running: s.running.filter((other) => other !== create) }));
      void get().load();
    });
  },
}));

export const selectUnknown = (s: AttemptsState): Attempt[] =>
  s.items.filter((attempt) => attempt.state === 'unknown');

export const selectInProgress = (s: AttemptsState): Attempt[] => inProgress(s.items);
