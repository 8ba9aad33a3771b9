// Showing text that came from elsewhere (store names, a program's command line) in a dialog or a
// terminal. Zod-free, so the CLI bundle takes it too.

/** Control, format and bidi characters would let text pose as other text: shown as escapes. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** `text` safe to show in a dialog or a terminal (escape sequences, bidi), shortened to `max`. */
export function visible(text: string, max = 300): string {
  const shown = text
    .toWellFormed()
    .replace(HIDDEN, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`);
  return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}
