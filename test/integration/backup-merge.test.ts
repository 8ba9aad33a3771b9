// How a restore merges into a store that already holds things (src/main/core/backup/merge.ts):
// the same provider and remote id is the same client (never a duplicate), a different secret is
// kept beside the one here (a copy marked as a conflict), the newer metadata wins, a secret this
// store lacks is added, a connection here with the same token is the same connection, settings
// set here stay, and a store whose key is missing gets everything back under a new key (a copy of
// it as it was kept). The backups are written by hand from the documented format.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/index';
import type {
  BackupClient,
  BackupStatus,
  BackupConnection,
  BackupDocument,
  RestorePreview,
  RestoreResult,
} from '../../src/shared/backup';
import type { ClientDetail, ClientPage, Connection, Settings, VaultStatus } from '../../src/shared/domain';
import { call, startTestCore, tempDir, TestKeyring, type TestCore } from '../support/core';
import { startFakeWeir } from '../fakes/weir-server';
import { startFakes, type Fakes } from '../support/fake-providers';
import { StoreWatcher } from '../support/hostile-store';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// Times ahead of the clock stay within the day a backup may be ahead (another computer's clock).
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

let fakes: Fakes;
const files = tempDir('keyhold-merge-');
let identity: string;
let recipient: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  fakes = await startFakes();
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await fakes.close();
  files.remove();
});

function document(parts: Partial<BackupDocument> = {}): BackupDocument {
  return {
    format: 'keyhold-backup',
    version: 1,
    createdAt: at(0),
    createdBy: 'a hand-written test backup',
    settings: {},
    connections: [],
    clients: [],
    attempts: [],
    ...parts,
  };
}

function backupClient(over: Partial<BackupClient>): BackupClient {
  return {
    id: randomUUID(),
    provider: 'weir',
    environment: 'production',
    name: 'Billing API',
    remoteId: 'cli_000000001',
    publicId: 'pub_billing',
    connectionId: null,
    connectionLabel: 'Imported',
    origin: 'imported',
    metadata: {},
    remoteCreatedAt: null,
    createdAt: at(-10 * DAY),
    updatedAt: at(-10 * DAY),
    archivedAt: null,
    secrets: { secret_key: 'sk_backup_value_1234567890' },
    ...over,
  };
}

let count = 0;
async function backupFile(content: BackupDocument): Promise<string> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  const file = join(files.path, `merge-${++count}.age`);
  writeFileSync(file, await encrypter.encrypt(JSON.stringify(content)));
  return file;
}

async function restore(
  core: Core,
  content: BackupDocument,
  apply: { adoptRecoveryKey?: boolean } = {},
): Promise<RestoreResult & { preview: RestorePreview }> {
  const preview = await call<RestorePreview>(core, 'previewRestore', {
    with: 'recoveryKey',
    file: await backupFile(content),
    recoveryKey: identity,
  });
  const result = await call<RestoreResult>(core, 'applyRestore', { previewId: preview.previewId, ...apply });
  expect(result.changes).toEqual(preview.changes); // nothing changed between the two calls
  return { ...result, preview };
}

/** A store with the connection "Weir here", and another Weir server a backup may point it to. */
async function connectionHereAndAnotherServer() {
  const other = await startFakeWeir();
  cleanups.push(() => other.close());
  const { core, dataDir } = target();
  const here = await call<Connection>(core, 'addConnection', {
    provider: 'weir',
    label: 'Weir here',
    baseUrl: fakes.weir.url,
    token: fakes.weir.token,
  });
  return { other, core, dataDir, here };
}

function target(): TestCore {
  const app = startTestCore();
  cleanups.push(() => app.dispose());
  return app;
}

const importWeir = (core: Core, secret: string, extra: object = {}) =>
  call<ClientDetail>(core, 'importClient', {
    provider: 'weir',
    connectionId: null,
    environment: 'production',
    name: 'Billing API',
    remoteId: 'cli_000000001',
    publicId: 'pub_billing',
    secret,
    ...extra,
  });

