// The fetch every provider call goes through. Two clocks, on purpose:
// - connecting (TCP + TLS) is bounded by a short timeout: nothing has been sent yet, so giving up
//   loses nothing;
// - once the request is sent, only the caller's long bound (a setting, minutes) or a broken
//   connection ends the wait: the answer carries the only copy of the secret. undici's own
//   headers/body timeouts (5 minutes by default in Node's fetch) are turned off for that reason.
import { Agent, fetch as undiciFetch } from 'undici';
import type { Fetch } from '../ports';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface ProviderFetch {
  fetch: Fetch;
  close(): Promise<void>;
}

export function createProviderFetch(connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): ProviderFetch {
  const dispatcher = new Agent({
    connect: { timeout: connectTimeoutMs },
    headersTimeout: 0,
    bodyTimeout: 0,
    // No keep-alive: a create sent on a reused socket the server had already closed fails after
    // sending, and would read as an unknown outcome. A fresh connection fails before sending.
    pipelining: 0,
  });
  const fetch = ((input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) =>
    undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as Fetch;
  return { fetch, close: () => dispatcher.close() };
}
