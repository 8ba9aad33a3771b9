#!/usr/bin/env node
// npm start      → build if out/ is missing or stale, then `electron-vite preview`.
// npm run dev    → `electron-vite dev` (renderer hot reload).
// Arguments after `--` go to the app: `npm start -- --smoke` (see src/main/smoke.ts).
// Electron 45 fetches its binary on first use rather than at install: without one, this
// downloads it once (unless ELECTRON_SKIP_BINARY_DOWNLOAD is set); where that cannot work
// (no access to the download host, as on our CI machines) it explains what to do and exits 1.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { electronBinary, ensureNativeModules, root } from './electron-runtime.mjs';

/**
 * electron-vite's command line for this script's arguments: `--dev` picks `dev`, a fresh build
 * skips the rebuild, and every other argument is passed on to Electron after `--` (a `--` of
 * its own, as `node scripts/start.mjs -- --smoke` keeps it, is dropped).
 */
export function electronViteArgs(args, { stale }) {
  const dev = args.includes('--dev');
  const forApp = args.filter((arg) => arg !== '--dev' && arg !== '--');
  const command = dev ? ['dev'] : stale ? ['preview'] : ['preview', '--skipBuild'];
  return forApp.length ? [...command, '--', ...forApp] : command;
}

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** out/ is stale when any source or build config is newer than the main bundle. */
function buildIsStale() {
  const bundle = join(root, 'out', 'main', 'index.js');
  if (!existsSync(bundle) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) return true;
  const inputs = ['src', 'electron.vite.config.ts', 'package.json']
    .map((p) => join(root, p))
    .filter(existsSync);
  return Math.max(...inputs.map(newestMtime)) > statSync(bundle).mtimeMs;
}

const NO_BINARY = `
Keyhold cannot start: no Electron binary is installed.

node_modules/electron is present (its types and CLI), but the Electron executable itself
was not downloaded: it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without
network access to Electron's download host.

To run the desktop app, on a machine with network access:
  node node_modules/electron/install.js   # downloads the Electron binary
  npm start                               # rebuilds better-sqlite3 for Electron, then starts

Once a binary is installed, npm test runs under Electron's Node too (one native ABI).

Without Electron, the same UI runs in a browser on top of the real core:
  npm run dev:browser
`;

function run(args) {
  const bin = join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite',
  );
  const result = spawnSync(bin, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function downloadElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  console.log('No Electron binary yet: downloading it once…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    stdio: 'inherit',
    timeout: 10 * 60_000,
  });
  return result.status === 0 && electronBinary() !== null;
}

function main() {
  if (!electronBinary() && !downloadElectron()) {
    process.stderr.write(NO_BINARY);
    process.exit(1);
  }
  ensureNativeModules();
  const args = process.argv.slice(2);
  // `dev` builds on its own; only preview needs to know whether out/ is current.
  process.exit(run(electronViteArgs(args, { stale: !args.includes('--dev') && buildIsStale() })));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
