import { z } from 'zod';

/** Every failure Keyhold reports, across providers, vault and bridge. */
export const ERROR_CODES = [
  'validation', // bad input from the user or a hostile renderer (field set when known)
  'auth', // 401/403: the connection's token was refused
  'not_found', // 404: usually a wrong base URL
  'conflict', // 409: Mythic id already taken (suggestion set)
  'rate_limited', // 429 (retryAfterSeconds set when the provider says)
  'server', // 5xx
  'timeout', // no answer within the long wait: the client may exist at the provider
  'network', // refused, reset, DNS
  'tls', // certificate or TLS handshake failure
  'malformed_response', // body not JSON or not the documented shape
  'provider_rejected', // any other 4xx
  'vault_unavailable', // the OS safe storage cannot be reached
  'vault_locked', // the OS keyring is locked
  'vault_key_missing', // the key that sealed this store is not in the OS keyring (deleted, or another machine's)
  'weak_storage_refused', // Linux basic_text without the explicit opt-in
  'not_found_local', // unknown client / connection id
  'store_busy', // the database could not be written (locked by another program, disk full)
  'saved_later', // the secret was received and sealed in a rescue file; the store gets it later
  'confirm_unknown', // an earlier attempt with this name / id has an unknown outcome: ask first
  'unreachable', // the window lost its connection to the core (browser host); outcomeUnknown once the call was sent
  'unknown_channel',
  'forbidden_sender',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const keyholdErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
  retryAfterSeconds: z.number().optional(),
  suggestion: z.string().optional(),
  /** True when the create may have happened at the provider without Keyhold keeping the secret. */
  outcomeUnknown: z.boolean().optional(),
  /** The create attempt (journal entry) this error is about, for the UI's Import action. */
  attemptId: z.string().optional(),
});
export type KeyholdErrorData = z.infer<typeof keyholdErrorSchema>;

/** Thrown inside main; crosses the bridge only as its `data`. */
export class KeyholdError extends Error {
  readonly data: KeyholdErrorData;
  constructor(data: KeyholdErrorData) {
    super(data.message);
    this.name = 'KeyholdError';
    this.data = data;
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: KeyholdErrorData };
