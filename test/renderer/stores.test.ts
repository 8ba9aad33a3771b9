import { beforeEach, describe, expect, it, vi } from 'vitest';
import { connection, detail, fail, installBridge, ok, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;

beforeEach(() => {
  vi.resetModules();
  bridge = installBridge();
});

describe('api wrapper', () => {
  it('unwraps values and turns errors into ApiError', async () => {
    const { api, ApiError, toError } = await import('../../src/renderer/src/api');
    bridge.getClient.mockResolvedValueOnce(ok(detail()));
    await expect(api.getClient({ id: 'c1' })).resolves.toMatchObject({ id: 'c1' });

    bridge.getClient.mockResolvedValueOnce(fail({ code: 'not_found_local', message: 'No such client' }));
    const err = await api.getClient({ id: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(toError(err)).toEqual({ code: 'not_found_local', message: 'No such client' });
  });

  it('reports a bridge that throws or is missing as an error, never a crash', async () => {
    const { api, toError } = await import('../../src/renderer/src/api');
    bridge.listConnections.mockRejectedValueOnce(new Error('socket closed'));
    const err = await api.listConnections().catch(toError);
    expect(err).toMatchObject({ code: 'internal', message: expect.stringContaining('socket closed') });

    delete (globalThis as { keyhold?: unknown }).keyhold;
    await expect(api.getSettings().catch(toError)).resolves.toMatchObject({ code: 'internal' });
  });
});

describe('detail store', () => {
  it('drops a detail that arrives after another client was selected', async () => {
    const { useDetail } = await import('../../src/renderer/src/stores/detail');
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
    const { useConnections } = await import('../../src/renderer/src/stores/connections');
    await useConnections.getState().load();
    expect(useConnections.getState().items).toHaveLength(1);
    bridge.addConnection.mockResolvedValueOnce(ok(connection({ id: 'conn-2', label: 'Mythic' })));
    await useConnections
      .getState()
      .add({ provider: 'mythic', label: 'Mythic', baseUrl: 'https://x', token: 't' });
    bridge.updateConnection.mockResolvedValueOnce(ok(connection({ id: 'conn-2', label: 'Renamed' })));
    await useConnections.getState().update({ id: 'conn-2', label: 'Renamed' });
    expect(useConnections.getState().items?.map((c) => c.label)).toEqual(['Weir prod', 'Renamed']);
    bridge.removeConnection.mockResolvedValueOnce(ok({ ok: true }));
    await useConnections.getState().remove('conn-1');
    expect(useConnections.getState().items?.map((c) => c.id)).toEqual(['conn-2']);
  });

  it('keeps unknown attempts until dismissed', async () => {
    const { useAttempts, selectUnknown } = await import('../../src/renderer/src/stores/attempts');
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
    await useAttempts.getState().dismiss('op1');
    expect(bridge.dismissAttempt).toHaveBeenCalledWith({ id: 'op1' });
    expect(selectUnknown(useAttempts.getState())).toEqual([]);
  });

  it('loads settings with the vault status and saves a patch', async () => {
    const { useSettings } = await import('../../src/renderer/src/stores/settings');
    await useSettings.getState().load();
    expect(useSettings.getState().vault?.protection).toBe('os');
    await useSettings.getState().update({ theme: 'dark' });
    expect(bridge.updateSettings).toHaveBeenCalledWith({ theme: 'dark' });
    expect(useSettings.getState().settings?.theme).toBe('dark');
  });
});
