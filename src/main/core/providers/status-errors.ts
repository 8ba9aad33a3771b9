// Maps a non-2xx answer to a KeyholdError. The provider answered, so the outcome is known —
// except for gateway errors, where an upstream may have processed the create.
import { PROVIDER_INFO } from '../../../shared/providers';
import { KeyholdError } from '../../../shared/errors';
import {
  connectionPhrase,
  displayUrl,
  mayExistSentence,
  originOf,
  providerLabel,
  quoted,
  type CallContext,
} from './call-context';
import { redact } from '../redaction';
import { readProviderError } from './error-body';

const SETTINGS = 'Settings → Connections';

export function statusError(
  status: number,
  headers: Headers,
  bodyText: string,
  ctx: CallContext,
  now: number = Date.now(),
): KeyholdError {
  const name = providerLabel(ctx);
  const info = readProviderError(bodyText, ctx.hide);
  const says = quoted(info.message);

  if (status >= 300 && status < 400) {
    const target = redirectTarget(headers.get('location'), ctx);
    return fail({
      code: 'provider_rejected',
      message:
        `${name} redirected the request (HTTP ${status})${target}. Keyhold does not follow redirects ` +
        `when creating clients; correct the base URL in ${SETTINGS}. Nothing was created.`,
    });
  }
  if (status === 400 || status === 422) {
    const where = info.field ? `, field “${info.field}”` : '';
    return fail({
      code: 'validation',
      ...(info.field ? { field: info.field } : {}),
      message: `${name} rejected the request (HTTP ${status}${where})${says} Correct it and try again.`,
    });
  }
  if (status === 401 || status === 403) {
    const why = status === 403 ? ' It may also lack permission to create clients.' : '';
    return fail({
      code: 'auth',
      message: `The ${name} token ${connectionPhrase(ctx)} was refused (HTTP ${status}).${why} Update the token in ${SETTINGS}.`,
    });
  }
  if (status === 404) {
    const known = PROVIDER_INFO[ctx.provider].baseUrlPresets.map((preset) => preset.url).join(' or ');
    return fail({
      code: 'not_found',
      message:
        `${name} answered 404 Not Found for POST ${displayUrl(ctx.url)}. The base URL of this connection ` +
        `is probably wrong (the usual one is ${known}); check it in ${SETTINGS}.`,
    });
  }
  if (status === 409) {
    return fail({ code: 'conflict', message: `${name} reports a conflict (HTTP 409)${says}` });
  }
  if (status === 429) {
    // The wait, when the provider gives one, is in retryAfterSeconds only: the window counts it down.
    const retryAfterSeconds = parseRetryAfter(headers.get('retry-after'), now);
    const when = retryAfterSeconds === undefined ? ' Wait a minute and try again.' : '';
    return fail({
      code: 'rate_limited',
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      message: `${name} is limiting requests from this connection (HTTP 429). Nothing was created.${when}`,
    });
  }
  if (status >= 500) {
    // 502/504 come from a gateway that may have passed the create on before giving up.
    const gateway = status === 502 || status === 504;
    return new KeyholdError({
      code: 'server',
      outcomeUnknown: gateway,
      message: gateway
        ? `${name} (${originOf(ctx)}) answered HTTP ${status} from a gateway${says} ${mayExistSentence(ctx)}`
        : `${name} (${originOf(ctx)}) had a server error (HTTP ${status})${says} Try again in a few minutes.`,
    });
  }
  return fail({
    code: 'provider_rejected',
    message: `${name} refused the request (HTTP ${status})${says}`,
  });
}

function redirectTarget(location: string | null, ctx: CallContext): string {
  if (!location) return '';
  try {
    return ` to ${redact(displayUrl(new URL(location, ctx.url).toString()), ctx.hide)}`;
  } catch {
    return '';
  }
}

/** Errors where the provider clearly did not create anything. */
function fail(data: Omit<ConstructorParameters<typeof KeyholdError>[0], 'outcomeUnknown'>): KeyholdError {
  return new KeyholdError({ ...data, outcomeUnknown: false });
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // Date.parse is lenient ("-5" is a year): insist on an IMF-fixdate-like string with a month name.
  const at = /[A-Za-z]{3}/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
