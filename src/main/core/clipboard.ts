import { createHash } from 'node:crypto';
import type { ClipboardHints, ClipboardPort, Clock } from './ports';

/**
 * Written with every secret so clipboard managers and OS histories skip it:
 * KDE Klipper, macOS pasteboard convention, Windows clipboard history / cloud sync.
 */
export const CONCEALED_HINTS: ClipboardHints = {
  'x-kde-passwordManagerHint': 'secret',
  'org.nspasteboard.ConcealedType': '',
  ExcludeClipboardContentFromMonitorProcessing: '',
  CanIncludeInClipboardHistory: '0',
};

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Copies like a password manager: secrets go out concealed and are cleared after a
 * delay, but only if the clipboard still holds them (the user may have copied something
 * else since). Only a hash of the last secret is kept in memory.
 */
export class ClipboardService {
  private pending: { digest: string; timer: { cancel(): void } | null } | null = null;

  constructor(
    private readonly port: ClipboardPort,
    private readonly clock: Clock,
    private readonly clearDelaySeconds: () => number,
  ) {}

  copyPublic(text: string): { clearsAt: null } {
    this.port.write(text, {});
    return { clearsAt: null };
  }

  copySecret(text: string): { clearsAt: string | null } {
    this.pending?.timer?.cancel();
    this.port.write(text, CONCEALED_HINTS);
    const seconds = this.clearDelaySeconds();
    const timer = seconds > 0 ? this.clock.setTimeout(() => this.clearIfUnchanged(), seconds * 1000) : null;
    this.pending = { digest: digest(text), timer };
    return { clearsAt: timer ? new Date(this.clock.now().getTime() + seconds * 1000).toISOString() : null };
  }

  /** Clears the clipboard if it still holds the last secret we wrote. */
  clearIfUnchanged(): boolean {
    const pending = this.pending;
    this.pending = null;
    pending?.timer?.cancel();
    if (!pending || digest(this.port.readText()) !== pending.digest) return false;
    this.port.clear();
    return true;
  }
}

/** A process-local clipboard: the browser host's and the tests' stand-in for the OS one. */
export class MemoryClipboard implements ClipboardPort {
  text = '';
  hints: ClipboardHints = {};
  write(text: string, hints: ClipboardHints): void {
    this.text = text;
    this.hints = { ...hints };
  }
  readText(): string {
    return this.text;
  }
  clear(): void {
    this.text = '';
    this.hints = {};
  }
}
