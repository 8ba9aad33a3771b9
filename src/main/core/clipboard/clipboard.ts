import { createHash } from 'node:crypto';
import type { ClipboardHints, ClipboardPort, Clock } from '../ports';

/**
 * Written with every secret so clipboard managers and OS histories skip it:
 * KDE Klipper, macOS pasteboard convention, Windows clipboard history / cloud sync.
 */
export const CONCEALED_HINTS: ClipboardHints = {
  'x-kde-passwordManagerHint': 'secret',
  // Non-empty: some pasteboard bridges drop empty payloads.
  'org.nspasteboard.ConcealedType': 'secret',
  ExcludeClipboardContentFromMonitorProcessing: '1',
  // DWORD flags on Windows (the Electron adapter encodes them as 4 bytes).
  CanIncludeInClipboardHistory: '0',
  CanUploadToCloudClipboard: '0',
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

  async copyPublic(text: string): Promise<{ clearsAt: null }> {
    await this.port.write(text, {});
    return { clearsAt: null };
  }

  async copySecret(text: string): Promise<{ clearsAt: string | null }> {
    this.pending?.timer?.cancel();
    await this.port.write(text, CONCEALED_HINTS);
    // Again after the await: an overlapping copy may have armed a timer meanwhile.
    this.pending?.timer?.cancel();
    const seconds = this.clearDelaySeconds();
    const timer =
      seconds > 0
        ? this.clock.setTimeout(() => void this.clearIfUnchanged().catch(() => {}), seconds * 1000)
        : null;
    this.pending = { digest: digest(text), timer };
    return { clearsAt: timer ? new Date(this.clock.now().getTime() + seconds * 1000).toISOString() : null };
  }

  /** Clears the clipboard if it still holds the last secret we wrote. */
  async clearIfUnchanged(): Promise<boolean> {
    const pending = this.pending;
    this.pending = null;
    pending?.timer?.cancel();
    if (!pending || digest(await this.port.readText()) !== pending.digest) return false;
    this.port.clear();
    return true;
  }
}
