// npm start / npm run dev: which electron-vite command runs, and that the app's own arguments
// (`npm start -- --smoke`) reach Electron.
import { describe, expect, it } from 'vitest';
import { electronViteArgs } from '../../scripts/start.mjs';

describe('electronViteArgs', () => {
  it('previews, building only when out/ is stale', () => {
    expect(electronViteArgs([], { stale: true })).toEqual(['preview']);
    expect(electronViteArgs([], { stale: false })).toEqual(['preview', '--skipBuild']);
  });

  it('runs the dev server for --dev', () => {
    expect(electronViteArgs(['--dev'], { stale: false })).toEqual(['dev']);
  });

  it("passes the app's arguments on to Electron after --", () => {
    expect(electronViteArgs(['--smoke'], { stale: false })).toEqual([
      'preview',
      '--skipBuild',
      '--',
      '--smoke',
    ]);
    expect(
      electronViteArgs(['--dev', '--smoke', '--password-store=gnome-libsecret'], { stale: true }),
    ).toEqual(['dev', '--', '--smoke', '--password-store=gnome-libsecret']);
  });

  it('drops a -- of its own (node scripts/start.mjs -- --smoke keeps it; npm does not)', () => {
    expect(electronViteArgs(['--', '--smoke'], { stale: true })).toEqual(['preview', '--', '--smoke']);
  });
});
