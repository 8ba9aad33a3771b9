// Domain schemas shared by main, preload and renderer. Every type that crosses a
// process boundary is z.infer of a schema in this folder.
import { z } from 'zod';
import { baseUrlProblem } from './providers';
import { jsonTextProblem, textRule } from './text';

export const ENVIRONMENTS = ['production', 'staging', 'development'] as const;
export const environmentSchema = z.enum(ENVIRONMENTS);
export type Environment = z.infer<typeof environmentSchema>;

export const PROVIDERS = ['weir', 'mythic'] as const;
export const providerSchema = z.enum(PROVIDERS);
export type Provider = z.infer<typeof providerSchema>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** One line of text the user sees: a name, label or free-text field; `required` says what to enter. */
function plainText(max: number, required?: string) {
  const text = z.string().trim();
  return (required ? text.min(1, required) : text)
    .max(max, `At most ${max} characters`)
    .superRefine(textRule('text', required));
}

/** A token or secret: one line, trimmed; any other character a real one might hold. */
const secretText = (max: number, required: string) =>
  z.string().trim().min(1, required).max(max, `At most ${max} characters`).superRefine(textRule('secret'));

/** A row id (a UUID in practice): bounded like every id, and plain text. */
export const idSchema = z
  .string()
  .min(1, 'Missing id')
  .max(64, 'At most 64 characters')
  .superRefine(textRule('text'));

/** `https://` only, except loopback addresses (tests and local development). */
export const baseUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the base URL')
  .max(2048)
  .superRefine(textRule('text'))
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter a full URL, e.g. https://api.weir.ai' });
      return;
    }
    // WHATWG URL normalises IPv4, so a dotted quad is exact; 127.0.0.1.evil.example is not loopback.
    const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      ctx.addIssue({ code: 'custom', message: 'Base URL must use https:// (http:// only for loopback)' });
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'Base URL must not contain credentials' });
    }
    if (url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'Base URL must not have a query or fragment' });
    }
  })
  .transform((value) => value.replace(/\/+$/, ''));

/**
 * True when `next` is a URL on another origin (scheme, host, port) than `current`. A connection's
 * token is bound to its origin: moving the connection to another one needs the token again.
 */
export function movesToAnotherOrigin(current: string, next: string): boolean {
  const origin = originOf(next);
  return origin !== null && origin !== originOf(current);
}

function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export const TOKEN_FOR_NEW_ORIGIN =
  'This base URL is on another server: enter the token again. Keyhold sends a token only to the server it was entered for.';

const label = plainText(100, 'Enter a label');
const token = secretText(4096, 'Enter the token');

export const connectionSchema = z.object({
  id: z.string(),
  provider: providerSchema,
  label: z.string(),
  baseUrl: z.string(),
  /** Last four characters of the token; the token itself never leaves main. */
  tokenHint: z.string(),
  clientCount: z.number().int(),
  createdAt: z.string(),
});
export type Connection = z.infer<typeof connectionSchema>;

export const addConnectionSchema = z
  .object({
    provider: providerSchema,
    label,
    baseUrl: baseUrlSchema,
    token,
  })
  .superRefine(({ provider, baseUrl }, ctx) => {
    const problem = baseUrlProblem(provider, baseUrl);
    if (problem) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: problem.message });
  });
export type AddConnectionInput = z.input<typeof addConnectionSchema>;

export const updateConnectionSchema = z.object({
  id: idSchema,
  label: label.optional(),
  baseUrl: baseUrlSchema.optional(),
  token: token.optional(),
});

// --- Provider create inputs ------------------------------------------------

export const weirCreateSchema = z
  .object({
    provider: z.literal('weir'),
    connectionId: idSchema,
    environment: environmentSchema,
    name: plainText(255, 'Enter a name'),
    /**
     * The user saw that an earlier attempt with this name (Weir) or id (Mythic) has an unknown
     * outcome and chose to create again anyway.
     */
    confirmedDespiteUnknown: z.literal(true).optional(),
  })
  .strict();

