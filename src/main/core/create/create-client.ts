import type { z } from 'zod';
import { type ClientDetail, type createClientSchema, type Attempt } from '../../../shared/domain';
import { PROVIDER_INFO } from '../../../shared/providers';
import { KeyholdError, type KeyholdErrorData } from '../../../shared/errors';
import type { Logger } from '../ports';
import type { ProviderClients } from '../providers';
import { mayExistSentence } from '../providers/call-context';
import type { CreatedClient } from '../providers/types';
import type { Db } from '../store/database';
import type { RescueRecord } from './rescue-files';
import { storeBusyError, storeProblem } from '../store/store-errors';
import type { Vault } from '../vault/vault';
import type { Clients, SealedClient } from '../clients/clients';
import { checkProvider, type Connections } from '../connections/connections';
import type { CreateInFlight, CreatesInFlight } from './creates-in-flight';
import type { CreateAttempts } from './journal';
import type { Rescue } from './rescue';
import type { SettingsStore } from '../settings/settings';

export type CreateClientRequest = z.output<typeof createClientSchema>;

/** Named points where a test can kill the process, to prove crash safety. */
export type FaultPoint = 'after-response' | 'after-commit' | 'after-rescue';

export interface CreateDeps {
  db: Db;
  vault: Vault;
  clients: Clients;
  connections: Connections;
  attempts: CreateAttempts;
  settings: SettingsStore;
  logger: Logger;
  providers: ProviderClients;
  inFlight: CreatesInFlight;
  rescue: Rescue;
  /** Longest wait for an answer once the request is sent (the setting, or a test's override). */
  waitMs(): number;
  faultPoint?: (point: FaultPoint) => void;
}

/**
 * The secret is shown once, so: check the vault can keep it, journal the attempt, call the
 * provider once and wait for its answer, then commit client + sealed secrets + attempt state in
 * one transaction — or, if the store refuses, hold the sealed record in a rescue file until it
 * takes it. A failure that may have happened at the provider is journalled as unknown and never
 * retried automatically.
 */
export async function createClient(deps: CreateDeps, request: CreateClientRequest): Promise<ClientDetail> {
  const { vault, connections, attempts, logger } = deps;
  const { confirmedDespiteUnknown, connectionId, environment, provider, ...fields } = request;
  const { connection, ...credentials } = await connections.credentials(connectionId);
  checkProvider(connection, provider);
  await vault.ensureWritable();

  const remoteId = 'id' in fields ? fields.id : null;
  const earlier = attempts.unknownMatch({ provider, connectionId, name: fields.name, remoteId });
  if (earlier && !confirmedDespiteUnknown) throw confirmUnknownError(earlier);

  const client = deps.providers[provider];
  const body = provider === 'weir' ? { name: fields.name, environment } : fields;
  const attempt = {
    provider,
    connectionId,
    connectionLabel: connection.label,
    environment,
    name: fields.name,
    remoteId,
  };
  const attemptId = beginAttempt(attempts, attempt);
  const inFlight = deps.inFlight.start({
    ...attempt,
    id: attemptId,
    state: 'pending',
    errorCode: null,
    errorMessage: null,
    startedAt: new Date().toISOString(),
    finishedAt: null,
  });
  logger.info('create: calling provider', { attemptId, provider, environment });

  try {
    let created: CreatedClient;
    try {
      created = await client.create(credentials, body as never, {
        timeoutMs: deps.waitMs(),
        signal: inFlight.signal,
      });
    } catch (error) {
      const data = failureData(error, inFlight, { provider, earlier, remoteId, attemptId });
      recordOutcome(deps, attemptId, data);
      logger.warn('create: provider call failed', {
        attemptId,
        code: data.code,
        unknown: !!data.outcomeUnknown,
      });
      throw new KeyholdError(data);
    }
    inFlight.received();
    deps.faultPoint?.('after-response');

    const sealed = deps.clients.seal({
      provider,
      connectionId,
      connectionLabel: connection.label,
      environment,
      name: created.name,
      remoteId: created.remoteId,
      publicId: created.publicId,
      metadata: created.metadata,
      origin: 'created',
      remoteCreatedAt: created.remoteCreatedAt,
      secrets: created.secrets,
    });
    keep(deps, attemptId, sealed);
    deps.faultPoint?.('after-commit');
    rememberConnection(deps, connectionId);
    logger.info('create: stored', { attemptId, clientId: sealed.id });
    return deps.clients.detail(sealed.id);
  } finally {
    inFlight.end();
  }
}

/** Writes a received client (created now, or held in a rescue file) to the store, idempotently. */
export function applyRescued(deps: Pick<CreateDeps, 'db' | 'clients' | 'connections' | 'attempts'>) {
  return (record: RescueRecord): void => {
    deps.db.transaction(() => {
      if (record.kind === 'outcome') return deps.attempts.fail(record.attemptId, record);
      storeClient(deps, record.attemptId, record.client);
    })();
  };
}

