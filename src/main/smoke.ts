// The smoke run: `keyhold --smoke` (or `npm start -- --smoke`) starts the real app on a
// throwaway data folder, waits for the window to say over the bridge that it has rendered
// (rendererReady), checks that safeStorage gives a probe back through encrypt → decrypt and
// that the store answers, shuts down, prints one line and exits:
//   stdout `keyhold smoke ok <version> <platform> <storage backend>`, exit 0, or
//   stderr `keyhold smoke failed: <stage>: <what>`, exit 1 — always within 60 s.
// CI runs it against each OS's packaged build (scripts/smoke.cjs).
//
// Why the flag may stay in a packaged app: all it can do is start Keyhold on an empty,
// throwaway folder (with its own single-instance lock, so a running Keyhold is left alone),
// encrypt and decrypt a random probe, and exit. It reads and writes no user data and prints
// nothing secret. It is an argument our own main reads, not a Node or Chromium switch, so the
// fuses that packaging flips (no RunAsNode, NODE_OPTIONS or --inspect) stay in force. The probe
// goes through the OS keyring's Keyhold entry, as a first normal start would (made if absent).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';
import type { Core, SafeStorage } from './core';

export const SMOKE_FLAG = '--smoke';
export const SMOKE_TIMEOUT_MS = 60_000;

type Stage = 'start-up' | 'renderer' | 'safeStorage' | 'store' | 'shutdown';

/** What a timeout says, by the stage it caught. */
const WAITING_FOR: Record<Stage, string> = {
  'start-up': 'the app did not finish starting',
  renderer: 'the window never reported ready',
  safeStorage: 'safeStorage did not answer',
  store: 'the store did not answer',
  shutdown: 'shutting down did not finish',
};

export interface SmokeDeps {
  version: string;
  platform: string;
  timeoutMs?: number;
  /** Writes one line; resolves once it is flushed, so exiting cannot cut it off. */
  write(stream: 'stdout' | 'stderr', line: string): Promise<void>;
  /** Removes the throwaway data folder (best effort, never throws). */
  cleanUp(): void;
  exit(code: number): void;
}

/** The core the checks read the store through and shut down at the end. */
export type SmokeCore = Pick<Core, 'dispatch' | 'shutdown'>;

export interface SmokeRun {
  /** The core's onRendererReady: the window's ready call lands here. */
  rendererReady(): void;
  /**
   * Runs the checks (they wait for the window first) with the same safeStorage adapter the
   * vault uses, shuts the core down, reports, exits.
   */
  check(safeStorage: SafeStorage, core: SmokeCore): void;
  /** Start-up failed before the checks could run: report it and exit. */
  fail(error: unknown): void;
}

/** The smoke run's logic; the clock starts now, so the bound covers start-up too. */
export function createSmokeRun(deps: SmokeDeps): SmokeRun {
  const timeoutMs = deps.timeoutMs ?? SMOKE_TIMEOUT_MS;
  let stage: Stage = 'start-up';
  let reported = false;
  let exited = false;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const exit = (code: number): void => {
    if (exited) return;
    exited = true;
    clearTimeout(timer);
    deps.cleanUp();
    deps.exit(code);
  };

  /** The one line, then the exit; the first outcome wins, later ones are dropped. */
  const report = async (code: number, line: string): Promise<void> => {
    if (reported) return;
    reported = true;
    await deps.write(code === 0 ? 'stdout' : 'stderr', line).catch(() => {});
    exit(code);
  };
  const failed = (where: Stage, detail: string) => report(1, `keyhold smoke failed: ${where}: ${detail}`);

  // Not cancelled by a result: a shutdown that hangs after the checks still ends here.
  const timer = setTimeout(() => {
    void failed(stage, `timed out after ${timeoutMs / 1000} s: ${WAITING_FOR[stage]}`);
  }, timeoutMs);

  async function run(safeStorage: SafeStorage, core: SmokeCore): Promise<void> {
    let backend: string;
    try {
      stage = 'renderer';
      await ready;
      stage = 'safeStorage';
      backend = await probeSafeStorage(safeStorage);
      stage = 'store';
      await checkStore(core);
    } catch (error) {
      const where = stage;
      await core.shutdown().catch(() => {}); // the first failure is the one to report
      return failed(where, messageOf(error));
    }
    try {
      stage = 'shutdown';
      await core.shutdown();
    } catch (error) {
      return failed('shutdown', messageOf(error));
    }
    return report(0, `keyhold smoke ok ${deps.version} ${deps.platform} ${backend}`);
  }

  let checking = false;
  return {
    rendererReady: () => markReady(),
    check(safeStorage, core) {
      if (checking) return;
      checking = true;
      void run(safeStorage, core);
    },
    fail: (error) => void failed('start-up', messageOf(error)),
  };
}

/** Encrypts a random probe and decrypts it again; answers the backend that did it. */
async function probeSafeStorage(safeStorage: SafeStorage): Promise<string> {
  // Availability first: on Linux, Electron picks its backend on the first async call.
  if (!(await safeStorage.isAvailable())) throw new Error('encryption is not available');
  const probe = `keyhold-smoke-${randomUUID()}`;
  const sealed = await safeStorage.encrypt(probe);
  if (sealed.includes(probe)) throw new Error('the ciphertext holds the probe in plain text');
  const { result } = await safeStorage.decrypt(sealed);
  if (result !== probe) throw new Error('decrypting the probe did not give it back');
  return safeStorage.backend();
}

/** The store opened (createCore ran its migrations) and answers a read through the contract. */
async function checkStore(core: SmokeCore): Promise<void> {
  const settings = await core.dispatch('getSettings', undefined);
  if (!settings.ok) throw new Error(`${settings.error.code}: ${settings.error.message}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Null unless argv asks for a smoke run. Otherwise userData (and sessionData, Chromium's
 * profile) already point at a fresh throwaway folder when this returns: call it before
 * anything touches userData, the single-instance lock included. The folder is removed at exit.
 */
export function smokeRunFromArgv(
  app: Pick<App, 'setPath' | 'getVersion' | 'exit'>,
  argv: readonly string[] = process.argv,
): SmokeRun | null {
  if (!argv.includes(SMOKE_FLAG)) return null;
  const dataDir = mkdtempSync(join(tmpdir(), 'keyhold-smoke-'));
  app.setPath('userData', dataDir);
  app.setPath('sessionData', dataDir);
  return createSmokeRun({
    version: app.getVersion(),
    platform: process.platform,
    write: (stream, line) => new Promise((resolve) => process[stream].write(`${line}\n`, () => resolve())),
    cleanUp: () => removeThrowaway(dataDir),
    exit: (code) => app.exit(code),
  });
}

function removeThrowaway(dir: string): void {
  try {
    // Windows may still hold Chromium's profile files open: retry briefly, then leave it in tmp.
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    process.stderr.write(`keyhold smoke: could not remove ${dir} (${messageOf(error)})\n`);
  }
}
