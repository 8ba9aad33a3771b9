// Backups: a shown-once secret outlives the machine it was created on. Machine A is this process
// (its HOME, its gnome-keyring); it creates clients of both providers in all three environments
// against the fake providers, imports one, leaves an attempt with an unknown outcome, and backs
// up (recovery key) and exports (passphrase). Machine B is a child process in a D-Bus session of
// its own, with its own gnome-keyring and HOME: it restores, and every secret reveals equal to
// what the provider issued; the restored Weir token creates a client; restoring again changes no
// row. The backup files hold no plaintext, and Debian's `age` opens them.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDocumentSchema, type RestorePreview, type RestoreResult } from '../../src/shared/backup';
import { ENVIRONMENTS, type ClientDetail, type Connection, type Provider } from '../../src/shared/domain';
import { randomAlnum } from '../fakes/fake-server';
import { call, startTestCore, tempDir, type TestCore } from '../support/core';
import { startFakes, type Fakes } from '../support/fake-providers';
import { findLeaks, readDataFiles } from '../support/raw-store';
import { StoreWatcher } from '../support/hostile-store';

const CHILD = 'test/support/restore-child.ts';
const TIMEOUT_MS = 400;
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const keyringTools = ['dbus-run-session', 'gnome-keyring-daemon'].every(has);

interface ChildOutput {
  preview: RestorePreview;
  result: RestoreResult;
  reveals: { provider: Provider; remoteId: string; environment: string; field: string; value: string }[];
  connections: Connection[];
  operations: { name: string; state: string }[];
  created: ClientDetail | null;
  vault: { protection: string };
}

