// Backups: the format inside a backup file (plaintext JSON in an age file, documented in README
// under "Backups"), and what the window and main say to each other about backups and restores.
// The format is written by Keyhold and read by anyone with `age -d`: change it only with a new
// `version`.
import { z } from 'zod';
import {
  ageRecipientSchema,
  baseUrlSchema,
  environmentSchema,
  idSchema,
  providerSchema,
  settingsSchema,
  type Settings,
} from './domain';
import { asOneLine, textRule } from './text';

export const BACKUP_FORMAT = 'keyhold-backup';
export const BACKUP_VERSION = 1;

// --- The backup document ---------------------------------------------------
// What the store holds, no stricter: a backup must restore whatever Keyhold kept, provider
// answers included (a provider's name or secret need not follow the form's text rules). Every
// string is bounded and well-formed (a lone surrogate cannot be stored).

const storedText = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .refine((value) => value.isWellFormed(), 'Has a broken character');

/** ISO 8601 with a time zone, as Keyhold writes it; kept as `toISOString()` so times compare as text does. */
const isoTime = z.iso
  .datetime({ offset: true, error: 'Not a date and time' })
  .transform((value) => new Date(value).toISOString());

/** A name or label: the store's text rules, any character that breaks them replaced (see asOneLine). */
const storedName = (max: number) => storedText(max).transform(asOneLine);

/** A token or secret, exactly as the provider issued it. */
const secretValue = storedText(65_536).min(1, 'Empty secret');

export const backupConnectionSchema = z.object({
  id: idSchema,
  provider: providerSchema,
  label: storedText(1000).min(1).transform(asOneLine),
  /** The connection's token is sent only to this origin: the same rule as the connection form. */
  baseUrl: baseUrlSchema,
  /** Null when the store had lost it (the connection then needs its token entered again). */
  token: secretValue.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type BackupConnection = z.infer<typeof backupConnectionSchema>;

export const backupClientSchema = z.object({
  id: idSchema,
  provider: providerSchema,
  environment: environmentSchema,
  name: storedName(1024),
  /** Weir: data.clientId; Mythic: id. With the provider, what makes a client the same client. */
  remoteId: storedText(1024).min(1),
  /** Weir: credentials.clientId; Mythic: publishable_key. */
  publicId: storedText(4096),
  /** The connection it was created through (in `connections`), or null. */
  connectionId: idSchema.nullable(),
  connectionLabel: storedName(1000),
  origin: z.enum(['created', 'imported']),
  /** Non-secret fields the provider echoed (Mythic's request fields, Weir's environment). */
  metadata: z.record(z.string(), z.json()),
  /** The provider's own creation time, as it sent it. */
  remoteCreatedAt: storedText(64).nullable(),
  /** When it was added to Keyhold, last changed there, and archived (null: active). */
  createdAt: isoTime,
  updatedAt: isoTime,
  archivedAt: isoTime.nullable(),
  /** Secret field → value: `secret_key` (both), `proxy_api_key` (Mythic, when given). */
  secrets: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'Not a secret field name'), secretValue),
});
export type BackupClient = z.infer<typeof backupClientSchema>;

/** A create whose outcome is unknown: the client may exist at the provider without its secret. */
export const backupAttemptSchema = z.object({
  id: idSchema,
  provider: providerSchema,
  connectionId: idSchema.nullable(),
  connectionLabel: storedName(1000),
  environment: environmentSchema,
  name: storedName(1024),
  /** Mythic: the id that was sent; Weir: null. */
  remoteId: storedText(1024).nullable(),
  errorCode: storedText(64).nullable(),
  errorMessage: storedText(4096).nullable(),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
});
export type BackupAttempt = z.infer<typeof backupAttemptSchema>;

/** Preferences that mean the same on another machine (folders, the recovery key and storage choices do not). */
export const PORTABLE_SETTINGS = [
  'clipboardClearSeconds',
  'theme',
  'createWaitMinutes',
  'backupKeep',
] as const satisfies readonly (keyof Settings)[];

export const backupSettingsSchema = settingsSchema
  .pick({ clipboardClearSeconds: true, theme: true, createWaitMinutes: true, backupKeep: true })
  .partial();

export const backupDocumentSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: isoTime,
  /** e.g. "Keyhold 0.1.0". */
  createdBy: storedText(200),
  settings: backupSettingsSchema,
  connections: z.array(backupConnectionSchema),
  clients: z.array(backupClientSchema),
  attempts: z.array(backupAttemptSchema),
});
export type BackupDocument = z.infer<typeof backupDocumentSchema>;

