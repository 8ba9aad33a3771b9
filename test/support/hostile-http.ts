// Requests a browser would never send: any path (unnormalised, with backslashes or odd
// percent-encoding), any Host header or none, any method, content type and body. Answers the
// status, headers and body, or the socket error when the server hangs up instead of answering.
import http from 'node:http';
import net from 'node:net';

export interface HostileRequest {
  port: number;
  /** Sent exactly as given (Node does not normalise it). */
  path: string;
  method?: string;
  /** The Host header; null sends none. Default 127.0.0.1:<port>. */
  host?: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Where to connect (default 127.0.0.1). */
  address?: string;
}

export interface HostileResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type HostileOutcome = HostileResponse | { error: string };

export const isResponse = (outcome: HostileOutcome): outcome is HostileResponse => 'status' in outcome;

export function hostileRequest(request: HostileRequest): Promise<HostileOutcome> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.host !== null) headers['host'] = request.host ?? `127.0.0.1:${request.port}`;
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: request.address ?? '127.0.0.1',
        port: request.port,
        path: request.path,
        method: request.method ?? 'GET',
        headers,
        setHost: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', (error) =>
          resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }),
        );
      },
    );
    // A handshake the server accepted (101): the status is the answer.
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    if (request.body !== undefined) req.end(request.body);
    else req.end();
  });
}

/** Bytes on a raw socket (for requests http.request refuses to build); the raw answer, if any. */
export function rawExchange(port: number, bytes: string, address = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port }, () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
    socket.on('error', () => resolve(Buffer.concat(chunks).toString()));
  });
}

/** Whether anything accepts a TCP connection at address:port. */
export function canConnect(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}
