import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientPage } from '../../src/shared/domain';
import { api } from '../../src/renderer/src/api';
import { useClients as store } from '../../src/renderer/src/features/clients/store';
import {
  counts,
  deferred,
  fail,
  indexChunks,
  installBridge,
  ok,
  serveIndex,
  summary,
  type FakeBridge,
} from './fakeBridge';

let bridge: FakeBridge;

const page = (offset: number, n: number, total: number, name = 'Client'): ClientPage => ({
  total,
  offset,
  items: Array.from({ length: n }, (_, i) => summary(offset + i, { name: `${name} ${offset + i}` })),
  counts: { ...counts, production: total },
});

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  bridge = installBridge();
  store.setState(store.getInitialState(), true);
});

describe('clients store', () => {
  it('requests the first page with the query, filters and sort', async () => {
    bridge.listClients.mockResolvedValue(ok(page(0, 3, 3)));
    store.getState().setQuery({
      environment: 'staging',
      query: 'acme',
      provider: 'mythic',
      connectionId: 'conn-9',
      archived: true,
      sort: 'name',
      direction: 'asc',
    });
    await flush();
    expect(bridge.listClients).toHaveBeenLastCalledWith({
      environment: 'staging',
      query: 'acme',
      provider: 'mythic',
      connectionId: 'conn-9',
      archived: true,
      sort: 'name',
      direction: 'asc',
      offset: 0,
      limit: 100,
    });
    expect(store.getState().total).toBe(3);
    expect(store.getState().counts?.production).toBe(3);
  });

  it('fetches the pages around the visible range once each', async () => {
    bridge.listClients.mockImplementation(async (input) => {
      const { offset } = input as { offset: number };
      return ok(page(offset, 100, 100_000));
    });
    store.getState().refresh();
    await flush();
    store.getState().setVisibleRange(50_020, 50_060);
    await flush();
    store.getState().setVisibleRange(50_030, 50_070);
    await flush();
    const offsets = bridge.listClients.mock.calls.map(([input]) => (input as { offset: number }).offset);
    expect(offsets).toEqual([0, 50_000]);
    expect(store.getState().pages[500]?.[20]?.name).toBe('Client 50020');
  });

  it('invalidates cached pages when the query changes', async () => {
    bridge.listClients.mockResolvedValueOnce(ok(page(0, 100, 500, 'Old')));
    store.getState().refresh();
    await flush();
    expect(store.getState().pages[0]?.[0]?.name).toBe('Old 0');

    bridge.listClients.mockResolvedValueOnce(ok(page(0, 2, 2, 'New')));
    store.getState().setQuery({ query: 'new' });
    expect(store.getState().scrollReset).toBe(1);
    await flush();
    expect(bridge.listClients).toHaveBeenCalledTimes(2);
    expect(store.getState().pages).toEqual({ 0: page(0, 2, 2, 'New').items });
    expect(store.getState().total).toBe(2);
  });

  it('does not refetch when a query change changes nothing', async () => {
    store.getState().refresh();
    await flush();
    store.getState().setQuery({ query: '' });
    await flush();
    expect(bridge.listClients).toHaveBeenCalledTimes(1);
  });

  it('drops responses for an older query', async () => {
    const slow = deferred<ReturnType<typeof ok<ClientPage>>>();
    const fast = deferred<ReturnType<typeof ok<ClientPage>>>();
    bridge.listClients.mockReturnValueOnce(slow.promise).mockReturnValueOnce(fast.promise);
    store.getState().setQuery({ query: 'a' });
    store.getState().setQuery({ query: 'ab' });
    fast.resolve(ok(page(0, 1, 1, 'AB')));
    await flush();
    slow.resolve(ok(page(0, 5, 5, 'A')));
    await flush();
    expect(store.getState().total).toBe(1);
    expect(store.getState().pages[0]?.[0]?.name).toBe('AB 0');
  });

  it('keeps the previous rows on screen until the new query answers', async () => {
    bridge.listClients.mockResolvedValueOnce(ok(page(0, 3, 3, 'Old')));
    store.getState().refresh();
    await flush();
    const pending = deferred<ReturnType<typeof ok<ClientPage>>>();
    bridge.listClients.mockReturnValueOnce(pending.promise);
    store.getState().setQuery({ query: 'x' });
    expect(store.getState().pages[0]?.[0]?.name).toBe('Old 0');
    pending.resolve(ok(page(0, 1, 1, 'X')));
    await flush();
    expect(store.getState().pages[0]?.[0]?.name).toBe('X 0');
  });

  it('shows an error and no rows of another query when a page fails', async () => {
    bridge.listClients.mockResolvedValueOnce(ok(page(0, 3, 3)));
    store.getState().refresh();
    await flush();
    bridge.listClients.mockResolvedValueOnce(fail({ code: 'internal', message: 'Database is locked' }));
    store.getState().setQuery({ environment: 'development' });
    await flush();
    expect(store.getState().error?.message).toBe('Database is locked');
    expect(store.getState().pages).toEqual({});
    expect(store.getState().total).toBeNull();
    expect(bridge.listClients).toHaveBeenCalledTimes(2); // not retried in a loop
  });

  it('selects rows and moves the selection with the keyboard', async () => {
    bridge.listClients.mockImplementation(async (input) => {
      const { offset } = input as { offset: number };
      return ok(page(offset, 100, 250));
    });
    store.getState().refresh();
    await flush();
    store.getState().select('c5', 5);
    expect(store.getState()).toMatchObject({ selectedId: 'c5', activeIndex: 5 });
    store.getState().moveActive(6);
    expect(store.getState()).toMatchObject({ selectedId: 'c6', activeIndex: 6 });
    store.getState().moveActive(-3);
    expect(store.getState()).toMatchObject({ selectedId: 'c0', activeIndex: 0 });

    // A row whose page is not loaded yet is selected when the page arrives.
    store.getState().moveActive(10_000);
    expect(store.getState().activeIndex).toBe(249);
    await flush();
    expect(store.getState()).toMatchObject({ selectedId: 'c249', activeIndex: 249 });
    expect(bridge.listClients).toHaveBeenCalledWith(expect.objectContaining({ offset: 200 }));
  });

  it('keeps the selected client across a refresh but forgets its row position', async () => {
    bridge.listClients.mockResolvedValue(ok(page(0, 10, 10)));
    store.getState().refresh();
    await flush();
    store.getState().select('c3', 3);
    store.getState().refresh();
    expect(store.getState()).toMatchObject({ selectedId: 'c3', activeIndex: -1 });
  });
});

