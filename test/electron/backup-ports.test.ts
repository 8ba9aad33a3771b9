// The desktop app's backup ports (src/main/backup-ports.ts): main's native pickers, modal to the
// window in front, null when cancelled; and the composition root hands them to the core.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as electron from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const { createElectronFilePicker, electronBackupPorts } = await import('../../src/main/backup-ports');

describe('backup ports over Electron', () => {
  beforeEach(() => electron.resetFakes());

  it('picks a folder in a dialog modal to the focused window; null when cancelled', async () => {
    const window = new electron.BrowserWindow({});
    electron.BrowserWindow.getFocusedWindow.mockReturnValue(window);
    electron.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/home/me/Sync/Keyhold'],
    });
    const picker = createElectronFilePicker();
    expect(await picker.folder('Choose a folder')).toBe('/home/me/Sync/Keyhold');
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(window, {
      title: 'Choose a folder',
      properties: ['openDirectory', 'createDirectory'],
    });
    expect(await picker.folder('Choose a folder')).toBeNull();
  });

  it('opens age files only, and saves with the suggested name; without a window the dialog stands alone', async () => {
    const picker = createElectronFilePicker();
    electron.dialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/b/keyhold-1.age'],
    });
    expect(await picker.openFile('Restore')).toBe('/b/keyhold-1.age');
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({
        properties: ['openFile'],
        filters: [{ name: expect.any(String), extensions: ['age'] }],
      }),
    );
    electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/e/move.age' });
    expect(await picker.saveFile('Export', 'keyhold-export.age')).toBe('/e/move.age');
    expect(electron.dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({
        defaultPath: 'keyhold-export.age',
        properties: ['showOverwriteConfirmation'],
      }),
    );
    expect(await picker.saveFile('Export', 'keyhold-export.age')).toBeNull();
  });

  it('gives the core a picker and a way to start the bundled worker', () => {
    const ports = electronBackupPorts();
    expect(Object.keys(ports.filePicker).sort()).toEqual(['folder', 'openFile', 'saveFile']);
    // Under Vitest `?nodeWorker` is no electron-vite build: the worker starter is only checked to exist here.
    expect('startBackupWorker' in ports).toBe(true);
  });
});
