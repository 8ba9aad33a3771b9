// One test per failure class, run against each provider's client and fake server.
// Every test also checks that exactly one request was sent (no silent retry of a create)
// and that the error leaks neither the token nor any secret the server issued.
import { afterEach, describe, expect, it } from 'vitest';
import type { CreatedClient } from '../../src/main/core/providers/types';
import type { FakeServer, FakeServerOptions } from '../fakes/fake-server';
import { closedPort } from '../support/fake-providers';
import { keyholdError, secretsOf } from './harness';

export interface ProviderHarness {
  label: string;
  start(options?: FakeServerOptions): Promise<FakeServer>;
  create(connection: { url: string; token: string }, timeoutMs?: number): Promise<CreatedClient>;
  /** A create the fake's own validation rejects, naming `field` with `status`. */
  createInvalid(connection: { url: string; token: string }): Promise<CreatedClient>;
  invalid: { field: string; status: number };
  /** An error body in the provider's documented shape. */
  errorBody(message: string, field?: string): object;
}

export function describeFailureClasses(h: ProviderHarness): void {
  describe(`${h.label}: failure classes`, () => {
    let server: FakeServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    const start = async (options?: FakeServerOptions): Promise<FakeServer> => {
      server = await h.start(options);
      return server;
    };
    const failing = (s: FakeServer, promise: Promise<unknown>) => keyholdError(promise, () => secretsOf(s));

    it.each([400, 422])('HTTP %i naming a field → validation with that field', async (status) => {
      const s = await start();
      s.inject({ status, body: h.errorBody('email must be a valid email address', 'email') });
      const error = await failing(s, h.create(s));
      expect(error).toMatchObject({ code: 'validation', field: 'email', outcomeUnknown: false });
      expect(error.message).toContain(h.label);
      expect(error.message).toContain('email must be a valid email address');
      expect(s.requests).toHaveLength(1);
    });

    it("the fake's own validation → validation with the field", async () => {
      const s = await start();
      const error = await failing(s, h.createInvalid(s));
      expect(error).toMatchObject({ code: 'validation', field: h.invalid.field });
      expect(error.message).toContain(`HTTP ${h.invalid.status}`);
    });

    it('HTTP 401 (wrong token) → auth, pointing at Settings', async () => {
      const s = await start();
      const error = await failing(s, h.create({ url: s.url, token: 'wrong-token-123456' }));
      expect(error.code).toBe('auth');
      expect(error.message).toBe(
        `The ${h.label} token for this connection was refused (HTTP 401). Update the token in Settings → Connections.`,
      );
    });

    it('HTTP 403 → auth', async () => {
      const s = await start();
      s.inject({ status: 403 });
      const error = await failing(s, h.create(s));
      expect(error.code).toBe('auth');
      expect(error.message).toContain('HTTP 403');
    });

    it('HTTP 404 (wrong base URL) → not_found naming the URL called, without query', async () => {
      const s = await start();
      const error = await failing(s, h.create({ url: `${s.url}/v9`, token: s.token }));
      expect(error.code).toBe('not_found');
      expect(error.message).toContain(`${s.url}/v9/`);
      expect(error.message).toContain('base URL');
    });

    it('HTTP 429 with Retry-After seconds → rate_limited with retryAfterSeconds', async () => {
      const s = await start();
      s.inject({ status: 429, headers: { 'Retry-After': '30' } });
      const error = await failing(s, h.create(s));
      expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30, outcomeUnknown: false });
      expect(error.message).toContain('Nothing was created.');
      expect(error.message).not.toContain('Try again');
    });

    it.each([500, 503])('HTTP %i → server', async (status) => {
      const s = await start();
      s.inject({ status });
      const error = await failing(s, h.create(s));
      expect(error).toMatchObject({ code: 'server', outcomeUnknown: false });
      expect(error.message).toContain(`HTTP ${status}`);
      expect(s.requests).toHaveLength(1);
    });

    it('HTTP 504 from a gateway → server, outcome unknown', async () => {
      const s = await start();
      s.inject({ status: 504, body: '<html><title>504 Gateway Time-out</title></html>' });
      const error = await failing(s, h.create(s));
      expect(error).toMatchObject({ code: 'server', outcomeUnknown: true });
    });

    it('another 4xx (418) → provider_rejected', async () => {
      const s = await start();
      s.inject({ status: 418, body: h.errorBody("I'm a teapot") });
      const error = await failing(s, h.create(s));
      expect(error).toMatchObject({ code: 'provider_rejected', outcomeUnknown: false });
      expect(error.message).toContain("I'm a teapot");
    });

    it('no answer in time → timeout, outcome unknown; the client exists server-side', async () => {
      const s = await start();
      s.inject({ delayMs: 3_000 });
      const error = await failing(s, h.create(s, 200));
      expect(error).toMatchObject({ code: 'timeout', outcomeUnknown: true });
      expect(error.message).toMatch(/may have been created at .* without Keyhold receiving its secret/);
      expect(s.requests).toHaveLength(1);
      expect(s.issued.length).toBeGreaterThan(0);
      expect(s.issued.every((entry) => !entry.delivered)).toBe(true);
    });

    it('connection refused → network, nothing sent', async () => {
      const port = await closedPort();
      const error = await keyholdError(
        h.create({ url: `http://127.0.0.1:${port}`, token: 't0k3n-abcdef' }),
        () => ['t0k3n-abcdef'],
      );
      expect(error).toMatchObject({ code: 'network', outcomeUnknown: false });
      expect(error.message).toContain('the connection was refused');
      expect(error.message).not.toContain('ECONNREFUSED');
      expect(error.message).toContain('Nothing was sent');
    });

    it('connection dropped after the request was sent → network, outcome unknown', async () => {
      const s = await start();
      s.inject({ drop: 'before-response' });
      const error = await failing(s, h.create(s));
      expect(error).toMatchObject({ code: 'network', outcomeUnknown: true });
      expect(s.issued.length).toBeGreaterThan(0);
      expect(s.issued.every((entry) => !entry.delivered)).toBe(true);
      expect(s.requests).toHaveLength(1);
    });

    it('connection dropped on arrival → network', async () => {
      const s = await start();
      s.inject({ drop: 'immediately' });
      const error = await failing(s, h.create(s));
      expect(error.code).toBe('network');
      expect(s.issued).toHaveLength(0);
    });

    it('self-signed TLS certificate → tls, nothing sent', async () => {
      const s = await start({ tls: true });
      expect(s.url.startsWith('https://127.0.0.1:')).toBe(true);
      const error = await failing(s, h.create(s));
      expect(error).toMatchObject({ code: 'tls', outcomeUnknown: false });
      expect(error.message).toContain('self-signed');
      expect(s.requests).toHaveLength(0);
    });

    it.each(['not-json', 'wrong-shape'] as const)(
      '2xx with a %s body → malformed_response, outcome unknown',
      async (malformed) => {
        const s = await start();
        s.inject({ malformed });
        const error = await failing(s, h.create(s));
        expect(error).toMatchObject({ code: 'malformed_response', outcomeUnknown: true });
        expect(error.message).toContain('HTTP 201');
        expect(error.message).toMatch(/may have been created/);
        expect(s.issued.length).toBeGreaterThan(0);
        expect(s.issued.every((entry) => !entry.delivered)).toBe(true);
      },
    );

    it('an error body echoing the token and issued secrets is redacted', async () => {
      const s = await start();
      const ok = await h.create(s);
      const secret = Object.values(ok.secrets)[0]!;
      s.inject({
        status: 400,
        body: h.errorBody(`Bad token ${s.token} (Bearer ${s.token}) or key ${secret}`, 'name'),
      });
      const error = await keyholdError(h.create(s), () => [s.token, secret, s.token.slice(5, 15)]);
      expect(error.code).toBe('validation');
      expect(error.message).toContain('[redacted]');
    });
  });
}
