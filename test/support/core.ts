import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryClipboard } from '../../src/main/core/clipboard';
import { createCore, type Core, type CoreOptions, type SafeStorage } from '../../src/main/core/index';
import { KeyringSafeStorage } from '../../src/main/core/vault/keyring-safe-storage';

export function tempDir(prefix = 'keyhold-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A real OS-keyring SafeStorage under a unique account, removed by `destroy()`. */
export function testKeyring(): KeyringSafeStorage {
  return new KeyringSafeStorage({ service: 'Keyhold tests', account: `test-${randomUUID()}` });
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