const optionalText = (max = 1024) => plainText(max).optional();

function isIanaTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

export const MYTHIC_ID_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/;

const MAX_METADATA_DEPTH = 32;

/** Nesting depth, iteratively (a recursive walk is what a hostile payload would overflow). */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_METADATA_DEPTH) return deepest;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Every documented Mythic request field, with the documented constraints. */
export const mythicFieldsSchema = z.object({
  id: z.string().trim().regex(MYTHIC_ID_PATTERN, 'Use 1–255 letters, digits, hyphens or underscores'),
  name: plainText(255, 'Enter a name'),
  status: z.boolean().optional(),
  domain: optionalText(253),
  email: z.email('Enter a valid email address').max(320).optional(),
  phone: optionalText(64),
  website: z
    .url({ protocol: /^https?$/, error: 'Enter a full http(s) URL' })
    .max(2048)
    .superRefine(textRule('text'))
    .optional(),
  timezone: z
    .string()
    .trim()
    .max(100, 'At most 100 characters')
    .refine(isIanaTimeZone, 'Use an IANA time zone, e.g. America/Los_Angeles')
    .optional(),
  global_name: z
    .string()
    .trim()
    .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'Use a JavaScript identifier, e.g. acmeRetail')
    .max(255)
    .optional(),
  company_id: optionalText(255),
  agency_id: optionalText(255),
  // Depth first, iteratively: z.json() recurses and a hostile payload could overflow it.
  api_metadata: z
    .unknown()
    .refine(
      (value) => depthOf(value) <= MAX_METADATA_DEPTH,
      `Nest metadata at most ${MAX_METADATA_DEPTH} levels`,
    )
    .pipe(z.record(z.string(), z.json()))
    .superRefine((value, ctx) => {
      // Keys and values: text may span lines, but no broken character or bidi control.
      const message = jsonTextProblem(value, 'prose');
      if (message) ctx.addIssue({ code: 'custom', message });
    })
    .optional(),
  ghl_location_id: optionalText(255),
  proxy_api_key: secretText(4096, 'Enter the proxy API key').optional(),
});
export type MythicFields = z.infer<typeof mythicFieldsSchema>;

/** Every documented Mythic request field, in the order Mythic's API documents them. */
export const MYTHIC_FIELDS = Object.keys(mythicFieldsSchema.shape) as (keyof MythicFields)[];

/** Mythic's optional free-text fields (the full form shows one input each). */
export const MYTHIC_TEXT_FIELDS = [
  'domain',
  'email',
  'phone',
  'website',
  'timezone',
  'global_name',
  'company_id',
  'agency_id',
  'ghl_location_id',
] as const satisfies readonly (keyof MythicFields)[];

export const mythicCreateSchema = mythicFieldsSchema
  .extend({
    provider: z.literal('mythic'),
    connectionId: idSchema,
    environment: environmentSchema,
    confirmedDespiteUnknown: z.literal(true).optional(),
  })
  .strict();

export const createClientSchema = z.discriminatedUnion('provider', [weirCreateSchema, mythicCreateSchema]);
export type CreateClientInput = z.input<typeof createClientSchema>;

// --- Clients ---------------------------------------------------------------

/** A public or secret field of a client, as a provider describes it (shared/providers.ts). */
export const fieldDescriptorSchema = z.object({
  /** Stable key stored in the DB / vault, e.g. 'secret_key'. */
  field: z.string(),
  label: z.string(),
  /** Env-var suffix used by "copy as .env", e.g. SECRET_KEY. */
  envName: z.string(),
});
export type FieldDescriptor = z.infer<typeof fieldDescriptorSchema>;

export const publicFieldSchema = fieldDescriptorSchema.extend({ value: z.string() });

export const clientSummarySchema = z.object({
  id: z.string(),
  provider: providerSchema,
  environment: environmentSchema,
  name: z.string(),
  connectionId: z.string().nullable(),
  connectionLabel: z.string(),
  remoteId: z.string(),
  publicId: z.string(),
  origin: z.enum(['created', 'imported']),
  createdAt: z.string(),
  archived: z.boolean(),
});
export type ClientSummary = z.infer<typeof clientSummarySchema>;

