import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions, type SafeStorage } from '../../src/main/core';
import { MemoryClipboard, KeyringSafeStorage } from '../../src/main/core/node-ports';
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import type { ClientDetail } from '../../src/shared/domain';

export function tempDir(prefix = 'keyhold-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface KeyringEntry {
  account: string;
  password: string;
}

/**
 * The real OS keyring under a keyring service of its own, so a test sees (and `destroy()`
 * removes) exactly the entries its stores made, whatever other test files do meanwhile.
 * Two instances with the same service are two processes sharing one keyring.
 */
export class TestKeyring extends KeyringSafeStorage {
  constructor(service = `Keyhold tests ${randomUUID()}`) {
    super({ service });
  }

  /** What the OS keyring holds for this service. */
  entries(): Promise<KeyringEntry[]> {
    return findCredentialsAsync(this.service);
  }

  /** Deletes every entry of the service with the Secret Service's own tool, as a user would. */
  clearWithSecretTool(): void {
    execFileSync('secret-tool', ['clear', 'service', this.service]);
  }

  /** Puts entries back (a user restoring them from a keyring backup). */
  async restore(entries: KeyringEntry[]): Promise<void> {
    for (const { account, password } of entries) {
      await new AsyncEntry(this.service, account, LINUX_SECRET_SERVICE).setPassword(password);
    }
  }

  override async destroy(): Promise<void> {
    for (const { account } of await this.entries()) {
      await new AsyncEntry(this.service, account, LINUX_SECRET_SERVICE).deletePassword();
    }
  }
}

const LINUX_SECRET_SERVICE = { linux: { store: 'secret-service' } } as const;

/**
 * The real keyring the way Electron's safeStorage presents one: a single key for every store
 * (no `storeKey`), made on first use.
 */
export function userWideKeyring(keyring: KeyringSafeStorage): SafeStorage {
  const key = keyring.storeKey(`user-wide-${randomUUID()}`);
  let made: Promise<void> | null = null;
  const ready = () => (made ??= key.create());
  return {
    backend: () => keyring.backend(),
    isAvailable: () => keyring.isAvailable(),
    encrypt: async (plaintext) => {
      await ready();
      return key.encrypt(plaintext);
    },
    decrypt: async (ciphertext) => {
      await ready();
      return key.decrypt(ciphertext);
    },
  };
}

/** A real OS-keyring SafeStorage in a service of its own, removed by `destroy()`. */
export function testKeyring(): TestKeyring {
  return new TestKeyring();
}

export interface TestCore {
  core: Core;
  clipboard: MemoryClipboard;
  dataDir: string;
  safeStorage: SafeStorage;
  /** Re-open the same data dir (simulates a restart). */
  restart(): Promise<TestCore>;
  dispose(): Promise<void>;
}

/** The real core over a temp data dir and the real OS keyring. */
export function startTestCore(options: Partial<CoreOptions> = {}): TestCore {
  const dir = tempDir();
  const safeStorage = options.safeStorage ?? testKeyring();
  const open = (): TestCore => {
    const clipboard = new MemoryClipboard();
    const core = createCore({ dataDir: dir.path, safeStorage, clipboard, ...options });
    return {
      core,
      clipboard,
      dataDir: dir.path,
      safeStorage,
      async restart() {
        await core.shutdown();
        return open();
      },
      async dispose() {
        await core.shutdown().catch(() => {});
        if (safeStorage instanceof KeyringSafeStorage) await safeStorage.destroy().catch(() => {});
        dir.remove();
      },
    };
  };
  return open();
}

/** Unwraps a dispatch result or fails the test with the error. */
export async function call<T = unknown>(core: Core, method: string, payload?: unknown): Promise<T> {
  const result = await core.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** Imports a Weir client with no connection (set-up, not a flow under test). */
export function importWeirClient(
  core: Core,
  client: { name: string; remoteId: string; secret: string; publicId?: string; environment?: string },
): Promise<ClientDetail> {
  const { publicId = `pub_${client.remoteId}`, environment = 'production', ...rest } = client;
  return call<ClientDetail>(core, 'importClient', {
    provider: 'weir',
    connectionId: null,
    environment,
    publicId,
    ...rest,
  });
}
