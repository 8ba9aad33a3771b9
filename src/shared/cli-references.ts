// `keyhold://ENVIRONMENT/CLIENT/FIELD` references: their syntax, shared by the `keyhold` CLI (which
// refuses a malformed one before it connects) and the core (which resolves them). No zod and no
// other import: this file is part of the CLI's start-up path.

export const REFERENCE_SCHEME = 'keyhold://';

export interface Reference {
  environment: string;
  /** A client's name, Keyhold id, provider id or public id. */
  client: string;
  /** Null for a client reference (`keyhold env keyhold://ENVIRONMENT/CLIENT`). */
  field: string | null;
}

export type Parsed = { ok: true; reference: Reference } | { ok: false; message: string };

/**
 * Reads a reference; `kind` says whether it names a field (`read`, `run`, `inject`) or a whole
 * client (`env`). Each part is percent-decoded, so a name may hold a slash or a space (%2F, %20).
 */
export function parseReference(text: string, kind: 'field' | 'client' = 'field'): Parsed {
  const shape = kind === 'field' ? 'keyhold://ENVIRONMENT/CLIENT/FIELD' : 'keyhold://ENVIRONMENT/CLIENT';
  const fail = (why: string): Parsed => ({ ok: false, message: `"${clip(text)}": ${why} (${shape})` });
  if (!text.startsWith(REFERENCE_SCHEME)) return fail(`a reference starts with ${REFERENCE_SCHEME}`);
  const parts = text.slice(REFERENCE_SCHEME.length).split('/');
  const expected = kind === 'field' ? 3 : 2;
  if (parts.length !== expected) {
    return fail(`a reference has ${expected} parts after ${REFERENCE_SCHEME}, this has ${parts.length}`);
  }
  const decoded: string[] = [];
  for (const part of parts) {
    let value: string;
    try {
      value = decodeURIComponent(part);
    } catch {
      return fail(`"${clip(part)}" is not valid percent-encoding`);
    }
    if (value.trim() === '') return fail('no part may be empty');
    decoded.push(value);
  }
  const [environment, client, field] = decoded as [string, string, string | undefined];
  return { ok: true, reference: { environment, client, field: field ?? null } };
}

/** The reference for a client (and field): the inverse of parseReference. */
export function formatReference(environment: string, client: string, field?: string | null): string {
  const parts = [environment, client, ...(field ? [field] : [])];
  return REFERENCE_SCHEME + parts.map(encodeURIComponent).join('/');
}

/** `{{ keyhold://… }}` in an `inject` template (spaces inside the braces are optional). */
export const TEMPLATE_REFERENCE = /\{\{\s*(keyhold:\/\/[^\s{}]*)\s*\}\}/g;

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);
