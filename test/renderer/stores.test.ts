import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, toError } from '../../src/renderer/src/api';
import { ATTEMPTS_POLL_MS, selectUnknown, useAttempts } from '../../src/renderer/src/features/attempts/store';
import { dismissAttempt } from '../../src/renderer/src/features/attempts/actions';
import {
  addConnection,
  removeConnection,
  updateConnection,
} from '../../src/renderer/src/features/connections/actions';
import { useConnections } from '../../src/renderer/src/features/connections/store';
import { saveSettings } from '../../src/renderer/src/features/settings/actions';
import { useDetail } from '../../src/renderer/src/features/clients/detail-store';
import { useSettings } from '../../src/renderer/src/features/settings/store';
import { connection, detail, fail, installBridge, ok, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;

beforeEach(() => {
  bridge = installBridge();
  for (const store of [useAttempts, useConnections, useDetail, useSettings]) {
    (store as { setState(s: unknown, replace: true): void }).setState(store.getInitialState(), true);
  }
});

describe('api wrapper', () => {
  it('unwraps values and turns errors into ApiError', async () => {
    bridge.getClient.mockResolvedValueOnce(ok(detail()));
    await expect(api.getClient({ id: 'c1' })).resolves.toMatchObject({ id: 'c1' });

    bridge.getClient.mockResolvedValueOnce(fail({ code: 'not_found_local', message: 'No such client' }));
    const err = await api.getClient({ id: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(toError(err)).toEqual({ code: 'not_found_local', message: 'No such client' });
  });

  it('reports a bridge that throws or is missing as an error, never a crash', async () => {
    bridge.listConnections.mockRejectedValueOnce(new Error('socket closed'));
    const err = await api.listConnections().catch(toError);
    expect(err).toMatchObject({ code: 'internal', message: expect.stringContaining('socket closed') });

    delete (globalThis as { keyhold?: unknown }).keyhold;
    await expect(api.getSettings().catch(toError)).resolves.toMatchObject({ code: 'internal' });
  });
});

describe('detail store', () => {
  it('drops a detail that arrives after another client was selected', async () => {
    let resolveFirst!: (v: unknown) => void;
    bridge.getClient
      .mockReturnValueOnce(new Promise((r) => (resolveFirst = r)) as never)
      .mockResolvedValueOnce(ok(detail({ id: 'c2', name: 'Second' })));
    const first = useDetail.getState().load('c1');
    await useDetail.getState().load('c2');
    resolveFirst(ok(detail({ id: 'c1', name: 'First' })));
    await first;
    expect(useDetail.getState().detail?.name).toBe('Second');
  });
});

describe('connections, settings and attempts stores', () => {
  it('loads, adds, updates and removes connections', async () => {
    await useConnections.getState().load();
    expect(useConnections.getState().items).toHaveLength(1);
    bridge.addConnection.mockResolvedValueOnce(ok(connection({ id: 'conn-2', label: 'Mythic' })));
    await addConnection({ provider: 'mythic', label: 'Mythic', baseUrl: 'https://x', token: 't' });
    bridge.updateConnection.mockResolvedValueOnce(ok(connection({ id: 'conn-2', label: 'Renamed' })));
    await updateConnection({ id: 'conn-2', label: 'Renamed' });
    expect(useConnections.getState().items?.map((c) => c.label)).toEqual(['Weir prod', 'Renamed']);
    bridge.removeConnection.mockResolvedValueOnce(ok({ ok: true }));
    await removeConnection('conn-1');
    expect(useConnections.getState().items?.map((c) => c.id)).toEqual(['conn-2']);
  });

  it('keeps unknown attempts until dismissed', async () => {
    const op = {
      id: 'op1',
      provider: 'weir' as const,
      connectionId: 'conn-1',
      connectionLabel: 'Weir prod',
      environment: 'production' as const,
      name: 'Lost client',
      state: 'unknown' as const,
      errorCode: 'timeout',
      errorMessage: 'No answer in 15 s',
      startedAt: '2025-01-01T00:00:00Z',
      finishedAt: null,
    };
    bridge.listAttempts.mockResolvedValueOnce(ok([op, { ...op, id: 'op2', state: 'succeeded' as const }]));
    await useAttempts.getState().load();
    expect(selectUnknown(useAttempts.getState()).map((o) => o.id)).toEqual(['op1']);
    bridge.dismissAttempt.mockResolvedValueOnce(ok({ ok: true }));
    await dismissAttempt('op1');
    expect(bridge.dismissAttempt).toHaveBeenCalledWith({ id: 'op1' });
    expect(selectUnknown(useAttempts.getState())).toEqual([]);
  });

  it('forgets its poll when its state is reset', async () => {
    vi.useFakeTimers();
    try {
      bridge.listAttempts.mockResolvedValue(
        ok([
          {
            id: 'op1',
            provider: 'weir',
            connectionId: 'conn-1',
            connectionLabel: 'Weir prod',
            environment: 'production',
            name: 'Waiting client',
            remoteId: null,
            state: 'pending',
            errorCode: null,
            errorMessage: null,
            startedAt: '2025-01-01T00:00:00Z',
            finishedAt: null,
          },
        ]),
      );
      await useAttempts.getState().load();
      expect(bridge.listAttempts).toHaveBeenCalledTimes(1);
      useAttempts.setState(useAttempts.getInitialState(), true);
      await vi.advanceTimersByTimeAsync(ATTEMPTS_POLL_MS * 2);
      expect(bridge.listAttempts).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('loads settings with the vault status and saves a patch', async () => {
    await useSettings.getState().load();
    expect(useSettings.getState().vault?.protection).toBe('os');
    await saveSettings({ theme: 'dark' });
    expect(bridge.updateSettings).toHaveBeenCalledWith({ theme: 'dark' });
    expect(useSettings.getState().settings?.theme).toBe('dark');
  });
});