// --- Recovery key, paths, passphrases -------------------------------------

/** An X25519 recipient, what Keyhold keeps of a recovery key. */
export const recipientSchema = ageRecipientSchema;

const RECOVERY_KEY = /AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}/;

/**
 * A recovery key as pasted: the key itself, or the whole key file (comment lines included);
 * bech32 ignores case. Parsed to the key line alone.
 */
export const recoveryKeyInputSchema = z
  .string()
  .max(4096, 'That is much longer than a recovery key')
  .transform((value) => RECOVERY_KEY.exec(value.toUpperCase())?.[0] ?? '')
  .refine((key) => key !== '', 'Paste the recovery key: one line starting with AGE-SECRET-KEY-1');

export const MIN_PASSPHRASE = 10;

/** Any passphrase that opens a file. */
export const passphraseSchema = z
  .string()
  .min(1, 'Enter the passphrase')
  .max(1024, 'At most 1024 characters')
  .superRefine(textRule('secret'));

/** A passphrase for a new export: long enough to resist guessing offline. */
export const newPassphraseSchema = passphraseSchema.refine(
  (value) => [...value].length >= MIN_PASSPHRASE,
  `Use at least ${MIN_PASSPHRASE} characters: anyone who gets the file can try passphrases at leisure`,
);

/** `/…`, `~/…` or a Windows drive or share path. */
const ABSOLUTE_PATH = /^(\/|~([\\/]|$)|[A-Za-z]:[\\/]|\\\\)/;

/** A full path the user typed or a picker chose; `~` is their home folder. */
export const pathSchema = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .max(4096, 'At most 4096 characters')
    .superRefine(textRule('text'))
    .refine((value) => ABSOLUTE_PATH.test(value), 'Enter a full path, e.g. /home/you/Backups or ~/Backups');

/** Every file Keyhold writes or reads as a backup is an age file. */
export const agePathSchema = (what: string) =>
  pathSchema(what).refine((value) => /\.age$/i.test(value), 'The file name must end in .age');

// --- The contract's shapes -------------------------------------------------

export const BACKUP_HEALTH = [
  /** No recovery key or no folder: nothing is backed up. */
  'off',
  /** Set up, and no backup made yet. */
  'none',
  'ok',
  /** The last attempt failed (the message says why). */
  'failed',
  /** The newest backup is more than a day old. */
  'stale',
] as const;

