// electron-builder.yml, read and schema-checked by electron-builder's own config loader,
// then held to what Keyhold ships: only the build output in an asar, the three OS targets (the
// Mac one hardened), the hardening fuses flipped, the CLI outside the asar with a launcher per
// OS, an icon.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/core';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

type Config = Record<string, unknown> & {
  files?: Array<{ filter: string[] }>;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: unknown; icon?: string };
  mac?: { target?: unknown; hardenedRuntime?: boolean };
  win?: { target?: unknown };
};
interface ConfigApi {
  getConfig(projectDir: string, configPath: string | null, override: unknown): Promise<Config>;
  validateConfiguration(config: Config, logger: unknown): Promise<void>;
}

const root = resolve(__dirname, '../..');
const require = createRequire(resolve(root, 'package.json'));
const { getConfig, validateConfiguration } =
  require('app-builder-lib/out/util/config/config.js') as ConfigApi;
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

let config: Config;
beforeAll(async () => {
  config = await getConfig(root, null, null);
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // …and that check does catch a bad key.
    await expect(validateConfiguration({ ...config, asarr: true }, new DebugLogger(false))).rejects.toThrow();
  });

  it('identifies the app and packs only the build output into an asar', () => {
    expect(config['appId']).toBe('dev.keyhold.app');
    expect(config['productName']).toBe('Keyhold');
    expect(config.files?.flatMap((f) => f.filter).sort()).toEqual(['out/**', 'package.json']);
    expect(config['asar']).toBe(true);
    expect(config['npmRebuild']).toBe(true); // better-sqlite3 rebuilt for Electron's ABI
  });

  it('targets the three operating systems', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.win?.target).toBe('nsis');
  });

  it('flips the hardening fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships the keyhold CLI outside app.asar (run by the user’s Node), with a launcher per OS', () => {
    expect(config['extraResources']).toEqual([
      { from: 'out/cli/keyhold.cjs', to: 'cli/keyhold.cjs' },
      { from: 'build/cli', to: 'cli' },
    ]);
    expect(readFileSync(resolve(root, 'build/cli/keyhold.cmd'), 'utf8')).toContain(
      'node "%~dp0keyhold.cjs" %*',
    );
  });

  it.runIf(process.platform !== 'win32')(
    'the sh launcher finds keyhold.cjs through symlinks on PATH, arguments intact',
    () => {
      const dir = tempDir();
      try {
        const app = join(dir.path, 'Keyhold', 'resources', 'cli');
        mkdirSync(app, { recursive: true });
        copyFileSync(resolve(root, 'build/cli/keyhold'), join(app, 'keyhold'));
        writeFileSync(join(app, 'keyhold.cjs'), 'console.log(JSON.stringify(process.argv.slice(2)))');
        mkdirSync(join(dir.path, 'bin'));
        mkdirSync(join(dir.path, 'links'));
        symlinkSync('../Keyhold/resources/cli/keyhold', join(dir.path, 'links', 'keyhold')); // relative
        symlinkSync(join(dir.path, 'links', 'keyhold'), join(dir.path, 'bin', 'keyhold')); // then absolute
        const run = spawnSync('sh', [join(dir.path, 'bin', 'keyhold'), 'read', 'a b', '--', '$HOME'], {
          encoding: 'utf8',
        });
        expect(run.stderr).toBe('');
        expect(JSON.parse(run.stdout)).toEqual(['read', 'a b', '--', '$HOME']);
        const noNode = spawnSync('/bin/sh', [join(app, 'keyhold')], {
          encoding: 'utf8',
          env: { PATH: '/nonexistent' },
        });
        expect(noNode).toMatchObject({
          status: 127,
          stderr: expect.stringContaining('needs Node.js 20.19 or later on PATH'),
        });
      } finally {
        dir.remove();
      }
    },
  );

  it('has a 512×512 PNG icon', () => {
    const png = readFileSync(resolve(root, config.linux?.icon ?? 'build/icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});
