import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { readProviderError } from '../../src/main/core/providers/error-body';
import { redact } from '../../src/main/core/redaction';
import {
  ERROR_BODY_LIMIT,
  endpoint,
  postJson,
  type PostJsonRequest,
} from '../../src/main/core/providers/http';
import { parseRetryAfter } from '../../src/main/core/providers/status-errors';
import { errorCodes } from '../../src/main/core/providers/transport-errors';
import type { Fetch } from '../../src/main/core/ports';
import { keyholdError } from './harness';

const TOKEN = 'tok_Zx81mQp0aLw7vN2cYt5e';
const schema = z.object({ ok: z.literal(true), secret: z.string() });

function request(overrides: Partial<PostJsonRequest> = {}): PostJsonRequest {
  return {
    provider: 'weir',
    url: 'https://api.weir.ai/org/create/client',
    token: TOKEN,
    body: { name: 'n' },
    timeoutMs: 2_000,
    ...overrides,
  };
}

const respond =
  (body: ConstructorParameters<typeof Response>[0], init: ResponseInit = {}): Fetch =>
  async () =>
    new Response(body, init);

const failWith =
  (error: unknown): Fetch =>
  async () => {
    throw error;
  };

const fails = (promise: Promise<unknown>) => keyholdError(promise, () => [TOKEN]);

describe('endpoint', () => {
  it('joins a base URL with or without trailing slashes', () => {
    expect(endpoint('https://a.example/api/v1/', '/clients')).toBe('https://a.example/api/v1/clients');
    expect(endpoint('https://a.example', '/org/create/client')).toBe('https://a.example/org/create/client');
  });
});

describe('readProviderError', () => {
  it.each([
    [
      { message: 'Bad email', field: 'email' },
      { message: 'Bad email', field: 'email' },
    ],
    [
      { errors: [{ path: ['website'], message: 'Invalid url' }] },
      { message: 'Invalid url', field: 'website' },
    ],
    [{ errors: [{ param: 'name', msg: 'Required' }] }, { message: 'Required', field: 'name' }],
    [{ error: { message: 'Nope', field: 'id' } }, { message: 'Nope', field: 'id' }],
    [{ success: false, error: { message: 'Client exists' } }, { message: 'Client exists' }],
    [{ error: 'invalid_request', error_description: 'Missing name' }, { message: 'Missing name' }],
    [
      { detail: [{ loc: ['body', 'email'], msg: 'not an email' }] },
      { message: 'not an email', field: 'email' },
    ],
    [{ errors: { timezone: ['is not a zone'] } }, { message: 'timezone is not a zone', field: 'timezone' }],
    [
      { message: 'Top', errors: [{ field: 'name' }] },
      { message: 'Top', field: 'name' },
    ],
    ['"plain json string"', { message: 'plain json string' }],
  ])('reads %j', (body, expected) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    expect(readProviderError(text, [])).toEqual(expect.objectContaining(expected));
  });

  it('handles text, HTML, empty and odd JSON without throwing', () => {
    expect(readProviderError('Service down\nstack…', [])).toEqual({ message: 'Service down' });
    expect(readProviderError('<html><title>502 Bad Gateway</title></html>', [])).toEqual({
      message: '502 Bad Gateway',
    });
    expect(readProviderError('<html><body>x</body></html>', [])).toEqual({ message: undefined });
    expect(readProviderError('', [])).toEqual({});
    for (const odd of ['null', '42', '[]', '[1,2]', '{"error":null}', '{"errors":[null]}', '{"message":7}']) {
      expect(() => readProviderError(odd, [])).not.toThrow();
    }
  });

  it('drops field names that are not plain identifiers', () => {
    expect(
      readProviderError(JSON.stringify({ message: 'x', field: 'a b<script>' }), []).field,
    ).toBeUndefined();
    expect(
      readProviderError(JSON.stringify({ message: 'x', field: 'f'.repeat(65) }), []).field,
    ).toBeUndefined();
    expect(readProviderError(JSON.stringify({ message: 'x', field: '$.data.name' }), []).field).toBe(
      'data.name',
    );
  });

  it('truncates long messages to about 200 characters on one line', () => {
    const { message } = readProviderError(JSON.stringify({ message: 'word\n'.repeat(200) }), []);
    expect(message!.length).toBeLessThanOrEqual(200);
    expect(message).not.toContain('\n');
    expect(message!.endsWith('…')).toBe(true);
  });
});