describe('clients store, with the window’s copy of the list index', () => {
  // 250 clients in production: "Client 0" … "Client 249"; 10 of them also say "acme".
  const clients = Array.from({ length: 250 }, (_, i) =>
    summary(i, { name: i % 25 === 0 ? `Acme ${i}` : `Client ${i}` }),
  );
  const firstPage = ok({
    total: 250,
    offset: 0,
    items: clients.slice(0, 100),
    counts: { ...counts, production: 250 },
  });
  const loaded = async () => {
    await vi.waitFor(() => expect(bridge.getListIndex).toHaveBeenCalled());
    await flush();
    await flush();
  };

  it('loads it in chunks after the first page, then answers in the same call, without the core', async () => {
    serveIndex(bridge, indexChunks(clients, { chunk: 100 }));
    bridge.listClients.mockResolvedValue(firstPage);
    store.getState().refresh();
    await loaded();
    expect(bridge.getListIndex.mock.calls.map(([input]) => input)).toEqual([
      { offset: 0, limit: 10_000 },
      { offset: 100, limit: 10_000 },
      { offset: 200, limit: 10_000 },
    ]);

    store.getState().setQuery({ query: 'ACME' });
    // No await: the rows are there as the keystroke's own task ends.
    const state = store.getState();
    expect(state.total).toBe(10);
    expect(state.loading).toBe(false);
    expect(state.pages[0]?.map((c) => c.name)).toEqual(
      [225, 200, 175, 150, 125, 100, 75, 50, 25, 0].map((i) => `Acme ${i}`),
    );
    expect(state.pages[0]?.[0]).toEqual(clients[225]);
    expect(bridge.listClients).toHaveBeenCalledTimes(1);

    store.getState().setQuery({ query: '', sort: 'name', direction: 'asc' });
    store.getState().setVisibleRange(180, 220);
    expect(store.getState().total).toBe(250);
    expect(Object.keys(store.getState().pages)).toEqual(['0', '1', '2']);
    expect(bridge.listClients).toHaveBeenCalledTimes(1);
  });

  it('drops it on any call that may write, and on refresh: the core answers until a new copy is loaded', async () => {
    serveIndex(bridge, indexChunks(clients));
    bridge.listClients.mockResolvedValue(firstPage);
    store.getState().refresh();
    await loaded();

    bridge.deleteClient.mockResolvedValue(ok({ ok: true }));
    await api.deleteClient({ id: 'c1' });
    store.getState().setQuery({ query: 'acme' });
    expect(bridge.listClients).toHaveBeenCalledTimes(2);

    // Reads leave it alone (once it is loaded again).
    await flush();
    await flush();
    await api.getClient({ id: 'c2' });
    store.getState().setQuery({ query: 'acm' });
    expect(bridge.listClients).toHaveBeenCalledTimes(2);

    // A write that failed may still have written.
    bridge.importClient.mockResolvedValue(fail({ code: 'timeout', message: 'Timed out' }));
    await expect(
      api.importClient({
        provider: 'weir',
        connectionId: null,
        environment: 'production',
        name: 'Imported',
        remoteId: 'cli_1',
        publicId: 'pub_1',
        secret: 's',
      }),
    ).rejects.toThrow('Timed out');
    store.getState().setQuery({ query: 'ac' });
    expect(bridge.listClients).toHaveBeenCalledTimes(3);

    await flush();
    await flush();
    store.getState().refresh();
    expect(bridge.listClients).toHaveBeenCalledTimes(4);
  });

  it('asks again while the core is still building its index', async () => {
    vi.useFakeTimers();
    try {
      bridge.listClients.mockResolvedValue(firstPage);
      bridge.getListIndex.mockResolvedValue(ok(null));
      store.getState().refresh();
      await vi.advanceTimersByTimeAsync(0);
      expect(bridge.getListIndex).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(500);
      expect(bridge.getListIndex).toHaveBeenCalledTimes(2);

      serveIndex(bridge, indexChunks(clients));
      await vi.advanceTimersByTimeAsync(500);
      store.getState().setQuery({ query: 'acme' });
      expect(store.getState().total).toBe(10);
      expect(bridge.listClients).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts over when the store changes while it loads, and never uses a mix of two versions', async () => {
    const before = indexChunks(clients, { version: 1, chunk: 100 });
    const after = indexChunks([...clients, summary(250, { name: 'Acme new' })], { version: 2, chunk: 100 });
    let calls = 0;
    bridge.getListIndex.mockImplementation(async (input) => {
      const { offset } = input as { offset: number };
      // Version 1 for the first two chunks, then the store changed.
      const chunks = calls++ < 2 ? before : after;
      return ok(chunks.find((c) => c.offset === offset) ?? null);
    });
    bridge.listClients.mockResolvedValue(firstPage);
    store.getState().refresh();
    // Two of version 1, one of version 2 (refused as a mix), then all of version 2.
    await vi.waitFor(() => expect(calls).toBe(2 + 1 + after.length));
    await flush();
    store.getState().setQuery({ query: 'acme new' });
    expect(store.getState().pages[0]?.map((c) => c.name)).toEqual(['Acme new']);
    expect(bridge.listClients).toHaveBeenCalledTimes(1);
  });

  it('forgets the copy, and work begun for it, when its state is reset', async () => {
    serveIndex(bridge, indexChunks(clients));
    bridge.listClients.mockResolvedValue(firstPage);
    store.getState().refresh();
    await loaded();
    store.setState(store.getInitialState(), true);
    store.getState().setQuery({ query: 'acme' });
    expect(bridge.listClients).toHaveBeenCalledTimes(2);
    await flush();
    expect(store.getState().total).toBe(250); // the core's answer, not the copy's
  });

  it('keeps asking the core when the copy cannot be had', async () => {
    bridge.listClients.mockResolvedValue(firstPage);
    bridge.getListIndex.mockResolvedValue(fail({ code: 'internal', message: 'nope' }));
    store.getState().refresh();
    await loaded();
    store.getState().setQuery({ query: 'acme' });
    await flush();
    expect(bridge.listClients).toHaveBeenCalledTimes(2);
    expect(store.getState().error).toBeNull();
    expect(bridge.getListIndex).toHaveBeenCalledTimes(1); // not at every page
    store.getState().refresh();
    await flush();
    expect(bridge.getListIndex).toHaveBeenCalledTimes(2);
  });

  it('keeps a selection per environment: a tab shows its own, or none, never another tab’s', async () => {
    bridge.listClients.mockResolvedValue(ok(page(0, 3, 3)));
    store.getState().select('prod-client', 1);
    store.getState().setQuery({ environment: 'staging' });
    expect(store.getState().selectedId).toBeNull();
    store.getState().select('staging-client', 0);
    store.getState().setQuery({ environment: 'production' });
    expect(store.getState().selectedId).toBe('prod-client');
    // Another query in the same environment keeps its selection.
    store.getState().setQuery({ query: 'x' });
    expect(store.getState().selectedId).toBe('prod-client');
    store.getState().setQuery({ environment: 'staging' });
    expect(store.getState().selectedId).toBe('staging-client');
    store.getState().setQuery({ environment: 'development' });
    expect(store.getState().selectedId).toBeNull();
    await flush();
  });
});
