// The core's wiring, and only that: the ports and the store first, then each feature with what it
// needs, then the contract table spread from each feature's handlers. Order matters where said.
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import { ActivityLog } from './activity/activity-log';
import { activityHandlers } from './activity/handlers';
import { backupHandlers, Backups } from './backup';
import { createCliAccess } from './cli-access';
import { ClientList } from './clients/client-list';
import { Clients } from './clients/clients';
import { clientHandlers } from './clients/handlers';
import { secretHandlers } from './clients/secret-handlers';
import { ClipboardService } from './clipboard/clipboard';
import { Connections } from './connections/connections';
import { connectionHandlers } from './connections/handlers';
import type { Core, CoreOptions } from './core';
import { setUpCreates } from './create';
import { createDispatch } from './dispatch';
import { createLogger } from './logger';
import { systemClock } from './ports';
import { privateDir } from './private-files';
import { createProviderClients } from './providers';
import { createProviderFetch } from './providers/provider-fetch';
import { Redactor } from './redaction';
import { rendererReadyHandler } from './renderer-ready';
import { settingsHandlers } from './settings/handlers';
import { SettingsStore } from './settings/settings';
import { openDatabase } from './store/database';
import { vaultHandlers } from './vault/handlers';
import { Vault } from './vault/vault';

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
  const clientList = new ClientList(db);
  const providerFetch = options.fetch ? null : createProviderFetch(options.connectTimeoutMs);
  const providers = createProviderClients({ fetch: options.fetch ?? providerFetch!.fetch });
  const activity = new ActivityLog(db, now, logger);
  const clipboard = new ClipboardService(
    options.clipboard,
    clock,
    () => settings.get().clipboardClearSeconds,
  );
  const creates = setUpCreates({
    db,
    dataDir: options.dataDir,
    vault,
    clients,
    connections,
    settings,
    providers,
    clock,
    now,
    logger,
    waitMs: () => options.providerTimeoutMs ?? settings.get().createWaitMinutes * 60_000,
    faultPoint: options.faultPoint,
  });
  const cli = createCliAccess({
    db,
    clients,
    clientList,
    vault,
    activity,
    clock,
    logger,
    approvalTimeoutMs: options.cliApprovalTimeoutMs,
    onApprovalRequested: options.onCliApproval,
    hideSecrets: (text) => redactor.text(text),
  });
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

  // After Backups is built: it listens for secrets written, and a rescued create writes some.
  creates.recover();
  backups.start();

  const handlers: Handlers = {
    ...rendererReadyHandler(options.onRendererReady),
    ...vaultHandlers(vault),
    ...settingsHandlers(settings),
    ...connectionHandlers(connections),
    ...clientHandlers({ clients, list: clientList, connections, journal: creates.journal, logger }),
    ...secretHandlers({ clients, clipboard, activity, logger }),
    ...creates.handlers,
    ...backupHandlers(backups),
    ...cli.handlers,
    ...activityHandlers({ activity }),
  };

  return {
    handlers,
    dispatch: createDispatch(handlers, logger),
    waitingCreates: () => creates.inFlight.waiting(),
    abandonWaitingCreates: () => creates.inFlight.abandonAll(),
    createsSettled: () => creates.inFlight.settled(),
    cli: { listen: (cliOptions) => cli.listen(cliOptions), endGrants: (reason) => cli.endGrants(reason) },
    async shutdown() {
      await cli.close();
      await creates.inFlight.settled();
      await backups.shutdown(); // a change not yet backed up is, first (bounded)
      creates.stop();
      await providerFetch?.close().catch(() => {});
      await clipboard.clearIfUnchanged().catch(() => false);
      vault.lock();
      redactor.forget();
      db.close();
    },
  };
}
