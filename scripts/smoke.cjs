#!/usr/bin/env node
// Runs Keyhold's smoke mode (src/main/smoke.ts) and checks what it said:
//   node scripts/smoke.cjs [--packaged] [--expect-backend NAME] [-- ARGS FOR THE APP]
// Without --packaged it starts the build in out/ with the installed Electron binary; with it,
// the packaged app electron-builder left in dist/ for this OS: the AppImage (extracted), the
// .app, or win-unpacked. Passes when the app exits 0 within the bound and printed
// `keyhold smoke ok <version> <platform> <backend>` for this package's version, this OS and,
// if asked, that backend. CommonJS so the Playwright specs can load it too.
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { electronBinary, root } = require('./electron-binary.cjs');

/** electron-builder.yml's productName: the .app and .exe are named after it. */
const PRODUCT_NAME = 'Keyhold';
/** Above the app's own 60 s: this catches an app that hangs before its main even runs. */
const RUN_TIMEOUT_MS = 90_000;
const OK_LINE = /^keyhold smoke ok (\S+) (\S+) (\S+)\r?$/m;

/** The ok line's fields, or null when the output has none. */
function parseSmokeLine(stdout) {
  const match = OK_LINE.exec(stdout);
  return match ? { version: match[1], platform: match[2], backend: match[3] } : null;
}

/** Runs the app once; resolves with its exit and output. Kills it after `timeoutMs`. */
function runApp({ command, args = [], env = process.env, timeoutMs = RUN_TIMEOUT_MS }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: withoutRunAsNode(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({
        code: null,
        signal: null,
        stdout,
        stderr: `${stderr}${error.message}\n`,
        timedOut,
        timeoutMs,
      });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, timeoutMs });
    });
  });
}

/**
 * The smoke run is the app, not a Node script: an inherited ELECTRON_RUN_AS_NODE (npm test runs
 * its runners under Electron's Node) would make the binary a plain Node instead.
 */
function withoutRunAsNode(env) {
  const copy = { ...env };
  delete copy.ELECTRON_RUN_AS_NODE;
  return copy;
}

/** What is wrong with a run, in words; empty when it passed. */
function smokeProblems(result, expected) {
  const problems = [];
  if (result.timedOut)
    problems.push(`the app was still running after ${result.timeoutMs / 1000} s and was killed`);
  else if (result.code !== 0)
    problems.push(`the app exited with ${result.code ?? result.signal ?? 'no status'}`);
  const line = parseSmokeLine(result.stdout);
  if (!line) {
    problems.push('no "keyhold smoke ok" line on stdout');
    return problems;
  }
  for (const field of ['version', 'platform', 'backend']) {
    if (expected[field] !== undefined && line[field] !== expected[field]) {
      problems.push(`${field} is ${line[field]}, expected ${expected[field]}`);
    }
  }
  return problems;
}

/** The dev build (out/) under the installed Electron binary, or null without one. */
function devApp() {
  const binary = electronBinary();
  return binary ? { command: binary, args: [join(root, 'out', 'main', 'index.js')] } : null;
}

/**
 * The packaged app in `distDir` for `platform`, as its users start it. On Linux that is the
 * AppImage's own AppRun, extracted into `workDir` (no FUSE needed). Throws when it is missing.
 */
function packagedApp(distDir, platform = process.platform, workDir = tmpdir()) {
  const entries = existsSync(distDir) ? readdirSync(distDir) : [];
  const found = (candidates, what) => {
    const path = candidates.find((candidate) => existsSync(candidate));
    if (!path) throw new Error(`no ${what} in ${distDir}: run npm run dist first`);
    return path;
  };
  if (platform === 'linux') {
    const appImage = found(
      entries.filter((name) => name.endsWith('.AppImage')).map((name) => join(distDir, name)),
      'AppImage',
    );
    const extract = spawnSync(appImage, ['--appimage-extract'], { cwd: workDir, stdio: 'ignore' });
    if (extract.status !== 0)
      throw new Error(`${appImage} --appimage-extract failed (${extract.status ?? extract.error})`);
    return {
      command: found([join(workDir, 'squashfs-root', 'AppRun')], 'AppRun in the extracted AppImage'),
      args: [],
    };
  }
  if (platform === 'darwin') {
    // mac/ on Intel, mac-arm64/ on Apple silicon.
    const apps = entries
      .filter((name) => name.startsWith('mac'))
      .map((name) => join(distDir, name, `${PRODUCT_NAME}.app`, 'Contents', 'MacOS', PRODUCT_NAME));
    return { command: found(apps, `${PRODUCT_NAME}.app`), args: [] };
  }
  if (platform === 'win32') {
    // win-unpacked/ on x64, win-arm64-unpacked/ on arm64.
    const exes = entries
      .filter((name) => name.startsWith('win') && name.endsWith('-unpacked'))
      .map((name) => join(distDir, name, `${PRODUCT_NAME}.exe`));
    return { command: found(exes, `unpacked ${PRODUCT_NAME}.exe`), args: [] };
  }
  throw new Error(`no packaged build for ${platform}`);
}

function parseArgs(argv) {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const forApp = split === -1 ? [] : argv.slice(split + 1);
  const at = own.indexOf('--expect-backend');
  return { packaged: own.includes('--packaged'), backend: at === -1 ? undefined : own[at + 1], forApp };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const workDir = mkdtempSync(join(tmpdir(), 'keyhold-smoke-app-'));
  try {
    const app = options.packaged ? packagedApp(join(root, 'dist'), process.platform, workDir) : devApp();
    if (!app) throw new Error('no Electron binary installed (node node_modules/electron/install.js)');
    const args = [...app.args, '--smoke', ...options.forApp];
    console.log(`▶ ${[app.command, ...args].join(' ')}`);
    const result = await runApp({ command: app.command, args });
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    const problems = smokeProblems(result, {
      version: require('../package.json').version,
      platform: process.platform,
      backend: options.backend,
    });
    if (problems.length) {
      console.error(`✖ smoke run failed: ${problems.join('; ')}`);
      process.exitCode = 1;
    } else {
      console.log('✔ smoke run passed');
    }
  } catch (error) {
    console.error(`✖ smoke run failed: ${error.message}`);
    process.exitCode = 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (require.main === module) main();

module.exports = { devApp, packagedApp, parseSmokeLine, runApp, smokeProblems, withoutRunAsNode };
