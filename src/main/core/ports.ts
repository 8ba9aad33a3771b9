// What the core needs from the outside world. Electron adapters implement these in
// src/main; Node implementations (OS keyring, memory clipboard) serve tests and the
// browser host. Nothing in core imports `electron`.

/** Shaped like Electron's async safeStorage API. */
export interface SafeStorage {
  /** e.g. 'gnome_libsecret', 'kwallet6', 'basic_text', 'keychain', 'dpapi', 'os-keyring'. */
  backend(): Promise<string>;
  isAvailable(): Promise<boolean>;
  encrypt(plaintext: string): Promise<Buffer>;
  decrypt(ciphertext: Buffer): Promise<Decrypted>;
}

/** Electron's decryptStringAsync answer. */
export interface Decrypted {
  result: string;
  /** The OS rotated or upgraded the key that encrypted it: encrypt it again to keep it readable. */
  shouldReEncrypt: boolean;
}

/** The formats a password manager writes next to the text so clipboard managers skip it. */
export type ClipboardHints = Record<string, string>;

/** Async like Electron 45's clipboard (W3C async Clipboard API); clear() stays sync. */
export interface ClipboardPort {
  /** Writes text and the concealment hints atomically. */
  write(text: string, hints: ClipboardHints): Promise<void>;
  readText(): Promise<string>;
  clear(): void;
}

export interface Clock {
  now(): Date;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};

export type Fetch = typeof fetch;

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
