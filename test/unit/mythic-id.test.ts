import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MYTHIC_ID_PATTERN } from '../../src/shared/domain';
import { deriveMythicId, randomSuffix, slugify, suggestMythicId } from '../../src/shared/mythic-id';

// One rule for both sides: the create form derives an id from the name (suffix fixed per dialog),
// the core suggests one after Mythic's 409.

describe('slugify', () => {
  it('makes lower-case ASCII words of a name', () => {
    expect(slugify('Acme Retail (EU)')).toBe('acme-retail-eu');
    expect(slugify('  Café   Zürich  ')).toBe('cafe-zurich');
    expect(slugify('日本')).toBe('');
    expect(slugify('a'.repeat(100)).length).toBe(40);
  });
});

describe('deriveMythicId', () => {
  it('slugifies the name and adds a short random suffix', () => {
    expect(deriveMythicId('Acme Retail')).toMatch(/^acme-retail-[0-9a-z]{6}$/);
    expect(deriveMythicId('  Café  Crème — Paris!! ')).toMatch(/^cafe-creme-paris-[0-9a-z]{6}$/);
    expect(deriveMythicId('snake_case--and---dashes')).toMatch(/^snake_case-and-dashes-[0-9a-z]{6}$/);
  });

  it('keeps the suffix it is given (the form keeps one per dialog)', () => {
    expect(deriveMythicId('Acme Retail', 'x1y2z3')).toBe('acme-retail-x1y2z3');
    expect(deriveMythicId('日本', 'abc123')).toBe('client-abc123');
  });

  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['emoji', '🚀🔥'],
    ['CJK', '東京支店'],
    ['punctuation', '!!!---___'],
  ])('falls back to "client" for %s names', (_label, name) => {
    expect(deriveMythicId(name)).toMatch(/^client-[0-9a-z]{6}$/);
  });

  it('keeps very long names short', () => {
    const id = deriveMythicId('Very long name '.repeat(100));
    expect(id).toMatch(MYTHIC_ID_PATTERN);
    expect(id.length).toBeLessThanOrEqual(47);
    expect(slugify('a'.repeat(39) + '-bcd')).toBe('a'.repeat(39));
  });

  it('always matches the Mythic id pattern', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (name) => {
        expect(deriveMythicId(name)).toMatch(MYTHIC_ID_PATTERN);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (name) => {
        expect(deriveMythicId(name)).toMatch(MYTHIC_ID_PATTERN);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 30 }), (name, suffix) => {
        expect(deriveMythicId(name, suffix)).toMatch(MYTHIC_ID_PATTERN);
      }),
    );
  });
});

describe('randomSuffix', () => {
  it('makes suffixes of lower-case letters and digits', () => {
    expect(randomSuffix()).toMatch(/^[a-z0-9]{6}$/);
    expect(randomSuffix(12)).toMatch(/^[a-z0-9]{12}$/);
    expect(randomSuffix()).not.toBe(randomSuffix() + 'x');
  });
});

describe('suggestMythicId', () => {
  it('appends a suffix to the taken id, never returning it', () => {
    const suggestion = suggestMythicId('acme-retail');
    expect(suggestion).toMatch(/^acme-retail-[0-9a-z]{4}$/);
  });

  it('fits the 255-character limit', () => {
    const long = 'x'.repeat(255);
    const suggestion = suggestMythicId(long);
    expect(suggestion).toMatch(MYTHIC_ID_PATTERN);
    expect(suggestion).not.toBe(long);
  });

  it('derives from an id that does not match the pattern', () => {
    expect(suggestMythicId('Bad Id!')).toMatch(/^bad-id-[0-9a-z]{4}$/);
  });

  it('avoids ids reported as taken', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 200; i++) taken.add(suggestMythicId('acme', (id) => taken.has(id)));
    expect(taken.size).toBe(200);
  });

  it('still returns a valid id when everything is taken', () => {
    const id = suggestMythicId('acme', () => true);
    expect(id).toMatch(/^acme-[0-9a-z]{12}$/);
  });
});
