// Machinery shared by the fake provider servers: loopback HTTP(S) server, request recording,
// bearer auth, JSON parsing, injectable faults, and a close() that never leaves a test hanging.
// Each provider file supplies only what differs: its endpoint, error shape, validation and
// success body (see weir-server.ts, mythic-server.ts).
import { randomBytes, randomInt } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { generate } from 'selfsigned';

export interface RecordedRequest {
  method: string;
  /** Path with query, as sent. */
  path: string;
  /** Lower-cased names, as Node parses them. */
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, else the raw text; undefined when never read. */
  body: unknown;
  rawBody: string;
  /** The fault applied to this request, if any. */
  fault?: Fault;
  /** What was written back, once it was (absent for drops and abandoned late answers). */
  response?: { status: number; body: unknown };
}

/** A secret the fake generated (or echoed) while answering a request. */
export interface IssuedSecret {
  /** secretKey (Weir), secret_key / proxy_api_key (Mythic). */
  field: string;
  value: string;
  request: RecordedRequest;
  /** True once a well-formed response carrying it was fully written to the socket. */
  delivered: boolean;
}

export interface Fault {
  /** Answer this status instead of processing (nothing is created). */
  status?: number;
  /** Body for `status` (object → JSON); default: the provider's error shape. */
  body?: string | object;
  /** Extra response headers (any reply), e.g. {'Retry-After': '30'}. */
  headers?: Record<string, string>;
  /** Process normally, then answer this late (skipped if the client has gone). */
  delayMs?: number;
  /** Create the client, then answer a 2xx whose body is broken. */
  malformed?: 'not-json' | 'wrong-shape';
  /** before-response: read the body, create, destroy the socket. immediately: destroy at once. */
  drop?: 'before-response' | 'immediately';
}

export interface InjectOptions {
  /** How many requests get the fault (default 1, or unlimited with `probability`). */
  times?: number;
  /** Apply to each request with this probability (randomized runs). */
  probability?: number;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Secrets this reply carries; recorded in `issued`. */
  secrets?: readonly { field: string; value: string }[];
  /** The same create answered in an undocumented shape (for `malformed: 'wrong-shape'`). */
  wrongShape?: unknown;
}

export interface ProviderBehaviour {
  /** Prefix of the base URL, e.g. '' (Weir) or '/api/v1' (Mythic). */
  basePath: string;
  /** Create endpoint below basePath, e.g. '/org/create/client'. */
  createPath: string;
  /** The provider's error body shape. */
  errorBody(status: number, message: string, field?: string): unknown;
  /** Checks after bearer auth, before the body is looked at (Weir's x-source). */
  checkHeaders?(request: RecordedRequest): Reply | undefined;
  /** Validates the parsed JSON body and creates the client. */
  create(body: unknown, request: RecordedRequest): Reply;
}

export interface FakeServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default: a fresh random token. */
  token?: string;
  /** Serve HTTPS with a fresh self-signed certificate. */
  tls?: boolean;
  /** Source for `probability` faults; pass a seeded one for reproducible randomized runs. */
  random?: () => number;
}

