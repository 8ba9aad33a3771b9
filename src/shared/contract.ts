// The IPC contract: method -> zod input + zod output. Written once, used by main
// (to parse every payload), by the browser host, and (as types) by the renderer.
import { z } from 'zod';
import type { Method } from './channels';
import type { Result } from './errors';
import { activityPageSchema, listActivitySchema } from './activity';
import {
  cliApprovalsSchema,
  cliDecisionSchema,
  endedGrantsSchema,
  waitCliApprovalsSchema,
} from './cli-access';
import {
  backupStatusSchema,
  confirmRecoveryKeySchema,
  exportBackupSchema,
  exportResultSchema,
  pickedPathSchema,
  pickPathSchema,
  recoveryKeySchema,
  restorePreviewSchema,
  restoreApplySchema,
  restoreRefSchema,
  restoreResultSchema,
  restoreSourceSchema,
  setBackupFolderSchema,
} from './backup';
import {
  addConnectionSchema,
  clientDetailSchema,
  clientPageSchema,
  clientRefSchema,
  connectionSchema,
  copyResultSchema,
  createClientSchema,
  importClientSchema,
  listClientsSchema,
  listIndexChunkSchema,
  listIndexRequestSchema,
  attemptSchema,
  revealSchema,
  secretRefSchema,
  settingsSchema,
  updateConnectionSchema,
  vaultStatusSchema,
} from './domain';

const none = z
  .undefined()
  .or(z.null())
  .transform(() => undefined);
const done = z.object({ ok: z.literal(true) });

export const contract = {
  /**
   * The window has rendered and its bridge answers. Main's smoke run (src/main/smoke.ts) waits
   * for it; otherwise nothing listens and it does nothing.
   */
  rendererReady: { input: none, output: done },
  getVaultStatus: { input: none, output: vaultStatusSchema },
  getSettings: { input: none, output: settingsSchema },
  updateSettings: {
    // The backup folder is checked by setBackupFolder; the recipient only main sets (confirmRecoveryKey).
    input: settingsSchema.omit({ backupFolder: true, backupRecipient: true }).partial().strict(),
    output: settingsSchema,
  },
  listConnections: { input: none, output: z.array(connectionSchema) },
  addConnection: { input: addConnectionSchema.strict(), output: connectionSchema },
  updateConnection: { input: updateConnectionSchema.strict(), output: connectionSchema },
  removeConnection: { input: clientRefSchema.strict(), output: done },
  listClients: { input: listClientsSchema.strict(), output: clientPageSchema },
  /** Null while the core is still building its index: ask again later. */
  getListIndex: { input: listIndexRequestSchema.strict(), output: listIndexChunkSchema.nullable() },
  getClient: { input: clientRefSchema.strict(), output: clientDetailSchema },
  createClient: { input: createClientSchema, output: clientDetailSchema },
  importClient: { input: importClientSchema.strict(), output: clientDetailSchema },
  setClientArchived: {
    input: clientRefSchema.extend({ archived: z.boolean() }).strict(),
    output: clientDetailSchema,
  },
  deleteClient: { input: clientRefSchema.strict(), output: done },
  revealSecret: { input: secretRefSchema.strict(), output: revealSchema },
  copyField: { input: secretRefSchema.strict(), output: copyResultSchema },
  copyClientAs: {
    input: clientRefSchema.extend({ format: z.enum(['env', 'json']) }).strict(),
    output: copyResultSchema,
  },
  listAttempts: { input: none, output: z.array(attemptSchema) },
  dismissAttempt: { input: clientRefSchema.strict(), output: done },
  getBackupStatus: { input: none, output: backupStatusSchema },
  /** Makes a recovery key and answers it once; nothing is kept until confirmRecoveryKey. */
  setUpRecoveryKey: { input: none, output: recoveryKeySchema },
  /** Copies the recovery key waiting for confirmation, concealed like a secret. */
  copyRecoveryKey: { input: none, output: copyResultSchema },
  /** The user saved the key: its recipient is kept, the key forgotten. */
  confirmRecoveryKey: { input: confirmRecoveryKeySchema.strict(), output: backupStatusSchema },
  /** A folder or file chosen in main's picker (the desktop app); null if cancelled. */
  pickPath: { input: pickPathSchema.strict(), output: pickedPathSchema },
  setBackupFolder: { input: setBackupFolderSchema.strict(), output: backupStatusSchema },
  backUpNow: { input: none, output: backupStatusSchema },
  /** Everything, encrypted with a passphrase, to a file of the user's choice (a one-off move). */
  exportBackup: { input: exportBackupSchema.strict(), output: exportResultSchema },
  /** Opens a backup and says what restoring it would change; writes nothing. */
  previewRestore: { input: restoreSourceSchema, output: restorePreviewSchema },
  applyRestore: { input: restoreApplySchema.strict(), output: restoreResultSchema },
  /** Forgets an opened backup that will not be restored. */
  discardRestore: { input: restoreRefSchema.strict(), output: done },
  /**
   * A long poll: answers at once when the CLI requests waiting for approval differ from the
   * window's `version`, else when they change or after about 25 s with nothing new.
   */
  waitCliApprovals: { input: waitCliApprovalsSchema.strict(), output: cliApprovalsSchema },
  answerCliApproval: { input: cliDecisionSchema.strict(), output: done },
  /** Ends every "Allow for this terminal" grant now. */
  endCliGrants: { input: none, output: endedGrantsSchema },
  listActivity: { input: listActivitySchema.strict(), output: activityPageSchema },
} satisfies Record<Method, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type InputOf<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends Method> = z.output<Contract[M]['input']>;
export type OutputOf<M extends Method> = z.output<Contract[M]['output']>;

/** What the preload exposes as `window.keyhold`: one function per method. */
export type KeyholdApi = {
  [M in Method]: undefined extends InputOf<M>
    ? (input?: InputOf<M>) => Promise<Result<OutputOf<M>>>
    : (input: InputOf<M>) => Promise<Result<OutputOf<M>>>;
};

/** What main implements: parsed input in, output (or a thrown KeyholdError) out. */
export type Handlers = { [M in Method]: (input: ParsedInputOf<M>) => Promise<OutputOf<M>> };
