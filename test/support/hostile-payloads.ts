// fast-check arbitraries for a hostile renderer: values a compromised page could send through
// window.keyhold (anything structured clone or JSON can carry), and mutations of a valid input
// (one field made hostile, extra or prototype-polluting keys, a key dropped, the object wrapped).
import fc from 'fast-check';

/** Keys that pollute prototypes when code merges objects naively. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Names every plain object inherits: a lookup table keyed by user input must not find them. */
export const INHERITED_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
] as const;

/** SQL, LIKE and FTS5 syntax: must be data, never query text. */
export const SQL_AND_FTS_STRINGS = [
  "' OR 1=1 --",
  "'; DROP TABLE clients; --",
  '" OR ""="',
  "%' OR '%'='",
  '1; SELECT * FROM secrets',
  "') UNION SELECT ciphertext FROM secrets --",
  '"a" OR b*',
  'NEAR(',
  'NEAR(a b, 2)',
  'a NEAR/2 b',
  'name:secret',
  '{name remote_id}:a',
  '- a',
  '^a',
  'a AND b',
  'NOT a',
  '(a OR b',
  'a:*',
  '*',
  '**',
  '%',
  '%%',
  '_',
  '__',
  '"',
  '""',
  '"""',
  "'",
  '\\',
  '\\%',
  'clients_search',
  'rank MATCH x',
  '\u001f',
] as const;

/** Text that breaks naive code: control characters, bidi overrides, lone surrogates, markup, paths. */
export const NASTY_STRINGS = [
  '',
  ' ',
  ' \t\n\r ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(70),
  '\u202eevil\u202c',
  '\u200f\u200e',
  '\u200b',
  '\ufeff',
  '\u2028\u2029',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '🔑',
  '👩‍👩‍👧‍👦',
  'İ',
  'ß',
  'e\u0301',
  'x'.repeat(65),
  'x'.repeat(256),
  'x'.repeat(4097),
  '../../etc/passwd',
  '..\\..\\windows',
  '%2e%2e%2f',
  '%00',
  '${process.env.HOME}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'app://keyhold/index.html',
  'http://127.0.0.1.evil.com',
  ...INHERITED_NAMES,
  ...SQL_AND_FTS_STRINGS,
] as const;

export const HOSTILE_NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  -1,
  1,
  0.5,
  -0.5,
  1e-300,
  Number.MIN_VALUE,
  Number.EPSILON,
  2 ** 31,
  -(2 ** 31),
  2 ** 32,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  501,
  3601,
  10_000_001,
] as const;

/** 1–5 MB of one repeated unit (ASCII, accents, NUL, bidi override, emoji, SQL). */
export const hugeString: fc.Arbitrary<string> = fc
  .record({
    size: fc.integer({ min: 1 << 20, max: 5 << 20 }),
    unit: fc.constantFrom('a', 'é', '\u0000', '\u202e', '🔑', "' OR 1=1 -- ", '%_"*', ' ', 'a-'),
  })
  .map(({ size, unit }) => unit.repeat(Math.ceil(size / unit.length)));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...NASTY_STRINGS),
        fc.string({ maxLength: 20 }),
        fc.constantFrom(...NASTY_STRINGS),
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: hugeString },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) },
);

/** An own `__proto__` / `constructor` / `prototype` key, as JSON.parse (and structured clone) make them. */
export const pollutionObject: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '{"prototype":{"polluted":1}}',
    '{"__proto__":{"__proto__":{"polluted":1}}}',
    '{"a":{"__proto__":{"polluted":1}},"constructor":{"name":"Object","polluted":1}}',
    '{"__proto__":[],"length":1e9}',
    '{"__proto__":null}',
    '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
  )
  .map((json) => JSON.parse(json) as Record<string, unknown>);

export type DeepKind = 'object' | 'array' | 'mixed' | 'polluting';

/** `depth` levels of nesting, built iteratively (the builder must not be what overflows). */
export function deepValue(depth: number, kind: DeepKind): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) {
    switch (kind) {
      case 'object':
        value = { a: value };
        break;
      case 'array':
        value = [value];
        break;
      case 'mixed':
        value = level % 2 ? [value] : { a: value };
        break;
      case 'polluting': {
        const next: Record<string, unknown> = {};
        Object.defineProperty(next, '__proto__', {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        value = next;
        break;
      }
    }
  }
  return value;
}

export const deep = (maxDepth: number): fc.Arbitrary<unknown> =>
  fc
    .record({
      depth: fc.integer({ min: Math.min(32, maxDepth), max: maxDepth }),
      kind: fc.constantFrom<DeepKind>('object', 'array', 'mixed', 'polluting'),
    })
    .map(({ depth, kind }) => deepValue(depth, kind));

/** What fc.anything makes, with every structured-clone type switched on. */
export const anyValue: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 3,
  maxKeys: 6,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: 'binary',
});

export interface HostileValueOptions {
  /** Cap on generated nesting (default 20,000: far past any recursion limit, cheap to build). */
  maxDepth?: number;
}

