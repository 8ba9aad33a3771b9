// The CLI's side of the socket: find the running Keyhold, check the folder its socket is in, send
// one request with the proof of its token, and read the answer (checking Keyhold's proof).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import * as os from 'node:os';
import { resolve } from 'node:path';
import {
  defaultEndpoint,
  dirProblem,
  endpointAt,
  endpointContext,
  type Endpoint,
} from '../shared/cli-endpoint';
import {
  CLI_PROTOCOL_VERSION,
  MAX_ANSWER_BYTES,
  answerSchema,
  proofText,
  protocolProblem,
  type Claim,
  type CliRequest,
  type CliResult,
  type ListedClient,
  type ReadCommand,
} from '../shared/cli-protocol';
import { CliFailure, EXIT, exitCodeOf } from './exit-codes';

/** A request without its envelope (version, nonce, proof, claim), which send() adds. */
type RequestBody = CliRequest extends infer R
  ? R extends CliRequest
    ? Omit<R, 'v' | 'nonce' | 'proof' | 'claim'>
    : never
  : never;

type Success = Extract<CliResult, { ok: true }>;

/** Waiting for the first line: Keyhold answers at once, or says a dialog is open. */
const FIRST_ANSWER_MS = 15_000;
/** Beyond Keyhold's own approval timeout, for a Keyhold that hangs. */
const GRACE_MS = 10_000;

export interface KeyholdClient {
  endpoint: Endpoint;
  /** One value per reference, in their order. */
  read(command: ReadCommand, refs: string[]): Promise<string[]>;
  list(filter: { environment?: string; provider?: string }): Promise<ListedClient[]>;
  /** The client as dotenv lines. */
  env(ref: string): Promise<string>;
}

/** The Keyhold to ask: --socket, else KEYHOLD_SOCKET (both given to parseInvocation), else the default. */
export function keyholdAt(socket: string | null, onWaiting: (timeoutMs: number) => void): KeyholdClient {
  const ctx = endpointContext(process, os);
  const endpoint = socket
    ? endpointAt(ctx.platform === 'win32' ? socket : resolve(socket), ctx)
    : defaultEndpoint(ctx, lstatSync);
  const unexpected = () =>
    new CliFailure(EXIT.unavailable, 'Keyhold answered something this keyhold did not ask for.');
  return {
    endpoint,
    async read(command, refs) {
      const answer = await send(endpoint, { op: 'read', command, refs }, onWaiting);
      if (!('values' in answer) || answer.values.length !== refs.length) throw unexpected();
      return answer.values;
    },
    async list(filter) {
      const answer = await send(endpoint, { op: 'list', ...filter }, onWaiting);
      if (!('clients' in answer)) throw unexpected();
      return answer.clients;
    },
    async env(ref) {
      const answer = await send(endpoint, { op: 'env', ref }, onWaiting);
      if (!('text' in answer)) throw unexpected();
      return answer.text;
    },
  };
}

const notRunning = (endpoint: Endpoint, why: string) =>
  new CliFailure(
    EXIT.unavailable,
    `Keyhold is not running (${why}). Start the Keyhold app, or point to a running one with --socket PATH or KEYHOLD_SOCKET (the browser host prints its path at start).`,
  );

async function send(
  endpoint: Endpoint,
  body: RequestBody,
  onWaiting: (ms: number) => void,
): Promise<Success> {
  const token = readToken(endpoint);
  const nonce = randomBytes(16).toString('base64url');
  const sign = (side: 'request' | 'answer') =>
    createHmac('sha256', token).update(proofText(side, nonce)).digest('base64url');
  const request = { v: CLI_PROTOCOL_VERSION, nonce, proof: sign('request'), claim: claim(), ...body };
  const expectedProof = Buffer.from(sign('answer'));
  const result = await exchange(
    endpoint,
    `${JSON.stringify(request)}\n`,
    (proof) => {
      const given = Buffer.from(proof);
      return given.length === expectedProof.length && timingSafeEqual(given, expectedProof);
    },
    onWaiting,
  );
  if (result.ok) return result;
  throw new CliFailure(exitCodeOf(result.error.code), result.error.message, result.error.candidates ?? []);
}

