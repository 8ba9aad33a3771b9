// The composition root, started against the fake Electron: single-instance lock, what
// happens before and after 'ready', and the lifecycle events it wires.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { channelOf, METHODS } from '../../src/shared/channels';
import type * as Fake from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const core = {
  handlers: { getSettings: vi.fn(async () => ({ createWaitMinutes: 10 })) },
  dispatch: vi.fn(async () => ({ ok: true, value: null })),
  shutdown: vi.fn(async () => {}),
  waitingCreates: vi.fn((): unknown[] => []),
  abandonWaitingCreates: vi.fn(() => 0),
  createsSettled: vi.fn(async () => {}),
  cli: {
    listen: vi.fn(async () => ({ socket: '/run/user/0/keyhold/cli.sock', ownPath: false, notice: '' })),
    endGrants: vi.fn((_reason: string) => 0),
  },
};
const createCore = vi.fn((_options: Record<string, unknown>) => core);
vi.mock('../../src/main/core/index', async () => ({
  createCore,
  ...(await import('../../src/main/core/create/waiting-creates')),
}));

let electron: typeof Fake;

/** Imports src/main/index.ts afresh, as Electron does when it starts the app. */
async function start(setup: (e: typeof Fake) => void = () => {}): Promise<void> {
  vi.resetModules();
  // The very module instance src/main/index.ts will receive for 'electron'.
  electron = (await import('electron')) as unknown as typeof Fake;
  electron.resetFakes();
  vi.spyOn(console, 'error').mockImplementation(() => {});
  setup(electron);
  await import('../../src/main/index');
}

async function becomeReady(): Promise<Fake.BrowserWindow> {
  electron.app.becomeReady();
  await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1));
  return electron.BrowserWindow.instances[0]!;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('single instance', () => {
  it('quits at once when another instance holds the lock', async () => {
    await start((e) => e.app.requestSingleInstanceLock.mockReturnValue(false));
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.app.listenerCount('second-instance')).toBe(0);
  });

  it('brings the existing window to the front when a second instance starts', async () => {
    await start();
    const window = await becomeReady();
    window.minimized = true;
    electron.app.emit('second-instance', {}, ['keyhold'], '/');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(electron.BrowserWindow.instances).toHaveLength(1);
  });
});

describe('start-up', () => {
  it('enables the sandbox and registers the app scheme before ready, and nothing else', async () => {
    await start();
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(electron.protocol.handle).not.toHaveBeenCalled();
    expect(createCore).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });

  it('on ready: denies permissions, serves app://, builds the core, registers IPC, opens the window', async () => {
    await start();
    const window = await becomeReady();
    const session = electron.session.defaultSession;
    expect(session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(session.setPermissionCheckHandler).toHaveBeenCalled();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(createCore).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({
        dataDir: '/fake/userData',
        safeStorage: expect.objectContaining({ encrypt: expect.any(Function) }),
        clipboard: expect.objectContaining({ write: expect.any(Function) }),
        filePicker: expect.objectContaining({ folder: expect.any(Function) }),
      }),
    );
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(METHODS.map(channelOf).sort());
    const trusted = { senderFrame: { url: 'app://keyhold/index.html', parent: null } };
    await electron.ipcMain.handlers.get(channelOf('getVaultStatus'))!(trusted, undefined);
    expect(core.dispatch).toHaveBeenCalledWith('getVaultStatus', undefined);
    expect(window.loadURL).toHaveBeenCalledWith('app://keyhold/index.html');
    const prefs = window.options['webPreferences'] as Record<string, unknown>;
    expect(prefs['preload']).toMatch(/preload[\\/]index\.js$/);
  });

  it('loads the dev server in development but never in a packaged app', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await start();
    expect((await becomeReady()).loadURL).toHaveBeenCalledWith('http://localhost:5173/');

    await start((e) => (e.app.isPackaged = true));
    expect((await becomeReady()).loadURL).toHaveBeenCalledWith('app://keyhold/index.html');
  });

  it('guards every webContents that gets created', async () => {
    await start();
    const contents = new electron.FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    const navigation = electron.fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();
  });

  it('tells the user and exits when the core cannot start', async () => {
    await start(() =>
      createCore.mockImplementationOnce(() => {
        throw new Error('database is locked');
      }),
    );
    electron.app.becomeReady();
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(
      'Keyhold could not start',
      'database is locked',
    );
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });
});