/** Any one hostile value: wrong type, huge, deep, prototype-polluting, or just odd. */
export function hostileValue(options: HostileValueOptions = {}): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: anyValue },
    { weight: 4, arbitrary: hostileString },
    { weight: 3, arbitrary: hostileNumber },
    { weight: 2, arbitrary: pollutionObject },
    { weight: 1, arbitrary: deep(options.maxDepth ?? 20_000) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom<() => unknown>(
          () => null,
          () => undefined,
          () => true,
          () => false,
          () => [],
          () => ({}),
          () => Object.create(null) as unknown,
          () => new Date(NaN),
          () => new Map([['id', 'x']]),
          () => new Set(['x']),
          () => new Uint8Array(8),
          () => Buffer.from('secret'),
          () => new Array(10_000_000),
          () => 10n ** 30n,
        )
        .map((make) => make()),
    },
  );
}

/** Sets an own enumerable property, even for `__proto__` (as JSON.parse would). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const extraKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...INHERITED_NAMES, 'then', 'id ', 'ID', 'method', 'channel') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
);

export interface MutationOptions {
  /** Keys that may be set although the base lacks them (optional fields). */
  optionalKeys?: readonly string[];
  /** Keys where a value recurses in the schema (z.json()); their nesting is capped at this depth. */
  recursiveKeys?: Readonly<Record<string, number>>;
}

/** A valid-shaped base made hostile in one of the ways a compromised renderer would try. */
export function mutate(
  base: fc.Arbitrary<Record<string, unknown>>,
  options: MutationOptions = {},
): fc.Arbitrary<unknown> {
  const value = hostileValue();
  const recursive = options.recursiveKeys ?? {};
  const valueFor = (key: string): fc.Arbitrary<unknown> =>
    key in recursive ? hostileValue({ maxDepth: recursive[key]! }) : value;
  return base.chain((input) => {
    const keys = [...new Set([...Object.keys(input), ...(options.optionalKeys ?? [])])];
    const copy = () => ({ ...input });
    const mutations: fc.Arbitrary<unknown>[] = [
      // One field (or an optional one) set to something hostile.
      fc.constantFrom(...(keys.length ? keys : ['id'])).chain((key) =>
        valueFor(key).map((v) => {
          const next = copy();
          setOwn(next, key, v);
          return next;
        }),
      ),
      // Every field hostile at once.
      fc.tuple(...keys.map((key) => valueFor(key))).map((values) => {
        const next: Record<string, unknown> = {};
        keys.forEach((key, i) => setOwn(next, key, values[i]));
        return next;
      }),
      // Extra keys on a strict input, prototype-polluting ones first among them.
      fc.array(fc.tuple(extraKey, value), { minLength: 1, maxLength: 3 }).map((extras) => {
        const next = copy();
        for (const [key, v] of extras) setOwn(next, key, v);
        return next;
      }),
      // The same input arriving through JSON.parse with an own __proto__ key.
      fc.constant(withJsonProto(input)),
      // A required key missing.
      fc.constantFrom(...(keys.length ? keys : ['id'])).map((key) => {
        const next = copy();
        delete next[key];
        return next;
      }),
      // Arrays where objects are expected, and other wrappers.
      fc.constantFrom<unknown>(
        [input],
        [input, input],
        Object.assign([], input),
        { input },
        { payload: input },
        JSON.stringify(input),
        new Map(Object.entries(input)),
        Object.assign(Object.create(null) as object, input, { extra: 1 }),
      ),
    ];
    return fc.oneof(...mutations);
  });
}

/** `input` as JSON.parse returns it when the sender put a `__proto__` key in front. */
export function withJsonProto(input: Record<string, unknown>): unknown {
  const rest = JSON.stringify(input).slice(1);
  return JSON.parse(`{"__proto__":{"polluted":1}${rest === '}' ? '' : ','}${rest}`) as unknown;
}

/** Text the contract refuses in a name, label, id or free-text field (src/shared/text.ts). */
export const HIDDEN_TEXT = {
  /** Lone surrogates: SQLite would store them as invalid UTF-8. */
  broken: ['\ud800', '\udfff', '\ud83d', '\udc00\ud800'],
  bidi: ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'],
  lineBreaks: ['\n', '\r', '\u0085', '\u2028', '\u2029', '\u0000', '\u001b', '\u007f'],
  /** Whole values that show as nothing. */
  invisible: [
    '\u0000',
    '\u0000'.repeat(20),
    '\u200b',
    '\u200b\u200c\u200d\u2060',
    '\u3164',
    '\u2800',
    '\u00ad\ufe0f',
  ],
} as const;

/**
 * A value with hidden text: a refused character inside ordinary text, or a whole value of
 * invisible characters. `secret`: only what a token may not hold (broken characters, line breaks).
 */
export function hiddenText(kind: 'text' | 'secret'): fc.Arbitrary<string> {
  const inside =
    kind === 'text'
      ? [...HIDDEN_TEXT.broken, ...HIDDEN_TEXT.bidi, ...HIDDEN_TEXT.lineBreaks]
      : [...HIDDEN_TEXT.broken, ...HIDDEN_TEXT.lineBreaks];
  const word = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom(...'abcXYZ019_-') });
  const embedded = fc
    .tuple(word, fc.constantFrom(...inside), word)
    .map(([before, hidden, after]) => `${before}${hidden}${after}`);
  return kind === 'text' ? fc.oneof(embedded, fc.constantFrom(...HIDDEN_TEXT.invisible)) : embedded;
}
