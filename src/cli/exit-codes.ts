// The CLI's exit codes (README → `keyhold` CLI → Exit codes). `run` passes its command's own code
// through once the command started; these are for what happens before.
import type { CliErrorCode } from '../shared/cli-protocol';

export const EXIT = {
  ok: 0,
  /** A reference names no client or field, or more than one client. */
  notFound: 1,
  /** Bad arguments, or a file named in them cannot be read or written. */
  usage: 2,
  /** Denied in Keyhold. */
  denied: 3,
  /** Keyhold is not running, its vault is locked, or nobody answered the approval in time. */
  unavailable: 4,
} as const;

/** A failure the CLI reports on stderr and exits with. */
export class CliFailure extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    /** Printed under the message: what a reference could have meant. */
    readonly candidates: readonly string[] = [],
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliFailure(EXIT.usage, message);

export function exitCodeOf(code: CliErrorCode): number {
  switch (code) {
    case 'not_found':
    case 'ambiguous':
      return EXIT.notFound;
    case 'invalid':
      return EXIT.usage;
    case 'denied':
      return EXIT.denied;
    default:
      return EXIT.unavailable;
  }
}
