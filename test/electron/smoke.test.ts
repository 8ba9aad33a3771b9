// The smoke run's logic (src/main/smoke.ts) with its ports faked: the wait for the window's
// ready call, the safeStorage probe, the store check, the one line, the exit code, and the
// 60 s bound (fake timers). index.test.ts drives it through the composition root.
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SafeStorage } from '../../src/main/core';
import { createSmokeRun, smokeRunFromArgv, type SmokeCore } from '../../src/main/smoke';
import { app as fakeApp, resetFakes } from './fake-electron';

const flip = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));

function fakeSafeStorage() {
  return {
    backend: vi.fn(async () => 'gnome_libsecret'),
    isAvailable: vi.fn(async () => true),
    encrypt: vi.fn(async (plaintext: string) => flip(Buffer.from(plaintext))),
    decrypt: vi.fn(async (ciphertext: Buffer) => ({
      result: flip(ciphertext).toString(),
      shouldReEncrypt: false,
    })),
  } satisfies SafeStorage;
}

function harness() {
  const lines: Array<[string, string]> = [];
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const deps = {
    version: '1.2.3',
    platform: 'linux',
    write: vi.fn(async (stream: 'stdout' | 'stderr', line: string) => void lines.push([stream, line])),
    cleanUp: vi.fn(),
    exit: vi.fn((code: number) => resolveExit(code)),
  };
  const safeStorage = fakeSafeStorage();
  const core = {
    dispatch: vi.fn(async (_method: string, _payload: unknown) => ({ ok: true, value: {} }) as const),
    shutdown: vi.fn(async () => {}),
  } satisfies SmokeCore;
  const smoke = createSmokeRun(deps);
  // The composition root's calls, with this harness's safeStorage.
  const run = { ...smoke, check: (c: SmokeCore) => smoke.check(safeStorage, c) };
  return { deps, core, safeStorage, lines, exited, run };
}

