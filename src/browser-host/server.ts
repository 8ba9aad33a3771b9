import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES, SECURITY_HEADERS } from '../shared/web-content';
import { createCore, type CliListening, type Core, type SafeStorage } from '../main/core';
import { MemoryClipboard } from '../main/core/node-ports';
import { readStaticFile } from '../main/static-files';
import { bridgeScript, MAX_MESSAGE_BYTES, serveCalls } from './rpc-socket';

// Serves the built renderer to a normal browser, with the real core behind it and a
// `window.keyhold` implemented over a WebSocket on loopback (rpc-socket.ts).

export { CONTENT_SECURITY_POLICY };

/** On every answer, refusals included. */
const HEADERS = { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' };

export interface BrowserHostOptions {
  dataDir: string;
  rendererDir: string;
  safeStorage: SafeStorage;
  port?: number;
  /** Exposes the in-memory clipboard at `…/__test/clipboard` (tests only). */
  testHooks?: boolean;
  providerTimeoutMs?: number;
  /**
   * Answer the keyhold CLI: at `socket`, or (without one) at the default endpoint, or at an endpoint
   * of its own when another Keyhold of this user answers there. Left out: no CLI socket.
   */
  cli?: { socket?: string };
  /** How long a CLI request waits for an answer in the page (default 60 s). */
  cliApprovalTimeoutMs?: number;
}

export interface BrowserHost {
  url: string;
  core: Core;
  clipboard: MemoryClipboard;
  /** Where the keyhold CLI reaches this host; null without `cli`. */
  cli: CliListening | null;
  close(): Promise<void>;
}

/** Where the page opens its WebSocket, under the token prefix. */
const RPC_PATH = 'rpc';

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = randomBytes(24).toString('base64url');
  const prefix = `/k/${token}/`;
  const clipboard = new MemoryClipboard();
  const core = createCore({
    dataDir: options.dataDir,
    safeStorage: options.safeStorage,
    clipboard,
    providerTimeoutMs: options.providerTimeoutMs,
    cliApprovalTimeoutMs: options.cliApprovalTimeoutMs,
  });
  const bridge = bridgeScript();

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  sockets.on('connection', (socket) => serveCalls(socket, (method, input) => core.dispatch(method, input)));

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, 'text/plain', 'Internal error'));
  });

  /** This server's host:port, the only Host header (and, with http://, Origin) it answers. */
  const here = () => `127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** The path after the token, or why the request is refused (wrong Host, no token). */
  function admit(req: IncomingMessage): { rest: string } | { status: number; message: string } {
    // Refuse other Host headers (DNS rebinding) and anything without the per-run token.
    if (req.headers.host !== here()) return { status: 421, message: 'Wrong host' };
    const path = (req.url ?? '/').split('?')[0]!;
    if (!hasToken(path, prefix)) return { status: 403, message: 'Missing or wrong token' };
    return { rest: path.slice(prefix.length) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const admitted = admit(req);
    if ('status' in admitted) return send(res, admitted.status, 'text/plain', admitted.message);
    const { rest } = admitted;
    if (rest === RPC_PATH) return send(res, 426, 'text/plain', 'Calls go over a WebSocket');
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
    return serveStatic(res, options.rendererDir, `/${rest}`);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const admitted = admit(req);
    if ('status' in admitted) return refuseUpgrade(socket, admitted.status, admitted.message);
    if (admitted.rest !== RPC_PATH) return refuseUpgrade(socket, 404, 'Not found');
    // Browsers do not hold WebSockets to the same-origin policy: only this page's origin may call.
    if (req.headers.origin !== `http://${here()}`) return refuseUpgrade(socket, 403, 'Wrong origin');
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const cli = options.cli ? await core.cli.listen(options.cli) : null;
  return {
    url: `http://${here()}${prefix}`,
    core,
    clipboard,
    cli,
    async close() {
      for (const socket of sockets.clients) socket.terminate();
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

async function serveStatic(res: ServerResponse, root: string, path: string): Promise<void> {
  const file = await readStaticFile(root, path);
  if (!file.found) {
    if (file.reason === 'bad-encoding') return send(res, 400, 'text/plain', 'Bad path encoding');
    return send(res, 404, 'text/plain', 'Not found');
  }
  const body = file.contentType.startsWith('text/html')
    ? // The bridge must define window.keyhold before the app's module script runs.
      file.body.toString('utf8').replace('<script', '<script src="./bridge.js"></script>\n    <script')
    : file.body;
  send(res, 200, file.contentType, body);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, ...HEADERS });
  res.end(body);
}

/** An HTTP answer written on the raw socket of a refused upgrade, then hung up. */
function refuseUpgrade(socket: Socket, status: number, message: string): void {
  const headers = {
    'Content-Type': 'text/plain',
    ...HEADERS,
    'Content-Length': Buffer.byteLength(message),
    Connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('')}\r\n${message}`);
}