describe('redact', () => {
  it('removes the token, fragments of it, bearer values and key-like runs', () => {
    expect(redact(`token ${TOKEN} refused`, [TOKEN])).toBe('token [redacted] refused');
    expect(redact(`starts ${TOKEN.slice(0, 10)}…`, [TOKEN])).not.toContain(TOKEN.slice(0, 10));
    expect(redact('Authorization: Bearer abc.def', [])).toBe('Authorization: Bearer [redacted]');
    expect(redact(`key sk_${'a1'.repeat(16)}`, [])).toBe('key [redacted]');
    expect(redact('name must be 1..255 characters', [TOKEN])).toBe('name must be 1..255 characters');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  it('reads delay-seconds and HTTP-dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('errorCodes', () => {
  it('collects codes along the cause chain, aggregate members and Chromium messages', () => {
    const inner = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    const aggregate = new AggregateError([inner], 'all failed');
    const err = new TypeError('fetch failed', { cause: aggregate });
    expect(errorCodes(err)).toEqual(['ECONNREFUSED']);
    expect(errorCodes(new Error('net::ERR_CERT_AUTHORITY_INVALID'))).toEqual(['ERR_CERT_AUTHORITY_INVALID']);
    const loop: { cause?: unknown; code: string } = { code: 'X' };
    loop.cause = loop;
    expect(errorCodes(loop)).toEqual(['X']);
  });
});

describe('postJson: status mapping', () => {
  it('returns the parsed body of a 2xx', async () => {
    const fetch = respond(JSON.stringify({ ok: true, secret: 's', extra: 1 }), { status: 201 });
    await expect(postJson(request({ fetch }), schema)).resolves.toEqual({ ok: true, secret: 's' });
  });

  it('429 with an HTTP-date Retry-After', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    const fetch = respond('{}', { status: 429, headers: { 'Retry-After': at } });
    const error = await fails(postJson(request({ fetch }), schema));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBeGreaterThan(100);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(120);
    // The wait is retryAfterSeconds alone (the window counts it down), never said twice.
    expect(error.message).not.toContain('Try again');
  });

  it('429 without Retry-After still says what to do', async () => {
    const error = await fails(postJson(request({ fetch: respond(null, { status: 429 }) }), schema));
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.message).toContain('Wait a minute');
  });

  it('a redirect is reported, not followed', async () => {
    const fetch = respond(null, { status: 308, headers: { Location: 'https://other.example/x?token=abc' } });
    const error = await fails(postJson(request({ fetch }), schema));
    expect(error.code).toBe('provider_rejected');
    expect(error.message).toContain('https://other.example/x');
    expect(error.message).not.toContain('token=abc');
  });

  it('404 names the URL called without its query', async () => {
    const fetch = respond('not found', { status: 404 });
    const error = await fails(postJson(request({ fetch, url: 'https://api.weir.ai/v2/x?debug=1' }), schema));
    expect(error.message).toContain('https://api.weir.ai/v2/x.');
    expect(error.message).not.toContain('debug');
  });

  it('reads at most 64 KiB of an error body', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16 * 1024;
        controller.enqueue(new TextEncoder().encode('x'.repeat(16 * 1024)));
      },
    });
    const error = await fails(postJson(request({ fetch: respond(stream, { status: 400 }) }), schema));
    expect(error.code).toBe('validation');
    expect(pulled).toBeLessThanOrEqual(ERROR_BODY_LIMIT + 3 * 16 * 1024);
  });

  it('an error body that fails mid-read still maps the status', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.error(new Error('boom'));
      },
    });
    const error = await fails(postJson(request({ fetch: respond(stream, { status: 503 }) }), schema));
    expect(error.code).toBe('server');
  });

  it('a 2xx body larger than any create answer → malformed_response', async () => {
    const huge = JSON.stringify({ ok: true, secret: 'x'.repeat(2 * 1024 * 1024) });
    const error = await fails(postJson(request({ fetch: respond(huge, { status: 200 }) }), schema));
    expect(error).toMatchObject({ code: 'malformed_response', outcomeUnknown: true });
  });

  it('a wrong shape names the paths, never the values', async () => {
    const fetch = respond(JSON.stringify({ ok: 'yes-secret-value', secret: 42 }), { status: 200 });
    const error = await fails(postJson(request({ fetch }), schema));
    expect(error.message).toContain('ok, secret');
    expect(error.message).not.toContain('yes-secret-value');
  });
});

