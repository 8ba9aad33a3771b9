// Maps a thrown fetch error (no HTTP status) to a KeyholdError. What matters most is whether
// the request may have reached the provider: a create that may have happened is reported as
// `outcomeUnknown`, never retried.
//
// Node's fetch (undici) throws TypeError('fetch failed') with the system / undici code on
// `cause` (sometimes nested, or inside an AggregateError). Electron's net.fetch throws with
// a Chromium code in the message ("net::ERR_CONNECTION_REFUSED"). Both are understood.
import { KeyholdError } from '../../../shared/errors';
import { formatDuration, mayExistSentence, originOf, providerLabel, type CallContext } from './call-context';

export type Phase =
  /** fetch() itself rejected: the request may or may not have been written. */
  | 'request'
  /** Headers of a 2xx arrived, then reading the body failed: the create happened. */
  | 'response-body';

export interface AbortSignals {
  timeout: AbortSignal;
  caller?: AbortSignal;
}

/** Connection never established: nothing reached the provider. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
  'BAD_PORT',
  // Chromium (Electron net.fetch)
  'ERR_CONNECTION_REFUSED',
  'ERR_CONNECTION_TIMED_OUT',
  'ERR_NAME_NOT_RESOLVED',
  'ERR_NAME_RESOLUTION_FAILED',
  'ERR_INTERNET_DISCONNECTED',
  'ERR_ADDRESS_UNREACHABLE',
  'ERR_ADDRESS_INVALID',
  'ERR_PROXY_CONNECTION_FAILED',
  'ERR_TUNNEL_CONNECTION_FAILED',
  'ERR_UNSAFE_PORT',
]);

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

function isTlsCode(code: string): boolean {
  return (
    TLS_CODES.has(code) ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_CERT_') ||
    code === 'ERR_BAD_SSL_CLIENT_AUTH_CERT'
  );
}

/** Chromium codes meaning "no answer in time" once connected. */
const TIMED_OUT = new Set(['ERR_TIMED_OUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export function transportError(
  err: unknown,
  ctx: CallContext,
  phase: Phase,
  signals: AbortSignals,
): KeyholdError {
  const name = providerLabel(ctx);
  const where = `${name} at ${originOf(ctx)}`;
  const codes = errorCodes(err);

  if (signals.caller?.aborted) {
    return new KeyholdError({
      code: 'network',
      outcomeUnknown: true,
      message: `The request to ${where} was cancelled before it was answered. ${mayExistSentence(ctx)}`,
    });
  }
  if (signals.timeout.aborted || codes.some((code) => TIMED_OUT.has(code))) {
    return timeoutError(ctx);
  }
  const tls = codes.find(isTlsCode);
  if (tls && phase === 'request') {
    return new KeyholdError({
      code: 'tls',
      outcomeUnknown: false,
      message:
        `Could not open a secure connection to ${where}: ${tlsReason(tls)}. Nothing was sent. ` +
        `Check the base URL; if your network inspects TLS traffic, its certificate must be trusted.`,
    });
  }
  const notSent = codes.find((code) => NOT_SENT.has(code));
  if (notSent && phase === 'request') {
    return new KeyholdError({
      code: 'network',
      outcomeUnknown: false,
      message: `Could not reach ${where}: ${networkReason(notSent)}. Nothing was sent. ${networkAdvice(notSent)}`,
    });
  }
  // Reset, closed socket or anything unrecognised: the request may have been processed. The
  // system's code (UND_ERR_SOCKET, ECONNRESET…) says nothing more to the user: it stays out.
  const when = phase === 'request' ? 'after the request was sent' : 'while reading its answer';
  return new KeyholdError({
    code: 'network',
    outcomeUnknown: true,
    message: `The connection to ${where} was lost ${when}. ${mayExistSentence(ctx)}`,
  });
}

export function timeoutError(ctx: CallContext): KeyholdError {
  const name = providerLabel(ctx);
  return new KeyholdError({
    code: 'timeout',
    outcomeUnknown: true,
    message: `${name} at ${originOf(ctx)} did not answer within ${formatDuration(ctx.timeoutMs / 1000)}. ${mayExistSentence(ctx)}`,
  });
}

/**
 * Every code along the cause chain, outermost first: `err.code`, `err.cause.code`, codes of
 * AggregateError members, Chromium "net::ERR_…" names, and fetch's "bad port".
 */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const record = value as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof record.code === 'string') codes.push(record.code);
    if (typeof record.message === 'string') {
      const chromium = /net::(ERR_[A-Z0-9_]+)/.exec(record.message)?.[1];
      if (chromium) codes.push(chromium);
      if (record.message === 'bad port') codes.push('BAD_PORT');
    }
    visit(record.cause, depth + 1);
    if (Array.isArray(record.errors)) for (const inner of record.errors) visit(inner, depth + 1);
  };
  visit(err, 0);
  return [...new Set(codes)];
}

function tlsReason(code: string): string {
  if (/SELF_SIGNED/.test(code)) return "the server's certificate is self-signed";
  if (/EXPIRED|NOT_YET_VALID|DATE_INVALID/.test(code))
    return "the server's certificate is outside its validity dates";
  if (/ALTNAME|HOSTNAME|COMMON_NAME/.test(code))
    return "the server's certificate is not valid for this host name";
  if (/ISSUER|VERIFY|UNTRUSTED|AUTHORITY_INVALID/.test(code))
    return "the server's certificate is not from a trusted authority";
  if (/REVOKED/.test(code)) return "the server's certificate has been revoked";
  return 'the TLS handshake failed';
}

function networkReason(code: string): string {
  if (/REFUSED/.test(code)) return 'the connection was refused';
  if (/NOTFOUND|EAI_|NAME_/.test(code)) return 'the host name could not be resolved';
  if (/TIMED_OUT|TIMEOUT/.test(code)) return 'the connection could not be opened in time';
  if (/PORT/.test(code)) return 'this port is blocked for web requests';
  if (/PROXY|TUNNEL/.test(code)) return 'the proxy could not be reached';
  if (/INVALID_URL|ADDRESS_INVALID/.test(code)) return 'the address is not valid';
  return 'the network or host is unreachable';
}

function networkAdvice(code: string): string {
  if (/REFUSED|PORT|INVALID/.test(code)) {
    return 'Check the base URL and port in Settings → Connections, and that the service is running.';
  }
  if (/NOTFOUND|EAI_|NAME_/.test(code)) {
    return 'Check the host name in the base URL and your internet connection.';
  }
  return 'Check your internet connection (and proxy or VPN), then try again.';
}
