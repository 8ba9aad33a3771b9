import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONCEALED_HINTS, ClipboardService } from '../../src/main/core/clipboard/clipboard';
import { MemoryClipboard } from '../../src/main/core/clipboard/memory-clipboard';
import { systemClock } from '../../src/main/core/ports';

describe('clipboard service', () => {
  let port: MemoryClipboard;
  let delay: number;
  let service: ClipboardService;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    port = new MemoryClipboard();
    delay = 30;
    service = new ClipboardService(port, systemClock, () => delay);
  });
  afterEach(() => vi.useRealTimers());

  it('writes a secret with every concealment hint in one write', async () => {
    const write = vi.spyOn(port, 'write');
    const { clearsAt } = await service.copySecret('sk_secret_value');
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith('sk_secret_value', CONCEALED_HINTS);
    expect(CONCEALED_HINTS).toMatchObject({
      'x-kde-passwordManagerHint': 'secret',
      'org.nspasteboard.ConcealedType': 'secret',
      ExcludeClipboardContentFromMonitorProcessing: '1',
      CanIncludeInClipboardHistory: '0',
      CanUploadToCloudClipboard: '0',
    });
    expect(clearsAt).toBe('2026-01-01T00:00:30.000Z');
  });

  it('clears after the delay when the clipboard still holds the secret', async () => {
    await service.copySecret('sk_secret_value');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(port.text).toBe('sk_secret_value');
    await vi.advanceTimersByTimeAsync(1);
    expect(port.text).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else', async () => {
    await service.copySecret('sk_secret_value');
    await port.write('something the user copied', {});
    await vi.advanceTimersByTimeAsync(30_000);
    expect(port.text).toBe('something the user copied');
  });

  it('restarts the timer for a new secret and only clears the latest', async () => {
    await service.copySecret('first_secret');
    await vi.advanceTimersByTimeAsync(20_000);
    await service.copySecret('second_secret');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(port.text).toBe('second_secret');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(port.text).toBe('');
  });

  it('never clears when the delay is 0', async () => {
    delay = 0;
    expect((await service.copySecret('sk_secret_value')).clearsAt).toBeNull();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(port.text).toBe('sk_secret_value');
  });

  it('clears on quit only if the secret is still there', async () => {
    await service.copySecret('sk_secret_value');
    expect(await service.clearIfUnchanged()).toBe(true);
    expect(port.text).toBe('');
    await service.copySecret('sk_other');
    await port.write('user text', {});
    expect(await service.clearIfUnchanged()).toBe(false);
    expect(port.text).toBe('user text');
  });

  it('copies public values plainly, without hints or clearing', async () => {
    expect(await service.copyPublic('pk_public')).toEqual({ clearsAt: null });
    expect(port.hints).toEqual({});
    await vi.advanceTimersByTimeAsync(60_000);
    expect(port.text).toBe('pk_public');
  });
});

describe('clipboard service, overlapping copies', () => {
  it('leaves only the latest timer armed', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    try {
      const port = new MemoryClipboard();
      let release: () => void = () => {};
      const slowFirstWrite = new Promise<void>((resolve) => (release = resolve));
      const write = port.write.bind(port);
      let calls = 0;
      port.write = async (text, hints) => {
        calls += 1;
        if (calls === 1) await slowFirstWrite;
        return write(text, hints);
      };
      const service = new ClipboardService(port, systemClock, () => 30);
      const first = service.copySecret('first_secret');
      await service.copySecret('second_secret'); // arms a timer while the first write waits
      release();
      await first;
      // A later secret must keep its full delay: no orphaned timer may clear it early.
      await vi.advanceTimersByTimeAsync(20_000);
      await service.copySecret('fourth_secret');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(port.text).toBe('fourth_secret');
      await vi.advanceTimersByTimeAsync(20_000);
      expect(port.text).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });
});
