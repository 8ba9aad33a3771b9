import type { z } from 'zod';
import type { ClientDetail, createClientSchema } from '../../../shared/domain';
import { KeyholdError, type KeyholdErrorData } from '../../../shared/errors';
import type { Logger } from '../ports';
import { providerClient, type ProviderClients } from '../providers';
import type { CreatedClient } from '../providers/types';
import type { Db } from '../store/database';
import type { Vault } from '../vault/vault';
import type { Clients } from './clients';
import type { Connections } from './connections';
import type { Journal } from './journal';
import type { SettingsStore } from './settings';

export type CreateClientRequest = z.output<typeof createClientSchema>;

/** Named points where a test can kill the process, to prove crash safety. */
export type FaultPoint = 'after-response' | 'after-commit';

export interface CreateDeps {
  db: Db;
  vault: Vault;
  clients: Clients;
  connections: Connections;
  journal: Journal;
  settings: SettingsStore;
  logger: Logger;
  providers: ProviderClients;
  timeoutMs: number;
  faultPoint?: (point: FaultPoint) => void;
}

/**
 * The secret is shown once, so: check the vault can keep it, journal the attempt,
 * call the provider once, then commit client + sealed secrets + journal state in one
 * transaction. A failure that may have happened at the provider is journalled as
 * unknown and never retried automatically.
 */
export async function createClient(deps: CreateDeps, request: CreateClientRequest): Promise<ClientDetail> {
  const { db, vault, clients, connections, journal, logger } = deps;
  const { connectionId, environment, provider, ...fields } = request;
  const { connection, ...credentials } = await connections.credentials(connectionId);
  if (connection.provider !== provider) {
    throw new KeyholdError({
      code: 'validation',
      field: 'connectionId',
      message: `"${connection.label}" is a ${connection.provider} connection, not ${provider}.`,
    });
  }
  await vault.ensureWritable();

  const client = providerClient(provider, deps.providers);
  const body = provider === 'weir' ? { name: fields.name, environment } : fields;
  const operationId = journal.begin({
    provider,
    connectionId,
    connectionLabel: connection.label,
    environment,
    name: fields.name,
    remoteId: 'id' in fields ? fields.id : null,
  });
  logger.info('create: calling provider', { operationId, provider, environment });

  let created: CreatedClient;
  try {
    created = await client.create(credentials, body as never, { timeoutMs: deps.timeoutMs });
  } catch (error) {
    // Anything the provider client did not classify happened after sending: the outcome is unknown.
    const data: KeyholdErrorData =
      error instanceof KeyholdError
        ? error.data
        : {
            code: 'internal',
            outcomeUnknown: true,
            message: `Keyhold failed while reading the answer (${errorData(error).message}). The client may exist at the provider: check its console.`,
          };
    recordFailure(journal, operationId, data, logger);
    logger.warn('create: provider call failed', {
      operationId,
      code: data.code,
      unknown: !!data.outcomeUnknown,
    });
    throw new KeyholdError(data);
  }
  deps.faultPoint?.('after-response');

  let clientId: string;
  try {
    clientId = db.transaction(() => {
      const id = clients.insert({
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
      journal.succeed(operationId, id);
      return id;
    })();
  } catch (error) {
    // The provider made the client but we could not keep its secret: say so plainly.
    const data: KeyholdErrorData = {
      code: 'internal',
      outcomeUnknown: true,
      message:
        `${created.name} was created at the provider, but Keyhold could not save it (${errorData(error).message}). ` +
        'Its secret is lost: rotate it in the provider console.',
    };
    recordFailure(journal, operationId, data, logger);
    throw new KeyholdError(data);
  }
  deps.faultPoint?.('after-commit');
  try {
    deps.settings.update({ lastConnectionId: connectionId });
  } catch (error) {
    // The client is stored: a failure to remember the connection must not read as a failed create.
    logger.warn('create: could not remember the last connection', { error });
  }
  logger.info('create: stored', { operationId, clientId });
  return clients.detail(clientId);
}

/** Journals a failure; never lets a journal error hide the message the user must see. */
function recordFailure(journal: Journal, operationId: string, data: KeyholdErrorData, logger: Logger): void {
  try {
    journal.fail(operationId, data);
  } catch (error) {
    logger.error('create: could not journal the failure', { operationId, error });
  }
}

function errorData(error: unknown): KeyholdErrorData {
  if (error instanceof KeyholdError) return error.data;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
