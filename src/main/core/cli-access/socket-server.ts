// The local socket the `keyhold` CLI talks to: a Unix socket in a folder only this user can open,
// or a named pipe on Windows; one request per connection (cli-protocol.ts). Keyhold writes nothing
// on a connection before it has read a whole request: on Windows other users can open the pipe
// read-only (Node cannot narrow its DACL), and must learn nothing from it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { dirProblem, socketPathProblem, type Endpoint } from '../../../shared/cli-endpoint';
import {
  CLI_PROTOCOL_VERSION,
  MAX_REQUEST_BYTES,
  proofText,
  protocolProblem,
  requestSchema,
  type CliAnswer,
  type CliRequest,
  type CliResult,
} from '../../../shared/cli-protocol';
import type { Logger } from '../ports';
import { PeerRefused, type Identify, type Peer } from './peer';
import type { RequestChannel } from './requests';

/** A connection that sends no whole request within this time is closed. */
const REQUEST_READ_MS = 10_000;

export interface CliServerOptions {
  endpoint: Endpoint;
  /** Where to listen instead when another live Keyhold answers at `endpoint`; null: fail. */
  fallback: Endpoint | null;
  identify: Identify;
  handle(request: CliRequest, peer: Peer, channel: RequestChannel): Promise<CliResult>;
  logger: Logger;
  platform?: string;
}

export interface CliServer {
  endpoint: Endpoint;
  /** True when another Keyhold answered at the endpoint asked for, and this one took the fallback. */
  fellBack: boolean;
  close(): Promise<void>;
}

/** Why the CLI server could not start, in the user's words. */
export class CliServerError extends Error {}

export async function startCliServer(options: CliServerOptions): Promise<CliServer> {
  const platform = options.platform ?? process.platform;
  let endpoint = options.endpoint;
  prepare(endpoint, platform);
  let server = await bind(endpoint, platform);
  if (!server) {
    if (!options.fallback) {
      throw new CliServerError(`Another program already answers at ${endpoint.socket}.`);
    }
    endpoint = options.fallback;
    prepare(endpoint, platform);
    server = await bind(endpoint, platform);
    if (!server) throw new CliServerError(`Another program already answers at ${endpoint.socket}.`);
  }
  if (platform !== 'win32') {
    // The 0700 folder is what keeps others out; the socket's own mode is the second lock (the
    // process umask is left alone: Electron's other threads share it).
    chmodSync(endpoint.socket, 0o600);
    sweepInstances(endpoint.dir);
  }
  const token = writeToken(endpoint.tokenFile);
  const connections = new Set<Socket>();
  server.on('connection', (socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    serve(socket, token, options);
  });
  const listening = server;
  return {
    endpoint,
    fellBack: endpoint !== options.endpoint,
    async close() {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => listening.close(() => resolve()));
      removeToken(endpoint.tokenFile, token);
    },
  };
}

/**
 * Unix: a path that fits, in a private folder: made 0700 (whatever the umask) when it is new, and
 * otherwise used only if it already is private. An existing folder is never changed: it may be a
 * shared one (/tmp, for a --socket in it) that other programs need as it is.
 */
function prepare(endpoint: Endpoint, platform: string): void {
  const tooLong = socketPathProblem(endpoint.socket, platform);
  if (tooLong) throw new CliServerError(tooLong);
  if (platform === 'win32') return;
  const uid = process.getuid!();
  if (mkdirSync(endpoint.dir, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(endpoint.dir, 0o700);
  const problem = dirProblem(endpoint.dir, lstatSync, uid);
  if (problem) throw new CliServerError(`Keyhold will not put its CLI socket there: ${problem}.`);
}

/** Listens at the endpoint, taking over a stale socket file; null when a live program answers there. */
async function bind(endpoint: Endpoint, platform: string): Promise<Server | null> {
  try {
    return await listen(endpoint.socket);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const inUse = code === 'EADDRINUSE' || (platform === 'win32' && code === 'EACCES');
    if (!inUse) throw new CliServerError(`Keyhold cannot listen at ${endpoint.socket}: ${code ?? error}.`);
    // A pipe disappears with its process; a socket file outlives a crash (refused = stale).
    if (platform === 'win32' || (await answers(endpoint.socket))) return null;
    if (!lstatSync(endpoint.socket).isSocket()) {
      throw new CliServerError(`${endpoint.socket} exists and is not a socket: Keyhold leaves it alone.`);
    }
    unlinkSync(endpoint.socket);
    return listen(endpoint.socket);
  }
}

function listen(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer({ allowHalfOpen: false });
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** True when something accepts connections at `path` (or refuses in a way that is not "nobody"). */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.setTimeout(1000, () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code !== 'ECONNREFUSED' && error.code !== 'ENOENT');
    });
  });
}

