// The bridge's method names, kept apart from the schemas so the preload bundle
// stays free of zod. contract.ts checks that the two lists agree.
export const METHODS = [
  'rendererReady',
  'getVaultStatus',
  'getSettings',
  'updateSettings',
  'listConnections',
  'addConnection',
  'updateConnection',
  'removeConnection',
  'listClients',
  'getListIndex',
  'getClient',
  'createClient',
  'importClient',
  'setClientArchived',
  'deleteClient',
  'revealSecret',
  'copyField',
  'copyClientAs',
  'listAttempts',
  'dismissAttempt',
  'getBackupStatus',
  'setUpRecoveryKey',
  'copyRecoveryKey',
  'confirmRecoveryKey',
  'pickPath',
  'setBackupFolder',
  'backUpNow',
  'exportBackup',
  'previewRestore',
  'applyRestore',
  'discardRestore',
  'waitCliApprovals',
  'answerCliApproval',
  'endCliGrants',
  'listActivity',
] as const;
export type Method = (typeof METHODS)[number];

/**
 * Methods that never change the store, whatever they answer; every other one may. The activity
 * log (reveal, copy and export write to it) does not count: nothing the window keeps reads it.
 */
export const READ_ONLY_METHODS: ReadonlySet<Method> = new Set<Method>([
  'rendererReady',
  'getVaultStatus',
  'getSettings',
  'listConnections',
  'listClients',
  'getListIndex',
  'getClient',
  'revealSecret',
  'copyField',
  'copyClientAs',
  'listAttempts',
  // Backups read the store and write files elsewhere; a recovery key waits in memory until confirmed.
  'getBackupStatus',
  'setUpRecoveryKey',
  'copyRecoveryKey',
  'pickPath',
  'backUpNow',
  'exportBackup',
  'previewRestore',
  'discardRestore',
  'waitCliApprovals',
  'answerCliApproval',
  'endCliGrants',
  'listActivity',
]);

/** ipcMain/ipcRenderer channel for a method. */
export const channelOf = (method: Method): string => `keyhold:${method}`;
