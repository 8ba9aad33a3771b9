// The client list: the query, cached pages of the current query, selection.
// Every query change bumps `generation`; a response for an older generation is dropped, so
// a fast typist only ever sees the list for what is in the box now. Pages come from the core
// until the window holds its own copy of the list index (lib/localList.ts), then from that copy,
// in the same task as the keystroke. Any call that may write to the store, and every refresh,
// drops that copy: pages come from the core again until a new copy is loaded.
// The store's bookkeeping (requests under way, failed pages, the copy) is part of its state, so
// setState(getInitialState(), true) resets all of it, and work begun before is dropped.
import { create } from 'zustand';
import {
  ENVIRONMENTS,
  type ClientPage,
  type ClientSummary,
  type Environment,
  type ListQuery,
} from '../../../../shared/domain';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { api, onStoreWrite, toError } from '../../api';
import { LocalList } from '../../lib/localList';
import { itemAt, pageOf, pagesForRange, pagesToEvict, PAGE_SIZE, type Pages } from './page-cache';

export type EnvironmentCounts = Record<Environment, number>;

/** Concurrent page requests for one query; more would only fetch pages scrolled past. */
const MAX_IN_FLIGHT = 3;
/** While the core is still building its list index: ask again after this long, this many times. */
const LOCAL_RETRY_MS = 500;
const LOCAL_TRIES = 20;

/** A page asked of the core and not answered yet. */
interface PageRequest {
  readonly generation: number;
  readonly page: number;
}

/** The window's copy of the list index: loading (`list` null), loaded, or refused by the core. */
interface LocalCopy {
  /** Stops this copy's watch for writes; by identity, also what tells it from a later copy. */
  readonly unwatch: () => void;
  readonly list: LocalList | null;
  /** The core could not send it: not asked again until the next refresh or write. */
  readonly refused: boolean;
}

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
  /** Each environment's selection while another is shown: a tab shows its own client, or none. */
  selections: Partial<Record<Environment, string | null>>;
  /** Keyboard position in the list; -1 when the selection is not a known row. */
  activeIndex: number;

  // The store's own bookkeeping; no component reads it.
  /** Page requests under way; an answer whose request is no longer here is dropped. */
  requests: readonly PageRequest[];
  /** Pages of the current generation that failed; not retried until the next refresh. */
  failedPages: readonly number[];
  /** Index to select once its page arrives (keyboard moved past the loaded rows); -1 for none. */
  pendingSelect: number;
  /** The list index held in the window, for the store as it was when loaded; null for none. */
  local: LocalCopy | null;

  setQuery(patch: Partial<ListQuery>): void;
  refresh(): void;
  setVisibleRange(start: number, end: number): void;
  select(id: string | null, index?: number): void;
  moveActive(to: number): void;
  /** How many clients the query with `patch` would list (from the window's copy when it has one). */
  totalOf(patch: Partial<ListQuery>): Promise<number>;
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

const NONE: readonly never[] = [];

