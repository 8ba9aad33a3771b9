// CLI access: the socket the `keyhold` command talks to, who is asking, the user's approvals and
// the terminals they allowed. The core builds it; the desktop app and the browser host start its
// socket (listen) once they are up, and the Electron shell ends its grants on lock and suspend.
import { lstatSync } from 'node:fs';
import * as os from 'node:os';
import { resolve } from 'node:path';
import type { Handlers } from '../../../shared/contract';
import {
  defaultEndpoint,
  endpointAt,
  endpointContext,
  instanceEndpoint,
  type Endpoint,
} from '../../../shared/cli-endpoint';
import type { ActivityLog } from '../activity/activity-log';
import type { Clock, Logger } from '../ports';
import type { ClientList } from '../clients/client-list';
import type { Clients } from '../clients/clients';
import type { Db } from '../store/database';
import type { Vault } from '../vault/vault';
import { Approvals } from './approvals';
import { Grants } from './grants';
import { cliAccessHandlers } from './handlers';
import { peerIdentifier } from './peer';
import { loadPeerCredentials } from './peer-credentials';
import { References } from './references';
import { CliRequests } from './requests';
import { startCliServer, type CliServer } from './socket-server';

export { CliServerError } from './socket-server';

export interface CliAccessDeps {
  db: Db;
  clients: Clients;
  clientList: ClientList;
  vault: Vault;
  activity: ActivityLog;
  clock: Clock;
  logger: Logger;
  /** How long a request waits for the user (default APPROVAL_TIMEOUT_MS). */
  approvalTimeoutMs?: number;
  /** A request is waiting for the user: bring the window to the front. */
  onApprovalRequested?: () => void;
  /** Hides every secret value Keyhold holds (in the command lines the dialog shows). */
  hideSecrets?: (text: string) => string;
}

export interface CliListening {
  /** The socket path or pipe name the CLI reaches this Keyhold at. */
  socket: string;
  /** True when another Keyhold holds the default one: the CLI needs --socket or KEYHOLD_SOCKET. */
  ownPath: boolean;
  /** One line to print at start: where the CLI finds this Keyhold. */
  notice: string;
}

export interface CliAccess {
  handlers: Pick<Handlers, 'waitCliApprovals' | 'answerCliApproval' | 'endCliGrants'>;
  /**
   * Starts answering the CLI: at `socket` when given (tests, `--socket`), else at the default
   * endpoint, or at an endpoint of its own when another Keyhold of this user answers there.
   */
  listen(options?: { socket?: string }): Promise<CliListening>;
  /** Ends every terminal grant (screen lock, suspend); returns how many there were. */
  endGrants(reason: string): number;
  /** Stops listening; every request still waiting is told Keyhold is quitting. */
  close(): Promise<void>;
}

export function createCliAccess(deps: CliAccessDeps): CliAccess {
  const grants = new Grants(deps.clock);
  const approvals = new Approvals(deps.clock, deps.approvalTimeoutMs, deps.onApprovalRequested);
  const requests = new CliRequests({
    ...deps,
    references: new References(deps.db, deps.clients),
    approvals,
    grants,
  });
  let server: CliServer | null = null;

  return {
    handlers: cliAccessHandlers({ approvals, grants }),
    async listen(options = {}) {
      if (server) throw new Error('The CLI socket is already listening.');
      const { endpoint, fallback } = endpoints(options.socket);
      const reader = await loadPeerCredentials();
      server = await startCliServer({
        endpoint,
        fallback,
        identify: peerIdentifier(reader, deps.hideSecrets),
        handle: (request, peer, channel) => requests.handle(request, peer, channel),
        logger: deps.logger,
      });
      const socket = server.endpoint.socket;
      deps.logger.info('cli: listening', { socket, fellBack: server.fellBack, peerCredentials: !!reader });
      if (!reader && process.platform !== 'win32') {
        deps.logger.warn('cli: peer credentials cannot be read: programs are known by their claim only', {});
      }
      return {
        socket,
        ownPath: server.fellBack,
        notice: server.fellBack
          ? `keyhold CLI: another Keyhold answers at ${endpoint.socket}; this one listens at ${socket} (keyhold --socket ${socket} …, or KEYHOLD_SOCKET=${socket})`
          : `keyhold CLI: listening at ${socket}`,
      };
    },
    endGrants(reason) {
      const ended = grants.endAll();
      if (ended) deps.logger.info('cli: terminal grants ended', { reason, ended });
      return ended;
    },
    async close() {
      grants.endAll();
      approvals.close();
      await server?.close();
      server = null;
    },
  };
}

/** The endpoint asked for (no fallback), or the default one and this process's own beside it. */
function endpoints(socket: string | undefined): { endpoint: Endpoint; fallback: Endpoint | null } {
  const ctx = endpointContext(process, os);
  if (socket)
    return { endpoint: endpointAt(ctx.platform === 'win32' ? socket : resolve(socket), ctx), fallback: null };
  const endpoint = defaultEndpoint(ctx, lstatSync);
  return { endpoint, fallback: instanceEndpoint(endpoint, process.pid, ctx) };
}
