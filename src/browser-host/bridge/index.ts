// `window.keyhold` in a normal browser (npm run dev:browser): the preload's surface, one function
// per contract method (shared/channels.ts), each call carried over one WebSocket to the browser
// host as {"id", "method", "input"?} and answered as {"id", "result"} (../rpc-socket.ts). Built
// as one classic script, out/browser-bridge/bridge.js (vite.bridge.config.ts), which the host
// serves before the app's module script. Imports only src/shared, and of the contract only types.
import { METHODS, type Method } from '../../shared/channels';
import type { KeyholdApi } from '../../shared/contract';
import type { Result } from '../../shared/errors';

interface Answer {
  id: number;
  result: Result<unknown>;
}

const url = 'ws://' + location.host + location.pathname.replace(/[^/]*$/, '') + 'rpc';
const pending = new Map<number, (result: Result<unknown>) => void>();
/** Ids of the pending calls already written to the socket. */
const sent = new Set<number>();
let socket: WebSocket | null = null;
let nextId = 1;

// A call already sent may have been done by the core: its outcome is unknown (a create says so).
const unreachable = (why: string, wasSent: boolean): Result<never> => ({
  ok: false,
  error: { code: 'unreachable', outcomeUnknown: wasSent, message: `Keyhold is not reachable: ${why}` },
});

/**
 * The open socket, or a new one. Opened at load so the first call does not wait for the
 * handshake; reopened by the next call after a close (the calls that were waiting get an error,
 * never silence).
 */
function connect(): WebSocket {
  if (socket && socket.readyState <= WebSocket.OPEN) return socket;
  const ws = new WebSocket(url);
  ws.onmessage = (event: MessageEvent<string>) => {
    let answer: Answer | null;
    try {
      answer = JSON.parse(event.data) as Answer | null;
    } catch {
      return;
    }
    const resolve = answer && pending.get(answer.id);
    if (!answer || !resolve) return;
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
}

function call(method: Method) {
  return (input?: unknown) =>
    new Promise<Result<unknown>>((resolve) => {
      let message: string;
      try {
        message = JSON.stringify(
          input === undefined ? { id: nextId, method } : { id: nextId, method, input },
        );
      } catch (error) {
        return resolve(unreachable(error instanceof Error ? error.message : String(error), false));
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
}

connect();
const api = Object.fromEntries(METHODS.map((method) => [method, call(method)])) as KeyholdApi;
Object.defineProperty(window, 'keyhold', { value: Object.freeze(api), writable: false });
