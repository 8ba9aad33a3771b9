import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONCEALED_HINTS, ClipboardService, MemoryClipboard } from '../../src/main/core/clipboard';
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

  it('writes a secret with every concealment hint in one write', () => {
    const write = vi.spyOn(port, 'write');
    const { clearsAt } = service.copySecret('sk_secret_value');
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith('sk_secret_value', CONCEALED_HINTS);
    expect(CONCEALED_HINTS).toMatchObject({
      'x-kde-passwordManagerHint': 'secret',
      'org.nspasteboard.ConcealedType': '',
      ExcludeClipboardContentFromMonitorProcessing: '',
      CanIncludeInClipboardHistory: '0',
    });
    expect(clearsAt).toBe('2026-01-01T00:00:30.000Z');
  });

  it('clears after the delay when the clipboard still holds the secret', () => {
    service.copySecret('sk_secret_value');
    vi.advanceTimersByTime(29_999);
    expect(port.text).toBe('sk_secret_value');
    vi.advanceTimersByTime(1);
    expect(port.text).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else', () => {
    service.copySecret('sk_secret_value');
    port.write('something the user copied', {});
    vi.advanceTimersByTime(30_000);
    expect(port.text).toBe('something the user copied');
  });

  it('restarts the timer for a new secret and only clears the latest', () => {
    service.copySecret('first_secret');
    vi.advanceTimersByTime(20_000);
    service.copySecret('second_secret');
    vi.advanceTimersByTime(10_000);
    expect(port.text).toBe('second_secret');
    vi.advanceTimersByTime(20_000);
    expect(port.text).toBe('');
  });

  it('never clears when the delay is 0', () => {
    delay = 0;
    expect(service.copySecret('sk_secret_value').clearsAt).toBeNull();
    vi.advanceTimersByTime(3_600_000);
    expect(port.text).toBe('sk_secret_value');
  });

  it('clears on quit only if the secret is still there', () => {
    service.copySecret('sk_secret_value');
    expect(service.clearIfUnchanged()).toBe(true);
    expect(port.text).toBe('');
    service.copySecret('sk_other');
    port.write('user text', {});
    expect(service.clearIfUnchanged()).toBe(false);
    expect(port.text).toBe('user text');
  });

  it('copies public values plainly, without hints or clearing', () => {
    expect(service.copyPublic('pk_public')).toEqual({ clearsAt: null });
    expect(port.hints).toEqual({});
    vi.advanceTimersByTime(60_000);
    expect(port.text).toBe('pk_public');
  });
});
