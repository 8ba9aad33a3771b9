import type { Handlers } from '../../../shared/contract';
import type { Connections } from './connections';

type ConnectionMethod = 'listConnections' | 'addConnection' | 'updateConnection' | 'removeConnection';

/** The connections' contract methods. */
export function connectionHandlers(connections: Connections): Pick<Handlers, ConnectionMethod> {
  return {
    listConnections: async () => connections.list(),
    addConnection: (input) => connections.add(input),
    updateConnection: (input) => connections.update(input),
    removeConnection: async ({ id }) => {
      connections.remove(id);
      return { ok: true };
    },
  };
}
