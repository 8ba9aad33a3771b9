// Every name, label, id and free-text input of the contract is well-formed
// UTF-16 (a lone surrogate is stored as invalid UTF-8), has no bidi control, is one line without
// control characters, and has something visible in it; tokens and secrets are well-formed and one
// line, and otherwise take any character. Every string in settings is bounded.
import { describe, expect, it } from 'vitest';
import type { Method } from '../../src/shared/channels';
import { contract } from '../../src/shared/contract';

const WEIR_CREATE = { provider: 'weir', connectionId: 'c1', environment: 'staging', name: 'Billing' };
const MYTHIC_CREATE = {
  provider: 'mythic',
  connectionId: 'c1',
  environment: 'staging',
  id: 'acme',
  name: 'Acme',
  domain: 'acme.example',
  phone: '+1 555 0100',
  website: 'https://acme.example/shop',
  company_id: 'co_1',
  agency_id: 'ag_1',
  ghl_location_id: 'loc_1',
  proxy_api_key: 'pk_proxy_value',
  api_metadata: { plan: 'gold', notes: 'two\nlines are fine here' },
};
const IMPORT = {
  provider: 'weir',
  connectionId: null,
  environment: 'production',
  name: 'Legacy',
  remoteId: 'cli_1',
  publicId: 'pub_1',
  secret: 'sk_1',
};
const ADD = { provider: 'weir', label: 'Weir prod', baseUrl: 'https://api.weir.ai', token: 'tok_1' };

type Case = [method: Method, field: string, base: Record<string, unknown>];

/** Names, labels, ids and free text: the full rule. */
const TEXT_FIELDS: Case[] = [
  ['addConnection', 'label', ADD],
  ['updateConnection', 'label', { id: 'c1' }],
  ['updateConnection', 'id', { id: 'c1' }],
  ['createClient', 'name', WEIR_CREATE],
  ['createClient', 'connectionId', WEIR_CREATE],
  ['createClient', 'name', MYTHIC_CREATE],
  ...(['domain', 'phone', 'company_id', 'agency_id', 'ghl_location_id'] as const).map((field): Case => [
    'createClient',
    field,
    MYTHIC_CREATE,
  ]),
  ['importClient', 'name', IMPORT],
  ['importClient', 'remoteId', IMPORT],
  ['importClient', 'publicId', IMPORT],
  ['importClient', 'connectionId', IMPORT],
  ['getClient', 'id', {}],
  ['revealSecret', 'clientId', { clientId: 'c1', field: 'secret_key' }],
  ['revealSecret', 'field', { clientId: 'c1', field: 'secret_key' }],
  ['updateSettings', 'lastConnectionId', {}],
  ['listClients', 'connectionId', { environment: 'production' }],
];

/** Tokens and secrets: well-formed and one line. */
const SECRET_FIELDS: Case[] = [
  ['addConnection', 'token', ADD],
  ['updateConnection', 'token', { id: 'c1' }],
  ['createClient', 'proxy_api_key', MYTHIC_CREATE],
  ['importClient', 'secret', IMPORT],
];

const BROKEN = ['name\ud800', '\udfffx', 'a\ud800b', '\ud83d'];
const BIDI = [
  'evil\u202e',
  '\u202atext',
  'a\u202bb',
  'a\u202cb',
  'a\u202db',
  '\u2066x\u2069',
  '\u2067x',
  '\u2068x',
];
const CONTROL = [
  'a\u0000b',
  'a\nb',
  'a\rb',
  'a\tb',
  'a\u0085b',
  'a\u2028b',
  'a\u2029b',
  'a\u007fb',
  'a\u001bb',
];
const ONLY_NUL = ['\u0000', '\u0000'.repeat(20)];
const INVISIBLE = [
  '\u200b',
  '\u200b\u200c\u200d\u2060',
  '\ufeff\u200b',
  '\u3164',
  '\u115f\u1160',
  '\u2800',
  '\u00ad',
  '\ufe0f',
  '\u180e',
  '\u034f',
  ' \u00a0\u3000 \u200b ',
];
const FINE_TEXT = ['Billing API', 'עברית\u200f RTL', '👩‍👩‍👧‍👦 family', 'e\u0301', 'İ ß 東京', '🏴󠁧󠁢󠁥󠁮󠁧󠁿 flag'];
const FINE_SECRET = [
  `tok_${'A'.repeat(40)}`,
  'abc!@#$%^&*()_+-=[]{}|;:\'",.<>/?`~\\ end',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_',
  'üñí©ødé-token',
];

