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

/** The whole input at once, leftmost match first and the longest at a tie: what any split must give. */
function reference(secrets: string[], input: Buffer, mask: Buffer): Buffer {
  const needles = [...new Set(secrets.filter(Boolean))].map((s) => Buffer.from(s));
  const out: Buffer[] = [];
  let at = 0;
  while (at < input.length) {
    const match = needles
      .filter((n) => input.subarray(at, at + n.length).equals(n))
      .sort((a, b) => b.length - a.length)[0];
    if (match) {
      out.push(mask);
      at += match.length;
    } else {
      out.push(input.subarray(at, at + 1));
      at += 1;
    }
  }
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
