import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import { KeyholdError } from '../../shared/errors';
import type { Core, CoreOptions } from './index';
import { ClipboardService } from './clipboard';
import { createDispatch } from './dispatch';
import { createLogger, Redactor } from './logger';
import { systemClock } from './ports';
import { createProviderClients, providerClient } from './providers';
import { Clients } from './services/clients';
import { Connections } from './services/connections';
import { createClient } from './services/create';
import { toDotenv, toJson } from './services/export-formats';
import { Journal } from './services/journal';
import { SettingsStore } from './services/settings';
import { openDatabase } from './store/database';
import { Vault } from './vault/vault';

const REVEAL_MS = 20_000;
const DEFAULT_TIMEOUT_MS = 15_000;

/** Builds the application from its ports. */
export function createCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const clock = options.clock ?? systemClock;
  const now = () => clock.now().toISOString();
  const redactor = new Redactor();
  const logger = createLogger(redactor, join(options.dataDir, 'logs', 'keyhold.log'), options.logToStderr);
  const db = openDatabase(join(options.dataDir, 'keyhold.db'));
  const settings = new SettingsStore(db);
  const vault = new Vault(
    db,
    options.safeStorage,
    () => settings.get().allowWeakStorage,
    (v) => redactor.add(v),
  );
  const connections = new Connections(db, vault, now);
  const clients = new Clients(db, vault, now);
  const journal = new Journal(db, now);
  const providers = createProviderClients({ fetch: options.fetch });
  const clipboard = new ClipboardService(
    options.clipboard,
    clock,
    () => settings.get().clipboardClearSeconds,
  );

  const createDeps = {
    db,
    vault,
    clients,
    connections,
    journal,
    settings,
    logger,
    providers,
    timeoutMs: options.providerTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    faultPoint: options.faultPoint,
  };
  // Creates in flight: shutdown waits for them, so a secret that arrives while quitting is kept.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.catch(() => {}).finally(() => inFlight.delete(work));
    return work;
  };

  const recovered = journal.recoverPending();
  if (recovered) logger.warn('start: interrupted creates marked unknown', { count: recovered });

  const handlers: Handlers = {
    rendererReady: async () => {
      options.onRendererReady?.();
      return { ok: true };
    },
    getVaultStatus: () => vault.status(),
    getSettings: async () => settings.get(),
    updateSettings: async (patch) => settings.update(patch),
    listConnections: async () => connections.list(),
    addConnection: (input) => connections.add(input),
    updateConnection: (input) => connections.update(input),
    removeConnection: async ({ id }) => {
      connections.remove(id);
      return { ok: true };
    },
    listClients: async (input) => clients.list(input),
    getListIndex: async (input) => clients.listIndexChunk(input),
    getClient: async ({ id }) => clients.detail(id),
    createClient: (input) => track(createClient(createDeps, input)),
    importClient: async (input) => {
      const connection = input.connectionId ? connections.get(input.connectionId) : null;
      const connectionLabel = connection?.label ?? 'Imported';
      if (connection && connection.provider !== input.provider) {
        throw new KeyholdError({
          code: 'validation',
          field: 'connectionId',
          message: 'That connection is for the other provider.',
        });
      }
      return clients.import({ ...input, connectionLabel });
    },
    setClientArchived: async ({ id, archived }) => clients.setArchived(id, archived),
    deleteClient: async ({ id }) => {
      clients.delete(id);
      return { ok: true };
    },
    revealSecret: async ({ clientId, field }) => {
      const value = await clients.secret(clientId, field);
      logger.info('secret revealed', { clientId, field });
      return { value, hideAfterMs: REVEAL_MS };
    },
    copyField: async ({ clientId, field }) => {
      const detail = clients.detail(clientId);
      const publicField = detail.publicFields.find((candidate) => candidate.field === field);
      if (publicField) return clipboard.copyPublic(publicField.value);
      const value = await clients.secret(clientId, field);
      logger.info('secret copied', { clientId, field });
      return clipboard.copySecret(value);
    },
    copyClientAs: async ({ id, format }) => {
      const detail = clients.detail(id);
      const secrets = await clients.secrets(id);
      const text =
        format === 'env'
          ? toDotenv(detail, providerClient(detail.provider).envPrefix, secrets)
          : toJson(detail, secrets);
      logger.info('client exported to clipboard', { clientId: id, format });
      return clipboard.copySecret(text);
    },
    listOperations: async () => journal.listUnknown(),
    dismissOperation: async ({ id }) => {
      if (!journal.dismiss(id)) {
        throw new KeyholdError({
          code: 'not_found_local',
          message: 'That attempt is no longer pending review.',
        });
      }
      return { ok: true };
    },
  };

  return {
    handlers,
    dispatch: createDispatch(handlers, logger),
    async shutdown() {
      await Promise.allSettled(inFlight);
      await clipboard.clearIfUnchanged().catch(() => false);
      vault.lock();
      redactor.forget();
      db.close();
    },
  };
}