export const backupStatusSchema = z.object({
  /** The recovery key's recipient (age1…), or null before one is set up. */
  recipient: z.string().nullable(),
  folder: z.string().nullable(),
  keep: z.number().int(),
  /** Main can show folder and file pickers (the desktop app); otherwise paths are typed. */
  picker: z.boolean(),
  /** The newest backup in the folder: when it was made and its file name. */
  lastBackupAt: z.string().nullable(),
  lastFile: z.string().nullable(),
  /** The last attempt, if it failed after the last success. */
  failure: z.object({ at: z.string(), message: z.string() }).nullable(),
  /** A change is waiting to be backed up, or a backup is being written. */
  pending: z.boolean(),
  health: z.enum(BACKUP_HEALTH),
  /** What the header and Settings say; null when all is well. */
  message: z.string().nullable(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

/** Shown once: the window shows `identity`, main keeps only `recipient` once confirmed. */
export const recoveryKeySchema = z.object({ identity: z.string(), recipient: z.string() });
export type RecoveryKey = z.infer<typeof recoveryKeySchema>;

export const confirmRecoveryKeySchema = z.object({ recipient: recipientSchema });

export const PICK_PURPOSES = ['backupFolder', 'restoreFile', 'exportFile'] as const;
export const pickPathSchema = z.object({ purpose: z.enum(PICK_PURPOSES) });
export const pickedPathSchema = z.object({ path: z.string().nullable() });

export const setBackupFolderSchema = z.object({ folder: pathSchema('backup folder').nullable() });

export const exportBackupSchema = z.object({
  file: agePathSchema('file to write'),
  passphrase: newPassphraseSchema,
});

export const backupCountsSchema = z.object({
  connections: z.number().int(),
  clients: z.number().int(),
  secrets: z.number().int(),
  attempts: z.number().int(),
});
export type BackupCounts = z.infer<typeof backupCountsSchema>;

export const exportResultSchema = z.object({ file: z.string(), counts: backupCountsSchema });

export const restoreSourceSchema = z.discriminatedUnion('with', [
  z
    .object({
      with: z.literal('recoveryKey'),
      file: agePathSchema('backup file'),
      recoveryKey: recoveryKeyInputSchema,
    })
    .strict(),
  z
    .object({
      with: z.literal('passphrase'),
      file: agePathSchema('backup file'),
      passphrase: passphraseSchema,
    })
    .strict(),
]);
export type RestoreSource = z.input<typeof restoreSourceSchema>;

/** A client whose secret differs from the one stored here: both are kept. */
export const restoreConflictSchema = z.object({
  name: z.string(),
  provider: providerSchema,
  environment: environmentSchema,
  remoteId: z.string(),
});

/**
 * A connection whose token the restore kept to its origin: its newer base URL on another origin
 * was not taken (`baseUrlKept`: no token of its own came with it), it is added beside the one here
 * (`beside`: its token differs), or the token this store lacked was taken (`tokenAdded`).
 */
export const connectionChangeSchema = z.object({
  label: z.string(),
  provider: providerSchema,
  /** The backup's base URL. */
  baseUrl: z.string(),
  change: z.enum(['baseUrlKept', 'beside', 'tokenAdded']),
});
export type ConnectionChange = z.infer<typeof connectionChangeSchema>;

/** A client here that a restore renames, moves to another environment, or (un)archives. */
export const clientChangeSchema = z.object({
  /** As it is here. */
  name: z.string(),
  provider: providerSchema,
  environment: environmentSchema,
  remoteId: z.string(),
  /** What changes: null where it stays. */
  newName: z.string().nullable(),
  newEnvironment: environmentSchema.nullable(),
  archived: z.boolean().nullable(),
});
export type ClientChange = z.infer<typeof clientChangeSchema>;

/** What a restore writes (preview) or wrote (apply). */
export const restoreChangesSchema = z.object({
  connectionsAdded: z.number().int(),
  /** Newer in the backup: label and base URL taken from it (see `connectionChanges`). */
  connectionsUpdated: z.number().int(),
  clientsAdded: z.number().int(),
  /**
   * Newer in the backup and holding a secret of the client here (or that client has none): name,
   * environment, metadata and archive state taken from it. A record without a secret of the
   * client here never changes it.
   */
  clientsUpdated: z.number().int(),
  /** The first clients here that are renamed, moved or (un)archived, for the window to list. */
  clientChanges: z.array(clientChangeSchema),
  /** Secrets a client here lacked. */
  secretsAdded: z.number().int(),
  /** Same provider and remote id, another secret: the backup's copy is added beside it. */
  conflicts: z.number().int(),
  /** The first conflicts, for the window to list. */
  conflictList: z.array(restoreConflictSchema),
  /** The first connections whose token decided how they were restored, for the window to list. */
  connectionChanges: z.array(connectionChangeSchema),
  attemptsAdded: z.number().int(),
  settingsApplied: z.number().int(),
  /** Clients already here with the same secrets and no newer metadata. */
  clientsUnchanged: z.number().int(),
});
export type RestoreChanges = z.infer<typeof restoreChangesSchema>;

export const restorePreviewSchema = z.object({
  previewId: z.string(),
  file: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  holds: backupCountsSchema,
  changes: restoreChangesSchema,
  /**
   * This store's key is missing: the restore seals everything under a new key, and the secrets
   * the missing key sealed stay in `keptCopy` (a copy of the store made before writing).
   */
  keyMissing: z.boolean(),
  /**
   * This store has no recovery key and a recovery key opened the file: its recipient (`age1…`),
   * which future backups are encrypted to only if apply says `adoptRecoveryKey` (the key may be
   * someone else's: a team's file, a colleague's machine). Null otherwise.
   */
  recoveryKeyOffer: z.string().nullable(),
});
export type RestorePreview = z.infer<typeof restorePreviewSchema>;

export const restoreRefSchema = z.object({ previewId: idSchema });

export const restoreApplySchema = restoreRefSchema.extend({
  /** Encrypt future backups to the preview's `recoveryKeyOffer` (nothing without an offer). */
  adoptRecoveryKey: z.boolean().optional(),
});

export const restoreResultSchema = z.object({
  changes: restoreChangesSchema,
  /** Where the store as it was is kept (only when its key was missing). */
  keptCopy: z.string().nullable(),
  /** Future backups are encrypted to the recovery key that opened the file. */
  recoveryKeyAdopted: z.boolean(),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;