/** What a row of the list shows: ClientSummary's fields, in order. */
export const CLIENT_SUMMARY_FIELDS = Object.keys(clientSummarySchema.shape) as (keyof ClientSummary)[];

export const clientDetailSchema = clientSummarySchema.extend({
  publicFields: z.array(publicFieldSchema),
  /** Names only: values reach the renderer through revealSecret alone. */
  secretFields: z.array(fieldDescriptorSchema),
  metadata: z.record(z.string(), z.json()),
  remoteCreatedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  /** A restored copy whose secret differs from this client's (src/main/core/backup/merge.ts). */
  conflictOf: z.string().nullable(),
});
export type ClientDetail = z.infer<typeof clientDetailSchema>;

export const SORTS = ['created', 'name'] as const;

/** Control characters (NUL included) mean nothing in a name or id, and break FTS5 strings. */
export function stripControlCharacters(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return value.replace(/[\u0000-\u001f\u007f]/g, '');
}

/** Which clients the list shows, in which order: asked of the core, or of the window's copy. */
export const listQuerySchema = z.object({
  environment: environmentSchema,
  query: z.string().max(200).default('').transform(stripControlCharacters),
  provider: providerSchema.nullable().default(null),
  connectionId: idSchema.nullable().default(null),
  archived: z.boolean().default(false),
  sort: z.enum(SORTS).default('created'),
  direction: z.enum(['asc', 'desc']).default('desc'),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/** A page of a list query. */
export const listClientsSchema = listQuerySchema.extend({
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ListClientsInput = z.input<typeof listClientsSchema>;

export const environmentCountsSchema = z.object({
  production: z.number().int(),
  staging: z.number().int(),
  development: z.number().int(),
});

export const clientPageSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  items: z.array(clientSummarySchema),
  counts: environmentCountsSchema,
});
export type ClientPage = z.infer<typeof clientPageSchema>;

/** Most clients per getListIndex answer: a few milliseconds of work on either side. */
export const LIST_INDEX_CHUNK_MAX = 20_000;

export const listIndexRequestSchema = z.object({
  offset: z.number().int().min(0).max(10_000_000),
  limit: z.number().int().min(1).max(LIST_INDEX_CHUNK_MAX),
});

const slotsSchema = z.array(z.number().int().min(0));

/** One array per field of `shape`. */
function columnsOf<Shape extends Record<string, z.ZodType>>(shape: Shape) {
  return Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, z.array(value)])) as {
    [K in keyof Shape]: z.ZodArray<Shape[K]>;
  };
}

/**
 * The core's list index, for the window to answer list queries itself: one chunk of clients
 * ("slots", in rowid order) as columns, all the same length. Nothing secret: what the list shows.
 */
export const listIndexChunkSchema = z.object({
  /** The store version the index was built from (client_list_version). */
  version: z.number().int(),
  /** Clients in the whole index. */
  size: z.number().int().min(0),
  /** The first slot of this chunk. */
  offset: z.number().int().min(0),
  /** A column per ClientSummary field (shared/list-columns.ts), the connection as a code. */
  rows: z.object({
    ...columnsOf(clientSummarySchema.omit({ connectionId: true }).shape),
    /** Index in connectionIds, or -1. */
    connection: z.array(z.number().int().min(-1)),
  }),
  connectionIds: z.array(z.string()),
  /** Per partition ("environment:0|1"), its slots in both list orders; in the first chunk only. */
  orders: z.record(z.string(), z.object({ byCreated: slotsSchema, byName: slotsSchema })).nullable(),
});
export type ListIndexChunk = z.infer<typeof listIndexChunkSchema>;

