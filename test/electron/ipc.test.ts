import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcMain, resetFakes } from './fake-electron';
import { channelOf, METHODS } from '../../src/shared/channels';
import { registerIpc } from '../../src/main/ipc';
import type { Result } from '../../src/shared/errors';

vi.mock('electron', () => import('./fake-electron'));

const ORIGINS = ['app://keyhold'];
const OK: Result<unknown> = { ok: true, value: { backend: 'gnome_libsecret' } };
const dispatch = vi.fn(async (_method: string, _payload: unknown): Promise<Result<unknown>> => OK);

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}
const topFrame = (url: string): FakeFrame => ({ url, parent: null });
const invoke = (channel: string, event: { senderFrame: FakeFrame | null }, payload?: unknown) => {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler({ ...event, sender: {} }, payload);
};

beforeEach(() => {
  resetFakes();
  dispatch.mockClear();
});

describe('IPC registration', () => {
  it('registers exactly one handler per contract method', () => {
    registerIpc(dispatch, ORIGINS);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(METHODS.map(channelOf).sort());
  });

  it('removes them again', () => {
    const unregister = registerIpc(dispatch, ORIGINS);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });
});

describe('IPC sender check', () => {
  beforeEach(() => registerIpc(dispatch, ORIGINS));

  it('dispatches calls from the top frame of app://keyhold with method and payload', async () => {
    const payload = { id: 'c1', field: 'secretKey' };
    const result = await invoke(
      channelOf('copyField'),
      { senderFrame: topFrame('app://keyhold/index.html') },
      payload,
    );
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('copyField', payload);
    expect(result).toBe(OK);
  });

  it.each([
    ['a foreign origin', topFrame('https://evil.example/')],
    ['a look-alike host', topFrame('app://keyhold.evil/index.html')],
    ['file://', topFrame('file:///home/user/index.html')],
    ['the dev server when not trusted', topFrame('http://localhost:5173/')],
    ['about:blank', topFrame('about:blank')],
    [
      'a same-origin subframe',
      { url: 'app://keyhold/index.html', parent: topFrame('app://keyhold/index.html') },
    ],
    ['a destroyed or navigated frame', null],
  ])('refuses %s without calling the core', async (_label, senderFrame) => {
    const result = await invoke(channelOf('revealSecret'), { senderFrame }, { id: 'c1', field: 'secretKey' });
    expect(result).toEqual({ ok: false, error: { code: 'forbidden_sender', message: expect.any(String) } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('trusts the dev server only when it is in the trusted origins', async () => {
    resetFakes();
    registerIpc(dispatch, ['app://keyhold', 'http://localhost:5173']);
    await invoke(channelOf('getSettings'), { senderFrame: topFrame('http://localhost:5173/') });
    expect(dispatch).toHaveBeenCalledWith('getSettings', undefined);
  });

  it('turns a throwing dispatch into an internal error result', async () => {
    dispatch.mockRejectedValueOnce(new Error('boom with token sk_live_123'));
    const result = await invoke(channelOf('getSettings'), { senderFrame: topFrame('app://keyhold/') });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toContain('sk_live_123');
  });
});
