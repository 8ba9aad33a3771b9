// Hundreds of creates against fake providers that fail at random, in child processes that kill
// themselves (SIGKILL) at a random create's fault point; the next child, and finally this
// process, restart the core on the same data directory. At the end, one invariant: every
// secret a provider handed out is either kept (and decrypts to the same value) or its attempt
// is flagged 'unknown' for the user to check — never silently lost — and nothing is on disk
// in plaintext. Reproduce a run with KEYHOLD_FAULT_SEED=<seed>.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core, FaultPoint } from '../../src/main/core/index';
import type { ClientPage, Environment, Operation } from '../../src/shared/domain';
import { ENVIRONMENTS } from '../../src/shared/domain';
import type { Fault, IssuedSecret } from '../fakes/fake-server';
import { call, tempDir } from '../support/core';
import {
  crashKeyring,
  openCrashCore,
  runPlan,
  type ChildLine,
  type PlannedCreate,
} from '../support/crash-plan';
import { startFakes, type Fakes } from '../support/fake-providers';
import {
  checkpoint,
  findLeaks,
  rawClients,
  rawOperations,
  readDataFiles,
  storeCounts,
  type RawOperation,
} from '../support/raw-store';
import { seededRng } from '../support/rng';

const SEED = Number(process.env.KEYHOLD_FAULT_SEED ?? 20_251_107);
const TARGET_CREATES = 200;
const BATCH_SIZE = 25;
const MAX_BATCHES = 40;
const TIMEOUT_MS = 200;
const DELAY_MS = 400;
/** Each fault is tried in turn with this probability; ~38% of requests get one. */
const FAULT_PROBABILITY = 0.04;

const FAULTS: Record<string, Fault> = {
  'status 400': { status: 400 },
  'status 401': { status: 401 },
  'status 409': { status: 409 },
  'status 429': { status: 429, headers: { 'Retry-After': '7' } },
  'status 500': { status: 500 },
  'status 503': { status: 503 },
  'delay past the timeout': { delayMs: DELAY_MS },
  'drop before-response': { drop: 'before-response' },
  'drop immediately': { drop: 'immediately' },
  'malformed not-json': { malformed: 'not-json' },
  'malformed wrong-shape': { malformed: 'wrong-shape' },
};

/** Where an issued secret lives in the vault. */
const VAULT_FIELD: Record<string, string> = {
  secretKey: 'secret_key',
  secret_key: 'secret_key',
  proxy_api_key: 'proxy_api_key',
};

interface Kill {
  name: string;
  point: FaultPoint;
}

