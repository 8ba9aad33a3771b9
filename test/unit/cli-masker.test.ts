import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMasker, MASK } from '../../src/cli/masker';

/** Streams `chunks` through a masker and returns what comes out. */
async function masked(secrets: string[], chunks: Buffer[], mask?: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks, { objectMode: false }),
    createMasker(secrets, mask),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(out);
}

/**
 * The whole input at once: every byte of every occurrence of a secret is masked, overlapping
 * occurrences as one run (so no part of any secret shows), adjacent ones each with its mask.
 */
function reference(secrets: string[], input: Buffer, mask: Buffer): Buffer {
  const needles = [...new Set(secrets.filter(Boolean))].map((s) => Buffer.from(s));
  const occurrences = needles
    .flatMap((needle) => {
      const found: [number, number][] = [];
      for (let at = input.indexOf(needle); at >= 0; at = input.indexOf(needle, at + 1))
        found.push([at, at + needle.length]);
      return found;
    })
    .sort((a, b) => a[0] - b[0]);
  const runs: [number, number][] = [];
  for (const [start, end] of occurrences) {
    const last = runs.at(-1);
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else runs.push([start, end]);
  }
  const out: Buffer[] = [];
  let at = 0;
  for (const [start, end] of runs) {
    out.push(input.subarray(at, start), mask);
    at = end;
  }
  out.push(input.subarray(at));
  return Buffer.concat(out);
}

/** `input` cut at the given points (sorted, deduplicated, inside the input). */
function split(input: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, input.length]) {
    chunks.push(input.subarray(from, point));
    from = point;
  }
  return chunks.filter((c) => c.length > 0);
}

describe('the run masker', () => {
  it('masks a secret split across chunks, even inside a UTF-8 character', async () => {
    const secret = 'sk_live_é€😀_end';
    const input = Buffer.from(`key=${secret} end\n`);
    const bytes = [...input.keys()].slice(1);
    for (const cut of bytes) {
      const out = await masked([secret], [input.subarray(0, cut), input.subarray(cut)]);
      expect(out.toString()).toBe(`key=${MASK.toString()} end\n`);
    }
  });

  it('prints a held prefix that turns out to be no secret, and everything at the end', async () => {
    const out = await masked(['secret'], [Buffer.from('a sec'), Buffer.from('ond secre')]);
    expect(out.toString()).toBe('a second secre');
  });

  it('prefers the longer of two secrets that start at the same place, across chunks', async () => {
    const out = await masked(['abc', 'abcdef'], [Buffer.from('xabc'), Buffer.from('def!')], Buffer.from('#'));
    expect(out.toString()).toBe('x#!');
  });

  it('masks the whole of values that overlap, and a value printed overlapping itself', async () => {
    const hash = Buffer.from('#');
    const twoValues = ['sk_live_twin_Hs3Kd9', 'Hs3Kd9Qw2Zx7Pv1M_proxy'];
    for (const chunks of [
      ['sk_live_twin_Hs3Kd9Qw2Zx7Pv1M_proxy!'],
      ['sk_live_twin_Hs3', 'Kd9Qw2Zx7', 'Pv1M_proxy!'],
    ])
      expect(
        (
          await masked(
            twoValues,
            chunks.map((c) => Buffer.from(c)),
            hash,
          )
        ).toString(),
      ).toBe('#!');
    const itself = await masked(['abcXYZabc'], [Buffer.from('..abcXYZabcXYZabc..')], hash);
    expect(itself.toString()).toBe('..#..');
    // Adjacent, not overlapping: each its own mask.
    expect((await masked(['abc', 'def'], [Buffer.from('abcdef')], hash)).toString()).toBe('##');
  });

  it('gives the same output however the stream is split, and no secret survives (property)', async () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', 'é');
    const secret = fc.string({ unit: alphabet, minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(secret, { minLength: 1, maxLength: 4 }),
        fc.array(fc.oneof(secret, fc.string({ unit: alphabet, maxLength: 4 })), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (secrets, pieces, cuts) => {
          const mask = Buffer.from('*');
          const input = Buffer.from(pieces.join(''));
          const out = await masked(secrets, split(input, cuts), mask);
          expect(out.equals(reference(secrets, input, mask))).toBe(true);
          for (const s of secrets) expect(out.includes(Buffer.from(s))).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('passes everything through untouched when there is no secret', async () => {
    const out = await masked([''], [Buffer.from('plain '), Buffer.from('text')]);
    expect(out.toString()).toBe('plain text');
  });
});
