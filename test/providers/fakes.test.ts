// The fake servers themselves: they must behave as the providers' APIs are documented to, or the
// contract tests prove nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeServer } from '../fakes/fake-server';
import { startFakeMythic } from '../fakes/mythic-server';
import { startFakeWeir } from '../fakes/weir-server';

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function track<S extends FakeServer>(server: Promise<S>): Promise<S> {
  const s = await server;
  servers.push(s);
  return s;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, headers: res.headers, json };
}

describe('fake Weir', () => {
  const weirHeaders = (token: string) => ({ Authorization: `Bearer ${token}`, 'x-source': 'console' });

  it('binds loopback and answers the documented success shape', async () => {
    const s = await track(startFakeWeir());
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post(
      `${s.url}/org/create/client`,
      { name: 'A', environment: 'staging' },
      weirHeaders(s.token),
    );
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      data: { name: 'A', environment: 'staging', credentials: {} },
      message: 'Client created successfully',
      status: 'success',
    });
  });

  it('401 with a JSON body on a wrong or missing token', async () => {
    const s = await track(startFakeWeir());
    for (const headers of [{ 'x-source': 'console' }, weirHeaders('nope')]) {
      const res = await post(`${s.url}/org/create/client`, { name: 'A', environment: 'staging' }, headers);
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ status: 'error', message: expect.any(String) });
    }
  });

  it('400 naming x-source when the console header is missing', async () => {
    const s = await track(startFakeWeir());
    const res = await post(
      `${s.url}/org/create/client`,
      { name: 'A', environment: 'staging' },
      { Authorization: `Bearer ${s.token}` },
    );
    expect(res).toMatchObject({ status: 400, json: { status: 'error', field: 'x-source' } });
  });

  it.each([
    [{ environment: 'staging' }, 'name'],
    [{ name: '', environment: 'staging' }, 'name'],
    [{ name: 'A', environment: 'prod' }, 'environment'],
  ])('400 with the field for %j', async (body, field) => {
    const s = await track(startFakeWeir());
    const res = await post(`${s.url}/org/create/client`, body, weirHeaders(s.token));
    expect(res).toMatchObject({ status: 400, json: { status: 'error', field } });
    expect(s.issued).toHaveLength(0);
  });

  it('415 without a JSON content type, 400 for an unparsable body, 404 elsewhere', async () => {
    const s = await track(startFakeWeir());
    const text = await fetch(`${s.url}/org/create/client`, {
      method: 'POST',
      headers: { ...weirHeaders(s.token), 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    expect((await post(`${s.url}/org/create/client`, '{oops', weirHeaders(s.token))).status).toBe(400);
    expect((await post(`${s.url}/org/create/clients`, {}, weirHeaders(s.token))).status).toBe(404);
  });
});

describe('fake Mythic', () => {
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('serves under /api/v1 and echoes with nulls for unset fields', async () => {
    const s = await track(startFakeMythic());
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    const res = await post(`${s.url}/clients`, { id: 'a', name: 'A' }, auth(s.token));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      success: true,
      data: { id: 'a', name: 'A', status: true, email: null },
    });
  });

  it.each([
    [{ id: 'bad id', name: 'A' }, 'id'],
    [{ id: 'a', name: '' }, 'name'],
    [{ id: 'a', name: 'x'.repeat(256) }, 'name'],
    [{ id: 'a', name: 'A', email: 'nope' }, 'email'],
    [{ id: 'a', name: 'A', website: 'not a url' }, 'website'],
    [{ id: 'a', name: 'A', timezone: 'Mars/Base' }, 'timezone'],
    [{ id: 'a', name: 'A', api_metadata: [1] }, 'api_metadata'],
    [{ id: 'a', name: 'A', status: 'yes' }, 'status'],
  ])('422 with the field for %j', async (body, field) => {
    const s = await track(startFakeMythic());
    const res = await post(`${s.url}/clients`, body, auth(s.token));
    expect(res).toMatchObject({ status: 422, json: { success: false, error: { field } } });
  });

  it('409 when the id exists, created or seeded', async () => {
    const s = await track(startFakeMythic({ existingIds: ['seeded'] }));
    expect((await post(`${s.url}/clients`, { id: 'seeded', name: 'A' }, auth(s.token))).json).toEqual({
      success: false,
      error: { message: "Client with id 'seeded' already exists" },
    });
    expect((await post(`${s.url}/clients`, { id: 'new', name: 'A' }, auth(s.token))).status).toBe(201);
    expect((await post(`${s.url}/clients`, { id: 'new', name: 'A' }, auth(s.token))).status).toBe(409);
  });

  it('401 with a JSON error body on a wrong token', async () => {
    const s = await track(startFakeMythic());
    const res = await post(`${s.url}/clients`, { id: 'a', name: 'A' }, auth('nope'));
    expect(res).toMatchObject({
      status: 401,
      json: { success: false, error: { message: expect.any(String) } },
    });
  });
});

describe('fault injection', () => {
  const create = (s: FakeServer, id: string) =>
    post(`${s.url}/clients`, { id, name: 'A' }, { Authorization: `Bearer ${s.token}` });

  it('applies a fault to the next request only, or to a given count', async () => {
    const s = await track(startFakeMythic());
    s.inject({ status: 503 });
    s.inject({ status: 429, headers: { 'Retry-After': '7' } }, { times: 2 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await create(s, `c${i}`)).status);
    expect(statuses).toEqual([503, 429, 429, 201, 201]);
    expect(s.requests.map((r) => r.fault?.status)).toEqual([503, 429, 429, undefined, undefined]);
  });

  it('applies a probability fault with the given random source until cleared', async () => {
    const values = [0.1, 0.9, 0.1, 0.9];
    const s = await track(startFakeMythic({ random: () => values.shift() ?? 0.9 }));
    s.inject({ status: 500 }, { probability: 0.5 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await create(s, `p${i}`)).status);
    expect(statuses).toEqual([500, 201, 500, 201]);
    s.clearFaults();
    expect((await create(s, 'after')).status).toBe(201);
  });

  it('marks secrets delivered only when a well-formed answer was written', async () => {
    const s = await track(startFakeMythic());
    await create(s, 'ok');
    s.inject({ malformed: 'wrong-shape' });
    const res = await create(s, 'shape');
    expect(res.json).toEqual({ success: true, client: { id: 'shape', name: 'A' } });
    s.inject({ malformed: 'not-json' });
    const html = await create(s, 'html');
    expect(html.status).toBe(201);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(s.issued.map((e) => [e.request.body, e.delivered])).toEqual([
      [{ id: 'ok', name: 'A' }, true],
      [{ id: 'shape', name: 'A' }, false],
      [{ id: 'html', name: 'A' }, false],
    ]);
    expect([...s.ids]).toEqual(['ok', 'shape', 'html']);
  });

  it('a late answer is written and delivered when the client waits', async () => {
    const s = await track(startFakeMythic());
    s.inject({ delayMs: 150 });
    const started = Date.now();
    expect((await create(s, 'late')).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(s.issued[0]!.delivered).toBe(true);
  });

  it('close() returns promptly with a late answer pending and connections open', async () => {
    const s = await startFakeWeir();
    s.inject({ delayMs: 60_000 });
    const pending = fetch(`${s.url}/org/create/client`, { method: 'POST', body: '{}' }).catch(
      (e: Error) => e,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await s.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('serves HTTPS with a self-signed certificate when asked', async () => {
    const s = await track(startFakeMythic({ tls: true }));
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(s.certificate).toContain('BEGIN CERTIFICATE');
  });
});
