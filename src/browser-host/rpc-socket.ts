import type { WebSocket } from 'ws';
import { METHODS } from '../shared/channels';
import type { KeyholdErrorData, Result } from '../shared/errors';
import type { Dispatch } from '../main/core';

// `window.keyhold` in a browser: one WebSocket per page, carrying calls as
// {"id", "method", "input"?} and answers as {"id", "result"}. One socket rather than a fetch per
// call because a keystroke in the search box waits on this round trip, and a WebSocket message
// is several times faster than a fetch on loopback (README → How it is built). Every call goes
// through the same dispatch (contract parsing included) that ipcMain uses.

/** Largest message accepted; a bigger one closes the socket (1009) before anything is parsed. */
export const MAX_MESSAGE_BYTES = 1 << 20;

interface Call {
  id: number;
  method: string;
  input?: unknown;
}

const CALL_KEYS = new Set(['id', 'method', 'input']);

/** The message's id when it is a usable one (a safe integer ≥ 0), else null. */
function idOf(value: unknown): number | null {
  const id = (value as { id?: unknown } | null)?.id;
  return Number.isSafeInteger(id) && (id as number) >= 0 ? (id as number) : null;
}

function isCall(value: unknown): value is Call {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return (
    Object.keys(value).every((key) => CALL_KEYS.has(key)) &&
    idOf(value) !== null &&
    typeof (value as { method?: unknown }).method === 'string'
  );
}

const refuse = (message: string): Result<never> => ({ ok: false, error: { code: 'validation', message } });

/** Answers every message on `socket` through `dispatch`; answers may come out of order. */
export function serveCalls(socket: WebSocket, dispatch: Dispatch): void {
  const reply = (id: number | null, result: Result<unknown>) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id, result }));
  };
  // A frame ws refuses (too big, not UTF-8, bad framing) ends the socket with its close code;
  // without a listener the 'error' would be thrown and take the whole host down.
  socket.on('error', () => {});
  socket.on('message', (data, isBinary) => {
    let message: unknown;
    try {
      message = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      return reply(null, refuse('The message is not valid JSON.'));
    }
    if (!isCall(message)) {
      return reply(idOf(message), refuse('A call is a JSON text {"id", "method", "input"?}.'));
    }
    dispatch(message.method, message.input).then(
      (result) => reply(message.id, result),
      () => {
        const error: KeyholdErrorData = { code: 'internal', message: 'Keyhold hit an unexpected error.' };
        reply(message.id, { ok: false, error });
      },
    );
  });
}

/** The page side, served as `bridge.js`: one function per contract method, like the preload. */
export function bridgeScript(): string {
  return `'use strict';
(() => {
  const url = 'ws://' + location.host + location.pathname.replace(/[^/]*$/, '') + 'rpc';
  const pending = new Map();
  /** Ids of the pending calls already written to the socket. */
  const sent = new Set();
  let socket = null;
  let nextId = 1;
  // A call already sent may have been done by the core: its outcome is unknown (a create says so).
  const unreachable = (why, sent) => ({
    ok: false,
    error: { code: 'unreachable', outcomeUnknown: sent, message: 'Keyhold is not reachable: ' + why },
  });
  // Opened at load so the first call does not wait for the handshake; reopened by the next call
  // after a close (the calls that were waiting get an error, never silence).
  const connect = () => {
    if (socket && socket.readyState <= WebSocket.OPEN) return socket;
    const ws = new WebSocket(url);
    ws.onmessage = (event) => {
      let answer;
      try { answer = JSON.parse(event.data); } catch { return; }
      const resolve = answer && pending.get(answer.id);
      if (!resolve) return;
      pending.delete(answer.id);
      resolve(answer.result);
    };
    ws.onclose = () => {
      for (const [id, resolve] of pending) resolve(unreachable('the connection closed.', sent.has(id)));
      pending.clear();
      sent.clear();
    };
    socket = ws;
    return ws;
  };
  const call = (method) => (input) => new Promise((resolve) => {
    let message;
    try {
      message = JSON.stringify(input === undefined ? { id: nextId, method } : { id: nextId, method, input });
    } catch (error) {
      return resolve(unreachable(error.message, false));
    }
    const id = nextId++;
    pending.set(id, resolve);
    const ws = connect();
    const send = () => {
      ws.send(message);
      sent.add(id);
    };
    if (ws.readyState === WebSocket.OPEN) send();
    else ws.addEventListener('open', send, { once: true });
  });
  connect();
  const api = {};
  for (const method of ${JSON.stringify(METHODS)}) api[method] = call(method);
  Object.defineProperty(window, 'keyhold', { value: Object.freeze(api), writable: false });
})();
`;
}