async function clientsWithRemote(core: Core, remoteId: string): Promise<ClientDetail[]> {
  // Show archived lists archived clients among the others: one query sees them all.
  const page = await call<ClientPage>(core, 'listClients', {
    environment: 'production',
    query: remoteId,
    archived: true,
  });
  return Promise.all(page.items.map((c) => call<ClientDetail>(core, 'getClient', { id: c.id })));
}

const reveal = (core: Core, clientId: string, field = 'secret_key') =>
  call<{ value: string }>(core, 'revealSecret', { clientId, field }).then((r) => r.value);

describe('the search index after a restore', () => {
  /** The names the store's FTS5 index finds for a fragment (read through a second connection). */
  function searched(dataDir: string, fragment: string): string[] {
    const db = new Database(join(dataDir, 'keyhold.db'), { readonly: true });
    try {
      return db
        .prepare(
          `SELECT c.name FROM clients_search s JOIN clients c ON c.rowid = s.rowid
           WHERE clients_search MATCH ? ORDER BY c.name`,
        )
        .pluck()
        .all(`"${fragment}"`) as string[];
    } finally {
      db.close();
    }
  }
  const integrity = (dataDir: string) => {
    const db = new Database(join(dataDir, 'keyhold.db'));
    try {
      db.exec("INSERT INTO clients_search (clients_search, rank) VALUES ('integrity-check', 1)");
    } finally {
      db.close();
    }
  };

  it.each([
    ['most of the store (the index rebuilt once)', 12, 1],
    ['a few clients into a larger store (row by row)', 2, 12],
  ])('restoring %s: every client is found, and a later import too', async (_, restored, here) => {
    const { core, dataDir } = target();
    for (let i = 0; i < here; i++) {
      await importWeir(core, `sk_here_value_${i}_1234567890`, {
        name: `Here ${i}`,
        remoteId: `cli_here_${i}`,
      });
    }
    const clients = Array.from({ length: restored }, (_, i) =>
      backupClient({ name: `Restored ${i} quokka`, remoteId: `cli_restored_${i}`, publicId: `pub_r${i}` }),
    );
    expect((await restore(core, document({ clients }))).changes.clientsAdded).toBe(restored);
    expect(searched(dataDir, 'quokka')).toHaveLength(restored);
    expect(searched(dataDir, 'Here')).toHaveLength(here);
    await importWeir(core, 'sk_after_value_1234567890', { name: 'After wombat', remoteId: 'cli_after' });
    expect(searched(dataDir, 'wombat')).toEqual(['After wombat']);
    integrity(dataDir);
  });
});