/** Removes the sockets (and tokens) second instances left when they crashed. */
function sweepInstances(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = /^cli-(\d+)\.sock$/.exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || alive(Number(pid))) continue;
    rmSync(join(dir, name), { force: true });
    rmSync(join(dir, `${name}.token`), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A fresh random token, written 0600 and renamed into place (never half-written). */
function writeToken(file: string): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  const temporary = `${file}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, token, { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file);
  return token;
}

function removeToken(file: string, token: string): void {
  try {
    if (readFileSync(file, 'utf8') === token) unlinkSync(file);
  } catch {
    // Already gone.
  }
}

const sign = (token: string, side: 'request' | 'answer', nonce: string) =>
  createHmac('sha256', token).update(proofText(side, nonce)).digest('base64url');

function provesToken(proof: unknown, token: string, nonce: string): boolean {
  if (typeof proof !== 'string') return false;
  const expected = Buffer.from(sign(token, 'request', nonce));
  const given = Buffer.from(proof);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reads one request line, answers it, hangs up. */
function serve(socket: Socket, token: string, options: CliServerOptions): void {
  const identified = options.identify(socket);
  const hangup = new AbortController();
  socket.on('close', () => hangup.abort());
  socket.on('error', () => {});
  socket.setTimeout(REQUEST_READ_MS, () => socket.destroy());

  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    const newline = chunk.indexOf(0x0a);
    const part = newline < 0 ? chunk : chunk.subarray(0, newline);
    size += part.length;
    // Refused unread: nothing is parsed of a request this large.
    if (size > MAX_REQUEST_BYTES) return void socket.destroy();
    chunks.push(part);
    if (newline < 0) return;
    socket.off('data', onData);
    socket.setTimeout(0);
    respond(Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
      options.logger.error('cli: could not answer a request', { error });
      socket.destroy();
    });
  };
  socket.on('data', onData);

  const send = (answer: CliAnswer) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`);
  };
  const finish = (proof: string, result: CliResult) => {
    send({ v: CLI_PROTOCOL_VERSION, proof, type: 'done', result });
    socket.end();
  };
  const error = (code: 'invalid' | 'version' | 'unavailable' | 'denied', message: string): CliResult => ({
    ok: false,
    error: { code, message },
  });

  async function respond(line: string): Promise<void> {
    // Another user's program learns nothing else, not even whether its request was well formed.
    if (identified.refusal) return finish('', error('denied', identified.refusal));
    let message: { v?: unknown; nonce?: unknown; proof?: unknown } | null;
    try {
      message = JSON.parse(line);
    } catch {
      return finish('', error('invalid', 'Keyhold cannot read the request: it is not JSON.'));
    }
    if (message?.v !== CLI_PROTOCOL_VERSION) {
      return finish(
        '',
        error(
          'version',
          `This Keyhold speaks version ${CLI_PROTOCOL_VERSION} of the CLI protocol, the request another. Use the keyhold command that came with this Keyhold.`,
        ),
      );
    }
    const nonce = typeof message.nonce === 'string' ? message.nonce : '';
    if (!provesToken(message.proof, token, nonce)) {
      return finish(
        '',
        error(
          'unavailable',
          "The request does not prove it read Keyhold's token file: did Keyhold restart meanwhile? Run the command again.",
        ),
      );
    }
    const proof = sign(token, 'answer', nonce);
    const parsed = requestSchema.safeParse(message);
    if (!parsed.success) {
      return finish(
        proof,
        error('invalid', `Keyhold cannot read the request (${protocolProblem(parsed.error)}).`),
      );
    }
    let peer: Peer;
    try {
      peer = identified.complete(parsed.data.claim);
    } catch (refusal) {
      if (refusal instanceof PeerRefused) return finish(proof, error('denied', refusal.message));
      throw refusal;
    }
    const result = await options.handle(parsed.data, peer, {
      waiting: (timeoutMs) => send({ v: CLI_PROTOCOL_VERSION, proof, type: 'waiting', timeoutMs }),
      signal: hangup.signal,
    });
    finish(proof, result);
  }
}
