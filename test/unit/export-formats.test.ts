// "Copy as .env" must not let a name, id or secret start a line of its own.
// Every output is read back with the `dotenv` package (both its parsers) and split at every
// character some .env reader treats as a line end (Node's dotenv: \n, \r, U+2028, U+2029;
// Python's str.splitlines: also \v, \f, FS, GS, RS, NEL).
import { parse } from 'dotenv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDotenv, toJson, type ExportSecret } from '../../src/main/core/clients/export-formats';
import type { ClientDetail } from '../../src/shared/domain';
import { KeyholdError } from '../../src/shared/errors';
import { NASTY_STRINGS } from '../support/hostile-payloads';

const LINE_ENDS = ['\n', '\r', '\r\n', '\v', '\f', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029'];
// eslint-disable-next-line no-control-regex -- matching line-end control characters is the point
const ANY_LINE_END = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

function client(name: string, publicValues: [string, string] = ['cli_1', 'pub_1']): ClientDetail {
  return {
    id: 'c1',
    provider: 'weir',
    environment: 'production',
    name,
    connectionId: null,
    connectionLabel: 'Imported',
    remoteId: publicValues[0],
    publicId: publicValues[1],
    origin: 'imported',
    createdAt: '2026-01-01T00:00:00.000Z',
    archived: false,
    publicFields: [
      { field: 'remote_id', label: 'Client id', envName: 'CLIENT_RESOURCE_ID', value: publicValues[0] },
      { field: 'client_id', label: 'Credentials client id', envName: 'CLIENT_ID', value: publicValues[1] },
    ],
    secretFields: [{ field: 'secret_key', label: 'Secret key', envName: 'SECRET_KEY' }],
    metadata: {},
    remoteCreatedAt: null,
    archivedAt: null,
    conflictOf: null,
  };
}

const secret = (value: string): ExportSecret[] => [
  { descriptor: { field: 'secret_key', label: 'Secret key', envName: 'SECRET_KEY' }, value },
];

const expected = (detail: ClientDetail, secretValue: string) => ({
  WEIR_CLIENT_RESOURCE_ID: detail.publicFields[0]!.value,
  WEIR_CLIENT_ID: detail.publicFields[1]!.value,
  WEIR_SECRET_KEY: secretValue,
});

/** The file read back by every reader we know of, each of which must see exactly `want`. */
function expectReadBack(text: string, want: Record<string, string>): void {
  expect(parse(text)).toEqual(want);
  expect(parse(text, { fast: true })).toEqual(want);
  // Line by line, as a reader splitting at any line end sees it: comments and KEY=value only.
  const lines = text.split(ANY_LINE_END).filter((line) => line !== '');
  expect(lines[0]).toMatch(/^# /);
  expect(lines.slice(1).map((line) => line.split('=')[0])).toEqual(Object.keys(want));
}

const INJECTION = 'NODE_OPTIONS=--require=/tmp/evil.js';

describe('copy as .env', () => {
  it('keeps a name with any line end inside its comment line', () => {
    for (const end of LINE_ENDS) {
      const detail = client(`Billing${end}${INJECTION}${end}WEIR_SECRET_KEY=stolen${end}`);
      const text = toDotenv(detail, 'WEIR', secret('sk_live_123'));
      expectReadBack(text, expected(detail, 'sk_live_123'));
      expect(text.split('\n')[0]).toContain('NODE_OPTIONS');
    }
  });

  it('keeps bidi controls and lone surrogates of a name out of the comment', () => {
    const text = toDotenv(client('evil\u202e\u2066name\ud800'), 'WEIR', secret('sk'));
    expect(text.split('\n')[0]).toMatch(/^# evil {2}name\ufffd \(weir, production\)/);
  });

  it('quotes values only where needed and reads every printable value back exactly', () => {
    // Everything printable but the two characters single quotes cannot hold: ' and \.
    const printable = fc.string({
      unit: fc.oneof(
        fc.constantFrom(...' #"$`=:;!*?()[]{}<>|&~^%,.-_/+@é€🔑'),
        fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme-ascii' }).filter((ch) => !"'\\".includes(ch)),
      ),
      maxLength: 40,
    });
    fc.assert(
      fc.property(printable, printable, printable, (a, b, c) => {
        const detail = client('Billing', [a, b]);
        expectReadBack(toDotenv(detail, 'WEIR', secret(c)), expected(detail, c));
      }),
      { numRuns: 500, seed: 1_400_007 },
    );
    expect(toDotenv(client('n'), 'WEIR', secret('sk_a-b.c:d/e+f=g@h'))).toContain(
      'WEIR_SECRET_KEY=sk_a-b.c:d/e+f=g@h\n',
    );
  });

  it('refuses a value a .env file cannot hold exactly, naming the field, rather than write it wrong', () => {
    for (const bad of [
      ...LINE_ENDS.map((end) => `sk${end}${INJECTION}`),
      "it's",
      'back\\slash',
      '\\n',
      'nul\u0000',
      'del\u007f',
      'rlo\u202e',
      'lone\udc00',
    ]) {
      let error: unknown;
      try {
        toDotenv(client('Billing'), 'WEIR', secret(bad));
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(bad)).toBeInstanceOf(KeyholdError);
      expect((error as KeyholdError).data).toMatchObject({ code: 'validation', field: 'format' });
      expect((error as KeyholdError).message).toMatch(/Secret key.*Copy as JSON/);
    }
  });

  it('either reads back exactly or refuses, whatever the name, ids and secret', () => {
    const anyText = fc.oneof(
      fc.constantFrom(...NASTY_STRINGS),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc
        .tuple(fc.constantFrom(...LINE_ENDS), fc.string({ maxLength: 10 }))
        .map(([e, s]) => `${s}${e}${INJECTION}`),
    );
    fc.assert(
      fc.property(anyText, anyText, anyText, anyText, (name, a, b, c) => {
        const detail = client(name, [a, b]);
        let text: string;
        try {
          text = toDotenv(detail, 'WEIR', secret(c));
        } catch (error) {
          expect(error).toBeInstanceOf(KeyholdError);
          return;
        }
        expectReadBack(text, expected(detail, c));
      }),
      { numRuns: 1_000, seed: 1_400_007 },
    );
  });
});

describe('copy as JSON', () => {
  it('reads back exactly and holds no raw line end, control or bidi character', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NASTY_STRINGS, ...LINE_ENDS),
        fc.string({ unit: 'binary' }),
        (name, value) => {
          const detail = client(name, [value, 'pub']);
          const text = toJson(detail, secret(value));
          expect(JSON.parse(text)).toEqual({
            provider: 'weir',
            environment: 'production',
            name,
            remote_id: value,
            client_id: 'pub',
            secret_key: value,
          });
          // Pretty-printing's own \n are the only line ends; nothing invisible is left raw.
          expect(text.replaceAll('\n', '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
        },
      ),
      { numRuns: 300, seed: 1_400_007 },
    );
  });
});
