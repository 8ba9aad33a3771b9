// What the core's backups need from Electron: folder and file pickers (main's native dialogs, over
// the focused window), and the backup worker thread as electron-vite builds it (`?nodeWorker`: a
// chunk of its own next to main's bundle, where the core's default would look for TypeScript).
/// <reference types="electron-vite/node" />
import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { FilePicker, StartBackupWorker } from './core';
import startBackupWorker from './core/backup/worker?nodeWorker';

const AGE_FILES = [{ name: 'Keyhold backups (age)', extensions: ['age'] }];

/** The dialog, modal to the window in front (if any); null when the user cancels. */
async function open(options: OpenDialogOptions): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow();
  const { canceled, filePaths } = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options);
  return canceled ? null : (filePaths[0] ?? null);
}

async function save(options: SaveDialogOptions): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow();
  const { canceled, filePath } = window
    ? await dialog.showSaveDialog(window, options)
    : await dialog.showSaveDialog(options);
  return canceled || !filePath ? null : filePath;
}

export function createElectronFilePicker(): FilePicker {
  return {
    folder: (title) => open({ title, properties: ['openDirectory', 'createDirectory'] }),
    openFile: (title) => open({ title, properties: ['openFile'], filters: AGE_FILES }),
    saveFile: (title, suggested) =>
      save({ title, defaultPath: suggested, filters: AGE_FILES, properties: ['showOverwriteConfirmation'] }),
  };
}

/** The backup ports of the desktop app, for createCore. */
export function electronBackupPorts(): { filePicker: FilePicker; startBackupWorker: StartBackupWorker } {
  return { filePicker: createElectronFilePicker(), startBackupWorker };
}
