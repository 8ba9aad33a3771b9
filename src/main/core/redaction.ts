// What keeps a secret out of what Keyhold writes and shows, with one marker in its place. Two
// uses, two strengths: the log (Redactor) drops fields named like a secret and every secret
// value the vault has sealed or opened in this process; a provider's error text, which may echo
// what it was sent and ends up in the UI and the journal (redact), also loses any 8-character
// fragment of a known secret, bearer values and long opaque runs that look like keys.

export const REDACTED = '[redacted]';

const SECRET_FIELD = /token|secret|password|passwd|authorization|api[_-]?key|credential|private/i;
const MAX_REMEMBERED = 512;
/** Shorter values would redact ordinary words; real secrets are long. */
const MIN_REMEMBERED = 6;
const MIN_HIDDEN = 4;
const FRAGMENT = 8;

/** `text` with every occurrence of each of `values` replaced by the marker. */
function withoutValues(text: string, values: Iterable<string>): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
  return out;
}

/** The log's redactor: by field name, and by every secret value it was told of. */
export class Redactor {
  private readonly values = new Set<string>();

  /** Remember a secret value so it is scrubbed wherever it appears. */
  add(value: string): void {
    if (value.length < MIN_REMEMBERED) return;
    // Bounded: the most recent secrets, not every one this process ever handled.
    this.values.delete(value);
    this.values.add(value);
    if (this.values.size > MAX_REMEMBERED) this.values.delete(this.values.values().next().value!);
  }

  forget(): void {
    this.values.clear();
  }

  text(input: string): string {
    return withoutValues(input, this.values);
  }

  fields(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return this.text(input);
    if (depth > 6 || input === null || typeof input !== 'object') return input;
    if (input instanceof Error) return { name: input.name, message: this.text(input.message) };
    if (Array.isArray(input)) return input.map((item) => this.fields(item, depth + 1));
    return Object.fromEntries(
      Object.entries(input).map(([key, value]) => [
        key,
        SECRET_FIELD.test(key) ? REDACTED : this.fields(value, depth + 1),
      ]),
    );
  }
}

/**
 * Removes anything that could be a credential: the known secrets and any 8+ character
 * fragment of them, bearer values, and long opaque runs that look like keys.
 */
export function redact(text: string, hide: readonly string[]): string {
  let out = withoutValues(
    text,
    hide.filter((secret) => secret.length >= MIN_HIDDEN),
  );
  out = out.replace(/\b(Bearer|Basic|Token)\s+\S+/gi, `$1 ${REDACTED}`);
  out = out.replace(/[^\s"'`,;()<>{}[\]]{8,}/g, (word) => (sharesFragment(word, hide) ? REDACTED : word));
  return out.replace(/[A-Za-z0-9_\-+/=.]{32,}/g, REDACTED);
}

/** True when any 8-character window of `word` appears inside one of the secrets. */
function sharesFragment(word: string, hide: readonly string[]): boolean {
  for (let i = 0; i + FRAGMENT <= word.length; i++) {
    const window = word.slice(i, i + FRAGMENT);
    if (hide.some((secret) => secret.length >= FRAGMENT && secret.includes(window))) return true;
  }
  return false;
}
