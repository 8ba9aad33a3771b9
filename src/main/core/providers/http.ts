// The one way Keyhold talks to a provider: POST a JSON body with a bearer token, within a
// timeout, and either return the validated 2xx body or throw a KeyholdError that says what
// happened and whether the client may exist at the provider anyway.
import type { z } from 'zod';
import type { Provider } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import type { Fetch } from '../ports';
import {
  connectionPhrase,
  displayUrl,
  mayExistSentence,
  providerLabel,
  type CallContext,
} from './call-context';
import { statusError } from './status-errors';
import { transportError } from './transport-errors';

export interface PostJsonRequest {
  provider: Provider;
  url: string;
  token: string;
  connectionLabel?: string;
  /** Added to Authorization and Content-Type. */
  headers?: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Defaults to globalThis.fetch, looked up at call time. */
  fetch?: Fetch;
  /** Further values that must never be echoed in an error (e.g. a proxy key we send). */
  secrets?: readonly string[];
}

/** Error bodies are read for a message only: never more than this. */
export const ERROR_BODY_LIMIT = 64 * 1024;
/** A create answer is a few hundred bytes; anything past this is not one. */
export const SUCCESS_BODY_LIMIT = 1024 * 1024;

/** Joins a base URL (with or without trailing slash) and an absolute endpoint path. */
export function endpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

export async function postJson<T>(request: PostJsonRequest, schema: z.ZodType<T>): Promise<T> {
  const ctx: CallContext = {
    provider: request.provider,
    url: displayUrl(request.url),
    timeoutMs: request.timeoutMs,
    hide: [request.token, ...(request.secrets ?? [])].filter(Boolean),
    connectionLabel: request.connectionLabel,
  };
  assertSendable(request, ctx);

  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const signals = { timeout, caller: request.signal };
  const doFetch = request.fetch ?? globalThis.fetch;

  let response: Response;
  try {
    response = await doFetch(request.url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${request.token}`,
        'Content-Type': 'application/json',
        ...request.headers,
      },
      body: JSON.stringify(request.body),
      signal,
      // A redirected create could land somewhere unexpected (or be replayed as GET): report it.
      redirect: 'manual',
    });
  } catch (err) {
    throw transportError(err, ctx, 'request', signals);
  }

  if (response.status < 200 || response.status > 299) {
    const text = await readErrorBody(response);
    throw statusError(response.status, response.headers, text, ctx);
  }

  let body: { text: string; truncated: boolean };
  try {
    body = await readBounded(response, SUCCESS_BODY_LIMIT);
  } catch (err) {
    throw transportError(err, ctx, 'response-body', signals);
  }
  return parseSuccess(response.status, body, schema, ctx);
}

/** Refuses requests that fetch would reject before sending, with a message we control. */
function assertSendable(request: PostJsonRequest, ctx: CallContext): void {
  const name = providerLabel(ctx);
  let url: URL | undefined;
  try {
    url = new URL(request.url);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new KeyholdError({
      code: 'validation',
      field: 'baseUrl',
      outcomeUnknown: false,
      message: `The ${name} base URL of this connection is not a valid http(s) URL. Correct it in Settings → Connections.`,
    });
  }
  // Header values must be visible ASCII; fetch would otherwise throw a message quoting the token.
  if (!/^[\x21-\x7e]+$/.test(request.token)) {
    throw new KeyholdError({
      code: 'auth',
      outcomeUnknown: false,
      message: `The ${name} token ${connectionPhrase(ctx)} contains spaces or characters that cannot be sent in an HTTP header. Paste it again in Settings → Connections.`,
    });
  }
  if (request.signal?.aborted) {
    throw new KeyholdError({
      code: 'network',
      outcomeUnknown: false,
      message: `The request to ${name} was cancelled before it was sent. Nothing was created.`,
    });
  }
}

function parseSuccess<T>(
  status: number,
  body: { text: string; truncated: boolean },
  schema: z.ZodType<T>,
  ctx: CallContext,
): T {
  if (body.truncated) throw malformed(status, 'the answer was far larger than a create response', ctx);
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    throw malformed(status, 'the answer was not JSON', ctx);
  }
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(json);
  } catch {
    // z.json() recurses: an absurdly nested answer overflows the stack.
    throw malformed(status, 'the answer was nested too deeply to read', ctx);
  }
  if (!parsed.success) {
    // Paths only: issue messages may quote received values, which could be secrets.
    const paths = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
    const listed = paths.slice(0, 5).join(', ') + (paths.length > 5 ? ', …' : '');
    throw malformed(
      status,
      `the answer did not have the documented shape (missing or invalid: ${listed})`,
      ctx,
    );
  }
  return parsed.data;
}

function malformed(status: number, what: string, ctx: CallContext): KeyholdError {
  const name = providerLabel(ctx);
  return new KeyholdError({
    code: 'malformed_response',
    outcomeUnknown: true,
    message: `${name} answered HTTP ${status} but ${what}, so Keyhold could not read the new secret. ${mayExistSentence(ctx)}`,
  });
}

/** Never throws: an unreadable error body just means a less detailed message. */
async function readErrorBody(response: Response): Promise<string> {
  try {
    return (await readBounded(response, ERROR_BODY_LIMIT)).text;
  } catch {
    return '';
  }
}

/** Reads at most `limit` bytes, then stops the download. */
export async function readBounded(
  response: Response,
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text: text + decoder.decode(), truncated: false };
    const room = limit - received;
    received += value.byteLength;
    if (value.byteLength > room) {
      text += decoder.decode(value.subarray(0, room));
      await reader.cancel().catch(() => undefined);
      return { text, truncated: true };
    }
    text += decoder.decode(value, { stream: true });
  }
}
