import type { ClientDetail, FieldDescriptor } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import { BIDI_CONTROLS } from '../../../shared/text';

export interface ExportSecret {
  descriptor: FieldDescriptor;
  value: string;
}

// What some .env reader ends a line at: C0 and C1 controls (\n, \r, \v, \f, FS, GS, RS, NEL:
// Python's splitlines) and U+2028 / U+2029 (JavaScript's m-flag regexes, as in Node's dotenv).
// Bidi controls are not line ends but make an editor show a line as something else.
const LINE_BREAKING = new RegExp(`[\\p{Cc}\\p{Zl}\\p{Zp}]|${BIDI_CONTROLS.source}`, 'u');
const EVERY_LINE_BREAKING = new RegExp(LINE_BREAKING.source, 'gu');

/** `PREFIX_NAME=value` lines, e.g. WEIR_CLIENT_ID / WEIR_SECRET_KEY. */
export function toDotenv(client: ClientDetail, envPrefix: string, secrets: ExportSecret[]): string {
  const line = (name: string, label: string, value: string) =>
    `${envPrefix}_${name}=${dotenvValue(label, value)}`;
  return [
    `# ${commentText(client.name)} (${client.provider}, ${client.environment}) — exported by Keyhold`,
    ...client.publicFields.map((field) => line(field.envName, field.label, field.value)),
    ...secrets.map((secret) => line(secret.descriptor.envName, secret.descriptor.label, secret.value)),
    '',
  ].join('\n');
}

export function toJson(client: ClientDetail, secrets: ExportSecret[]): string {
  const document = {
    provider: client.provider,
    environment: client.environment,
    name: client.name,
    ...Object.fromEntries(client.publicFields.map((field) => [field.field, field.value])),
    ...Object.fromEntries(secrets.map((secret) => [secret.descriptor.field, secret.value])),
  };
  // JSON.stringify leaves U+2028/2029, NEL and bidi controls raw (YAML 1.1 readers break lines
  // at the first three); as \u escapes they parse to the same text and show as what they are.
  return JSON.stringify(document, null, 2).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (ch) =>
    ch === '\n' ? ch : unicodeEscape(ch),
  );
}

/** `\uXXXX` for each UTF-16 unit (a character beyond U+FFFF is a pair of them). */
function unicodeEscape(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** A name on one comment line: every line-breaking character becomes a space. */
function commentText(name: string): string {
  return name.toWellFormed().replace(EVERY_LINE_BREAKING, ' ');
}

/**
 * Bare when every reader takes it literally; in single quotes (literal in dotenv, python-dotenv
 * and a shell) when it holds no quote, backslash or line-breaking character; refused otherwise,
 * rather than written as a file that reads back as something else.
 */
function dotenvValue(label: string, value: string): string {
  if (/^[A-Za-z0-9_\-.:/+=@]*$/.test(value)) return value;
  if (value.isWellFormed() && !/['\\]/.test(value) && !LINE_BREAKING.test(value)) return `'${value}'`;
  throw new KeyholdError({
    code: 'validation',
    field: 'format',
    message: `"${label}" holds a character a .env file cannot keep exactly (a quote, a backslash, a line break or a control character). Copy as JSON instead, or copy the field on its own.`,
  });
}