function parse(method: Method, base: Record<string, unknown>, field: string, value: unknown) {
  return contract[method].input.safeParse({ ...base, [field]: value });
}

function expectRefused(
  method: Method,
  base: Record<string, unknown>,
  field: string,
  value: string,
  message: RegExp,
) {
  const result = parse(method, base, field, value);
  const label = `${method}.${field} = ${JSON.stringify(value)}`;
  expect(result.success, label).toBe(false);
  if (result.success) return;
  const issue = result.error.issues[0]!;
  expect(issue.path.map(String).join('.'), label).toBe(field);
  expect(issue.message, label).toMatch(message);
}

describe('text rules of the contract', () => {
  it.each(TEXT_FIELDS)(
    '%s.%s: refuses broken, bidi, control and invisible-only text',
    (method, field, base) => {
      for (const value of BROKEN) expectRefused(method, base, field, value, /broken character/i);
      for (const value of BIDI) expectRefused(method, base, field, value, /text-direction/i);
      for (const value of [...CONTROL, ...ONLY_NUL])
        expectRefused(method, base, field, value, /one line|control character/i);
      for (const value of INVISIBLE) expectRefused(method, base, field, value, /visible|enter/i);
    },
  );

  it.each(TEXT_FIELDS.filter(([, field]) => !/id$|Id$|^field$/.test(field)))(
    '%s.%s: accepts ordinary text in any script',
    (method, field, base) => {
      for (const value of FINE_TEXT) expect(parse(method, base, field, value).success, value).toBe(true);
    },
  );

  it.each(SECRET_FIELDS)('%s.%s: refuses broken or multi-line secrets only', (method, field, base) => {
    for (const value of BROKEN) expectRefused(method, base, field, value, /broken character/i);
    for (const value of [...CONTROL, ...ONLY_NUL]) expectRefused(method, base, field, value, /one line/i);
    for (const value of FINE_SECRET) expect(parse(method, base, field, value).success, value).toBe(true);
  });

  it('refuses hidden text in a base URL and a website', () => {
    for (const bad of [
      'https://api.weir.ai/\u202e',
      'https://api.weir.ai/a\u0000',
      'https://api.weir.ai/\ud800',
    ]) {
      expect(parse('addConnection', ADD, 'baseUrl', bad).success, JSON.stringify(bad)).toBe(false);
      expect(parse('createClient', MYTHIC_CREATE, 'website', bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('refuses bidi controls and broken characters anywhere in Mythic metadata, keys included', () => {
    for (const metadata of [
      { note: 'evil\u202e' },
      { ['key\u2066']: 1 },
      { nested: { list: ['ok', 'broken\ud800'] } },
    ]) {
      const result = parse('createClient', MYTHIC_CREATE, 'api_metadata', metadata);
      expect(result.success, JSON.stringify(metadata)).toBe(false);
      if (!result.success) expect(result.error.issues[0]!.path[0]).toBe('api_metadata');
    }
  });

  it('bounds every string in settings: lastConnectionId like any id', () => {
    expect(parse('updateSettings', {}, 'lastConnectionId', 'x'.repeat(64)).success).toBe(true);
    expect(parse('updateSettings', {}, 'lastConnectionId', null).success).toBe(true);
    for (const long of ['x'.repeat(65), 'x'.repeat(900_000)]) {
      expectRefused('updateSettings', {}, 'lastConnectionId', long, /at most 64/i);
    }
  });
});
