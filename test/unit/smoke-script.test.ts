// scripts/smoke.cjs, which CI runs against each packaged build: how it reads the app's line,
// judges a run, runs a process (real child processes stand in for the app), and finds the
// packaged app electron-builder left in dist/ for each OS (fake dist trees).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  packagedApp,
  parseSmokeLine,
  runApp,
  smokeProblems,
  withoutRunAsNode,
  type RunResult,
} from '../../scripts/smoke.cjs';

// A plain Node stands in for the app. Under npm test with an Electron binary, execPath is
// Electron's, which runs as Node only with ELECTRON_RUN_AS_NODE: the very variable runApp drops.
const node = process.versions['electron'] ? process.env['npm_node_execpath']! : process.execPath;

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-smoke-script-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const passed: RunResult = {
  code: 0,
  signal: null,
  stdout: 'some log\nkeyhold smoke ok 0.1.0 linux gnome_libsecret\n',
  stderr: '',
  timedOut: false,
  timeoutMs: 90_000,
};

describe('parseSmokeLine', () => {
  it('finds the ok line among other output, with Windows line ends too', () => {
    expect(parseSmokeLine(passed.stdout)).toEqual({
      version: '0.1.0',
      platform: 'linux',
      backend: 'gnome_libsecret',
    });
    expect(parseSmokeLine('keyhold smoke ok 0.1.0 win32 dpapi\r\n')).toEqual({
      version: '0.1.0',
      platform: 'win32',
      backend: 'dpapi',
    });
  });

  it('finds nothing in a failure, a partial line, or a line inside another', () => {
    expect(parseSmokeLine('keyhold smoke failed: renderer: timed out after 60 s\n')).toBeNull();
    expect(parseSmokeLine('keyhold smoke ok 0.1.0 linux\n')).toBeNull();
    expect(parseSmokeLine('echo keyhold smoke ok 0.1.0 linux gnome_libsecret\n')).toBeNull();
  });
});

describe('smokeProblems', () => {
  const expected = { version: '0.1.0', platform: 'linux', backend: 'gnome_libsecret' };

  it('passes an exit 0 with the expected line', () => {
    expect(smokeProblems(passed, expected)).toEqual([]);
    expect(smokeProblems(passed, { version: '0.1.0', platform: 'linux' })).toEqual([]);
  });

  it('names each thing that is wrong', () => {
    expect(smokeProblems({ ...passed, code: 1 }, expected)).toEqual(['the app exited with 1']);
    expect(smokeProblems({ ...passed, code: null, signal: 'SIGSEGV' }, expected)).toEqual([
      'the app exited with SIGSEGV',
    ]);
    expect(smokeProblems({ ...passed, code: null, signal: 'SIGKILL', timedOut: true }, expected)).toEqual([
      'the app was still running after 90 s and was killed',
    ]);
    expect(smokeProblems({ ...passed, stdout: 'nothing\n' }, expected)).toEqual([
      'no "keyhold smoke ok" line on stdout',
    ]);
    expect(smokeProblems(passed, { ...expected, backend: 'kwallet6', version: '0.2.0' })).toEqual([
      'version is 0.1.0, expected 0.2.0',
      'backend is gnome_libsecret, expected kwallet6',
    ]);
  });

  it('refuses basic_text where a keyring was expected', () => {
    const weak = { ...passed, stdout: 'keyhold smoke ok 0.1.0 linux basic_text\n' };
    expect(smokeProblems(weak, expected)).toEqual(['backend is basic_text, expected gnome_libsecret']);
  });
});

describe('runApp', () => {
  it("returns the process's exit and output", async () => {
    const result = await runApp({
      command: node,
      args: ['-e', 'console.log("keyhold smoke ok 1 x y"); console.error("warn"); process.exit(3)'],
    });
    expect(result).toMatchObject({
      code: 3,
      stdout: 'keyhold smoke ok 1 x y\n',
      stderr: 'warn\n',
      timedOut: false,
    });
  });

  it('kills a process that outlives the bound', async () => {
    const result = await runApp({
      command: node,
      args: ['-e', 'setInterval(() => {}, 1000)'],
      timeoutMs: 300,
    });
    expect(result.timedOut).toBe(true);
    expect(smokeProblems(result, {})[0]).toBe('the app was still running after 0.3 s and was killed');
  });

  it('reports a command that cannot start', async () => {
    const result = await runApp({ command: join(scratch(), 'missing') });
    expect(result.code).toBeNull();
    expect(result.stderr).toMatch(/ENOENT/);
  });

  it('never hands the app ELECTRON_RUN_AS_NODE', async () => {
    expect(withoutRunAsNode({ ELECTRON_RUN_AS_NODE: '1', HOME: '/h' })).toEqual({ HOME: '/h' });
    const result = await runApp({
      command: node,
      args: ['-e', 'console.log(String(process.env.ELECTRON_RUN_AS_NODE))'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    expect(result.stdout).toBe('undefined\n');
  });
});

describe('packagedApp', () => {
  const touch = (path: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
  };

  it('finds the .app on macOS, Intel or Apple silicon', () => {
    const dist = scratch();
    const executable = join(dist, 'mac-arm64', 'Keyhold.app', 'Contents', 'MacOS', 'Keyhold');
    touch(executable);
    touch(join(dist, 'Keyhold-0.1.0-arm64.dmg'));
    expect(packagedApp(dist, 'darwin')).toEqual({ command: executable, args: [] });
  });

  it('finds the unpacked build on Windows', () => {
    const dist = scratch();
    const executable = join(dist, 'win-unpacked', 'Keyhold.exe');
    touch(executable);
    touch(join(dist, 'Keyhold Setup 0.1.0.exe'));
    expect(packagedApp(dist, 'win32')).toEqual({ command: executable, args: [] });
  });

  it.runIf(process.platform !== 'win32')('extracts the AppImage on Linux and runs its AppRun', () => {
    const dist = scratch();
    const work = scratch();
    // A stand-in AppImage that does what the real runtime does for --appimage-extract.
    const appImage = join(dist, 'Keyhold-0.1.0.AppImage');
    writeFileSync(
      appImage,
      '#!/bin/sh\n[ "$1" = --appimage-extract ] && mkdir -p squashfs-root && : > squashfs-root/AppRun\n',
    );
    chmodSync(appImage, 0o755);
    expect(packagedApp(dist, 'linux', work)).toEqual({
      command: join(work, 'squashfs-root', 'AppRun'),
      args: [],
    });
  });

  it.runIf(process.platform !== 'win32')('says so when the AppImage will not extract', () => {
    const dist = scratch();
    const appImage = join(dist, 'Keyhold-0.1.0.AppImage');
    writeFileSync(appImage, '#!/bin/sh\nexit 2\n');
    chmodSync(appImage, 0o755);
    expect(() => packagedApp(dist, 'linux', scratch())).toThrow(/--appimage-extract failed \(2\)/);
  });

  it('says what is missing when there is no build', () => {
    const dist = scratch();
    expect(() => packagedApp(dist, 'linux')).toThrow(`no AppImage in ${dist}: run npm run dist first`);
    expect(() => packagedApp(dist, 'darwin')).toThrow('no Keyhold.app in');
    expect(() => packagedApp(join(dist, 'absent'), 'win32')).toThrow('no unpacked Keyhold.exe in');
    expect(() => packagedApp(dist, 'aix')).toThrow('no packaged build for aix');
  });
});
