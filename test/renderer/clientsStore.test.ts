import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientPage } from '../../src/shared/domain';
import { counts, deferred, fail, installBridge, ok, summary, type FakeBridge } from './fakeBridge';

type Store = typeof import('../../src/renderer/src/stores/clients');

let bridge: FakeBridge;
let store: Store['useClients'];

const page = (offset: number, n: number, total: number, name = 'Client'): ClientPage => ({
  total,
  offset,
  items: Array.from({ length: n }, (_, i) => summary(offset + i, { name: `${name} ${offset + i}` })),
  counts: { ...counts, production: total },
});

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(async () => {
  vi.resetModules();
  bridge = installBridge();
  store = (await import('../../src/renderer/src/stores/clients')).useClients;
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
