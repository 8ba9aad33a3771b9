import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { METHODS } from '../shared/channels';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES } from '../shared/web-content';
import { MemoryClipboard } from '../main/core/clipboard';
import { createCore, type Core, type SafeStorage } from '../main/core/index';

// Serves the built renderer to a normal browser, with the real core behind it and a
// `window.keyhold` implemented over HTTP on loopback. Every call goes through the same
// dispatch (contract parsing included) that ipcMain uses.

export { CONTENT_SECURITY_POLICY };

const MAX_BODY_BYTES = 1 << 20;

export interface BrowserHostOptions {
  dataDir: string;
  rendererDir: string;
  safeStorage: SafeStorage;
  port?: number;
  /** Exposes the in-memory clipboard at `…/__test/clipboard` (tests only). */
  testHooks?: boolean;
  providerTimeoutMs?: number;
}

export interface BrowserHost {
  url: string;
  core: Core;
  clipboard: MemoryClipboard;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  const prefix = `/k/${token}/`;
  const clipboard = new MemoryClipboard();
  const core = createCore({
    dataDir: options.dataDir,
    safeStorage: options.safeStorage,
    clipboard,
    providerTimeoutMs: options.providerTimeoutMs,
  });
  const bridge = bridgeScript();

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, 'text/plain', 'Internal error'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const address = server.address() as AddressInfo;
    // Refuse other Host headers (DNS rebinding) and anything without the per-run token.
    if (req.headers.host !== `127.0.0.1:${address.port}`) return send(res, 421, 'text/plain', 'Wrong host');
    const path = (req.url ?? '/').split('?')[0]!;
    if (!hasToken(path, prefix)) return send(res, 403, 'text/plain', 'Missing or wrong token');
    const rest = path.slice(prefix.length);

    if (rest.startsWith('rpc/')) {
      const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (req.method !== 'POST' || type !== 'application/json') {
        return send(res, 405, 'text/plain', 'POST application/json only');
      }
      const body = await readBody(req);
      if (body === null) {
        res.setHeader('Connection', 'close');
        return send(res, 413, 'text/plain', 'Payload too large');
      }
      let payload: unknown;
      try {
        payload = body.length ? JSON.parse(body) : undefined;
      } catch {
        const error = { code: 'validation', message: 'The request body is not valid JSON.' };
        return send(res, 200, 'application/json', JSON.stringify({ ok: false, error }));
      }
      const result = await core.dispatch(rest.slice(4), payload);
      return send(res, 200, 'application/json', JSON.stringify(result));
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'GET only');
    if (rest === 'bridge.js') return send(res, 200, CONTENT_TYPES['.js']!, bridge);
    if (options.testHooks && rest === '__test/clipboard') {
      return send(
        res,
        200,
        'application/json',
        JSON.stringify({ text: clipboard.text, hints: clipboard.hints }),
      );
    }
    return serveStatic(res, options.rendererDir, rest || 'index.html');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    core,
    clipboard,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.shutdown();
    },
  };
}

function hasToken(path: string, prefix: string): boolean {
  const candidate = Buffer.from(path.slice(0, prefix.length));
  const expected = Buffer.from(prefix);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

async function serveStatic(res: ServerResponse, root: string, relative: string): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return send(res, 400, 'text/plain', 'Bad path encoding');
  }
  const file = normalize(join(root, decoded));
  if (!file.startsWith(normalize(root) + sep)) return send(res, 404, 'text/plain', 'Not found');
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return send(res, 404, 'text/plain', 'Not found');
  }
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  const body = type.startsWith('text/html')
    ? // The bridge must define window.keyhold before the app's module script runs.
      content.toString('utf8').replace('<script', '<script src="./bridge.js"></script>\n    <script')
    : content;
  send(res, 200, type, body);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop keeping it but drain the rest, so the 413 reaches the client.
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `window.keyhold` over fetch: one function per contract method, like the preload. */
function bridgeScript(): string {
  return `'use strict';
(() => {
  const rpc = location.pathname.replace(/[^/]*$/, '') + 'rpc/';
  const call = (method) => async (input) => {
    try {
      const response = await fetch(rpc + method, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: input === undefined ? '' : JSON.stringify(input),
      });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return await response.json();
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: 'Keyhold is not reachable: ' + error.message } };
    }
  };
  const api = {};
  for (const method of ${JSON.stringify(METHODS)}) api[method] = call(method);
  Object.defineProperty(window, 'keyhold', { value: Object.freeze(api), writable: false });
})();
`;
}
