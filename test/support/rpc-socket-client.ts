// A client for the browser host's call socket that sends whatever it is told: well-formed calls,
// raw text or bytes. Answers are read as they come, so a test can await "the next answer" or
// "the close" and see exactly what the host sent.
import WebSocket from 'ws';

export interface Answer {
  id: number | null;
  result: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

export interface RpcSocket {
  /** Sends {"id", "method", "input"} and resolves with the answer carrying that id. */
  call(method: string, input?: unknown): Promise<Answer>;
  /** Sends a raw frame (text unless `binary`) and resolves with the next answer. */
  sendRaw(data: string | Buffer, binary?: boolean): Promise<Answer>;
  /** The close code, once the host hangs up. */
  closed: Promise<number>;
  close(): void;
}

export async function openRpcSocket(url: string, origin: string): Promise<RpcSocket> {
  const ws = new WebSocket(url, { origin, perMessageDeflate: false });
  const waiting = new Map<number | null, (answer: Answer) => void>();
  const unclaimed: Answer[] = [];
  let nextId = 1;
  ws.on('message', (data) => {
    const answer = JSON.parse(String(data)) as Answer;
    const resolve = waiting.get(answer.id) ?? waiting.get(null);
    if (!resolve) return void unclaimed.push(answer);
    waiting.delete(waiting.has(answer.id) ? answer.id : null);
    resolve(answer);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = (id: number | null) =>
    new Promise<Answer>((resolve) => {
      const ready = unclaimed.findIndex((a) => id === null || a.id === id);
      if (ready >= 0) resolve(unclaimed.splice(ready, 1)[0]!);
      else waiting.set(id, resolve);
    });
  return {
    call(method, input) {
      const id = nextId++;
      const answer = next(id);
      ws.send(JSON.stringify(input === undefined ? { id, method } : { id, method, input }));
      return answer;
    },
    sendRaw(data, binary = false) {
      const answer = next(null);
      ws.send(data, { binary });
      return answer;
    },
    closed,
    close: () => ws.close(),
  };
}

/** The headers of a browser's WebSocket handshake, for refusals checked with a plain request. */
export function upgradeHeaders(origin: string | null): Record<string, string> {
  return {
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...(origin === null ? {} : { origin }),
  };
}
