// SQLite's failures in the user's words: another program holding the database is not a bug, and
// must never read as one (or as a locked keyring).
import { KeyholdError } from '../../../shared/errors';

/**
 * SQLite could not do its job because of the world around it — another program holds the
 * database, the disk is full, read-only or failing — not because of a mistake in Keyhold (a
 * schema or SQL error stays a bug, reported as one).
 */
export function isStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN|NOMEM)/.test(code);
}

/** What went wrong with the store, as the end of "Keyhold could not write to its database (…)". */
export function storeProblem(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'another program is using it';
  if (code === 'SQLITE_FULL') return 'the disk is full';
  if (code === 'SQLITE_READONLY') return 'it is read-only';
  if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) return 'a disk error';
  return error instanceof Error ? error.message : String(error);
}

/** A store failure of a call that changed nothing. */
export function storeBusyError(error: unknown, consequence = 'Nothing was changed'): KeyholdError {
  return new KeyholdError({
    code: 'store_busy',
    outcomeUnknown: false,
    message: `Keyhold could not write to its database (${storeProblem(error)}). ${consequence}; try again in a moment.`,
  });
}
