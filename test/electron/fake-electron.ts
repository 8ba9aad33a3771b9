// A stand-in for the `electron` module: just enough surface for the adapters, with every
// call recorded. Test files route `electron` here with
//   vi.mock('electron', () => import('./fake-electron'));
// and call resetFakes() in beforeEach.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** An Electron-style event: listeners call preventDefault to veto. */
export function fakeEvent<T extends object>(fields: T): T & { preventDefault: ReturnType<typeof vi.fn> } {
  return { ...fields, preventDefault: vi.fn() };
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler;
  });
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows = vi.fn(() => BrowserWindow.instances.filter((w) => !w.destroyed));
  static getFocusedWindow = vi.fn((): BrowserWindow | null => null);
  /** What the next loadURL resolves or rejects with. */
  static loadResult: () => Promise<void> = () => Promise.resolve();
  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  loadURL = vi.fn((_url: string) => BrowserWindow.loadResult());
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn(() => (this.minimized = false));
  isMinimized = vi.fn(() => this.minimized);
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  ready = false;
  private resolveReady: () => void = () => {};
  private readyPromise = this.newReadyPromise();
  requestSingleInstanceLock = vi.fn(() => true);
  enableSandbox = vi.fn();
  quit = vi.fn();
  exit = vi.fn();
  /** What setPath overrode; getPath answers from it, like Electron. */
  readonly paths = new Map<string, string>();
  getPath = vi.fn((name: string) => this.paths.get(name) ?? `/fake/${name}`);
  setPath = vi.fn((name: string, path: string) => void this.paths.set(name, path));
  getVersion = vi.fn(() => '0.1.0');
  isReady = vi.fn(() => this.ready);
  whenReady = vi.fn(() => this.readyPromise);
  /** Test helper: what Electron does once Chromium has started. */
  becomeReady(): void {
    this.ready = true;
    this.resolveReady();
    this.emit('ready');
  }
  reset(): void {
    this.removeAllListeners();
    this.paths.clear();
    this.isPackaged = false;
    this.ready = false;
    this.readyPromise = this.newReadyPromise();
  }
  private newReadyPromise(): Promise<void> {
    return new Promise<void>((resolve) => (this.resolveReady = resolve));
  }
}

class FakeSession extends EventEmitter {
  setPermissionRequestHandler = vi.fn();
  setPermissionCheckHandler = vi.fn();
  setDevicePermissionHandler = vi.fn();
}

export class ClipboardItem {
  readonly types: string[];
  constructor(readonly items: Record<string, unknown>) {
    this.types = Object.keys(items);
  }
}

export const app = new FakeApp();
export const session = { defaultSession: new FakeSession() };
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const ipcMain = {
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  handle: vi.fn((channel: string, listener: (...args: unknown[]) => unknown) => {
    if (ipcMain.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    ipcMain.handlers.set(channel, listener);
  }),
  removeHandler: vi.fn((channel: string) => ipcMain.handlers.delete(channel)),
};
export const ipcRenderer = {
  invoke: vi.fn((..._args: unknown[]): Promise<unknown> => Promise.resolve({ ok: true, value: null })),
};
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const shell = { openExternal: vi.fn((_url: string) => Promise.resolve()) };
export const dialog = {
  showErrorBox: vi.fn(),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
  showOpenDialog: vi.fn((..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> =>
    Promise.resolve({ canceled: true, filePaths: [] }),
  ),
  showSaveDialog: vi.fn((..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> =>
    Promise.resolve({ canceled: true }),
  ),
};
export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn(),
};
export const clipboard = {
  write: vi.fn((_items: ClipboardItem[]) => Promise.resolve()),
  readText: vi.fn(() => Promise.resolve('')),
  clear: vi.fn(),
};
export const safeStorage = {
  getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
  isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(true)),
  encryptStringAsync: vi.fn((text: string) => Promise.resolve(Buffer.from(`enc:${text}`))),
  decryptStringAsync: vi.fn((data: Buffer) =>
    Promise.resolve({ result: data.toString().replace(/^enc:/, ''), shouldReEncrypt: false }),
  ),
};

/** Electron's powerMonitor: tests emit its events ('lock-screen', 'suspend', …) themselves. */
class FakePowerMonitor extends EventEmitter {
  getSystemIdleState = vi.fn((_threshold: number): string => 'active');
}
export const powerMonitor = new FakePowerMonitor();

export function resetFakes(): void {
  // resetAllMocks puts every vi.fn back to the implementation it was created with.
  vi.resetAllMocks();
  app.reset();
  session.defaultSession.removeAllListeners();
  BrowserWindow.instances = [];
  BrowserWindow.loadResult = () => Promise.resolve();
  ipcMain.handlers.clear();
  powerMonitor.removeAllListeners();
}
