// The one application window. Every webPreferences flag is spelled out, even where it is
// Electron's default, so a reviewer (and electronegativity) sees the whole baseline here.
import { app, BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

export interface MainWindowOptions {
  /** Absolute path of the built preload script. */
  preload: string;
  /** What to load: app://keyhold/index.html, or the dev server. */
  entryUrl: string;
  /** Told when the renderer fails to load (a missing build, a dev server not started). */
  onLoadError?: (error: unknown) => void;
}

export function mainWindowOptions(preload: string, isPackaged: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    title: 'Keyhold',
    // Shown on ready-to-show: no white flash before the first paint.
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // The spellchecker would see what is typed into token fields.
      spellcheck: false,
      devTools: !isPackaged,
    },
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options.preload, app.isPackaged));
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.entryUrl).catch((error: unknown) => options.onLoadError?.(error));
  return window;
}
