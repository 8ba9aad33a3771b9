import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReference, parseReference, TEMPLATE_REFERENCE } from '../../src/shared/cli-references';

describe('keyhold:// references', () => {
  it('reads environment, client and field, percent-decoded', () => {
    expect(parseReference('keyhold://production/Acme%20Retail%2FEU/secret_key')).toEqual({
      ok: true,
      reference: { environment: 'production', client: 'Acme Retail/EU', field: 'secret_key' },
    });
    expect(parseReference('keyhold://staging/cli_42', 'client')).toEqual({
      ok: true,
      reference: { environment: 'staging', client: 'cli_42', field: null },
    });
  });

  it.each([
    ['https://production/a/b', /starts with keyhold:\/\//],
    ['keyhold://production/acme', /has 3 parts .* this has 2/],
    ['keyhold://production/acme/secret_key/more', /this has 4/],
    ['keyhold://production//secret_key', /no part may be empty/],
    ['keyhold://production/%20/secret_key', /no part may be empty/],
    ['keyhold://production/%E0%A4%A/secret_key', /not valid percent-encoding/],
  ])('refuses %s, saying why and what a reference looks like', (text, why) => {
    const parsed = parseReference(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toMatch(why);
      expect(parsed.message).toContain('keyhold://ENVIRONMENT/CLIENT/FIELD');
    }
  });

  it('formats what it parses back, whatever the name (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && s.isWellFormed()),
        (name) => {
          const text = formatReference('development', name, 'secret_key');
          expect(parseReference(text)).toEqual({
            ok: true,
            reference: { environment: 'development', client: name, field: 'secret_key' },
          });
        },
      ),
    );
  });

  it('finds {{ keyhold://… }} in a template, with or without spaces', () => {
    const template =
      'A={{keyhold://production/a/secret_key}}\nB={{  keyhold://staging/b%20c/client_id }}\n{{ not }}';
    expect([...template.matchAll(TEMPLATE_REFERENCE)].map((m) => m[1])).toEqual([
      'keyhold://production/a/secret_key',
      'keyhold://staging/b%20c/client_id',
    ]);
  });
});
