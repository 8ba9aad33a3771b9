import { join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import { KeyholdError } from '../../shared/errors';
import type { Core, CoreOptions } from './core';
import { backupHandlers, Backups } from './backup';
import { ActivityLog } from './activity/activity-log';
import { activityHandlers } from './activity/handlers';
import { createCliAccess } from './cli-access';
import { ClipboardService } from './clipboard/clipboard';
import { createDispatch } from './dispatch';
import { createLogger } from './logger';
import { Redactor } from './redaction';
import { systemClock } from './ports';
import { privateDir } from './private-files';
import { PROVIDER_INFO } from '../../shared/providers';
import { createProviderClients } from './providers';
import { createProviderFetch } from './providers/provider-fetch';
import { Clients } from './clients/clients';
import { Connections } from './connections/connections';
import { listAttempts } from './create/list-attempts';
import { applyRescued, createClient, type CreateDeps } from './create/create-client';
import { CreatesInFlight } from './create/creates-in-flight';
import { toDotenv, toJson } from './clients/export-formats';
import { CreateAttempts } from './create/journal';
import { Rescue } from './create/rescue';
import { retryUntilDone } from './create/retry';
import { SettingsStore } from './settings/settings';
import { openDatabase } from './store/database';
import { RescueFiles } from './create/rescue-files';
import { Vault } from './vault/vault';

const REVEAL_MS = 20_000;

/** Builds the application from its ports. */
export function createCore(options: CoreOptions): Core {
  privateDir(options.dataDir);
  const clock = options.clock ?? systemClock;
  const now = () => clock.now().toISOString();
  const redactor = new Redactor();
  const logger = createLogger(redactor, join(options.dataDir, 'logs', 'keyhold.log'), options.logToStderr);
  const db = openDatabase(join(options.dataDir, 'keyhold.db'), { busyTimeoutMs: options.busyTimeoutMs });
  const settings = new SettingsStore(db);
  const vault = new Vault(
    db,
    options.safeStorage,
    () => settings.get().allowWeakStorage,
    (v) => redactor.add(v),
  );
  const connections = new Connections(db, vault, now);
  const clients = new Clients(db, vault, now);
  const attempts = new CreateAttempts(db, now);
  const providerFetch = options.fetch ? null : createProviderFetch(options.connectTimeoutMs);
  const providers = createProviderClients({ fetch: options.fetch ?? providerFetch!.fetch });
  const activity = new ActivityLog(db, now, logger);
  const cli = createCliAccess({
    db,
    clients,
    vault,
    activity,
    clock,
    logger,
    approvalTimeoutMs: options.cliApprovalTimeoutMs,
    onApprovalRequested: options.onCliApproval,
  });
  const clipboard = new ClipboardService(
    options.clipboard,
    clock,
    () => settings.get().clipboardClearSeconds,
  );

  // Creates in flight: shutdown waits for them, so a secret that arrives while quitting is kept.
  const inFlight = new CreatesInFlight();
  const rescue = new Rescue(
    new RescueFiles(join(options.dataDir, 'rescue')),
    applyRescued({ db, clients, connections, attempts }),
    clock,
    logger,
  );
  const createDeps: CreateDeps = {
    db,
    vault,
    clients,
    connections,
    attempts,
    settings,
    logger,
    providers,
    inFlight,
    rescue,
    waitMs: () => options.providerTimeoutMs ?? settings.get().createWaitMinutes * 60_000,
    faultPoint: options.faultPoint,
  };

  const backups = new Backups({
    db,
    dataDir: options.dataDir,
    vault,
    settings,
    clipboard,
    clock,
    logger,
    secretSeen: (value) => redactor.add(value),
    startWorker: options.startBackupWorker,
    filePicker: options.filePicker,
  });

  // First what an earlier run received but could not save, then what it left waiting.
  const rescued = rescue.recover();
  if (rescued.applied || rescued.held) logger.warn('start: rescued creates', rescued);
  // Retried if another program holds the store right now: Keyhold starts anyway.
  const recovery = retryUntilDone(
    () => {
      const recovered = attempts.recoverPending(rescue.list().map((held) => held.record.attemptId));
      if (recovered) logger.warn('start: interrupted creates marked unknown', { count: recovered });
    },
    clock,
    (error) => logger.warn('start: could not mark interrupted creates yet; retrying', { error }),
  );
  backups.start();

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
    createClient: (input) => inFlight.track(createClient(createDeps, input)),
    importClient: async ({ attemptId, ...input }) => {
      const connection = input.connectionId ? connections.get(input.connectionId) : null;
      const connectionLabel = connection?.label ?? 'Imported';
      if (connection && connection.provider !== input.provider) {
        throw new KeyholdError({
          code: 'validation',
          field: 'connectionId',
          message: 'That connection is for the other provider.',
        });
      }
      const detail = await clients.import({ ...input, connectionLabel });
      // Imported from the unknown-outcome banner: that attempt is settled now.
      if (attemptId && !attempts.resolve(attemptId, detail.id)) {
        logger.warn('import: the attempt it resolves was no longer unknown', { attemptId });
      }
      return detail;
    },
    setClientArchived: async ({ id, archived }) => clients.setArchived(id, archived),
    deleteClient: async ({ id }) => {
      clients.delete(id);
      return { ok: true };
    },
    revealSecret: async ({ clientId, field }) => {
      const value = await clients.secret(clientId, field);
      logger.info('secret revealed', { clientId, field });
      activity.record({ action: 'reveal', clientId, field });
      return { value, hideAfterMs: REVEAL_MS };
    },
    copyField: async ({ clientId, field }) => {
      const detail = clients.detail(clientId);
      const publicField = detail.publicFields.find((candidate) => candidate.field === field);
      if (publicField) return clipboard.copyPublic(publicField.value);
      const value = await clients.secret(clientId, field);
      logger.info('secret copied', { clientId, field });
      activity.record({ action: 'copy', clientId, field });
      return clipboard.copySecret(value);
    },
    copyClientAs: async ({ id, format }) => {
      const detail = clients.detail(id);
      const secrets = await clients.secrets(id);
      const text =
        format === 'env'
          ? toDotenv(detail, PROVIDER_INFO[detail.provider].envPrefix, secrets)
          : toJson(detail, secrets);
      logger.info('client exported to clipboard', { clientId: id, format });
      activity.record({ action: 'export', clientId: id, format });
      return clipboard.copySecret(text);
    },
    listAttempts: async () => listAttempts(attempts, inFlight, rescue),
    dismissAttempt: async ({ id }) => {
      if (!attempts.dismiss(id)) {
        throw new KeyholdError({
          code: 'not_found_local',
          message: 'That attempt is no longer pending review.',
        });
      }
      return { ok: true };
    },
    ...backupHandlers(backups),
    ...activityHandlers({ activity }),
    ...cli.handlers,
  };

  return {
    handlers,
    dispatch: createDispatch(handlers, logger),
    waitingCreates: () => inFlight.waiting(),
    abandonWaitingCreates: () => inFlight.abandonAll(),
    createsSettled: () => inFlight.settled(),
    cli: { listen: (cliOptions) => cli.listen(cliOptions), endGrants: (reason) => cli.endGrants(reason) },
    async shutdown() {
      await cli.close();
      await inFlight.settled();
      await backups.shutdown(); // a change not yet backed up is, first (bounded)
      rescue.stop();
      recovery.cancel();
      await providerFetch?.close().catch(() => {});
      await clipboard.clearIfUnchanged().catch(() => false);
      vault.lock();
      redactor.forget();
      db.close();
    },
  };
}
