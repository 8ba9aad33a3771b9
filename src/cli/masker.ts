// Masks secret values in a byte stream (`keyhold run`'s view of its command's output), wherever
// the chunks happen to split them. It works on bytes, never on decoded text: a chunk may end in
// the middle of a UTF-8 character. The leftmost match wins, the longest at a tie; what could still
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
      const end = match < 0 ? buffer.length : match + 1;
      let hold = -1;
      if (!final) {
        for (let at = Math.max(position, buffer.length - longest + 1); at < end; at++) {
          if (couldStartAt(buffer, at)) {
            hold = at;
            break;
          }
        }
      }
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
      out.push(buffer.subarray(position, match), mask);
      position = match + matchLength;
    }
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