export const useClients = create<ClientsState>()((set, get) => {
  function currentPagesFor(gen: number): Pages<ClientSummary> {
    const s = get();
    return s.pagesGeneration === gen ? s.pages : {};
  }

  /** Starts loading the window's copy of the list index, unless there is one or a load is under way. */
  function loadLocal(): void {
    if (get().local) return;
    const live = () => get().local?.unwatch === unwatch;
    // Whatever a write changed, the copy is of the store as it was: pages come from the core
    // again, and the next one that does starts loading a new copy.
    const unwatch = onStoreWrite(() => (live() ? dropLocal() : unwatch()));
    set({ local: { unwatch, list: null, refused: false } });
    void (async () => {
      try {
        for (let tries = 0; tries < LOCAL_TRIES && live(); tries++) {
          const loaded = await LocalList.load(
            (offset, limit) => api.getListIndex({ offset, limit }),
            () => !live(),
          );
          if (loaded && live()) {
            set({ local: { unwatch, list: loaded, refused: false } });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, LOCAL_RETRY_MS));
        }
        // Never ready: the next page from the core starts over.
        if (live()) dropLocal();
      } catch {
        // The list keeps asking the core, page by page.
        if (live()) set({ local: { unwatch, list: null, refused: true } });
      }
    })();
  }

  function dropLocal(): void {
    get().local?.unwatch();
    set({ local: null });
  }

  function pump(): void {
    const s = get();
    const gen = s.generation;
    const known = s.pagesGeneration === gen ? s.total : null;
    const have = currentPagesFor(gen);
    if (s.local?.list) return answerLocally(s.local.list, gen, known, have);
    const wanted = pagesForRange(s.visible.start, s.visible.end, known);
    const asked = (page: number) => get().requests.some((r) => r.generation === gen && r.page === page);
    let running = s.requests.filter((r) => r.generation === gen).length;
    for (const page of wanted) {
      if (running >= MAX_IN_FLIGHT) break;
      if (have[page] || s.failedPages.includes(page) || asked(page)) continue;
      running++;
      void fetchPage(gen, page);
    }
    const busy = running > 0;
    if (get().loading !== busy) set({ loading: busy });
  }

  /** Every page in view, from the window's copy of the index, now. */
  function answerLocally(
    list: LocalList,
    gen: number,
    known: number | null,
    have: Pages<ClientSummary>,
  ): void {
    const s = get();
    const pages = { ...have };
    let total = known;
    let counts = s.counts;
    const fill = (page: number) => {
      const answer = list.page(s.query, page * PAGE_SIZE, PAGE_SIZE);
      pages[page] = answer.items;
      total = answer.total;
      counts = answer.counts;
    };
    if (total === null) fill(pageOf(s.visible.start));
    const missing = pagesForRange(s.visible.start, s.visible.end, total).filter((page) => !pages[page]);
    missing.forEach(fill);
    if (missing.length > 0 || known === null) receive(gen, pages, total!, counts!);
    if (get().loading) set({ loading: false });
  }

  async function fetchPage(gen: number, page: number): Promise<void> {
    const request: PageRequest = { generation: gen, page };
    set({ requests: [...get().requests, request] });
    const q = get().query;
    let result: ClientPage | null = null;
    let error: KeyholdErrorData | null = null;
    try {
      result = await api.listClients({ ...q, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
    } catch (err) {
      error = toError(err);
    }
    if (!get().requests.includes(request)) return; // asked before the state was reset
    set({ requests: get().requests.filter((r) => r !== request) });
    if (get().generation !== gen) return; // stale: the query changed meanwhile
    if (result) {
      const s = get();
      const base = s.pagesGeneration === gen ? { ...s.pages } : {};
      base[page] = result.items;
      receive(gen, base, result.total, result.counts);
      loadLocal();
    } else {
      set({ failedPages: [...get().failedPages, page] });
      // Never leave another query's rows on screen under this query's error.
      if (get().pagesGeneration !== gen) set({ pages: {}, pagesGeneration: gen, total: null });
      set({ error });
    }
    if (get().generation === gen) pump();
  }

  /** Shows `pages` of generation `gen` (dropping the farthest when too many are cached). */
  function receive(
    gen: number,
    pages: Record<number, readonly ClientSummary[]>,
    total: number,
    counts: EnvironmentCounts,
  ): void {
    const s = get();
    const center = pageOf(Math.floor((s.visible.start + s.visible.end) / 2));
    for (const drop of pagesToEvict(Object.keys(pages).map(Number), center)) delete pages[drop];
    // The same counts keep the same object: the app shell re-renders on a change only, not per key.
    const same = s.counts && ENVIRONMENTS.every((env) => s.counts![env] === counts[env]);
    // A row the keyboard moved to before its page was here is selected as it arrives.
    const pending = s.pendingSelect >= 0 ? itemAt(pages, s.pendingSelect) : undefined;
    set({
      pages,
      pagesGeneration: gen,
      total,
      counts: same ? s.counts : counts,
      error: null,
      ...(pending ? { selectedId: pending.id, activeIndex: s.pendingSelect, pendingSelect: -1 } : {}),
    });
  }

  function invalidate(resetScroll: boolean): void {
    const s = get();
    const span = Math.max(30, s.visible.end - s.visible.start);
    set({
      generation: s.generation + 1,
      error: null,
      activeIndex: -1,
      failedPages: NONE,
      pendingSelect: -1,
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
    selections: {},
    activeIndex: -1,
    requests: NONE,
    failedPages: NONE,
    pendingSelect: -1,
    local: null,

    setQuery(patch) {
      const q = get().query;
      const next = { ...q, ...patch };
      if ((Object.keys(next) as (keyof ListQuery)[]).every((k) => next[k] === q[k])) return;
      if (next.environment !== q.environment) {
        const selections = { ...get().selections, [q.environment]: get().selectedId };
        set({ selections, selectedId: selections[next.environment] ?? null, pendingSelect: -1 });
      }
      set({ query: next });
      invalidate(true);
    },

    refresh() {
      dropLocal();
      invalidate(false);
    },

    setVisibleRange(start, end) {
      const v = get().visible;
      if (v.start !== start || v.end !== end) set({ visible: { start, end } });
      pump();
    },

    select(id, index) {
      set({ selectedId: id, activeIndex: id === null ? -1 : (index ?? -1), pendingSelect: -1 });
    },

    async totalOf(patch) {
      const q = { ...get().query, ...patch };
      const list = get().local?.list;
      if (list) return list.page(q, 0, 1).total;
      return (await api.listClients({ ...q, offset: 0, limit: 1 })).total;
    },

    moveActive(to) {
      const s = get();
      const total = s.pagesGeneration === s.generation ? (s.total ?? 0) : 0;
      if (total === 0) return;
      const index = Math.min(Math.max(0, to), total - 1);
      const item = itemAt(s.pages, index);
      if (item) {
        set({ selectedId: item.id, activeIndex: index, pendingSelect: -1 });
      } else {
        set({ activeIndex: index, pendingSelect: index });
        if (index < s.visible.start || index > s.visible.end) {
          set({ visible: { start: index, end: index + (s.visible.end - s.visible.start) } });
        }
        pump();
      }
    },
  };
});
