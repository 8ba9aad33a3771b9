// Mythic ids are chosen by the caller (`^[a-zA-Z0-9_-]{1,255}$`) and must be unique, so
// Keyhold proposes one from the name, with a short random suffix that makes collisions rare.
import { MYTHIC_ID_PATTERN } from '../../../shared/domain';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Long enough to read, short enough to leave room for the suffix in any UI. */
const MAX_BASE = 40;
const MAX_ID = 255;
const SUFFIX = 4;
const ATTEMPTS = 50;

/** e.g. "Acme Retail" → "acme-retail-x7k2". Always matches MYTHIC_ID_PATTERN. */
export function deriveMythicId(name: string, taken: (id: string) => boolean = () => false): string {
  return withFreeSuffix(slugify(name) || 'client', taken);
}

/** A fresh id close to one the provider reported as taken, e.g. "acme-retail-3f9q". */
export function suggestMythicId(takenId: string, taken: (id: string) => boolean = () => false): string {
  const base = MYTHIC_ID_PATTERN.test(takenId) ? takenId : slugify(takenId) || 'client';
  return withFreeSuffix(base, (id) => id === takenId || taken(id));
}

function withFreeSuffix(base: string, taken: (id: string) => boolean): string {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const id = join(base, randomBase36(SUFFIX));
    if (!taken(id)) return id;
  }
  // A crowded namespace (or a `taken` that says yes to everything): widen the suffix.
  return join(base, randomBase36(12));
}

function join(base: string, suffix: string): string {
  return `${base.slice(0, MAX_ID - suffix.length - 1)}-${suffix}`;
}

/** Lowercase ASCII, accents dropped, runs of anything else collapsed to one hyphen. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  return slug.slice(0, MAX_BASE).replace(/[-_]+$/, '');
}

function randomBase36(length: number): string {
  let out = '';
  while (out.length < length) {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(length * 2));
    for (const byte of bytes) {
      // 252 = 7 × 36: rejecting the rest keeps every character equally likely.
      if (byte < 252 && out.length < length) out += ALPHABET[byte % 36];
    }
  }
  return out;
}
