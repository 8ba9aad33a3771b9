// Where the Electron executable is (or null), and how to keep better-sqlite3 built for
// the runtime that will load it. Shared by start.mjs, test.mjs and the Electron e2e spec.
//
// One ABI at a time: where an Electron binary exists, better-sqlite3 is built for Electron
// and the tests also run under Electron's Node (ELECTRON_RUN_AS_NODE=1), so `npm start`
// and `npm test` never fight over the native module. Without a binary, plain Node.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Electron executable, resolved like node_modules/electron/index.js does but without its
 * fallback, which starts a download when the binary is missing.
 */
export function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : override
      ? 'electron'
      : null;
  if (!relative) return null;
  const binary = join(override || join(pkg, 'dist'), relative);
  return existsSync(binary) ? binary : null;
}

/** The command and environment that run Node scripts with the ABI better-sqlite3 is built for. */
export function nodeRuntime() {
  const binary = electronBinary();
  return binary
    ? { command: binary, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, name: 'Electron (as Node)' }
    : { command: process.execPath, env: process.env, name: `Node ${process.version}` };
}

/** Rebuilds better-sqlite3 if it does not load in `runtime` (e.g. after switching ABIs). */
export function ensureNativeModules(runtime = nodeRuntime()) {
  const probe = spawnSync(runtime.command, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
    env: runtime.env,
    encoding: 'utf8',
  });
  if (probe.status === 0) return;
  console.log(`better-sqlite3 does not load under ${runtime.name}: rebuilding it (about a minute)…`);
  const rebuild = electronBinary()
    ? spawnSync('npx', ['electron-builder', 'install-app-deps'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit' });
  if (rebuild.status !== 0) {
    console.error('Rebuilding better-sqlite3 failed: see README → Electron binary and native module ABI.');
    process.exit(1);
  }
}
