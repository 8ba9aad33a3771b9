import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, resetFakes } from './fake-electron';
import { createMainWindow } from '../../src/main/window';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(resetFakes);

const ENTRY = 'app://keyhold/index.html';

function webPreferencesOf(window: unknown): Record<string, unknown> {
  return (window as BrowserWindow).options['webPreferences'] as Record<string, unknown>;
}

describe('main window', () => {
  it('turns on every isolation flag and turns off every Node/web escape hatch', () => {
    const prefs = webPreferencesOf(createMainWindow({ preload: '/app/preload.js', entryUrl: ENTRY }));
    expect(prefs).toEqual({
      preload: '/app/preload.js',
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
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: true,
    });
  });

  it('has devtools only in unpackaged builds', () => {
    app.isPackaged = true;
    expect(webPreferencesOf(createMainWindow({ preload: '/p.js', entryUrl: ENTRY }))['devTools']).toBe(false);
    app.isPackaged = false;
    expect(webPreferencesOf(createMainWindow({ preload: '/p.js', entryUrl: ENTRY }))['devTools']).toBe(true);
  });

  it('stays hidden until ready-to-show, then shows', () => {
    const window = createMainWindow({ preload: '/p.js', entryUrl: 'app://keyhold/index.html' });
    const fake = window as unknown as BrowserWindow;
    expect(fake.options['show']).toBe(false);
    expect(fake.show).not.toHaveBeenCalled();
    fake.emit('ready-to-show');
    expect(fake.show).toHaveBeenCalledTimes(1);
  });

  it('loads the entry URL', () => {
    const onLoadError = vi.fn();
    const window = createMainWindow({ preload: '/p.js', entryUrl: 'app://keyhold/index.html', onLoadError });
    expect((window as unknown as BrowserWindow).loadURL).toHaveBeenCalledWith('app://keyhold/index.html');
  });

  it('reports a failed load instead of leaving an unhandled rejection', async () => {
    const failure = Object.assign(new Error('net::ERR_FILE_NOT_FOUND'), { code: 'ERR_FILE_NOT_FOUND' });
    BrowserWindow.loadResult = () => Promise.reject(failure);
    const onLoadError = vi.fn();
    createMainWindow({ preload: '/p.js', entryUrl: 'app://keyhold/index.html', onLoadError });
    await vi.waitFor(() => expect(onLoadError).toHaveBeenCalledWith(failure));
  });
});
