// The client list: the query, cached pages of the current query, selection.
// Every query change bumps `generation`; a response for an older generation is dropped, so
// a fast typist only ever sees the list for what is in the box now.
import { create } from 'zustand';
import type { ClientSummary, Environment, Provider } from '../../../shared/domain';
import type { KeyholdErrorData } from '../../../shared/errors';
import { api, toError } from '../api';
import { itemAt, pageOf, pagesForRange, pagesToEvict, PAGE_SIZE, type Pages } from '../lib/pageCache';

export interface ListQuery {
  environment: Environment;
  query: string;
  provider: Provider | null;
  connectionId: string | null;
  archived: boolean;
  sort: 'created' | 'name';
  direction: 'asc' | 'desc';
}

export type EnvironmentCounts = Record<Environment, number>;

/** Concurrent page requests for one query; more would only fetch pages scrolled past. */
const MAX_IN_FLIGHT = 3;

export interface ClientsState {
  query: ListQuery;
  /** Bumped by every query change and refresh. */
  generation: number;
  /** Bumped by query changes only: the list scrolls back to the top. */
  scrollReset: number;
  /** Pages of the generation `pagesGeneration` (the previous one stays shown until the new one answers). */
  pages: Pages<ClientSummary>;
  pagesGeneration: number;
  /** Rows of `pagesGeneration`, or null before the first answer. */
  total: number | null;
  counts: EnvironmentCounts | null;
  loading: boolean;
  error: KeyholdErrorData | null;
  /** Inclusive index range the list shows. */
  visible: { start: number; end: number };
  selectedId: string | null;
  /** Keyboard position in the list; -1 when the selection is not a known row. */
  activeIndex: number;

  setQuery(patch: Partial<ListQuery>): void;
  refresh(): void;
  setVisibleRange(start: number, end: number): void;
  select(id: string | null, index?: number): void;
  moveActive(to: number): void;
}

const initialQuery: ListQuery = {
  environment: 'production',
  query: '',
  provider: null,
  connectionId: null,
  archived: false,
  sort: 'created',
  direction: 'desc',
};

export const useClients = create<ClientsState>()((set, get) => {
  /** `${generation}:${page}` of requests under way. */
  const inFlight = new Set<string>();
  /** Pages of the current generation that failed; not retried until the next refresh. */
  let failed = new Set<number>();
  /** Index to select once its page arrives (keyboard moved past the loaded rows). */
  let pendingSelect = -1;

  function currentPagesFor(gen: number): Pages<ClientSummary> {
    const s = get();
    return s.pagesGeneration === gen ? s.pages : {};
  }

  function pump(): void {
    const s = get();
    const gen = s.generation;
    const known = s.pagesGeneration === gen ? s.total : null;
    const have = currentPagesFor(gen);
    const wanted = pagesForRange(s.visible.start, s.visible.end, known);
    let running = [...inFlight].filter((k) => k.startsWith(`${gen}:`)).length;
    for (const page of wanted) {
      if (running >= MAX_IN_FLIGHT) break;
      if (have[page] || failed.has(page) || inFlight.has(`${gen}:${page}`)) continue;
      running++;
      void fetchPage(gen, page);
    }
    const busy = running > 0;
    if (get().loading !== busy) set({ loading: busy });
  }

  async function fetchPage(gen: number, page: number): Promise<void> {
    const key = `${gen}:${page}`;
    inFlight.add(key);
    const q = get().query;
    try {
      const result = await api.listClients({ ...q, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (get().generation !== gen) return; // stale: the query changed meanwhile
      const s = get();
      const base = s.pagesGeneration === gen ? { ...s.pages } : {};
      base[page] = result.items;
      const center = pageOf(Math.floor((s.visible.start + s.visible.end) / 2));
      for (const drop of pagesToEvict(Object.keys(base).map(Number), center)) delete base[drop];
      set({ pages: base, pagesGeneration: gen, total: result.total, counts: result.counts, error: null });
      if (pendingSelect >= 0) {
        const item = itemAt(base, pendingSelect);
        if (item) {
          set({ selectedId: item.id, activeIndex: pendingSelect });
          pendingSelect = -1;
        }
      }
    } catch (err) {
      if (get().generation !== gen) return;
      failed.add(page);
      // Never leave another query's rows on screen under this query's error.
      if (get().pagesGeneration !== gen) set({ pages: {}, pagesGeneration: gen, total: null });
      set({ error: toError(err) });
    } finally {
      inFlight.delete(key);
      if (get().generation === gen) pump();
    }
  }

  function invalidate(resetScroll: boolean): void {
    failed = new Set();
    pendingSelect = -1;
    const s = get();
    const span = Math.max(30, s.visible.end - s.visible.start);
    set({
      generation: s.generation + 1,
      error: null,
      activeIndex: -1,
      ...(resetScroll ? { scrollReset: s.scrollReset + 1, visible: { start: 0, end: span } } : {}),
    });
    pump();
  }

  return {
    query: initialQuery,
    generation: 0,
    scrollReset: 0,
    pages: {},
    pagesGeneration: -1,
    total: null,
    counts: null,
    loading: false,
    error: null,
    visible: { start: 0, end: 30 },
    selectedId: null,
    activeIndex: -1,

    setQuery(patch) {
      const q = get().query;
      const next = { ...q, ...patch };
      if ((Object.keys(next) as (keyof ListQuery)[]).every((k) => next[k] === q[k])) return;
      set({ query: next });
      invalidate(true);
    },

    refresh() {
      invalidate(false);
    },

    setVisibleRange(start, end) {
      const v = get().visible;
      if (v.start !== start || v.end !== end) set({ visible: { start, end } });
      pump();
    },

    select(id, index) {
      pendingSelect = -1;
      set({ selectedId: id, activeIndex: id === null ? -1 : (index ?? -1) });
    },

    moveActive(to) {
      const s = get();
      const total = s.pagesGeneration === s.generation ? (s.total ?? 0) : 0;
      if (total === 0) return;
      const index = Math.min(Math.max(0, to), total - 1);
      const item = itemAt(s.pages, index);
      if (item) {
        pendingSelect = -1;
        set({ selectedId: item.id, activeIndex: index });
      } else {
        pendingSelect = index;
        set({ activeIndex: index });
        if (index < s.visible.start || index > s.visible.end) {
          set({ visible: { start: index, end: index + (s.visible.end - s.visible.start) } });
        }
        pump();
      }
    },
  };
});
