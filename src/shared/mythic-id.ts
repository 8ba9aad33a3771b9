// Mythic ids are chosen by the caller (MYTHIC_ID_PATTERN) and must be unique at Mythic, so
// Keyhold proposes one: the name as lower-case words and a short random suffix that makes
// collisions rare. The create form derives one as the name is typed (one suffix per dialog);
// the core's 409 answer suggests one close to the id that was taken. No Node: used by both.
import { MYTHIC_ID_PATTERN } from './domain';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Long enough to read, short enough to leave room for the suffix in any UI. */
const MAX_BASE = 40;
const MAX_ID = 255;
/** A derived id is checked by no one before it is sent: six characters, 2 billion values. */
const FORM_SUFFIX = 6;
/** A suggestion keeps the taken id whole and adds little to it. */
const SUGGESTION_SUFFIX = 4;
const MAX_GIVEN_SUFFIX = 16;
const ATTEMPTS = 50;

/** e.g. "Acme Retail" → "acme-retail-x7k2q9"; `suffix` (cleaned) instead of a random one if given. */
export function deriveMythicId(name: string, suffix: string = randomSuffix()): string {
  const given = suffix.replace(/[^a-zA-Z0-9_-]/g, '').slice(0, MAX_GIVEN_SUFFIX);
  return join(slugify(name) || 'client', given || randomSuffix());
}

/** A fresh id close to one the provider reported as taken, e.g. "acme-retail-3f9q". */
export function suggestMythicId(takenId: string, taken: (id: string) => boolean = () => false): string {
  const base = MYTHIC_ID_PATTERN.test(takenId) ? takenId : slugify(takenId) || 'client';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const id = join(base, randomSuffix(SUGGESTION_SUFFIX));
    if (id !== takenId && !taken(id)) return id;
  }
  // A crowded namespace (or a `taken` that says yes to everything): widen the suffix.
  return join(base, randomSuffix(12));
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

/** Random lower-case letters and digits, each equally likely. */
export function randomSuffix(length: number = FORM_SUFFIX): string {
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
