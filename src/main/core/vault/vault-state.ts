// The vault's states and what the user reads in each: one message per state, the same in
// getVaultStatus and in every error thrown in that state.
import type { VaultStatus } from '../../../shared/domain';
import { KeyholdError, type ErrorCode } from '../../../shared/errors';
import { SafeStorageError } from '../ports';
import { isStoreUnavailable } from '../store/store-errors';

export type Protection = VaultStatus['protection'];
/** The states in which no new secret is accepted. */
export type VaultProblem = Exclude<Protection, 'os' | 'weak'>;

export interface StateContext {
  /** The safe storage backend, e.g. 'gnome_libsecret'. */
  backend: string;
  /** Where the store's key should be, when the storage can say (the Node keyring). */
  keyName?: string | undefined;
}

const GET_A_KEYRING =
  'Install and unlock an OS keyring (GNOME Keyring or KWallet: e.g. `sudo apt install gnome-keyring`, ' +
  'then log in again)';

const ERROR_CODES: Record<VaultProblem, ErrorCode> = {
  refused: 'weak_storage_refused',
  unavailable: 'vault_unavailable',
  locked: 'vault_locked',
  missing: 'vault_key_missing',
};

/** What the user reads in `protection`; null when all is well. */
export function vaultMessage(protection: Protection, context: StateContext): string | null {
  switch (protection) {
    case 'os':
      return null;
    case 'weak':
      return 'No OS keyring: secrets are protected only by a key built into Electron.';
    case 'refused':
      return (
        'No OS keyring was found, so secrets would be protected only by a hard-coded key. ' +
        `Keyhold refuses to store them. ${GET_A_KEYRING}, or allow weaker storage in Settings.`
      );
    case 'unavailable':
      return (
        `Keyhold cannot reach the OS keyring (backend: ${context.backend}), so it cannot open or store ` +
        `secrets. ${GET_A_KEYRING}, then try again. Nothing was changed.`
      );
    case 'locked':
      return (
        'The OS keyring is locked, so Keyhold cannot use the key that seals your secrets. Unlock it ' +
        '(log in again, or open Seahorse or KWallet Manager), then try again. Nothing was changed.'
      );
    case 'missing':
      return (
        `The key that sealed this store's secrets is not in the OS keyring${context.keyName ? ` (${context.keyName})` : ''}: ` +
        'its entry was deleted, or this data folder came from another machine or user account. ' +
        'Nothing was changed, and Keyhold accepts no new secrets until the key is back. ' +
        'Put the keyring entry back (from a backup of your keyring, or from the machine or account the ' +
        'folder came from), then try again: every secret becomes readable again. ' +
        'Or restore from a Keyhold backup: its secrets are sealed under a new key.'
      );
  }
}

/** The error every refused call of `problem` throws: its state's message, its own code. */
export function vaultError(problem: VaultProblem, context: StateContext): KeyholdError {
  return new KeyholdError({ code: ERROR_CODES[problem], message: vaultMessage(problem, context) ?? '' });
}

/**
 * The state a failure names: a SafeStorageError's reason, a vault error's state, or locked when a
 * safe storage's message says so (Electron's errors are plain text). Null if it names none (a store
 * error included).
 */
export function problemOf(error: unknown): VaultProblem | null {
  if (error instanceof SafeStorageError) return error.reason;
  // The store, not the keyring: SQLite's "database is locked" is no locked keyring.
  if (isStoreUnavailable(error)) return null;
  if (error instanceof KeyholdError) {
    const entry = Object.entries(ERROR_CODES).find(([, code]) => code === error.data.code);
    return entry ? (entry[0] as VaultProblem) : null;
  }
  const text = error instanceof Error ? error.message : String(error);
  return /lock|prompt|dismiss|denied|cancel/i.test(text) ? 'locked' : null;
}
