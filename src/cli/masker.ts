// Masks secret values in a byte stream (`keyhold run`'s view of its command's output), wherever
// the chunks happen to split them. It works on bytes, never on decoded text: a chunk may end in
// the middle of a UTF-8 character. The leftmost match wins, the longest at a tie, and the run it
// masks grows over every secret that begins inside it and ends beyond (overlapping values, or a
// value printed overlapping itself): no byte of any occurrence is printed. What could still
// become a secret when the next chunk comes (the end of a chunk that begins some secret) is held
// back, and never flushed on a timer, so no part of a secret is ever printed. Only the literal
// bytes are masked: a value the program encodes (base64, JSON escapes, URL encoding) is not.
import { Transform } from 'node:stream';

export const MASK = Buffer.from('<concealed by keyhold>');

export function createMasker(secrets: readonly string[], mask: Buffer = MASK): Transform {
  const needles = [...new Set(secrets.filter((secret) => secret.length > 0))]
    .map((secret) => Buffer.from(secret))
    .sort((a, b) => b.length - a.length);
  const longest = needles[0]?.length ?? 0;
  let held = Buffer.alloc(0);

  /** True when the bytes from `at` to the end are the beginning of some secret (not all of it). */
  const couldStartAt = (buffer: Buffer, at: number) =>
    needles.some(
      (needle) =>
        needle.length > buffer.length - at && buffer.compare(needle, 0, buffer.length - at, at) === 0,
    );

  const scan = (buffer: Buffer, final: boolean): Buffer => {
    const out: Buffer[] = [];
    // Each needle's next match at or after `position` (-1: none left), found once and reused.
    const next = needles.map(() => -2);
    let position = 0;
    for (;;) {
      let match = -1;
      let matchLength = 0;
      needles.forEach((needle, i) => {
        if (next[i] !== -1 && next[i]! < position) next[i] = buffer.indexOf(needle, position);
        // Longest first: a tie keeps the longer needle.
        if (next[i]! >= 0 && (match < 0 || next[i]! < match)) {
          match = next[i]!;
          matchLength = needle.length;
        }
      });
      // Hold from the first place where a secret may be starting that the next chunk could finish,
      // up to and including the match itself (a longer secret may be starting there).
      const hold = final ? -1 : firstPartial(buffer, position, match < 0 ? buffer.length : match + 1);
      if (hold >= 0) {
        out.push(buffer.subarray(position, hold));
        held = Buffer.from(buffer.subarray(hold));
        return Buffer.concat(out);
      }
      if (match < 0) {
        out.push(buffer.subarray(position));
        held = Buffer.alloc(0);
        return Buffer.concat(out);
      }
      const run = runFrom(buffer, match, matchLength);
      // A secret beginning inside the run may be finished by the next chunk: hold from the run.
      if (!final && firstPartial(buffer, match + 1, run) >= 0) {
        out.push(buffer.subarray(position, match));
        held = Buffer.from(buffer.subarray(match));
        return Buffer.concat(out);
      }
      out.push(buffer.subarray(position, match), mask);
      position = run;
    }
  };

  /** Where the masked run starting at `match` ends, grown over overlapping occurrences. */
  const runFrom = (buffer: Buffer, match: number, length: number): number => {
    let end = match + length;
    for (let grew = true; grew;) {
      grew = false;
      for (const needle of needles) {
        for (
          let at = buffer.indexOf(needle, match + 1);
          at >= 0 && at < end;
          at = buffer.indexOf(needle, at + 1)
        ) {
          if (at + needle.length > end) {
            end = at + needle.length;
            grew = true;
          }
        }
      }
    }
    return end;
  };

  /** The first place in [from, to) where a secret may begin that runs past the end of `buffer`; -1: none. */
  const firstPartial = (buffer: Buffer, from: number, to: number): number => {
    for (let at = Math.max(from, buffer.length - longest + 1); at < to; at++)
      if (couldStartAt(buffer, at)) return at;
    return -1;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, scan(held.length ? Buffer.concat([held, chunk]) : chunk, false));
    },
    flush(callback) {
      callback(null, scan(held, true));
    },
  });
}
