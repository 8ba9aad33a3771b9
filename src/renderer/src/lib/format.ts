// Display formatting. (date-fns is not installed; Intl covers what the list needs.)
import type { Environment } from '../../../shared/domain';

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  production: 'Production',
  staging: 'Staging',
  development: 'Development',
};

/** A wait as the user reads it: "2 minutes", "1 minute 15 seconds", "45 seconds". */
export function formatWait(seconds: number): string {
  const total = Math.max(1, Math.ceil(seconds));
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  if (minutes === 0) return unit(rest, 'second');
  return rest ? `${unit(minutes, 'minute')} ${unit(rest, 'second')}` : unit(minutes, 'minute');
}

/** A name inside a sentence: "Admin API key" → "admin API key" (acronyms stay). */
export const inSentence = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const numbers = new Intl.NumberFormat('en');

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 months ago"; the input unchanged if not a date. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (abs >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

/** Exact UTC timestamp for titles and the detail panel. */
export function exactTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString();
}

export function formatCount(n: number): string {
  return numbers.format(n);
}

/** "1 client", "2,000 clients": a count and its noun (plural with an s). */
export const countOf = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** What a copy button says afterwards, from the clearsAt the core returned. */
export function copiedMessage(clearsAt: string | null, now: number = Date.now()): string {
  if (!clearsAt) return 'Copied';
  const at = Date.parse(clearsAt);
  if (Number.isNaN(at)) return 'Copied';
  // Rounded up, like a countdown: the copy's own round trip must not turn "30 s" into "29 s".
  const seconds = Math.max(1, Math.ceil((at - now) / 1000));
  return `Copied — clipboard clears in ${seconds} s`;
}

/** "••••abcd" for a token hint. */
export function maskedHint(hint: string): string {
  return `••••${hint}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The prefilled name of a new client, e.g. "Client 4 · Production · Nov 23 15:04": the list cuts
 * long names at their end, so what tells two apart (a number: the environment's clients + 1)
 * comes first; the environment and the time still say what it is in the provider's console.
 */
export function defaultClientName(environmentLabel: string, number: number, now: Date = new Date()): string {
  const when = `${MONTHS[now.getMonth()]} ${now.getDate()} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
  return `Client ${number} · ${environmentLabel} · ${when}`;
}
