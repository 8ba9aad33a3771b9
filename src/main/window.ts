// The one application window. Every webPreferences flag is spelled out, even where it is
// Electron's default, and inline in the constructor call, so a reviewer (and
// electronegativity, which reads only literal options) sees the whole baseline here.
import { app, BrowserWindow } from 'electron';

export interface MainWindowOptions {
  /** Absolute path of the built preload script. */
  preload: string;
  /** What to load: app://keyhold/index.html, or the dev server. */
  entryUrl: string;
  /** Told when the renderer fails to load (a missing build, a dev server not started). */
  onLoadError?: (error: unknown) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    title: 'Keyhold',
    // Shown on ready-to-show: no white flash before the first paint.
    show: false,
    webPreferences: {
      preload: options.preload,
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
      // Middle-click would open links in a new window; the window-open handler denies
      // those anyway, this keeps the event from firing at all.
      disableBlinkFeatures: 'Auxclick',
      // The spellchecker would see what is typed into token fields.
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.entryUrl).catch((error: unknown) => options.onLoadError?.(error));
  return window;
}