/** Runs machine B's restore in its own D-Bus session, gnome-keyring and HOME. */
function onMachineB(home: string, input: object): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'dbus-run-session',
      [
        '--',
        'sh',
        '-c',
        `printf %s machine-b | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "${process.execPath}" --import tsx ${CHILD}`,
      ],
      {
        env: {
          ...process.env,
          HOME: home,
          XDG_DATA_HOME: join(home, 'share'),
          KEYHOLD_TEST_KEYRING_PASSWORD: '',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`machine B exited ${code}: ${stderr.slice(-2000)}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildOutput);
    });
    child.stdin.end(JSON.stringify(input));
  });
}

describe.runIf(process.platform === 'linux')('a backup made on machine A restores on machine B', () => {
  const folder = tempDir('keyhold-backups-');
  const exports = tempDir('keyhold-export-');
  const homeB = tempDir('keyhold-home-b-');
  const passphrase = `correct horse ${randomAlnum(12)}`;
  const importedSecret = `sk_imported_${randomAlnum(40)}`;
  const proxyKey = `px_live_${randomAlnum(32)}`;
  let fakes: Fakes;
  let a: TestCore;
  let recoveryKey: string;
  let backupFile: string;
  let exportFile: string;
  /** (provider, name, stored field) → the value the provider issued (or the user imported). */
  const issued = new Map<string, string>();
  const key = (provider: string, remoteId: string, field: string) => `${provider}\0${remoteId}\0${field}`;

  beforeAll(async () => {
    fakes = await startFakes();
    a = startTestCore({ providerTimeoutMs: TIMEOUT_MS });
  });
  afterAll(async () => {
    await a?.dispose();
    await fakes?.close();
    for (const dir of [folder, exports, homeB]) dir.remove();
  });

  it('A: creates clients of both providers in every environment, imports one, backs up and exports', async () => {
    const weir = await call<Connection>(a.core, 'addConnection', {
      provider: 'weir',
      label: 'Weir on A',
      baseUrl: fakes.weir.url,
      token: fakes.weir.token,
    });
    const mythic = await call<Connection>(a.core, 'addConnection', {
      provider: 'mythic',
      label: 'Mythic on A',
      baseUrl: fakes.mythic.url,
      token: fakes.mythic.token,
    });
    const created: ClientDetail[] = [];
    for (const environment of ENVIRONMENTS) {
      created.push(
        await call<ClientDetail>(a.core, 'createClient', {
          provider: 'weir',
          connectionId: weir.id,
          environment,
          name: `Weir ${environment}`,
        }),
      );
      created.push(
        await call<ClientDetail>(a.core, 'createClient', {
          provider: 'mythic',
          connectionId: mythic.id,
          environment,
          id: `mythic-${environment}`,
          name: `Mythic ${environment}`,
          api_metadata: { tier: 'gold', region: environment },
          ...(environment === 'production' ? { proxy_api_key: proxyKey } : {}),
        }),
      );
    }
    const imported = await call<ClientDetail>(a.core, 'importClient', {
      provider: 'mythic',
      connectionId: mythic.id,
      environment: 'staging',
      name: 'Imported on A',
      remoteId: 'imported-on-a',
      publicId: 'pk_imported_on_a',
      secret: importedSecret,
    });
    await call(a.core, 'setClientArchived', { id: created[1]!.id, archived: true });
    // An attempt whose outcome is unknown travels too.
    fakes.weir.inject({ delayMs: TIMEOUT_MS + 600 });
    const late = await a.core.dispatch('createClient', {
      provider: 'weir',
      connectionId: weir.id,
      environment: 'staging',
      name: 'Late on A',
    });
    expect(late).toMatchObject({ ok: false, error: { outcomeUnknown: true } });

    // What the providers issued (and what was imported), by the client's remote id.
    const fieldOf = (field: string) => (field === 'secretKey' ? 'secret_key' : field);
    for (const client of created) {
      const server = fakes.of(client.provider);
      const body = (entry: (typeof server.issued)[number]) => entry.request.body as { name?: string };
      for (const entry of server.issued.filter((e) => e.delivered && body(e).name === client.name)) {
        issued.set(key(client.provider, client.remoteId, fieldOf(entry.field)), entry.value);
      }
    }
    issued.set(key('mythic', imported.remoteId, 'secret_key'), importedSecret);
    expect(issued.get(key('mythic', 'mythic-production', 'proxy_api_key'))).toBe(proxyKey);
    expect(issued.size).toBe(3 * 2 + 1 + 1); // six creates, one proxy key, one import

    const shown = await call<{ identity: string; recipient: string }>(a.core, 'setUpRecoveryKey');
    recoveryKey = shown.identity;
    await call(a.core, 'confirmRecoveryKey', { recipient: shown.recipient });
    await call(a.core, 'setBackupFolder', { folder: folder.path });
    const status = await call<{ health: string; lastFile: string }>(a.core, 'backUpNow');
    expect(status.health).toBe('ok');
    backupFile = join(folder.path, status.lastFile);
    exportFile = join(exports.path, 'move-to-b.age');
    const exported = await call<{ counts: object }>(a.core, 'exportBackup', { file: exportFile, passphrase });
    const holds = { connections: 2, clients: 7, secrets: 2 + 8, attempts: 1 };
    expect(exported.counts).toEqual(holds);
    console.log('machine A backed up', holds, '→', readdirSync(folder.path));
  });

  /** B's restore compared with what A's providers issued; a second restore changes no row. */
  async function restoreOnB(
    dataDir: string,
    source: { with: 'recoveryKey' | 'passphrase'; file: string; secret: string },
  ) {
    mkdirSync(dataDir, { recursive: true });
    const first = await onMachineB(homeB.path, {
      dataDir,
      ...source,
      weir: { connectionLabel: 'Weir on A' },
    });
    expect(first.vault.protection).toBe('os');
    expect(first.preview.holds).toEqual({ connections: 2, clients: 7, secrets: 10, attempts: 1 });
    expect(first.result.changes).toMatchObject({
      connectionsAdded: 2,
      clientsAdded: 7,
      secretsAdded: 10,
      conflicts: 0,
      attemptsAdded: 1,
      clientsUnchanged: 0,
    });
    // Every secret reveals equal to what the provider issued; nothing more, nothing less.
    const revealed = new Map(first.reveals.map((r) => [key(r.provider, r.remoteId, r.field), r.value]));
    expect(Object.fromEntries(revealed)).toEqual(Object.fromEntries(issued));
    expect(first.operations).toEqual([expect.objectContaining({ name: 'Late on A', state: 'unknown' })]);
    // The restored Weir token works: B created a client through it at the (fake) provider.
    expect(first.created).toMatchObject({ provider: 'weir', name: 'Made on machine B' });
    expect(fakes.weir.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${fakes.weir.token}`);

    const watcher = new StoreWatcher(dataDir);
    const before = watcher.snapshot();
    watcher.close();
    const second = await onMachineB(homeB.path, { dataDir, ...source });
    const again = new StoreWatcher(dataDir);
    const after = again.snapshot();
    again.close();
    expect(second.result.changes).toMatchObject({
      connectionsAdded: 0,
      connectionsUpdated: 0,
      clientsAdded: 0,
      clientsUpdated: 0,
      secretsAdded: 0,
      conflicts: 0,
      attemptsAdded: 0,
      settingsApplied: 0,
      clientsUnchanged: 7,
    });
    expect(after).toEqual(before);
    console.log(`machine B restored (${source.with})`, {
      first: first.result.changes,
      revealed: first.reveals.length,
      second: second.result.changes,
      rows: after.counts,
    });
  }

  it.runIf(keyringTools)(
    'B restores with the recovery key: every secret as issued; a second restore changes nothing',
    async () => {
      await restoreOnB(join(homeB.path, 'data-from-backup'), {
        with: 'recoveryKey',
        file: backupFile,
        secret: recoveryKey,
      });
    },
    120_000,
  );

  it.runIf(keyringTools)(
    'B restores the passphrase export the same way',
    async () => {
      await restoreOnB(join(homeB.path, 'data-from-export'), {
        with: 'passphrase',
        file: exportFile,
        secret: passphrase,
      });
    },
    120_000,
  );

  it('the backup and the export hold no plaintext secret, token, recovery key or passphrase', async () => {
    const files = [backupFile, exportFile].map((path) => ({ path, bytes: readFileSync(path) }));
    const secrets = [...issued.values(), fakes.weir.token, fakes.mythic.token, recoveryKey, passphrase];
    expect(findLeaks(files, secrets)).toEqual([]);
    // Nor A's database, WAL and logs (the recovery key and the passphrase passed through main).
    expect(findLeaks(readDataFiles(a.dataDir), secrets)).toEqual([]);
    // The same scan finds every secret but the key and passphrase in the plaintext inside.
    const { Decrypter } = await import('age-encryption');
    const decrypter = new Decrypter();
    decrypter.addIdentity(recoveryKey);
    const plaintext = Buffer.from(await decrypter.decrypt(readFileSync(backupFile)));
    const found = findLeaks([{ path: 'plaintext', bytes: plaintext }], secrets);
    expect(found.map((leak) => leak.secretIndex)).toEqual(secrets.slice(0, -2).map((_, index) => index));
  });

  it("Debian's age decrypts the backup and the export to the documented JSON", (context) => {
    if (!has('age')) {
      context.skip(`Debian's age is not installed (apt-get install age; .ci/run installs it)`);
      return;
    }
    const keyFile = join(exports.path, 'recovery-key.txt');
    writeFileSync(keyFile, `# Keyhold recovery key\n${recoveryKey}\n`, { mode: 0o600 });
    const fromKey = spawnSync('age', ['-d', '-i', keyFile, backupFile], { encoding: 'utf8' });
    expect(fromKey.status, fromKey.stderr).toBe(0);
    const document = backupDocumentSchema.parse(JSON.parse(fromKey.stdout));
    const secrets = document.clients.flatMap((client) =>
      Object.entries(client.secrets).map(([field, value]) => [
        key(client.provider, client.remoteId, field),
        value,
      ]),
    );
    expect(Object.fromEntries(secrets)).toEqual(Object.fromEntries(issued));
    expect(document.connections.map((c) => c.token).sort()).toEqual(
      [fakes.mythic.token, fakes.weir.token].sort(),
    );

    // age reads a passphrase from a terminal only: `script` gives it one and feeds it stdin.
    const out = join(exports.path, 'export.json');
    const fromPassphrase = spawnSync('script', ['-qec', `age -d -o ${out} ${exportFile}`, '/dev/null'], {
      input: `${passphrase}\n`,
      encoding: 'utf8',
    });
    expect(fromPassphrase.status, fromPassphrase.stdout).toBe(0);
    expect(backupDocumentSchema.parse(JSON.parse(readFileSync(out, 'utf8'))).clients).toHaveLength(7);
  });
});
