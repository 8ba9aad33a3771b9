// What every provider error message needs to name: who was called, where, and what must
// never be echoed back.
import { type Provider } from '../../../shared/domain';
import { PROVIDER_INFO } from '../../../shared/providers';

export interface CallContext {
  provider: Provider;
  /** The URL that was called, without query, fragment or credentials. */
  url: string;
  timeoutMs: number;
  /** Values that must never appear in a message (the connection's token). */
  hide: readonly string[];
  connectionLabel?: string;
}

/** "for connection “Weir prod”", or "for this connection" when unnamed. */
export function connectionPhrase(ctx: CallContext): string {
  return ctx.connectionLabel ? `for connection “${ctx.connectionLabel}”` : 'for this connection';
}

export function providerLabel(ctx: Pick<CallContext, 'provider'>): string {
  return PROVIDER_INFO[ctx.provider].label;
}

/** scheme://host[:port] of the called URL, for "could not reach …" messages. */
export function originOf(ctx: CallContext): string {
  try {
    return new URL(ctx.url).origin;
  } catch {
    return ctx.url;
  }
}

/** A URL safe to show: no user info, no query, no fragment. */
export function displayUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return raw.split(/[?#]/)[0] ?? '';
  }
}

/** The sentences every ambiguous failure ends with (the unknown-outcome banner gives the same advice). */
export function mayExistSentence(ctx: Pick<CallContext, 'provider'>): string {
  const name = providerLabel(ctx);
  return (
    `The client may have been created at ${name} without Keyhold receiving its secret. ` +
    `Check the ${name} console: if the client is there, rotate its secret there and import it; if not, create it again.`
  );
}

export function formatDuration(seconds: number): string {
  if (seconds <= 0) return 'a moment';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  if (seconds < 90) return unit(Math.ceil(seconds), 'second');
  if (seconds < 90 * 60) return unit(Math.ceil(seconds / 60), 'minute');
  if (seconds < 48 * 3600) return unit(Math.ceil(seconds / 3600), 'hour');
  return unit(Math.ceil(seconds / 86400), 'day');
}

/** ": <text>." — the provider's own words as the end of our sentence, or just ".". */
export function quoted(text: string | undefined): string {
  if (!text) return '.';
  return `: ${text}${/[.!?…]$/.test(text) ? '' : '.'}`;
}