function storeClient(
  deps: Pick<CreateDeps, 'clients' | 'connections' | 'attempts'>,
  attemptId: string,
  client: SealedClient,
): void {
  if (!deps.clients.has(client.id)) {
    // The connection may have been removed while its create was waiting: keep the client
    // without it, under the connection's label, like the clients of any removed connection.
    const connected = client.connectionId !== null && deps.connections.has(client.connectionId);
    deps.clients.insertSealed({ ...client, connectionId: connected ? client.connectionId : null });
  }
  deps.attempts.succeed(attemptId, client.id);
}

/** Commits a received client, or holds it in a rescue file if the store refuses. */
function keep(deps: CreateDeps, attemptId: string, client: SealedClient): void {
  try {
    deps.db.transaction(() => storeClient(deps, attemptId, client))();
    return;
  } catch (error) {
    deps.logger.warn('create: the store refused the received client; holding it', { attemptId, error });
    const durable = deps.rescue.hold({ kind: 'client', attemptId, client });
    deps.faultPoint?.('after-rescue');
    const name = PROVIDER_INFO[client.provider].label;
    throw new KeyholdError({
      code: 'saved_later',
      outcomeUnknown: false,
      attemptId,
      message: durable
        ? `${name} created “${client.name}” and Keyhold received its secret, but could not write it to its ` +
          `database (${storeProblem(error)}). The secret is sealed in a rescue file in Keyhold’s data folder ` +
          'and is added as soon as the database can be written, at the latest when Keyhold next starts.'
        : `${name} created “${client.name}” and Keyhold received its secret, but could neither write it to ` +
          `its database nor to a rescue file (${storeProblem(error)}). Keep Keyhold open: it keeps trying. ` +
          'Free disk space or close the program using the database.',
    });
  }
}

/** Journals how an attempt ended; if the store refuses even that, a rescue file keeps it. */
function recordOutcome(deps: CreateDeps, attemptId: string, data: KeyholdErrorData): void {
  const outcome = {
    state: data.outcomeUnknown ? ('unknown' as const) : ('failed' as const),
    code: data.code,
    message: data.message,
  };
  try {
    deps.attempts.fail(attemptId, outcome);
  } catch (error) {
    deps.logger.error('create: could not journal the outcome; holding it', { attemptId, error });
    deps.rescue.hold({ kind: 'outcome', attemptId, ...outcome });
  }
}

function failureData(
  error: unknown,
  inFlight: CreateInFlight,
  context: {
    provider: Attempt['provider'];
    earlier?: Attempt;
    remoteId: string | null;
    attemptId: string;
  },
): KeyholdErrorData {
  const name = PROVIDER_INFO[context.provider].label;
  if (inFlight.abandoned()) {
    return {
      code: 'network',
      outcomeUnknown: true,
      attemptId: context.attemptId,
      message:
        `Keyhold was quit while it waited for the answer from ${name}. ` +
        mayExistSentence({ provider: context.provider }),
    };
  }
  if (!(error instanceof KeyholdError)) {
    // Anything the provider client did not classify happened after sending: the outcome is unknown.
    return {
      code: 'internal',
      outcomeUnknown: true,
      attemptId: context.attemptId,
      message: `Keyhold failed while reading the answer from ${name} (${messageOf(error)}). ${mayExistSentence({ provider: context.provider })}`,
    };
  }
  const data = { ...error.data, ...(error.data.outcomeUnknown ? { attemptId: context.attemptId } : {}) };
  // A taken id that an earlier unknown attempt sent: the proof that the attempt created it.
  if (data.code === 'conflict' && context.earlier && context.remoteId !== null) {
    return {
      code: 'conflict',
      field: 'id',
      outcomeUnknown: false,
      attemptId: context.earlier.id,
      message:
        `The earlier attempt created “${context.remoteId}” at ${name} (the id is taken now, HTTP 409), but its ` +
        `secret never reached Keyhold. Rotate the secret in the ${name} console, then import the client here.`,
    };
  }
  return data;
}

function confirmUnknownError(earlier: Attempt): KeyholdError {
  const name = PROVIDER_INFO[earlier.provider].label;
  const what = earlier.remoteId === null ? `the name “${earlier.name}”` : `the id “${earlier.remoteId}”`;
  return new KeyholdError({
    code: 'confirm_unknown',
    field: earlier.remoteId === null ? 'name' : 'id',
    attemptId: earlier.id,
    message:
      `An earlier attempt with ${what} has an unknown outcome: it may have created the client at ${name} ` +
      `already. Check the ${name} console first. If the client is there, import it; create again only if it is not.`,
  });
}

/** Journals the attempt before the call; a store that refuses is a clear error that loses nothing. */
function beginAttempt(attempts: CreateAttempts, attempt: Parameters<CreateAttempts['begin']>[0]): string {
  try {
    return attempts.begin(attempt);
  } catch (error) {
    throw storeBusyError(error, `Nothing was sent to ${PROVIDER_INFO[attempt.provider].label}`);
  }
}

function rememberConnection(deps: CreateDeps, connectionId: string): void {
  try {
    deps.settings.update({ lastConnectionId: connectionId });
  } catch (error) {
    // The client is stored: a failure to remember the connection must not read as a failed create.
    deps.logger.warn('create: could not remember the last connection', { error });
  }
}

function messageOf(error: unknown): string {
  if (error instanceof KeyholdError) return error.data.message;
  return error instanceof Error ? error.message : String(error);
}
