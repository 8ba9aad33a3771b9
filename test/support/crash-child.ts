// Runs the core in its own process and kills it with SIGKILL at a create's fault point, so
// tests can prove what survives a crash. Two forms:
//   node --import tsx test/support/crash-child.ts <dataDir> <weirUrl> <token> <killAt> <keyringAccount>
//     one Weir create; killAt is 'after-response', 'after-commit' or 'none'
//   node --import tsx test/support/crash-child.ts --plan <plan.json>
//     the creates of a CrashPlan (see crash-plan.ts), killed as the plan says
// Prints one JSON line per create (ChildLine). Inherits the parent's D-Bus session: same keyring.
import { readFileSync } from 'node:fs';
import type { Core, FaultPoint } from '../../src/main/core';
import type { ClientDetail, Connection, Provider } from '../../src/shared/domain';
import { openCrashCore, type ChildLine, type CrashPlan } from './crash-plan';

function readPlan(argv: string[]): CrashPlan {
  if (argv[0] === '--plan') return JSON.parse(readFileSync(argv[1]!, 'utf8')) as CrashPlan;
  const [dataDir, weirUrl, token, killAt, keyringAccount] = argv;
  if (!dataDir || !weirUrl || !token || !killAt || !keyringAccount) {
    throw new Error('usage: crash-child.ts <dataDir> <weirUrl> <token> <killAt> <keyringAccount>');
  }
  return {
    dataDir,
    keyringAccount,
    providerTimeoutMs: 2_000,
    connections: { weir: { url: weirUrl, token } },
    creates: [{ provider: 'weir', environment: 'production', name: 'Crash test client' }],
    ...(killAt === 'none' ? {} : { kill: { point: killAt as FaultPoint, nth: 1 } }),
  };
}

const emit = (line: ChildLine) => process.stdout.write(JSON.stringify(line) + '\n');

async function unwrap<T>(core: Core, method: string, payload: unknown): Promise<T> {
  const result = await core.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** connectionIds, tried again while another program holds the store (as a user would). */
async function connectionIdsRetrying(
  core: Core,
  plan: CrashPlan,
): Promise<Partial<Record<Provider, string>>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectionIds(core, plan);
    } catch (error) {
      if (attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The connection for each provider of the plan, added on the first run and found on later ones. */
async function connectionIds(core: Core, plan: CrashPlan): Promise<Partial<Record<Provider, string>>> {
  const existing = await unwrap<Connection[]>(core, 'listConnections', undefined);
  const ids: Partial<Record<Provider, string>> = {};
  for (const [provider, server] of Object.entries(plan.connections) as [
    Provider,
    { url: string; token: string },
  ][]) {
    const found = existing.find((c) => c.provider === provider && c.baseUrl === server.url);
    ids[provider] = (
      found ??
      (await unwrap<Connection>(core, 'addConnection', {
        provider,
        label: `${provider} (crash run)`,
        baseUrl: server.url,
        token: server.token,
      }))
    ).id;
  }
  return ids;
}

async function main(): Promise<void> {
  const plan = readPlan(process.argv.slice(2));
  const kill = plan.kill;
  let reached = 0;
  const core = openCrashCore({
    ...plan,
    faultPoint: (point) => {
      if (!kill || point !== kill.point) return;
      reached += 1;
      if (reached === kill.nth) process.kill(process.pid, 'SIGKILL');
    },
  });
  for (const { removeConnectionAfterMs, ...create } of plan.creates) {
    // Looked up for every create: a connection removed during the last one is added back.
    const connectionId = (await connectionIdsRetrying(core, plan))[create.provider];
    emit({ event: 'start', name: create.name });
    const dispatch = (extra: object = {}) =>
      core.dispatch('createClient', { ...create, ...extra, connectionId });
    const removal =
      removeConnectionAfterMs === undefined
        ? null
        : new Promise((resolve) => setTimeout(resolve, removeConnectionAfterMs)).then(() =>
            core.dispatch('removeConnection', { id: connectionId }),
          );
    let result = await dispatch();
    if (!result.ok && result.error.code === 'confirm_unknown') {
      // As a user would after checking the provider's console: create anyway.
      emit({ event: 'asked', name: create.name });
      result = await dispatch({ confirmedDespiteUnknown: true });
    }
    await removal;
    emit(
      result.ok
        ? { event: 'done', name: create.name, ok: true, clientId: (result.value as ClientDetail).id }
        : {
            event: 'done',
            name: create.name,
            ok: false,
            code: result.error.code,
            outcomeUnknown: result.error.outcomeUnknown ?? false,
          },
    );
  }
  await core.shutdown();
}

// An async main, not top-level await: tsx runs this package's .ts files as CommonJS.
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
