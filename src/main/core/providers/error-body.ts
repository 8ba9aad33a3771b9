// Turns a provider's error body into a short, safe message and (when named) the offending
// field. Providers answer in many shapes and sometimes echo what they were sent, so every
// string that leaves here is redacted (redaction.ts) and truncated: it ends up in the UI and the
// journal.
import { redact } from '../redaction';

export interface ProviderErrorInfo {
  message?: string;
  field?: string;
}

const MAX_MESSAGE = 200;
const MAX_FIELD = 64;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]+/g;

/** Best effort; never throws. `hide` lists values that must never be echoed (the token). */
export function readProviderError(text: string, hide: readonly string[]): ProviderErrorInfo {
  const trimmed = text.trim();
  if (!trimmed) return {};
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return { message: plainTextMessage(trimmed, hide) };
  }
  let raw: ReturnType<typeof fromJson>;
  try {
    raw = fromJson(json);
  } catch {
    return {}; // nested too deeply to walk: no message to offer
  }
  return {
    message: raw.message === undefined ? undefined : cleanMessage(raw.message, hide),
    field: raw.field === undefined ? undefined : cleanField(raw.field, hide),
  };
}

type Raw = { message?: string; field?: string };

function fromJson(json: unknown): Raw {
  if (typeof json === 'string') return { message: json };
  if (!isObject(json)) return {};
  const top: Raw = { message: str(json.message) ?? str(json.error_description), field: fieldOf(json) };

  // {error: "text"} | {error: {message, field, details|errors: [...]}}
  const error = json.error;
  if (typeof error === 'string') top.message ??= error;
  if (isObject(error)) {
    const nested = fromJson(error);
    const inner = firstItem(error.details) ?? firstItem(error.errors);
    return merge(inner, merge(nested, top));
  }
  // {errors: [{field|path|param|loc, message|msg}]} | {errors: {field: ["msg"]}}
  const item = firstItem(json.errors) ?? firstItem(json.detail) ?? keyedErrors(json.errors);
  if (typeof json.detail === 'string') top.message ??= json.detail;
  return merge(item, top);
}

/** Earlier wins: the most specific source first. */
function merge(a: Raw | undefined, b: Raw): Raw {
  return { message: a?.message ?? b.message, field: a?.field ?? b.field };
}

function firstItem(list: unknown): Raw | undefined {
  if (!Array.isArray(list)) return undefined;
  const items = list.filter(isObject);
  const withField = items.find((item) => fieldOf(item) !== undefined) ?? items[0];
  if (!withField) return typeof list[0] === 'string' ? { message: list[0] } : undefined;
  return { message: str(withField.message) ?? str(withField.msg), field: fieldOf(withField) };
}

/** Rails / Laravel style: {errors: {email: ["is invalid"]}}. */
function keyedErrors(errors: unknown): Raw | undefined {
  if (!isObject(errors)) return undefined;
  const [key, value] = Object.entries(errors)[0] ?? [];
  if (key === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  const text = str(first);
  return { field: key, message: text === undefined ? undefined : `${key} ${text}` };
}

function fieldOf(obj: Record<string, unknown>): string | undefined {
  for (const key of ['field', 'param', 'path', 'loc', 'property', 'attribute']) {
    const value = obj[key];
    if (typeof value === 'string' && value) return value;
    if (Array.isArray(value) && value.length > 0) {
      // FastAPI: ["body", "email"]; JSON-schema style paths: ["data", 0, "name"].
      const parts = value.map(String).filter((part) => part !== 'body');
      if (parts.length > 0) return parts.join('.');
    }
  }
  return undefined;
}

function plainTextMessage(text: string, hide: readonly string[]): string | undefined {
  // An HTML error page says nothing useful beyond its title.
  if (text.startsWith('<')) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
    return title ? cleanMessage(title, hide) : undefined;
  }
  return cleanMessage(text.split('\n')[0] ?? '', hide);
}

function cleanField(field: string, hide: readonly string[]): string | undefined {
  const value = field.trim().replace(/^\$\.?/, '');
  if (!/^[A-Za-z0-9_.\-[\]]+$/.test(value) || value.length > MAX_FIELD) return undefined;
  return redact(value, hide) === value ? value : undefined;
}

/** One line, no control characters, secrets removed, at most ~200 characters. */
export function cleanMessage(text: string, hide: readonly string[]): string | undefined {
  // Redact a bounded prefix only: bodies can be large and the message is short anyway.
  const oneLine = text
    .slice(0, MAX_MESSAGE * 5)
    .replace(CONTROL_CHARS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!oneLine) return undefined;
  const safe = redact(oneLine, hide);
  return safe.length > MAX_MESSAGE ? `${safe.slice(0, MAX_MESSAGE - 1).trimEnd()}…` : safe;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}
