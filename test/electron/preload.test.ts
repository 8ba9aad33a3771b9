import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer } from './fake-electron';
import { channelOf, METHODS } from '../../src/shared/channels';

vi.mock('electron', () => import('./fake-electron'));

let api: Record<string, (...args: unknown[]) => Promise<unknown>>;

beforeAll(async () => {
  await import('../../src/preload/index');
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [name, exposed] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, typeof api];
  expect(name).toBe('keyhold');
  api = exposed;
});

describe('preload bridge', () => {
  it('exposes exactly one function per contract method and nothing else', () => {
    expect(Object.keys(api).sort()).toEqual([...METHODS].sort());
    for (const method of METHODS) expect(typeof api[method], method).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it.each(METHODS.map((m) => [m]))(
    '%s invokes its own channel with exactly the one input',
    async (method) => {
      ipcRenderer.invoke.mockClear();
      const input = { probe: method };
      await api[method]!(input, 'extra', 'arguments');
      expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(channelOf(method), input);
    },
  );

  it('returns what main answers', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'auth', message: 'Token refused' },
    });
    await expect(api['listConnections']!()).resolves.toEqual({
      ok: false,
      error: { code: 'auth', message: 'Token refused' },
    });
  });

  it('keeps zod and main code out of the preload', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../src/preload/index.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/^import\s+(type\s+)?.*from\s+'([^']+)'/gm)].map((m) => ({
      typeOnly: Boolean(m[1]),
      from: m[2],
    }));
    for (const { typeOnly, from } of imports) {
      if (typeOnly) continue;
      expect(['electron', '../shared/channels']).toContain(from);
    }
  });
});