describe(`randomized faults and kills (seed ${SEED})`, () => {
  const planRng = seededRng(SEED);
  const dir = tempDir('keyhold-faults-');
  const plans = tempDir('keyhold-fault-plans-');
  const keyringAccount = `faults-${randomUUID()}`;
  let fakes: Fakes;
  let core: Core | undefined;

  const done = new Map<string, Extract<ChildLine, { event: 'done' }>>();
  const kills: Kill[] = [];
  const planned: PlannedCreate[] = [];

  beforeAll(async () => {
    fakes = await startFakes({ random: seededRng(SEED + 1) });
    for (const server of [fakes.weir, fakes.mythic]) {
      for (const fault of Object.values(FAULTS)) server.inject(fault, { probability: FAULT_PROBABILITY });
    }
  });
  afterAll(async () => {
    await core?.shutdown();
    await fakes.close();
    await crashKeyring(keyringAccount)
      .destroy()
      .catch(() => {});
    dir.remove();
    plans.remove();
  });

  function planBatch(batch: number): PlannedCreate[] {
    const mythicIds = planned.flatMap((create) => (create.provider === 'mythic' ? [create.id] : []));
    return Array.from({ length: BATCH_SIZE }, (_, index): PlannedCreate => {
      const name = `fi-${batch}-${index}`;
      const environment: Environment = planRng.pick(ENVIRONMENTS);
      if (planRng.chance(0.5)) return { provider: 'weir', environment, name };
      // Now and then reuse an id: a genuine 409 from the fake (or a success, if that create never landed).
      const id = mythicIds.length > 0 && planRng.chance(0.06) ? planRng.pick(mythicIds) : name;
      const proxy = planRng.chance(0.3) ? { proxy_api_key: `px_${planRng.alnum(28)}` } : {};
      return { provider: 'mythic', environment, name, id, ...proxy };
    });
  }

  it('runs at least 200 creates across killed and restarted processes', { timeout: 40_000 }, async () => {
    let started = 0;
    for (let batch = 0; started < TARGET_CREATES && batch < MAX_BATCHES; batch++) {
      const creates = planBatch(batch);
      const kill = planRng.chance(0.85)
        ? { point: planRng.pick(['after-response', 'after-commit'] as const), nth: planRng.int(2, 14) }
        : undefined;
      const run = await runPlan(
        {
          dataDir: dir.path,
          keyringAccount,
          providerTimeoutMs: TIMEOUT_MS,
          connections: {
            weir: { url: fakes.weir.url, token: fakes.weir.token },
            mythic: { url: fakes.mythic.url, token: fakes.mythic.token },
          },
          creates,
          ...(kill ? { kill } : {}),
        },
        join(plans.path, `plan-${batch}.json`),
      );
      const starts = run.lines.filter((line) => line.event === 'start');
      for (const line of run.lines) if (line.event === 'done') done.set(line.name, line);
      planned.push(...creates.filter((create) => starts.some((start) => start.name === create.name)));
      started += starts.length;

      if (run.signal === 'SIGKILL') {
        // Killed inside the last create it started, which never reported back.
        const last = starts.at(-1)!;
        expect(done.has(last.name)).toBe(false);
        kills.push({ name: last.name, point: kill!.point });
        // Before any restart, the crash left exactly that attempt pending (or none, after the commit).
        expect(storeCounts(dir.path).operations.pending ?? 0).toBe(kill!.point === 'after-response' ? 1 : 0);
      } else {
        expect(run.code, run.stderr).toBe(0);
        expect(starts).toHaveLength(BATCH_SIZE);
      }
    }
    expect(started).toBeGreaterThanOrEqual(TARGET_CREATES);
    expect(kills.some((k) => k.point === 'after-response')).toBe(true);
    expect(kills.some((k) => k.point === 'after-commit')).toBe(true);
    // Every kind of fault really happened.
    const applied = new Set(
      [...fakes.weir.requests, ...fakes.mythic.requests].flatMap((request) =>
        request.fault ? [JSON.stringify(request.fault)] : [],
      ),
    );
    for (const [kind, fault] of Object.entries(FAULTS)) {
      expect(applied.has(JSON.stringify(fault)), `fault "${kind}" never applied`).toBe(true);
    }
  });

  it('after a restart, the journal, the clients and the vault agree with what the providers issued', async () => {
    core = openCrashCore({ dataDir: dir.path, keyringAccount });
    const operations = rawOperations(dir.path);
    const byName = new Map(operations.map((op) => [op.name, op]));

    // Every started create was journalled once; none is left pending after the restart.
    expect(operations).toHaveLength(planned.length);
    expect(byName.size).toBe(operations.length);
    for (const op of operations) expect(['succeeded', 'failed', 'unknown']).toContain(op.state);

    // The journal says what the user was told.
    for (const [name, line] of done) {
      const op = byName.get(name)!;
      if (line.ok) expect(op).toMatchObject({ state: 'succeeded', client_id: line.clientId });
      else
        expect(op).toMatchObject({
          state: line.outcomeUnknown ? 'unknown' : 'failed',
          error_code: line.code,
        });
    }
    for (const kill of kills) {
      const op = byName.get(kill.name)!;
      expect(op.state).toBe(kill.point === 'after-response' ? 'unknown' : 'succeeded');
      if (op.state === 'unknown') expect(op.error_message).toMatch(/stopped while this create was in flight/);
    }

    // Clients are exactly the succeeded attempts, in the environment asked for.
    const succeeded = operations.filter((op) => op.state === 'succeeded');
    const clients = rawClients(dir.path);
    expect(clients).toHaveLength(succeeded.length);
    const page = await call<ClientPage>(core, 'listClients', { environment: 'production' });
    expect(page.counts.production + page.counts.staging + page.counts.development).toBe(succeeded.length);
    const clientById = new Map(clients.map((client) => [client.id, client]));
    for (const op of succeeded) {
      expect(clientById.get(op.client_id!)).toMatchObject({ name: op.name, environment: op.environment });
    }
    const listed = await call<Operation[]>(core, 'listOperations');
    expect(listed.map((op) => op.id).sort()).toEqual(
      operations
        .filter((op) => op.state === 'unknown')
        .map((op) => op.id)
        .sort(),
    );

    // Every secret a provider issued: kept and decrypting to the same value, or flagged unknown.
    const issued = [...fakes.weir.issued, ...fakes.mythic.issued];
    const opOf = (secret: IssuedSecret): RawOperation =>
      byName.get((secret.request.body as { name: string }).name)!;
    let checked = 0;
    for (const secret of issued) {
      const op = opOf(secret);
      expect(op, `no journal entry for an issued secret`).toBeDefined();
      if (!secret.delivered || op.state !== 'succeeded') {
        // Never delivered (timeout, drop, malformed) or killed before the commit: the user is told.
        expect(op.state).toBe('unknown');
        continue;
      }
      const client = clientById.get(op.client_id!)!;
      if (op.provider === 'mythic') expect(client.remote_id).toBe((secret.request.body as { id: string }).id);
      const revealed = await call<{ value: string }>(core, 'revealSecret', {
        clientId: client.id,
        field: VAULT_FIELD[secret.field],
      });
      expect(revealed.value === secret.value, `secret of "${op.name}" differs from the one issued`).toBe(
        true,
      );
      checked += 1;
    }
    // And no stored client has a secret that no provider delivered.
    const deliveredTo = new Set(issued.filter((s) => s.delivered).map((s) => opOf(s).client_id));
    for (const op of succeeded) expect(deliveredTo.has(op.client_id)).toBe(true);
    expect(storeCounts(dir.path).clientSecrets).toBe(checked);

    const failedByCode: Record<string, number> = {};
    for (const op of operations.filter((o) => o.state === 'failed')) {
      failedByCode[op.error_code!] = (failedByCode[op.error_code!] ?? 0) + 1;
    }
    const unknown = operations.filter((op) => op.state === 'unknown').length;
    const killsAt = (point: FaultPoint) => kills.filter((k) => k.point === point).length;
    console.log(
      `fault-injection seed=${SEED}: creates=${operations.length} succeeded=${succeeded.length} ` +
        `failed=${JSON.stringify(failedByCode)} unknown=${unknown} kills=${kills.length} ` +
        `(after-response ${killsAt('after-response')}, after-commit ${killsAt('after-commit')}) ` +
        `secrets checked=${checked}`,
    );
    expect(checked).toBeGreaterThan(50);
  });

  it('no issued secret and no token is in the database, its WAL or the logs', async () => {
    const values = fakes.secrets();
    expect(findLeaks(readDataFiles(dir.path), values)).toEqual([]); // WAL read while the core is open
    checkpoint(dir.path);
    expect(findLeaks(readDataFiles(dir.path), values)).toEqual([]);
    await core!.shutdown();
    core = undefined;
    expect(findLeaks(readDataFiles(dir.path), values)).toEqual([]);
  });
});