export interface FakeServer {
  /** Base URL as a Keyhold connection stores it. */
  url: string;
  token: string;
  requests: RecordedRequest[];
  issued: IssuedSecret[];
  /** PEM of the self-signed certificate when `tls` is on. */
  certificate?: string;
  inject(fault: Fault, options?: InjectOptions): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const BODY_LIMIT = 1024 * 1024;
const HTML_PAGE = '<!doctype html><html><head><title>OK</title></head><body>Created.</body></html>';

interface FaultRule {
  fault: Fault;
  remaining: number;
  probability: number;
}

export async function startFakeServer(
  behaviour: ProviderBehaviour,
  options: FakeServerOptions = {},
): Promise<FakeServer> {
  const token = options.token ?? `test_${randomBytes(24).toString('base64url')}`;
  const random = options.random ?? Math.random;
  const requests: RecordedRequest[] = [];
  const issued: IssuedSecret[] = [];
  const rules: FaultRule[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const takeFault = (): Fault | undefined => {
    for (const rule of rules) {
      if (rule.probability < 1 && random() >= rule.probability) continue;
      rule.remaining -= 1;
      if (rule.remaining <= 0) rules.splice(rules.indexOf(rule), 1);
      return rule.fault;
    }
    return undefined;
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      // Cleared on close: the pending handler is abandoned, never resumed.
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const answer = (recorded: RecordedRequest): Reply => {
    const pathname = recorded.path.split('?')[0];
    if (pathname !== behaviour.basePath + behaviour.createPath || recorded.method !== 'POST') {
      return errorReply(404, `Cannot ${recorded.method} ${pathname}`);
    }
    if (recorded.headers.authorization !== `Bearer ${token}`) {
      return errorReply(401, 'Unauthorized: invalid or missing bearer token');
    }
    const headerProblem = behaviour.checkHeaders?.(recorded);
    if (headerProblem) return headerProblem;
    if (!/^application\/json\s*(;|$)/i.test(recorded.headers['content-type'] ?? '')) {
      return errorReply(415, 'Content-Type must be application/json');
    }
    if (typeof recorded.body === 'string' || recorded.body === undefined) {
      return errorReply(400, 'Request body is not valid JSON');
    }
    return behaviour.create(recorded.body, recorded);
  };

  const errorReply = (status: number, message: string): Reply => ({
    status,
    body: behaviour.errorBody(status, message),
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const fault = takeFault();
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: flattenHeaders(req.headers),
      body: undefined,
      rawBody: '',
      ...(fault ? { fault } : {}),
    };
    if (fault?.drop === 'immediately') {
      requests.push(recorded);
      req.socket.destroy();
      return;
    }
    const raw = await readBody(req);
    if (raw === undefined) {
      requests.push(recorded);
      const reply = errorReply(413, 'Request body too large');
      recorded.response = { status: reply.status, body: reply.body };
      return send(res, reply);
    }
    recorded.rawBody = raw;
    recorded.body = parseJson(raw);
    requests.push(recorded);

    let reply =
      fault?.status === undefined
        ? answer(recorded)
        : {
            status: fault.status,
            body: fault.body ?? behaviour.errorBody(fault.status, http.STATUS_CODES[fault.status] ?? 'Error'),
          };
    const entries = (reply.secrets ?? []).map((secret) => ({
      ...secret,
      request: recorded,
      delivered: false,
    }));
    issued.push(...entries);

    if (fault?.drop === 'before-response') {
      req.socket.destroy();
      return;
    }
    const broken = fault?.malformed !== undefined && reply.status < 300;
    if (broken) reply = malform(reply, fault.malformed!);
    if (fault?.headers) reply = { ...reply, headers: { ...reply.headers, ...fault.headers } };
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (closed || res.destroyed || req.socket.destroyed) return;
    if (!broken) res.on('finish', () => entries.forEach((entry) => (entry.delivered = true)));
    recorded.response = { status: reply.status, body: reply.body };
    send(res, reply);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => res.destroy());
  };
  const certificate = options.tls ? await selfSignedCertificate() : undefined;
  const server = certificate
    ? https.createServer({ key: certificate.key, cert: certificate.cert }, onRequest)
    : http.createServer(onRequest);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A TLS client that refuses the certificate aborts the handshake; that is expected here.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `${certificate ? 'https' : 'http'}://127.0.0.1:${port}${behaviour.basePath}`,
    token,
    requests,
    issued,
    ...(certificate ? { certificate: certificate.cert } : {}),
    inject(fault, injectOptions = {}) {
      const probability = injectOptions.probability ?? 1;
      const remaining = injectOptions.times ?? (injectOptions.probability === undefined ? 1 : Infinity);
      rules.push({ fault, remaining, probability });
    },
    clearFaults() {
      rules.length = 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      timers.forEach(clearTimeout);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      await done;
    },
  };
}

function malform(reply: Reply, kind: 'not-json' | 'wrong-shape'): Reply {
  if (kind === 'wrong-shape') return { ...reply, body: reply.wrongShape ?? { unexpected: true } };
  return { ...reply, body: HTML_PAGE, headers: { ...reply.headers, 'Content-Type': 'text/html' } };
}

function send(res: ServerResponse, reply: Reply): void {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const type = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(reply.status, { 'Content-Type': type, ...reply.headers });
  res.end(text);
}

/** Undefined when the body exceeds the limit. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > BODY_LIMIT ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A client gone mid-body: never act on a truncated request (the rejection is caught by onRequest).
    req.on('close', () => {
      if (!req.complete) reject(new Error('client closed the connection before sending the whole body'));
    });
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

// --- Credential generators, in the formats the providers document ---------------------

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  return Array.from({ length }, () => ALNUM[randomInt(ALNUM.length)]).join('');
}

export function randomDigits(length: number): string {
  return Array.from({ length }, () => String(randomInt(10))).join('');
}

export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}