/** The token Keyhold wrote when it started listening; on Unix only through a folder that is ours alone. */
function readToken(endpoint: Endpoint): string {
  if (process.platform !== 'win32') {
    const problem = dirProblem(endpoint.dir, lstatSync, process.getuid!());
    if (problem?.endsWith('does not exist'))
      throw notRunning(endpoint, `nothing listens at ${endpoint.socket}`);
    if (problem) {
      throw new CliFailure(
        EXIT.unavailable,
        `Refusing to talk to the socket in ${endpoint.dir}: ${problem}.`,
      );
    }
  }
  try {
    return readFileSync(endpoint.tokenFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw notRunning(endpoint, `nothing listens at ${endpoint.socket}`);
    throw new CliFailure(
      EXIT.unavailable,
      `Cannot read Keyhold's token file ${endpoint.tokenFile} (${code}).`,
    );
  }
}

function exchange(
  endpoint: Endpoint,
  line: string,
  provesKeyhold: (proof: string) => boolean,
  onWaiting: (ms: number) => void,
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const socket = createConnection(endpoint.socket);
    let buffered = '';
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const wait = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          fail(new CliFailure(EXIT.unavailable, `Keyhold did not answer within ${Math.round(ms / 1000)} s.`)),
        ms,
      );
    };
    const fail = (failure: CliFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(failure);
    };
    const done = (result: CliResult) => {
      settled = true;
      clearTimeout(timer);
      socket.end();
      resolvePromise(result);
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      wait(FIRST_ANSWER_MS);
      socket.write(line);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
        return fail(notRunning(endpoint, `nothing listens at ${endpoint.socket}`));
      }
      if (error.code === 'EACCES' || error.code === 'EPERM') {
        return fail(
          new CliFailure(EXIT.unavailable, `${endpoint.socket} is not open to this user (${error.code}).`),
        );
      }
      fail(
        new CliFailure(EXIT.unavailable, `Cannot talk to Keyhold at ${endpoint.socket}: ${error.message}`),
      );
    });
    socket.on('close', () => fail(new CliFailure(EXIT.unavailable, 'Keyhold hung up without answering.')));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      if (buffered.length > MAX_ANSWER_BYTES)
        return fail(new CliFailure(EXIT.unavailable, 'Keyhold’s answer is too large.'));
      for (let newline = buffered.indexOf('\n'); newline >= 0 && !settled; newline = buffered.indexOf('\n')) {
        const message = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        let parsed: ReturnType<typeof answerSchema.safeParse>;
        try {
          parsed = answerSchema.safeParse(JSON.parse(message));
        } catch {
          return fail(
            new CliFailure(EXIT.unavailable, 'The program at the socket does not speak Keyhold’s protocol.'),
          );
        }
        if (!parsed.success) {
          return fail(
            new CliFailure(
              EXIT.unavailable,
              `Keyhold’s answer is not what this keyhold expects (${protocolProblem(parsed.error)}): is it another version?`,
            ),
          );
        }
        const answer = parsed.data;
        // A refusal before Keyhold could check the request (a bad proof, another version) is unsigned.
        const unsigned = answer.type === 'done' && !answer.result.ok && answer.proof === '';
        if (!unsigned && !provesKeyhold(answer.proof)) {
          return fail(
            new CliFailure(
              EXIT.unavailable,
              `The program answering at ${endpoint.socket} is not the Keyhold that wrote ${endpoint.tokenFile}.`,
            ),
          );
        }
        if (answer.type === 'waiting') {
          onWaiting(answer.timeoutMs);
          wait(answer.timeoutMs + GRACE_MS);
        } else {
          done(answer.result);
        }
      }
    });
  });
}

const bounded = (text: string) => text.slice(0, 4096);

/** What this process says about itself; where the OS can tell, Keyhold believes the OS instead. */
function claim(): Claim {
  const terminal =
    process.platform === 'win32'
      ? process.env.WT_SESSION
        ? `Windows Terminal tab ${process.env.WT_SESSION}`
        : `console of pid ${process.ppid}`
      : process.stdin.isTTY || process.stderr.isTTY
        ? `terminal of pid ${process.ppid}`
        : null;
  return {
    pid: process.pid,
    ppid: process.ppid,
    exe: bounded(process.execPath),
    cwd: bounded(process.cwd()),
    argv: process.argv.slice(0, 64).map(bounded),
    terminal: terminal && terminal.slice(0, 256),
  };
}
