import type { Handlers } from '../../../shared/contract';
import { checkProvider, type Connections } from '../connections/connections';
import type { CreateAttempts } from '../create/journal';
import type { Logger } from '../ports';
import type { Clients } from './clients';

type ClientMethod =
  'listClients' | 'getListIndex' | 'getClient' | 'importClient' | 'setClientArchived' | 'deleteClient';

export interface ClientHandlerDeps {
  clients: Clients;
  connections: Connections;
  /** An import from the unknown-outcome banner settles that attempt in the create journal. */
  journal: Pick<CreateAttempts, 'resolve'>;
  logger: Logger;
}

/** The client list and records' contract methods (the secrets' are in secret-handlers.ts). */
export function clientHandlers({
  clients,
  connections,
  journal,
  logger,
}: ClientHandlerDeps): Pick<Handlers, ClientMethod> {
  return {
    listClients: async (input) => clients.list(input),
    getListIndex: async (input) => clients.listIndexChunk(input),
    getClient: async ({ id }) => clients.detail(id),
    importClient: async ({ attemptId, ...input }) => {
      const connection = input.connectionId ? connections.get(input.connectionId) : null;
      if (connection) checkProvider(connection, input.provider);
      const detail = await clients.import({ ...input, connectionLabel: connection?.label ?? 'Imported' });
      // Imported from the unknown-outcome banner: that attempt is settled now.
      if (attemptId && !journal.resolve(attemptId, detail.id)) {
        logger.warn('import: the attempt it resolves was no longer unknown', { attemptId });
      }
      return detail;
    },
    setClientArchived: async ({ id, archived }) => clients.setArchived(id, archived),
    deleteClient: async ({ id }) => {
      clients.delete(id);
      return { ok: true };
    },
  };
}
