// Which runtime loads the native module, and how to keep better-sqlite3 built for it.
// Shared by start.mjs and test.mjs.
//
// One ABI at a time: where an Electron binary exists, better-sqlite3 is built for Electron
// and the tests also run under Electron's Node (ELECTRON_RUN_AS_NODE=1), so `npm start`
// and `npm test` never fight over the native module. Without a binary, plain Node.
import { spawnSync } from 'node:child_process';
import electronBinaryModule from './electron-binary.cjs';

const { electronBinary, root } = electronBinaryModule;

export { electronBinary, root };

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
  // npx and npm are batch shims on Windows, which Node spawns only through a shell.
  const options = { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' };
  const rebuild = electronBinary()
    ? spawnSync('npx', ['electron-builder', 'install-app-deps'], options)
    : spawnSync('npm', ['rebuild', 'better-sqlite3'], options);
  if (rebuild.status !== 0) {
    console.error('Rebuilding better-sqlite3 failed: see README → Electron binary and native module ABI.');
    process.exit(1);
  }
}
