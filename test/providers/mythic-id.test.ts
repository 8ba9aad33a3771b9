import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MYTHIC_ID_PATTERN } from '../../src/shared/domain';
import { deriveMythicId, slugify, suggestMythicId } from '../../src/main/core/providers/mythic-id';

describe('deriveMythicId', () => {
  it('slugifies the name and adds a short random suffix', () => {
    expect(deriveMythicId('Acme Retail')).toMatch(/^acme-retail-[0-9a-z]{4}$/);
    expect(deriveMythicId('  Café  Crème — Paris!! ')).toMatch(/^cafe-creme-paris-[0-9a-z]{4}$/);
    expect(deriveMythicId('snake_case--and---dashes')).toMatch(/^snake_case-and-dashes-[0-9a-z]{4}$/);
  });

  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['emoji', '🚀🔥'],
    ['CJK', '東京支店'],
    ['punctuation', '!!!---___'],
  ])('falls back to "client" for %s names', (_label, name) => {
    expect(deriveMythicId(name)).toMatch(/^client-[0-9a-z]{4}$/);
  });

  it('keeps very long names short', () => {
    const id = deriveMythicId('Very long name '.repeat(100));
    expect(id).toMatch(MYTHIC_ID_PATTERN);
    expect(id.length).toBeLessThanOrEqual(45);
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
  });

  it('avoids ids reported as taken', () => {
    const taken = new Set<string>();
    for (let i = 0; i < 200; i++) taken.add(deriveMythicId('Acme', (id) => taken.has(id)));
    expect(taken.size).toBe(200);
  });

  it('still returns a valid id when everything is taken', () => {
    const id = deriveMythicId('Acme', () => true);
    expect(id).toMatch(/^acme-[0-9a-z]{12}$/);
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
});
