// What the core needs from the outside world. Electron adapters implement these in
// src/main; Node implementations (OS keyring, memory clipboard) serve tests and the
// browser host. Nothing in core imports `electron`.

/** Shaped like Electron's async safeStorage API. */
export interface SafeStorage {
  /** e.g. 'gnome_libsecret', 'kwallet6', 'basic_text', 'keychain', 'dpapi', 'secret-service'. */
  backend(): Promise<string>;
  isAvailable(): Promise<boolean>;
  encrypt(plaintext: string): Promise<Buffer>;
  decrypt(ciphertext: Buffer): Promise<Decrypted>;
  /**
   * Only in a storage that keeps a key of its own for each store (the Node keyring); Electron's
   * safeStorage keeps one key per OS user and leaves this out. The key of the store that records
   * `keyId`: the vault seals its data key with it instead of `encrypt` / `decrypt`.
   */
  storeKey?(keyId: string): StoreKey;
  /** With `storeKey`: the id of the key that stores from before key ids used, if there is one. */
  readonly legacyKeyId?: string | undefined;
}

/** One store's key in a SafeStorage that keeps a key per store. Only `create` ever makes it. */
export interface StoreKey {
  /** What the store records, so its key is found wherever its folder goes. */
  readonly id: string;
  /** Where the user finds it, e.g. `the entry "master-key:…" of "Keyhold"`. */
  readonly name?: string;
  /** Makes the key: only for a store that holds no wrapped data key yet. */
  create(): Promise<void>;
  encrypt(plaintext: string): Promise<Buffer>;
  decrypt(ciphertext: Buffer): Promise<Decrypted>;
  /**
   * Writes the key back if its entry vanished since this process read it. False (nothing written)
   * if the entry now holds another key.
   */
  keep(): Promise<boolean>;
}

/** A failure a SafeStorage can name exactly (Electron's cannot: the vault reads their messages). */
export class SafeStorageError extends Error {
  constructor(
    readonly reason: 'locked' | 'unavailable' | 'missing',
    message: string,
  ) {
    super(message);
    this.name = 'SafeStorageError';
  }
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
