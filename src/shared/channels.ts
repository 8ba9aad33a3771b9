// The bridge's method names, kept apart from the schemas so the preload bundle
// stays free of zod. contract.ts checks that the two lists agree.
export const METHODS = [
  'getVaultStatus',
  'getSettings',
  'updateSettings',
  'listConnections',
  'addConnection',
  'updateConnection',
  'removeConnection',
  'listClients',
  'getClient',
  'createClient',
  'importClient',
  'setClientArchived',
  'deleteClient',
  'revealSecret',
  'copyField',
  'copyClientAs',
  'listOperations',
  'dismissOperation',
] as const;
export type Method = (typeof METHODS)[number];

/** ipcMain/ipcRenderer channel for a method. */
export const channelOf = (method: Method): string => `keyhold:${method}`;
