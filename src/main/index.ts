// Composition root: builds the core with Electron adapters and wires the app lifecycle.
// Everything here is order-sensitive; the rest of src/main is one job per module.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, powerMonitor, session } from 'electron';
import { electronBackupPorts } from './backup-ports';
import { startCliAccess } from './cli-access';
import { createCore, quitQuestion, waitForCreatesBeforeQuit, type Core, type QuitChoice } from './core';
import { createElectronClipboard } from './clipboard';
import { registerIpc } from './ipc';
import { errorCode, consoleLogger as logger } from './logger';
import { installMenu } from './menu';
import { guardWebContents } from './navigation';
import { isTrustedUrl, rendererSource } from './origins';
import { denyAllPermissions } from './permissions';
import { registerAppScheme, serveApp } from './protocol';
import { runBeforeQuit } from './quit';
import { createElectronSafeStorage } from './safe-storage';
import { smokeRunFromArgv } from './smoke';
import { createMainWindow } from './window';
import { DEFAULT_SETTINGS, type Attempt } from '../shared/domain';

// First of all: `--smoke` moves userData to a throwaway folder before anything uses it
// (the single-instance lock included). Null in a normal start. See smoke.ts.
const smoke = smokeRunFromArgv(app);

// Both must happen before 'ready'.
app.enableSandbox();
registerAppScheme();

// One instance at a time: two processes on one SQLite store and one clipboard timer would
// race. The second instance exits at once; the first comes to the front.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

/** The quit question as a native dialog (on the window when there is one). */
async function askToQuit(
  waiting: readonly Attempt[],
  window: BrowserWindow | null,
  core: Core | null,
): Promise<QuitChoice> {
  const settings = await core?.handlers.getSettings(undefined).catch(() => null);
  const question = quitQuestion(waiting, settings?.createWaitMinutes ?? DEFAULT_SETTINGS.createWaitMinutes);
  const options = { type: 'warning' as const, ...question, defaultId: 0, cancelId: 0, noLink: true };
  const { response } = window
    ? await dialog.showMessageBox(window, options)
    : await dialog.showMessageBox(options);
  return response === 1 ? 'quit' : 'wait';
}

function start(): void {
  const source = rendererSource(process.env, app.isPackaged);
  let core: Core | null = null;
  let mainWindow: BrowserWindow | null = null;

  const openWindow = (): void => {
    mainWindow = createMainWindow({
      preload: join(__dirname, '../preload/index.js'),
      entryUrl: source.entryUrl,
      onLoadError: (error) => logger.error('renderer failed to load', { code: errorCode(error) }),
    });
    mainWindow.on('closed', () => (mainWindow = null));
  };

  // Every webContents, this window's and any other Chromium creates, gets the guards.
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, (url) => isTrustedUrl(url, source.origins)),
  );

  // A second instance, or a keyhold CLI request waiting for the user's answer.
  const bringToFront = (): void => {
    if (!mainWindow) {
      // Before the core is up, the window is on its way anyway.
      if (core) openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };
  app.on('second-instance', bringToFront);

  // macOS keeps the app (and its clipboard timer) alive without windows; the dock re-opens one.
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // A create waiting for its answer is waited for (or abandoned, if the user says so); then the
  // shutdown itself is bounded.
  const creates = waitForCreatesBeforeQuit(
    {
      waitingCreates: () => core?.waitingCreates() ?? [],
      abandonWaitingCreates: () => core?.abandonWaitingCreates() ?? 0,
      createsSettled: async () => core?.createsSettled(),
    },
    (waiting) => askToQuit(waiting, mainWindow, core),
  );
  runBeforeQuit(app, async () => core?.shutdown(), {
    ...creates,
    timeoutMs: 20_000,
    onError: (error) => logger.error('shutdown did not finish cleanly', { code: errorCode(error) }),
  });

  app
    .whenReady()
    .then(() => {
      denyAllPermissions(session.defaultSession);
      installMenu(process.platform, app.isPackaged);
      serveApp(join(__dirname, '../renderer'));
      const safeStorage = createElectronSafeStorage();
      // The core keeps its own redacting log under <userData>/logs; echo it while developing.
      const started = createCore({
        dataDir: app.getPath('userData'),
        safeStorage,
        clipboard: createElectronClipboard(),
        logToStderr: !app.isPackaged,
        onRendererReady: smoke?.rendererReady,
        ...electronBackupPorts(),
        onCliApproval: bringToFront,
      });
      core = started;
      registerIpc((method, payload) => started.dispatch(method, payload), source.origins, logger);
      openWindow();
      if (!smoke) startCliAccess(started.cli, powerMonitor, logger);
      smoke?.check(safeStorage, started);
    })
    .catch((error: unknown) => {
      logger.error('startup failed', { code: errorCode(error) });
      if (smoke) return smoke.fail(error); // a smoke run has nobody to close a dialog
      dialog.showErrorBox('Keyhold could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