describe('keyhold CLI access', () => {
  afterEach(() => {
    core.cli.listen.mockClear();
    core.cli.endGrants.mockClear();
  });

  it('starts the socket once the window is open, and brings the window up for a request', async () => {
    await start();
    expect(core.cli.listen).not.toHaveBeenCalled();
    const window = await becomeReady();
    expect(core.cli.listen).toHaveBeenCalledExactlyOnceWith();
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();
    const { onCliApproval } = createCore.mock.calls.at(-1)![0] as { onCliApproval: () => void };
    window.minimized = true;
    onCliApproval();
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('ends terminal grants when the screen locks, the machine sleeps or shuts down, or the user switches', async () => {
    await start();
    await becomeReady();
    for (const event of ['lock-screen', 'suspend', 'shutdown', 'user-did-resign-active']) {
      electron.powerMonitor.emit(event);
      expect(core.cli.endGrants).toHaveBeenLastCalledWith(event);
    }
    expect(core.cli.endGrants).toHaveBeenCalledTimes(4);
    electron.powerMonitor.emit('resume');
    expect(core.cli.endGrants).toHaveBeenCalledTimes(4);
  });

  it('keeps running when the socket cannot start', async () => {
    // After resetFakes (inside start), which resets every mock.
    await start(() =>
      core.cli.listen.mockRejectedValueOnce(Object.assign(new Error('unsafe folder'), { code: 'EACCES' })),
    );
    await becomeReady();
    await vi.waitFor(() =>
      expect(console.error).toHaveBeenCalledWith('[keyhold] keyhold CLI socket did not start', {
        code: 'EACCES',
      }),
    );
    expect(electron.app.exit).not.toHaveBeenCalled();
  });
});

describe('lifecycle', () => {
  it('shuts the core down (clearing our clipboard secret) before quitting', async () => {
    await start();
    await becomeReady();
    const beforeQuit = electron.fakeEvent({});
    electron.app.emit('before-quit', beforeQuit);
    expect(beforeQuit.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(core.shutdown).toHaveBeenCalledTimes(1);
  });

  it('quitting while a create waits asks first; "Quit anyway" abandons it, then shuts down', async () => {
    await start();
    const window = await becomeReady();
    core.waitingCreates.mockReturnValue([{ id: 'op', provider: 'weir', name: 'Slow client' }]);
    electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    electron.app.emit('before-quit', electron.fakeEvent({}));
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(
      window,
      expect.objectContaining({
        message: 'Keyhold is waiting for Weir AI to answer the create of “Slow client”.',
        buttons: ['Wait, then quit', 'Quit anyway'],
        cancelId: 0,
      }),
    );
    expect(core.abandonWaitingCreates).toHaveBeenCalledTimes(1);
    expect(core.shutdown).toHaveBeenCalledTimes(1);
  });

  it('"Wait, then quit" waits for the answer: the shutdown comes after it, unbounded', async () => {
    await start();
    await becomeReady();
    let answered!: () => void;
    core.waitingCreates.mockReturnValue([{ id: 'op', provider: 'mythic', name: 'Slow client' }]);
    core.createsSettled.mockReturnValueOnce(new Promise<void>((resolve) => (answered = resolve)));
    electron.app.emit('before-quit', electron.fakeEvent({}));
    await vi.waitFor(() => expect(core.createsSettled).toHaveBeenCalled());
    // Quitting again while it waits asks again.
    electron.app.emit('before-quit', electron.fakeEvent({}));
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(2));
    expect(core.abandonWaitingCreates).not.toHaveBeenCalled();
    expect(core.shutdown).not.toHaveBeenCalled();
    answered();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(core.shutdown).toHaveBeenCalledTimes(1);
  });

  it('re-creates the window on activate once it was closed (macOS dock)', async () => {
    await start();
    const window = await becomeReady();
    electron.app.emit('activate');
    expect(electron.BrowserWindow.instances).toHaveLength(1);
    window.destroyed = true;
    window.emit('closed');
    electron.app.emit('activate');
    expect(electron.BrowserWindow.instances).toHaveLength(2);
  });
});

describe('smoke run (--smoke)', () => {
  const argv = process.argv;
  let stdout: string[];
  let stderr: string[];

  /** Starts the app as `keyhold --smoke`, with stdout and stderr captured. */
  async function startSmoke(setup: (e: typeof Fake) => void = () => {}): Promise<void> {
    process.argv = [...argv, '--smoke'];
    stdout = [];
    stderr = [];
    const capture = (lines: string[]) =>
      ((chunk: string, done?: () => void) => {
        lines.push(chunk);
        done?.();
        return true;
      }) as typeof process.stdout.write;
    await start((e) => {
      // After resetFakes, which would undo them.
      vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout));
      vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr));
      setup(e);
    });
  }

  const throwaway = () => electron.app.paths.get('userData')!;
  const coreOptions = () =>
    createCore.mock.calls.at(-1)![0] as { dataDir: string; onRendererReady?: () => void };

  afterEach(() => {
    process.argv = argv;
    const dir = electron.app.paths.get('userData');
    if (dir) rmSync(dir, { recursive: true, force: true });
    createCore.mockClear();
    core.dispatch.mockClear();
    core.shutdown.mockClear();
  });

  it('moves userData to a throwaway folder before the single-instance lock, and only then', async () => {
    await start();
    expect(electron.app.setPath).not.toHaveBeenCalled();

    await startSmoke();
    expect(throwaway()).toMatch(/keyhold-smoke-/);
    const moved = electron.app.setPath.mock.invocationCallOrder[0]!;
    expect(moved).toBeLessThan(electron.app.requestSingleInstanceLock.mock.invocationCallOrder[0]!);
  });

  it("builds the core on the throwaway folder, waits for the window's ready call, then prints ok and exits 0", async () => {
    await startSmoke((e) => {
      // The fake's ciphertext is `enc:` + plaintext, which the probe rightly refuses.
      const flip = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
      e.safeStorage.encryptStringAsync.mockImplementation(async (text) => flip(Buffer.from(text)));
      e.safeStorage.decryptStringAsync.mockImplementation(async (data) => ({
        result: flip(data).toString(),
        shouldReEncrypt: false,
      }));
    });
    await becomeReady();
    expect(coreOptions().dataDir).toBe(throwaway());
    await new Promise((resolve) => setImmediate(resolve));
    expect(electron.app.exit).not.toHaveBeenCalled();
    expect(electron.safeStorage.encryptStringAsync).not.toHaveBeenCalled();

    coreOptions().onRendererReady!(); // what the core does when the window calls rendererReady
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(0));
    expect(stdout).toEqual([`keyhold smoke ok 0.1.0 ${process.platform} ${expectedBackend()}\n`]);
    expect(electron.safeStorage.decryptStringAsync).toHaveBeenCalled();
    expect(core.dispatch).toHaveBeenCalledWith('getSettings', undefined);
    expect(core.shutdown).toHaveBeenCalledOnce();
    expect(electron.app.exit).toHaveBeenCalledOnce();
    // A smoke run answers no CLI: it must not take the socket of the user's running Keyhold.
    expect(core.cli.listen).not.toHaveBeenCalled();
  });

  it('reports a start-up failure on stderr and exits 1, without a dialog nobody would close', async () => {
    await startSmoke(() =>
      createCore.mockImplementationOnce(() => {
        throw new Error('database is locked');
      }),
    );
    electron.app.becomeReady();
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
    expect(stderr).toEqual(['keyhold smoke failed: start-up: database is locked\n']);
    expect(electron.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(electron.app.exit).toHaveBeenCalledOnce();
  });
});

/** What src/main/safe-storage.ts names the backend on this OS (the fake's Linux answer elsewhere). */
function expectedBackend(): string {
  if (process.platform === 'darwin') return 'keychain';
  if (process.platform === 'win32') return 'dpapi';
  return 'gnome_libsecret';
}
