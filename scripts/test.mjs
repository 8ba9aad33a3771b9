#!/usr/bin/env node
// npm test: typecheck, lint, unit + integration (Vitest), build, browser e2e and
// Electron e2e (Playwright). On Linux it runs everything inside a private D-Bus session
// with a throwaway, unlocked gnome-keyring, so tests use a real OS keyring without
// touching yours.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNativeModules, nodeRuntime } from './electron-runtime.mjs';
import { activateKeyringUnlocked } from './keyring-session.mjs';

const KEYRING_PASSWORD = 'keyhold-test';
const onLinux = process.platform === 'linux';

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function run(label, command, args, env = process.env) {
  const started = Date.now();
  console.log(`\n▶ ${label}: ${[command, ...args].join(' ')}`);
  // npx.cmd is a batch shim: Node spawns those on Windows only through a shell.
  const result = spawnSync(command, args, { stdio: 'inherit', env, shell: command.endsWith('.cmd') });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal}) after ${seconds} s`);
    process.exit(result.status || 1);
  }
  console.log(`✔ ${label} (${seconds} s)`);
}

if (onLinux && !process.env.KEYHOLD_TEST_SESSION) {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((command) => !has(command));
  if (missing.length) {
    console.error(
      `npm test needs a private D-Bus session and gnome-keyring (missing: ${missing.join(', ')}).\n` +
        'Install them: sudo apt-get install dbus gnome-keyring   (see README → OS keyring).',
    );
    process.exit(1);
  }
  // Re-run this script inside a private session bus with a throwaway HOME for the keyring.
  const home = mkdtempSync(join(tmpdir(), 'keyhold-test-home-'));
  const dataHome = join(home, '.local/share');
  // A daemon D-Bus restarts after a crash starts unlocked too (keyring-session.mjs says why).
  activateKeyringUnlocked(dataHome);
  const child = spawn('dbus-run-session', ['--', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: {
      ...process.env,
      KEYHOLD_TEST_SESSION: '1',
      KEYHOLD_TEST_KEYRING_PASSWORD: KEYRING_PASSWORD,
      HOME: home,
      XDG_DATA_HOME: dataHome,
    },
  });
  child.on('exit', (code, signal) => {
    rmSync(home, { recursive: true, force: true });
    process.exit(code ?? (signal ? 1 : 0));
  });
} else {
  if (onLinux) {
    const keyring = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
      input: KEYRING_PASSWORD,
      encoding: 'utf8',
    });
    if (keyring.status !== 0) {
      console.error(`gnome-keyring-daemon failed to start: ${keyring.stderr}`);
      process.exit(1);
    }
    // It prints GNOME_KEYRING_CONTROL=… lines for the environment.
    for (const line of keyring.stdout.split('\n')) {
      const [key, ...value] = line.split('=');
      if (key && value.length) process.env[key] = value.join('=');
    }
    process.env.KEYHOLD_TEST_KEYRING_PASSWORD = KEYRING_PASSWORD;
  }
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  run('typecheck', npx, ['tsc', '--noEmit', '-p', 'tsconfig.node.json']);
  run('typecheck (renderer)', npx, ['tsc', '--noEmit', '-p', 'tsconfig.web.json']);
  run('lint', npx, ['eslint', '.', '--max-warnings', '0']);
  run('format', npx, ['prettier', '--check', '.']);
  // Offline: the GitHub workflow schema is compiled into the validator.
  for (const workflow of readdirSync('.github/workflows').filter((name) => /\.ya?ml$/.test(name))) {
    run(`workflow schema (${workflow})`, npx, ['action-validator', `.github/workflows/${workflow}`]);
  }
  run('electronegativity', process.execPath, ['scripts/electronegativity.mjs']);
  rmSync('test-results', { recursive: true, force: true });
  const runtime = nodeRuntime();
  console.log(`\nNative modules and test runners use ${runtime.name}.`);
  ensureNativeModules(runtime);
  run(
    'unit + integration',
    runtime.command,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-results/vitest.json',
    ],
    runtime.env,
  );
  run('build', npx, ['electron-vite', 'build']);
  run('build (keyhold CLI)', npx, ['vite', 'build', '--config', 'vite.cli.config.ts']);
  run(
    'e2e (browser + electron)',
    runtime.command,
    ['node_modules/@playwright/test/cli.js', 'test'],
    runtime.env,
  );
  printTotals();
}

/** One closing line over both runners: "Total: N passed, N failed, N skipped". */
function printTotals() {
  const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
  const vitest = read('test-results/vitest.json');
  const playwright = read('test-results/playwright.json');
  const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0);
  const failed = (vitest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0);
  const skipped =
    (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0);
  console.log(
    `\nVitest: ${vitest?.numPassedTests ?? 0} passed; Playwright: ${playwright?.stats?.expected ?? 0} passed, ${playwright?.stats?.skipped ?? 0} skipped`,
  );
  console.log(`Total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