export const importClientSchema = z.object({
  provider: providerSchema,
  connectionId: idSchema.nullable(),
  environment: environmentSchema,
  name: plainText(255, 'Enter a name'),
  /** Weir: data.clientId; Mythic: id. */
  remoteId: plainText(255, 'Enter the client id'),
  /** Weir: credentials.clientId; Mythic: publishable_key. */
  publicId: plainText(1024, 'Enter the public id'),
  secret: secretText(8192, 'Enter the secret'),
  /** The unknown-outcome attempt this import resolves (from the banner's Import action). */
  attemptId: idSchema.optional(),
});
export type ImportClientInput = z.input<typeof importClientSchema>;

export const clientRefSchema = z.object({ id: idSchema });
export const secretRefSchema = z.object({ clientId: idSchema, field: idSchema });

export const copyResultSchema = z.object({
  /** When the clipboard will be cleared (ISO), or null if auto-clear is off / value is public. */
  clearsAt: z.string().nullable(),
});

// --- Create attempts (the create journal) --------------------------------

export const ATTEMPT_STATES = [
  /** The request is on its way or waiting for the provider's answer. */
  'pending',
  /** The answer (with its secret) arrived and is sealed in a rescue file; not yet in the store. */
  'received',
  'succeeded',
  'failed',
  /** The client may exist at the provider without its secret in Keyhold. */
  'unknown',
  'dismissed',
] as const;

export const attemptSchema = z.object({
  id: z.string(),
  provider: providerSchema,
  connectionId: z.string().nullable(),
  connectionLabel: z.string(),
  environment: environmentSchema,
  name: z.string(),
  /** Mythic: the id that was sent; Weir: null (Weir assigns its ids). */
  remoteId: z.string().nullable(),
  state: z.enum(ATTEMPT_STATES),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Attempt = z.infer<typeof attemptSchema>;

// --- Settings and vault ----------------------------------------------------

export const THEMES = ['system', 'light', 'dark'] as const;

/** An age X25519 recipient (the public half of a backup recovery key). */
export const ageRecipientSchema = z
  .string()
  .regex(/^age1[02-9ac-hj-np-z]{58}$/, 'Not an age recipient (age1…)');

export const settingsSchema = z.object({
  /** Seconds before a copied secret is cleared; 0 turns auto-clear off. */
  clipboardClearSeconds: z.number().int().min(0).max(3600),
  allowWeakStorage: z.boolean(),
  theme: z.enum(THEMES),
  lastConnectionId: idSchema.nullable(),
  /**
   * Longest wait for a provider's answer once a create request was sent. Its answer carries the
   * only copy of the secret, so this is minutes, never a short timer.
   */
  createWaitMinutes: z.number().int().min(1).max(60),
  /** Backups (src/shared/backup.ts): where they go, null when off; set through setBackupFolder. */
  backupFolder: z.string().max(4096).superRefine(textRule('text')).nullable(),
  /** How many backup files are kept in the folder (the newest). */
  backupKeep: z.number().int().min(1).max(1000),
  /** The recovery key's recipient; only main sets it (confirmRecoveryKey), never updateSettings. */
  backupRecipient: ageRecipientSchema.nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  clipboardClearSeconds: 30,
  allowWeakStorage: false,
  theme: 'system',
  lastConnectionId: null,
  createWaitMinutes: 10,
  backupFolder: null,
  backupKeep: 30,
  backupRecipient: null,
};

export const PROTECTIONS = ['os', 'weak', 'refused', 'unavailable', 'locked', 'missing'] as const;

export const vaultStatusSchema = z.object({
  backend: z.string(),
  /**
   * os: protected by the OS; weak: a hard-coded key, allowed by the user. No new secret is accepted in
   * the others: refused (only a hard-coded key, not allowed), unavailable (no OS keyring reachable),
   * locked (the keyring is locked), missing (the key that sealed this store is not in the keyring).
   */
  protection: z.enum(PROTECTIONS),
  /** What the user reads, the same as every error of that state; null when all is well. */
  message: z.string().nullable(),
});
export type VaultStatus = z.infer<typeof vaultStatusSchema>;

export const revealSchema = z.object({ value: z.string(), hideAfterMs: z.number().int() });