describe('postJson: transport failures', () => {
  it.each([
    ['ECONNRESET after sending', { code: 'ECONNRESET' }, 'network', true],
    ['undici socket closed', { code: 'UND_ERR_SOCKET' }, 'network', true],
    ['DNS failure', { code: 'EAI_AGAIN' }, 'network', false],
    ['expired certificate', { code: 'CERT_HAS_EXPIRED' }, 'tls', false],
    ['wrong host name', { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'tls', false],
    ['TLS version mismatch', { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'tls', false],
    ['unrecognised failure', { code: 'ESOMETHING' }, 'network', true],
  ])('%s', async (_label, cause, code, outcomeUnknown) => {
    const error = await fails(
      postJson(request({ fetch: failWith(new TypeError('fetch failed', { cause })) }), schema),
    );
    expect(error).toMatchObject({ code, outcomeUnknown });
    // In the user's words: the system's code stays out of the message.
    expect(error.message).not.toContain(cause.code);
  });

  it.each([
    ['net::ERR_CONNECTION_REFUSED', 'network', false],
    ['net::ERR_NAME_NOT_RESOLVED', 'network', false],
    ['net::ERR_CONNECTION_RESET', 'network', true],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'tls', false],
    ['net::ERR_TIMED_OUT', 'timeout', true],
  ])('Electron net.fetch: %s', async (message, code, outcomeUnknown) => {
    const error = await fails(postJson(request({ fetch: failWith(new Error(message)) }), schema));
    expect(error).toMatchObject({ code, outcomeUnknown });
    expect(error.message).not.toContain(message.slice('net::'.length));
  });

  it("fetch's blocked ports are never sent", async () => {
    const error = await fails(postJson(request({ url: 'http://127.0.0.1:1/x' }), schema));
    expect(error).toMatchObject({ code: 'network', outcomeUnknown: false });
  });

  it('a token that cannot be sent in a header is refused before calling fetch', async () => {
    const fetch = vi.fn<Fetch>();
    const token = 'abc def\nghi-secret-part';
    const error = await keyholdError(postJson(request({ fetch, token }), schema), () => [
      token,
      'ghi-secret',
    ]);
    expect(error).toMatchObject({ code: 'auth', outcomeUnknown: false });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('an invalid URL is refused before calling fetch', async () => {
    const fetch = vi.fn<Fetch>();
    const error = await fails(postJson(request({ fetch, url: 'ftp://x/y' }), schema));
    expect(error).toMatchObject({ code: 'validation', field: 'baseUrl' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('an already-cancelled call sends nothing', async () => {
    const fetch = vi.fn<Fetch>();
    const error = await fails(postJson(request({ fetch, signal: AbortSignal.abort() }), schema));
    expect(error).toMatchObject({ code: 'network', outcomeUnknown: false });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('postJson: failures while reading a 2xx answer (real sockets)', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function serve(handler: http.RequestListener): Promise<string> {
    server = http.createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/c`;
  }

  it('headers then silence → timeout, outcome unknown', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.write('{"ok":true,');
    });
    const error = await fails(postJson(request({ url, timeoutMs: 200 }), schema));
    expect(error).toMatchObject({ code: 'timeout', outcomeUnknown: true });
  });

  it('headers then a lost connection → network, outcome unknown', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"ok":true,', () => res.destroy());
    });
    const error = await fails(postJson(request({ url }), schema));
    expect(error).toMatchObject({ code: 'network', outcomeUnknown: true });
    expect(error.message).toContain('while reading its answer');
  });

  it('cancelled by the caller while waiting → outcome unknown', async () => {
    const url = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await fails(postJson(request({ url, signal: controller.signal }), schema));
    expect(error).toMatchObject({ code: 'network', outcomeUnknown: true });
    expect(error.message).toContain('cancelled');
  });
});