/** Lets every pending promise callback run (no timers involved). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a smoke run that passes', () => {
  it('prints one ok line with version, platform and backend, after shutting down, and exits 0', async () => {
    const { run, core, deps, lines, exited } = harness();
    run.check(core);
    run.rendererReady();
    expect(await exited).toBe(0);
    expect(lines).toEqual([['stdout', 'keyhold smoke ok 1.2.3 linux gnome_libsecret']]);
    expect(core.dispatch).toHaveBeenCalledWith('getSettings', undefined);
    expect(core.shutdown).toHaveBeenCalledOnce();
    expect(deps.exit).toHaveBeenCalledExactlyOnceWith(0);
    const order = [core.shutdown, deps.write, deps.cleanUp, deps.exit].map(
      (f) => f.mock.invocationCallOrder[0],
    );
    expect(order).toEqual([...order].sort((a, b) => a! - b!));
  });

  it('waits for the window before it probes anything', async () => {
    const { run, core, safeStorage, deps, exited } = harness();
    run.check(core);
    await settle();
    expect(safeStorage.isAvailable).not.toHaveBeenCalled();
    expect(core.dispatch).not.toHaveBeenCalled();
    expect(deps.exit).not.toHaveBeenCalled();
    run.rendererReady();
    expect(await exited).toBe(0);
  });

  it('also passes when the window was ready before the core handed over', async () => {
    const { run, core, exited } = harness();
    run.rendererReady();
    run.check(core);
    expect(await exited).toBe(0);
  });

  it('round-trips a fresh random probe through safeStorage', async () => {
    const first = harness();
    first.run.rendererReady();
    first.run.check(first.core);
    await first.exited;
    const second = harness();
    second.run.rendererReady();
    second.run.check(second.core);
    await second.exited;
    const [probe] = first.safeStorage.encrypt.mock.calls[0]!;
    expect(probe).toMatch(/^keyhold-smoke-[0-9a-f-]{36}$/);
    expect(second.safeStorage.encrypt.mock.calls[0]![0]).not.toBe(probe);
    const sealed = await first.safeStorage.encrypt.mock.results[0]!.value;
    expect(first.safeStorage.decrypt).toHaveBeenCalledWith(sealed);
  });
});

describe('a smoke run that fails', () => {
  const cases: Array<[string, (h: ReturnType<typeof harness>) => void, string]> = [
    [
      'safeStorage says encryption is unavailable',
      (h) => h.safeStorage.isAvailable.mockResolvedValue(false),
      'keyhold smoke failed: safeStorage: encryption is not available',
    ],
    [
      'encrypting throws',
      (h) => h.safeStorage.encrypt.mockRejectedValue(new Error('Error while encrypting the text provided')),
      'keyhold smoke failed: safeStorage: Error while encrypting the text provided',
    ],
    [
      'the ciphertext is the plaintext',
      (h) => h.safeStorage.encrypt.mockImplementation(async (text: string) => Buffer.from(`v11${text}`)),
      'keyhold smoke failed: safeStorage: the ciphertext holds the probe in plain text',
    ],
    [
      'decrypting gives something else back',
      (h) => h.safeStorage.decrypt.mockResolvedValue({ result: 'other', shouldReEncrypt: false }),
      'keyhold smoke failed: safeStorage: decrypting the probe did not give it back',
    ],
    [
      'the store does not answer the read',
      (h) =>
        h.core.dispatch.mockResolvedValue({
          ok: false,
          error: { code: 'internal', message: 'database disk image is malformed' },
        } as never),
      'keyhold smoke failed: store: internal: database disk image is malformed',
    ],
    [
      'shutting down fails after good checks',
      (h) => h.core.shutdown.mockRejectedValue(new Error('database is locked')),
      'keyhold smoke failed: shutdown: database is locked',
    ],
  ];

  it.each(cases)('when %s: one line on stderr, exit 1', async (_name, breakIt, expected) => {
    const h = harness();
    breakIt(h);
    h.run.check(h.core);
    h.run.rendererReady();
    expect(await h.exited).toBe(1);
    expect(h.lines).toEqual([['stderr', expected]]);
    expect(h.core.shutdown).toHaveBeenCalledOnce(); // files released before the folder goes
    expect(h.deps.cleanUp).toHaveBeenCalledOnce();
    expect(h.deps.exit).toHaveBeenCalledOnce();
  });

  it('reports a start-up failure at once and ignores everything after it', async () => {
    const { run, core, deps, lines, exited } = harness();
    run.fail(new Error('Keyhold could not open its database'));
    expect(await exited).toBe(1);
    run.check(core);
    run.rendererReady();
    await settle();
    expect(lines).toEqual([
      ['stderr', 'keyhold smoke failed: start-up: Keyhold could not open its database'],
    ]);
    expect(deps.exit).toHaveBeenCalledOnce();
  });

  it('still exits when the line cannot be written', async () => {
    const { run, core, deps, exited } = harness();
    deps.write.mockRejectedValue(new Error('EPIPE'));
    run.check(core);
    run.rendererReady();
    expect(await exited).toBe(0);
  });
});

describe('the 60 s bound', () => {
  it('fails a window that never reports ready after 60 s, and not before', async () => {
    vi.useFakeTimers();
    const { run, core, deps, lines } = harness();
    run.check(core);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(deps.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(deps.exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(lines).toEqual([
      ['stderr', 'keyhold smoke failed: renderer: timed out after 60 s: the window never reported ready'],
    ]);
    expect(deps.cleanUp).toHaveBeenCalledOnce();
  });

  it('counts from the start, so an app that never gets to the checks fails too', async () => {
    vi.useFakeTimers();
    const { deps, lines } = harness();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(deps.exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(lines[0]![1]).toBe(
      'keyhold smoke failed: start-up: timed out after 60 s: the app did not finish starting',
    );
  });

  it('ends a shutdown that hangs after good checks', async () => {
    vi.useFakeTimers();
    const { run, core, deps, lines } = harness();
    core.shutdown.mockReturnValue(new Promise<void>(() => {}));
    run.check(core);
    run.rendererReady();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(deps.exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(lines).toEqual([
      ['stderr', 'keyhold smoke failed: shutdown: timed out after 60 s: shutting down did not finish'],
    ]);
  });

  it('is cleared by a result: nothing more happens after the exit', async () => {
    vi.useFakeTimers();
    const { run, core, deps, lines } = harness();
    run.check(core);
    run.rendererReady();
    await vi.advanceTimersByTimeAsync(0);
    expect(deps.exit).toHaveBeenCalledExactlyOnceWith(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(deps.exit).toHaveBeenCalledOnce();
    expect(lines).toHaveLength(1);
  });
});

describe('smokeRunFromArgv', () => {
  afterEach(() => resetFakes());

  it('is null, and moves nothing, without --smoke', () => {
    expect(smokeRunFromArgv(fakeApp, ['keyhold', '--password-store=gnome-libsecret'])).toBeNull();
    expect(fakeApp.setPath).not.toHaveBeenCalled();
  });

  it('points userData and sessionData at a fresh throwaway folder, removed at exit', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, done?: () => void) => {
      written.push(chunk);
      done?.();
      return true;
    }) as typeof process.stdout.write);
    fakeApp.getVersion.mockReturnValue('9.8.7');
    const run = smokeRunFromArgv(fakeApp, ['keyhold', '--smoke']);
    expect(run).not.toBeNull();
    const [[name, dataDir]] = fakeApp.setPath.mock.calls as [[string, string]];
    expect(name).toBe('userData');
    expect(fakeApp.setPath).toHaveBeenCalledWith('sessionData', dataDir);
    expect(dirname(dataDir)).toBe(tmpdir());
    expect(basename(dataDir)).toMatch(/^keyhold-smoke-/);
    expect(readdirSync(dataDir)).toEqual([]);

    const exited = new Promise<void>((resolve) => fakeApp.exit.mockImplementation(() => resolve()));
    const { core, safeStorage } = harness();
    run!.check(safeStorage, core);
    run!.rendererReady();
    await exited;
    expect(fakeApp.exit).toHaveBeenCalledExactlyOnceWith(0);
    expect(written).toEqual([`keyhold smoke ok 9.8.7 ${process.platform} gnome_libsecret\n`]);
    expect(existsSync(dataDir)).toBe(false);
  });
});