describe('restoring into a store that holds things already', () => {
  it('a different secret for the same client is kept beside it, marked; restoring again changes nothing', async () => {
    const { core, dataDir } = target();
    const here = await importWeir(core, 'sk_here_value_1234567890');
    const content = document({
      clients: [backupClient({ secrets: { secret_key: 'sk_backup_value_1234567890' } })],
    });
    const { changes, preview } = await restore(core, content);
    expect(preview.changes.conflictList).toEqual([
      { name: 'Billing API', provider: 'weir', environment: 'production', remoteId: 'cli_000000001' },
    ]);
    expect(changes).toMatchObject({ conflicts: 1, clientsAdded: 1, clientsUpdated: 0, clientsUnchanged: 0 });
    const both = await clientsWithRemote(core, 'cli_000000001');
    expect(both).toHaveLength(2);
    const copy = both.find((c) => c.id !== here.id)!;
    expect(copy.conflictOf).toBe(here.id);
    expect(both.find((c) => c.id === here.id)!.conflictOf).toBeNull();
    expect(await reveal(core, here.id)).toBe('sk_here_value_1234567890');
    expect(await reveal(core, copy.id)).toBe('sk_backup_value_1234567890');

    const watcher = new StoreWatcher(dataDir);
    const before = watcher.snapshot();
    const again = await restore(core, content);
    expect(again.changes).toMatchObject({ conflicts: 0, clientsAdded: 0, clientsUnchanged: 1 });
    expect(watcher.snapshot()).toEqual(before);
    watcher.close();

    // Keeping the restored copy: deleting the other one clears the mark.
    await call(core, 'deleteClient', { id: here.id });
    expect((await call<ClientDetail>(core, 'getClient', { id: copy.id })).conflictOf).toBeNull();
  });

  it('the newer metadata wins, whichever side it is on; a secret this store lacks is added', async () => {
    const { core } = target();
    const here = await call<ClientDetail>(core, 'importClient', {
      provider: 'mythic',
      connectionId: null,
      environment: 'production',
      name: 'Acme here',
      remoteId: 'acme',
      publicId: 'pk_acme',
      secret: 'sk_acme_value_1234567890',
    });
    const base = {
      provider: 'mythic' as const,
      remoteId: 'acme',
      publicId: 'pk_acme',
      secrets: { secret_key: 'sk_acme_value_1234567890', proxy_api_key: 'px_acme_proxy_1234567890' },
    };
    // Older than the client here: its name and archive state lose; its proxy key is still added.
    const older = await restore(
      core,
      document({
        clients: [
          backupClient({ ...base, name: 'Acme old', archivedAt: at(-9 * DAY), updatedAt: at(-9 * DAY) }),
        ],
      }),
    );
    expect(older.changes).toMatchObject({
      clientsUpdated: 0,
      secretsAdded: 1,
      conflicts: 0,
      clientsAdded: 0,
    });
    let detail = await call<ClientDetail>(core, 'getClient', { id: here.id });
    expect(detail).toMatchObject({ name: 'Acme here', archived: false });
    expect(await reveal(core, here.id, 'proxy_api_key')).toBe('px_acme_proxy_1234567890');

    // Newer: taken, the same client (no duplicate).
    const newer = await restore(
      core,
      document({
        clients: [
          backupClient({
            ...base,
            name: 'Acme renamed',
            metadata: { tier: 'gold' },
            archivedAt: at(DAY - 1000),
            updatedAt: at(HOUR),
          }),
        ],
      }),
    );
    expect(newer.changes).toMatchObject({ clientsUpdated: 1, secretsAdded: 0, clientsAdded: 0 });
    detail = await call<ClientDetail>(core, 'getClient', { id: here.id });
    expect(detail).toMatchObject({ name: 'Acme renamed', archived: true, metadata: { tier: 'gold' } });
    expect((await clientsWithRemote(core, 'acme')).map((c) => c.id)).toEqual([here.id]);

    // A change made here afterwards is newer than that backup again.
    await call(core, 'setClientArchived', { id: here.id, archived: false });
    const replayed = await restore(
      core,
      document({
        clients: [
          backupClient({ ...base, name: 'Acme renamed', archivedAt: at(DAY - 1000), updatedAt: at(-DAY) }),
        ],
      }),
    );
    expect(replayed.changes).toMatchObject({ clientsUpdated: 0, clientsUnchanged: 1 });
    expect((await call<ClientDetail>(core, 'getClient', { id: here.id })).archived).toBe(false);
  });

  it('a record that brings no secret of a client here never renames, moves, re-keys or archives it', async () => {
    const { core } = target();
    const here = await importWeir(core, 'sk_here_value_1234567890');
    const rewrite = backupClient({
      remoteId: here.remoteId,
      name: 'Billing API (old)',
      environment: 'development',
      publicId: 'pub_attacker',
      archivedAt: at(HOUR),
      updatedAt: at(HOUR),
      secrets: {},
    });
    const unproven = await restore(core, document({ clients: [rewrite] }));
    expect(unproven.changes).toMatchObject({ clientsUpdated: 0, clientsAdded: 0, clientChanges: [] });
    expect(await call<ClientDetail>(core, 'getClient', { id: here.id })).toMatchObject({
      name: 'Billing API',
      environment: 'production',
      publicId: 'pub_billing',
      archived: false,
    });

    // With the secret here, the newer record is the same client: taken, and the preview names it.
    const proven = { ...rewrite, secrets: { secret_key: 'sk_here_value_1234567890' } };
    const taken = await restore(core, document({ clients: [proven] }));
    expect(taken.changes).toMatchObject({ clientsUpdated: 1 });
    expect(taken.preview.changes.clientChanges).toEqual([
      {
        name: 'Billing API',
        provider: 'weir',
        environment: 'production',
        remoteId: here.remoteId,
        newName: 'Billing API (old)',
        newEnvironment: 'development',
        archived: true,
      },
    ]);
    expect(await call<ClientDetail>(core, 'getClient', { id: here.id })).toMatchObject({
      name: 'Billing API (old)',
      environment: 'development',
      archived: true,
    });
  });

  it('names from a backup follow the text rules: control and bidi characters become U+FFFD', async () => {
    const { core } = target();
    const hostile = 'Beta\u001b]52;c;ZWNobyBwd25lZA==\u0007\u202eX\nY';
    const connection: BackupConnection = {
      id: randomUUID(),
      provider: 'weir',
      label: hostile,
      baseUrl: fakes.weir.url,
      token: null,
      createdAt: at(-DAY),
      updatedAt: at(-DAY),
    };
    await restore(core, document({ connections: [connection], clients: [backupClient({ name: hostile })] }));
    const [client] = await clientsWithRemote(core, 'cli_000000001');
    expect(client!.name).toBe('Beta\ufffd]52;c;ZWNobyBwd25lZA==\ufffd\ufffdX\ufffdY');
    expect((await call<Connection[]>(core, 'listConnections'))[0]!.label).toBe(client!.name);
  });

  it('a connection here with the same token is the same connection; the newer label wins', async () => {
    const { core } = target();
    const here = await call<Connection>(core, 'addConnection', {
      provider: 'weir',
      label: 'Weir here',
      baseUrl: fakes.weir.url,
      token: fakes.weir.token,
    });
    const connection: BackupConnection = {
      id: randomUUID(),
      provider: 'weir',
      label: 'Weir in the backup',
      baseUrl: fakes.weir.url,
      token: fakes.weir.token,
      createdAt: at(-5 * DAY),
      updatedAt: at(-5 * DAY),
    };
    const first = await restore(
      core,
      document({
        connections: [connection],
        clients: [backupClient({ connectionId: connection.id, connectionLabel: connection.label })],
        attempts: [
          {
            id: randomUUID(),
            provider: 'weir',
            connectionId: connection.id,
            connectionLabel: connection.label,
            environment: 'staging',
            name: 'Late',
            remoteId: null,
            errorCode: 'timeout',
            errorMessage: 'No answer',
            startedAt: at(-DAY),
            finishedAt: at(-DAY),
          },
        ],
      }),
    );
    expect(first.changes).toMatchObject({
      connectionsAdded: 0,
      connectionsUpdated: 0,
      clientsAdded: 1,
      attemptsAdded: 1,
    });
    const connections = await call<Connection[]>(core, 'listConnections');
    expect(connections).toEqual([
      expect.objectContaining({ id: here.id, label: 'Weir here', clientCount: 1 }),
    ]);
    const [restored] = await clientsWithRemote(core, 'cli_000000001');
    expect(restored!.connectionId).toBe(here.id);
    const operations = await call<{ connectionId: string; name: string }[]>(core, 'listAttempts');
    expect(operations).toEqual([expect.objectContaining({ name: 'Late', connectionId: here.id })]);

    // The same connection by id, newer, with the same token: its label is taken.
    const byId: BackupConnection = { ...connection, id: here.id, label: 'Weir renamed', updatedAt: at(HOUR) };
    expect((await restore(core, document({ connections: [byId] }))).changes).toMatchObject({
      connectionsUpdated: 1,
      connectionChanges: [],
    });
    expect(await call<Connection[]>(core, 'listConnections')).toEqual([
      expect.objectContaining({ id: here.id, label: 'Weir renamed', tokenHint: here.tokenHint }),
    ]);
    const older = { ...byId, label: 'Weir stale', updatedAt: at(-DAY) };
    expect((await restore(core, document({ connections: [older] }))).changes).toMatchObject({
      connectionsUpdated: 0,
    });
    expect((await call<Connection[]>(core, 'listConnections'))[0]!.label).toBe('Weir renamed');
  });

  it('a connection keeps its token to its origin: another base URL only with the backup’s own token, another token beside it', async () => {
    const { other, core, dataDir, here } = await connectionHereAndAnotherServer();
    const moved: BackupConnection = {
      id: here.id,
      provider: 'weir',
      label: 'Weir moved',
      baseUrl: other.url,
      token: null,
      createdAt: at(-5 * DAY),
      updatedAt: at(HOUR),
    };
    const connection = async (id: string) =>
      (await call<Connection[]>(core, 'listConnections')).find((c) => c.id === id)!;

    // Newer, on another origin, with no token: its label is taken, the base URL here stays.
    const noToken = await restore(core, document({ connections: [moved] }));
    expect(noToken.changes).toMatchObject({ connectionsUpdated: 1, connectionsAdded: 0, secretsAdded: 0 });
    expect(await connection(here.id)).toMatchObject({
      label: 'Weir moved',
      baseUrl: fakes.weir.url,
      tokenHint: here.tokenHint,
    });
    expect(noToken.changes.connectionChanges).toEqual([
      { label: 'Weir moved', provider: 'weir', baseUrl: other.url, change: 'baseUrlKept' },
    ]);
    const sent = fakes.weir.requests.length;
    await call(core, 'createClient', {
      provider: 'weir',
      connectionId: here.id,
      environment: 'development',
      name: 'Through the connection here',
    });
    expect(other.requests).toHaveLength(0);
    expect(fakes.weir.requests.slice(sent).map((r) => r.headers.authorization)).toEqual([
      `Bearer ${fakes.weir.token}`,
    ]);

    // With a token of its own that differs from the one here: never over it; added beside it.
    const withToken = { ...moved, label: 'Weir other', token: other.token, updatedAt: at(2 * HOUR) };
    const beside = await restore(core, document({ connections: [withToken] }));
    expect(beside.changes).toMatchObject({ connectionsUpdated: 0, connectionsAdded: 1, secretsAdded: 1 });
    expect(beside.changes.connectionChanges).toEqual([
      { label: 'Weir other', provider: 'weir', baseUrl: other.url, change: 'beside' },
    ]);
    const all = await call<Connection[]>(core, 'listConnections');
    expect(all).toHaveLength(2);
    expect(await connection(here.id)).toMatchObject({ baseUrl: fakes.weir.url, tokenHint: here.tokenHint });
    const copy = all.find((c) => c.id !== here.id)!;
    expect(copy).toMatchObject({ baseUrl: other.url, tokenHint: other.token.slice(-4) });
    expect(copy.label).toMatch(/^Weir other/);
    // Restoring it again changes nothing: the copy is the same connection by its token.
    const watcher = new StoreWatcher(dataDir);
    const before = watcher.snapshot();
    const again = await restore(core, document({ connections: [withToken] }));
    expect(again.changes).toMatchObject({
      connectionsAdded: 0,
      connectionsUpdated: 0,
      connectionChanges: [],
    });
    expect(watcher.snapshot()).toEqual(before);
    watcher.close();

    // The same origin, another (rotated) token: beside it too, never over it.
    const rotated = {
      ...moved,
      baseUrl: fakes.weir.url,
      token: `${fakes.weir.token}-rotated`,
      updatedAt: at(HOUR),
    };
    const second = await restore(core, document({ connections: [rotated] }));
    expect(second.changes.connectionChanges).toEqual([
      { label: 'Weir moved', provider: 'weir', baseUrl: fakes.weir.url, change: 'beside' },
    ]);
    expect(await connection(here.id)).toMatchObject({ tokenHint: here.tokenHint });
    expect(await call<Connection[]>(core, 'listConnections')).toHaveLength(3);
  });

  it('a token this store lost is taken from the backup only with the base URL it was entered for', async () => {
    const { other, core, dataDir, here } = await connectionHereAndAnotherServer();
    const raw = new Database(join(dataDir, 'keyhold.db'));
    raw.prepare('DELETE FROM secrets WHERE service = ?').run(`connection:${here.id}`);
    raw.close();
    const elsewhere: BackupConnection = {
      id: here.id,
      provider: 'weir',
      label: 'Weir in the backup',
      baseUrl: other.url,
      token: other.token,
      createdAt: at(-5 * DAY),
      updatedAt: at(-4 * DAY),
    };
    // Older than the connection here (whose base URL stays): its token would go to another server.
    const older = await restore(core, document({ connections: [elsewhere] }));
    expect(older.changes).toMatchObject({ connectionsAdded: 1, connectionsUpdated: 0 });
    expect(older.changes.connectionChanges).toEqual([
      { label: 'Weir in the backup', provider: 'weir', baseUrl: other.url, change: 'beside' },
    ]);
    expect((await call<Connection[]>(core, 'listConnections')).find((c) => c.id === here.id)).toMatchObject({
      baseUrl: fakes.weir.url,
    });
    const failed = await core.dispatch('createClient', {
      provider: 'weir',
      connectionId: here.id,
      environment: 'development',
      name: 'No token here',
    });
    expect(failed).toMatchObject({ ok: false, error: { code: 'auth' } });
    expect(other.requests).toHaveLength(0);

    // The same origin: the token is taken into the connection here.
    const sameOrigin = {
      ...elsewhere,
      id: here.id,
      baseUrl: `${fakes.weir.url}/v1`,
      token: fakes.weir.token,
    };
    const taken = await restore(core, document({ connections: [sameOrigin] }));
    expect(taken.changes).toMatchObject({ connectionsAdded: 0, secretsAdded: 1 });
    expect(taken.changes.connectionChanges).toEqual([
      {
        label: 'Weir in the backup',
        provider: 'weir',
        baseUrl: `${fakes.weir.url}/v1`,
        change: 'tokenAdded',
      },
    ]);
    expect((await call<Connection[]>(core, 'listConnections')).find((c) => c.id === here.id)).toMatchObject({
      baseUrl: fakes.weir.url,
      tokenHint: fakes.weir.token.slice(-4),
    });
  });

  it('settings set here stay; portable ones never set here come from the backup', async () => {
    const { core } = target();
    await call(core, 'updateSettings', { theme: 'dark' });
    const { changes } = await restore(
      core,
      document({ settings: { theme: 'light', clipboardClearSeconds: 45, backupKeep: 7 } }),
    );
    expect(changes.settingsApplied).toBe(2); // clipboard and keep
    expect(await call<Settings>(core, 'getSettings')).toMatchObject({
      theme: 'dark',
      clipboardClearSeconds: 45,
      backupKeep: 7,
      backupFolder: null,
    });
  });

  it('offers the key that opened the file for future backups, and adopts it only when asked', async () => {
    // The key may be someone else's (a team's file): unasked, later backups never go to it.
    const unasked = target().core;
    const offered = await restore(unasked, document());
    expect(offered.preview.recoveryKeyOffer).toBe(recipient);
    expect(offered.recoveryKeyAdopted).toBe(false);
    expect((await call<Settings>(unasked, 'getSettings')).backupRecipient).toBeNull();
    const declined = await restore(target().core, document(), { adoptRecoveryKey: false });
    expect(declined.recoveryKeyAdopted).toBe(false);

    const asked = target().core;
    const adopted = await restore(asked, document(), { adoptRecoveryKey: true });
    expect(adopted.recoveryKeyAdopted).toBe(true);
    expect(adopted.changes.settingsApplied).toBe(0); // the preview's count is what the file sets
    expect((await call<Settings>(asked, 'getSettings')).backupRecipient).toBe(recipient);
    // Set up now: a second restore neither offers nor replaces it.
    const again = await restore(asked, document(), { adoptRecoveryKey: true });
    expect(again.preview.recoveryKeyOffer).toBeNull();
    expect(again.recoveryKeyAdopted).toBe(false);
  });

  it('adopting the key starts backups at once, where a folder was waiting for a key', async () => {
    const { core } = target();
    const folder = join(files.path, `waiting-${randomUUID()}`);
    mkdirSync(folder);
    await call(core, 'setBackupFolder', { folder });
    expect((await call<BackupStatus>(core, 'getBackupStatus')).health).toBe('off');
    // A file with no client: nothing the restore writes would start a backup by itself.
    await restore(core, document(), { adoptRecoveryKey: true });
    await vi.waitFor(
      async () => expect((await call<BackupStatus>(core, 'getBackupStatus')).health).toBe('ok'),
      {
        timeout: 15_000,
        interval: 200,
      },
    );
    expect(readdirSync(folder).filter((name) => name.endsWith('.age'))).toHaveLength(1);
  });

  it('keeps a recovery key set up here, whatever the restore is asked', async () => {
    const { core } = target();
    const own = await call<{ recipient: string }>(core, 'setUpRecoveryKey');
    await call(core, 'confirmRecoveryKey', { recipient: own.recipient });
    const result = await restore(core, document(), { adoptRecoveryKey: true });
    expect(result.preview.recoveryKeyOffer).toBeNull();
    expect(result.recoveryKeyAdopted).toBe(false);
    expect((await call<Settings>(core, 'getSettings')).backupRecipient).toBe(own.recipient);
  });
});

