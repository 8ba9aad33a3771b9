// Client names and Mythic ids derived from them.
import { MYTHIC_ID_PATTERN } from '../../../shared/domain';

const SLUG_MAX = 48;
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Lower-case ASCII words joined by hyphens: "Acme Retail (EU)" -> "acme-retail-eu". */
export function slugify(name: string, max = SLUG_MAX): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

export function randomSuffix(length = 6): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length];
  return out;
}

/** A Mythic id for `name`: its slug plus a short random suffix; always matches MYTHIC_ID_PATTERN. */
export function deriveMythicId(name: string, suffix: string = randomSuffix()): string {
  const safeSuffix = suffix.replace(/[^a-zA-Z0-9_-]/g, '').slice(0, 16) || randomSuffix();
  const id = `${slugify(name) || 'client'}-${safeSuffix}`;
  return MYTHIC_ID_PATTERN.test(id) ? id : `client-${randomSuffix()}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The prefilled name of a new client, e.g. "Production client 2025-11-23 15:04". */
export function defaultClientName(environmentLabel: string, now: Date = new Date()): string {
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `${environmentLabel} client ${date} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}
