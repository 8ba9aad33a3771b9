// rendererReady: the window's "I have rendered" call. It reaches the core's hook (the smoke
// run's handshake), and without a hook it is a harmless no-op answering ok.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryClipboard } from '../../src/main/core/node-ports';
import { createCore, type Core } from '../../src/main/core/index';
import { BasicTextSafeStorage } from '../support/basic-text-safe-storage';
import { tempDir } from '../support/core';

const opened: Array<{ core: Core; remove(): void }> = [];

function start(onRendererReady?: () => void): Core {
  const dir = tempDir();
  const core = createCore({
    dataDir: dir.path,
    safeStorage: new BasicTextSafeStorage(),
    clipboard: new MemoryClipboard(),
    onRendererReady,
  });
  opened.push({ core, remove: dir.remove });
  return core;
}

afterEach(async () => {
  for (const { core, remove } of opened.splice(0)) {
    await core.shutdown();
    remove();
  }
});

describe('rendererReady', () => {
  it('calls the hook each time the window says it is ready', async () => {
    const onReady = vi.fn();
    const core = start(onReady);
    expect(onReady).not.toHaveBeenCalled();
    await expect(core.dispatch('rendererReady', undefined)).resolves.toEqual({
      ok: true,
      value: { ok: true },
    });
    await core.dispatch('rendererReady', null);
    expect(onReady).toHaveBeenCalledTimes(2);
  });

  it('answers ok and does nothing without a hook', async () => {
    const core = start();
    await expect(core.dispatch('rendererReady', undefined)).resolves.toEqual({
      ok: true,
      value: { ok: true },
    });
  });

  it('takes no input: a payload is refused and the hook is not called', async () => {
    const onReady = vi.fn();
    const core = start(onReady);
    const result = await core.dispatch('rendererReady', { ready: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(onReady).not.toHaveBeenCalled();
  });
});
