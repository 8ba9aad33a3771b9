// Text rules shared by the contract's schemas and by the exports: what may be in a name, a label,
// an id, a token or free text, and which characters change how text is read or shown.
import type { z } from 'zod';

export { visible } from './cli-visible-text';

/** Bidi embeddings, overrides and isolates: they make text show as something it is not. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;

/** Control characters and line / paragraph separators: what makes text more than one line. */
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;

/**
 * What shows as nothing: whitespace, controls, format characters, default-ignorable code points
 * (zero-width characters, variation selectors, Hangul fillers) and the blank braille pattern.
 */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

export type TextKind =
  /** A name, label, id or one-line free text: one line, no bidi control, something visible. */
  | 'text'
  /** A token or secret: one line; any other character a real one might hold. */
  | 'secret'
  /** Free text that may span lines (metadata values): no bidi control. */
  | 'prose';

/** The first problem of `value` as `kind`, in the user's words; null when there is none. */
export function textProblem(value: string, kind: TextKind, required = 'Enter a value'): string | null {
  // Half of a surrogate pair cannot be encoded: SQLite would store invalid UTF-8.
  if (!value.isWellFormed()) {
    return 'This has a broken character (half of an emoji or symbol). Type or paste it again.';
  }
  const bidi = kind !== 'secret' && BIDI_CONTROLS.exec(value);
  if (bidi) {
    return `Remove the hidden text-direction character ${codePoint(bidi[0])}: it makes text show in another order than it is written.`;
  }
  const control = kind !== 'prose' && CONTROL.exec(value);
  if (control) {
    return kind === 'secret'
      ? `A token or secret is one line: remove the line break or control character ${codePoint(control[0])}.`
      : `Use one line without control characters (this has ${codePoint(control[0])}).`;
  }
  if (kind === 'text' && value !== '' && value.replace(INVISIBLE, '') === '') {
    return `${required} with visible characters: this has only spaces or invisible characters.`;
  }
  return null;
}

/** A zod refinement for `kind` (empty text is left to the schema's own min()). */
export function textRule(kind: TextKind, required?: string) {
  return (value: string, ctx: z.RefinementCtx) => {
    const message = textProblem(value, kind, required);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}

/** The first string in a JSON value (object keys included) with a problem as `kind`. */
export function jsonTextProblem(root: unknown, kind: TextKind): string | null {
  // Iterative: metadata depth is bounded before this runs, but a walk needs no stack anyway.
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      const message = textProblem(value, kind);
      if (message) return message;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) stack.push(key, child);
    }
  }
  return null;
}

const LINE_BREAKING = /[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Text that must follow the 'text' rules but comes from elsewhere (a backup): each control,
 * separator and bidi character becomes U+FFFD, so it keeps its place without acting.
 */
export const asOneLine = (text: string): string => text.replace(LINE_BREAKING, '\ufffd');
