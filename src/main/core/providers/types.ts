import type { MythicFields, Provider } from '../../../shared/domain';

/** One provider account as the HTTP client needs it (token read from the vault). */
export interface ProviderConnection {
  baseUrl: string;
  token: string;
  /** Named in error messages, so a user with several connections knows which one failed. */
  label?: string;
}

/** What a successful create returns, already validated against the documented shape. */
export interface CreatedClient {
  /** Weir: data.clientId; Mythic: data.id. */
  remoteId: string;
  /** Weir: data.credentials.clientId; Mythic: data.publishable_key. */
  publicId: string;
  name: string;
  remoteCreatedAt: string | null;
  /** Non-secret echoed fields worth keeping (Mythic: everything but the keys). */
  metadata: Record<string, unknown>;
  /** field -> value; never logged, never stored in plaintext. */
  secrets: Record<string, string>;
}

export interface CreateOptions {
  timeoutMs: number;
  /** Test hook / cancellation. */
  signal?: AbortSignal;
}

export type WeirCreateInput = { name: string; environment: 'production' | 'staging' | 'development' };
export type MythicCreateInput = MythicFields;

/** A provider's create call; what Keyhold knows of the provider otherwise is in shared/providers.ts. */
export interface ProviderClient<Input> {
  readonly provider: Provider;
  /**
   * Sends exactly one create request. Throws KeyholdError with a mapped code;
   * `outcomeUnknown: true` when the request may have been processed (timeout,
   * connection lost after sending, 2xx with an unreadable body).
   */
  create(connection: ProviderConnection, input: Input, options: CreateOptions): Promise<CreatedClient>;
}
