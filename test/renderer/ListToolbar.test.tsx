// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ListToolbar } from '../../src/renderer/src/features/clients/ListToolbar';
import { useClients } from '../../src/renderer/src/features/clients/store';
import { useConnections } from '../../src/renderer/src/features/connections/store';
import { installBridge, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;

beforeEach(() => {
  bridge = installBridge();
  for (const store of [useClients, useConnections]) {
    (store as { setState(s: unknown, replace: true): void }).setState(store.getInitialState(), true);
  }
});

afterEach(cleanup);

describe('list toolbar', () => {
  it('is not rendered again by a keystroke in the search box, only by its filters', async () => {
    const renders = vi.fn();
    render(
      <Profiler id="toolbar" onRender={renders}>
        <ListToolbar />
      </Profiler>,
    );
    act(() => useClients.getState().refresh());
    await waitFor(() => expect(screen.getByRole('status').textContent).not.toBe(''));
    const before = renders.mock.calls.length;

    // The same answer for every query (the fake bridge's), so the total does not change either.
    act(() => useClients.getState().setQuery({ query: 'a' }));
    act(() => useClients.getState().setQuery({ query: 'ab' }));
    await waitFor(() =>
      expect(bridge.listClients).toHaveBeenLastCalledWith(expect.objectContaining({ query: 'ab' })),
    );
    expect(renders.mock.calls.length).toBe(before);

    act(() => useClients.getState().setQuery({ archived: true }));
    expect(renders.mock.calls.length).toBeGreaterThan(before);
    expect(screen.getByRole('checkbox', { name: 'Show archived' })).toHaveProperty('checked', true);
  });
});
