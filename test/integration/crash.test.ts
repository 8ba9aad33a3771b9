// Kill -9 in the middle of a create, then restart: the journal must tell the truth about
// what happened at the provider, and the vault must hold exactly what was committed.
// The child shares this process's D-Bus session (same keyring) and talks to a fake Weir
// that lives here, so the fake's `issued` list shows what the provider really handed out.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Core, FaultPoint } from '../../src/main/core/index';
import { openDatabase } from '../../src/main/core/store/database';
import type { ClientPage, Attempt } from '../../src/shared/domain';
import { startFakeWeir, type FakeWeir } from '../fakes/weir-server';
import { call, tempDir } from '../support/core';
import { crashKeyring, openCrashCore, runCrashChild, type ChildRun } from '../support/crash-plan';
import { findLeaks, rawAttempts, readDataFiles, storeCounts } from '../support/raw-store';

describe('a crash (SIGKILL) during a create', () => {
  let weir: FakeWeir;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    weir = await startFakeWeir();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(async () => {
    await weir.close();
  });

  /** Runs the child to its kill point, then hands back a way to restart the core in-process. */
  async function crashAt(killAt: FaultPoint | 'none') {
    const dir = tempDir('keyhold-crash-');
    const keyringAccount = `crash-${randomUUID()}`;
    let core: Core | undefined;
    cleanups.push(async () => {
      await core?.shutdown();
      await crashKeyring(keyringAccount)
        .destroy()
        .catch(() => {});
      dir.remove();
    });
    const issuedBefore = weir.issued.length;
    const child: ChildRun = await runCrashChild({
      dataDir: dir.path,
      weirUrl: weir.url,
      token: weir.token,
      killAt,
      keyringAccount,
    });
    return {
      dataDir: dir.path,
      child,
      issued: weir.issued.slice(issuedBefore),
      restart(): Core {
        core = openCrashCore({ dataDir: dir.path, keyringAccount });
        return core;
      },
    };
  }

  it('without a kill, the child completes the create (the harness itself works)', async () => {
    const run = await crashAt('none');
    expect(run.child.code, run.child.stderr).toBe(0);
    expect(run.child.lines).toEqual([
      { event: 'start', name: 'Crash test client' },
      expect.objectContaining({ event: 'done', ok: true }),
    ]);
    expect(run.issued).toHaveLength(1);
    expect(storeCounts(run.dataDir)).toMatchObject({
      clients: 1,
      clientSecrets: 1,
      attempts: { succeeded: 1 },
    });
  });

  it("killed after the provider answered, before the commit: the attempt is 'unknown', nothing is half-stored", async () => {
    const run = await crashAt('after-response');
    expect(run.child.signal, run.child.stderr).toBe('SIGKILL');
    expect(run.child.lines).toEqual([{ event: 'start', name: 'Crash test client' }]);

    // The provider made the client and its answer reached Keyhold: the secret existed, once.
    expect(run.issued).toHaveLength(1);
    expect(run.issued[0]).toMatchObject({ field: 'secretKey', delivered: true });
    const secret = run.issued[0]!.value;

    // On disk, before any restart: the attempt is still pending, no client, no orphan secret.
    expect(storeCounts(run.dataDir)).toEqual({ clients: 0, clientSecrets: 0, attempts: { pending: 1 } });

    const core = run.restart();
    const attempts = await call<Attempt[]>(core, 'listAttempts');
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      provider: 'weir',
      environment: 'production',
      name: 'Crash test client',
      state: 'unknown',
    });
    expect(attempts[0]!.errorMessage).toMatch(
      /stopped while this create was in flight.*may exist at the provider without its secret/,
    );
    const page = await call<ClientPage>(core, 'listClients', { environment: 'production' });
    expect(page.total).toBe(0);
    expect(storeCounts(run.dataDir)).toEqual({ clients: 0, clientSecrets: 0, attempts: { unknown: 1 } });
    expect(JSON.stringify(attempts)).not.toContain(secret);
    expect(findLeaks(readDataFiles(run.dataDir), [secret, weir.token])).toEqual([]);
  });

  it('killed right after the commit: the client and exactly the issued secret survive', async () => {
    const run = await crashAt('after-commit');
    expect(run.child.signal, run.child.stderr).toBe('SIGKILL');
    expect(run.child.lines).toEqual([{ event: 'start', name: 'Crash test client' }]);
    expect(run.issued).toHaveLength(1);
    expect(run.issued[0]!.delivered).toBe(true);

    const core = run.restart();
    const page = await call<ClientPage>(core, 'listClients', { environment: 'production' });
    expect(page.items).toHaveLength(1);
    const client = page.items[0]!;
    expect(client).toMatchObject({ name: 'Crash test client', provider: 'weir', origin: 'created' });
    const revealed = await call<{ value: string }>(core, 'revealSecret', {
      clientId: client.id,
      field: 'secret_key',
    });
    expect(revealed.value).toBe(run.issued[0]!.value);

    expect(await call<Attempt[]>(core, 'listAttempts')).toEqual([]);
    expect(rawAttempts(run.dataDir)).toEqual([
      expect.objectContaining({ state: 'succeeded', client_id: client.id, error_code: null }),
    ]);
    expect(storeCounts(run.dataDir)).toEqual({ clients: 1, clientSecrets: 1, attempts: { succeeded: 1 } });
    expect(findLeaks(readDataFiles(run.dataDir), [run.issued[0]!.value, weir.token])).toEqual([]);
  });
});

// SIGKILL only loses what the process had not handed to the OS. A power cut or an OS crash can also
// lose what the OS had not yet written: in WAL mode with synchronous=NORMAL, the last commits may
// roll back — the stored client and its secret (shown once, gone for good), or the journal entry
// that would have warned about it, and the attempt must be recorded durably before the call. FULL
// syncs the WAL on every commit; a create is rare enough that the cost does not matter.
describe('durability beyond a process crash', () => {
  it('the store syncs every commit to disk (synchronous = FULL), as the create journal needs', () => {
    const dir = tempDir('keyhold-sync-');
    // The same call createCore makes for <dataDir>/keyhold.db.
    const db = openDatabase(join(dir.path, 'keyhold.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(
        db.pragma('synchronous', { simple: true }),
        'src/main/core/store/database.ts sets synchronous = NORMAL: a power loss can undo a committed create',
      ).toBe(2);
    } finally {
      db.close();
      dir.remove();
    }
  });
});