describe('restoring into a store whose key is missing', () => {
  it('seals everything from the backup under a new key; the store as it was is kept beside it', async () => {
    const keyring = new TestKeyring();
    const app = startTestCore({ safeStorage: keyring });
    cleanups.push(() => app.dispose());
    const inBackup = await importWeir(app.core, 'sk_in_backup_1234567890');
    const content = document({
      clients: [backupClient({ id: inBackup.id, secrets: { secret_key: 'sk_in_backup_1234567890' } })],
    });
    const onlyHere = await call<ClientDetail>(app.core, 'importClient', {
      provider: 'mythic',
      connectionId: null,
      environment: 'production',
      name: 'Only here',
      remoteId: 'only-here',
      publicId: 'pk_only_here',
      secret: 'sk_only_here_1234567890',
    });
    const restarted = await app.restart();
    keyring.clearWithSecretTool();
    const missing = await restarted.restart();
    cleanups.push(() => missing.dispose());
    expect((await call<VaultStatus>(missing.core, 'getVaultStatus')).protection).toBe('missing');

    const { preview, keptCopy, changes } = await restore(missing.core, content);
    expect(preview.keyMissing).toBe(true);
    expect(changes).toMatchObject({ clientsAdded: 0, clientsUnchanged: 0, secretsAdded: 1, conflicts: 0 });
    expect(await call<VaultStatus>(missing.core, 'getVaultStatus')).toMatchObject({ protection: 'os' });
    expect(await reveal(missing.core, inBackup.id)).toBe('sk_in_backup_1234567890');
    // Not in the backup: its secret was sealed by the missing key; here it is gone, in the copy it stays.
    expect((await call<ClientDetail>(missing.core, 'getClient', { id: onlyHere.id })).secretFields).toEqual(
      [],
    );
    expect(keptCopy).toMatch(/keyhold-before-restore-.*\.db$/);
    expect(existsSync(keptCopy!)).toBe(true);
    const copy = new Database(keptCopy!, { readonly: true });
    expect(copy.prepare("SELECT count(*) FROM secrets WHERE service LIKE 'client:%'").pluck().get()).toBe(2);
    copy.close();
    // New secrets are accepted again.
    await importWeir(missing.core, 'sk_after_restore_1234567890', { remoteId: 'cli_after', name: 'After' });
  });
});
