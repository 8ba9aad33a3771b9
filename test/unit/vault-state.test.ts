import { describe, expect, it } from 'vitest';
import { SafeStorageError } from '../../src/main/core/ports';
import {
  problemOf,
  vaultError,
  vaultMessage,
  type VaultProblem,
} from '../../src/main/core/vault/vault-state';
import { PROTECTIONS } from '../../src/shared/domain';

const PROBLEMS: VaultProblem[] = ['refused', 'unavailable', 'locked', 'missing'];
const context = { backend: 'gnome_libsecret', keyName: 'the entry "master-key:abc" of "Keyhold"' };

describe('vault states', () => {
  it('gives every state that refuses secrets its own message, code and way back', () => {
    const errors = PROBLEMS.map((problem) => vaultError(problem, context).data);
    expect(new Set(errors.map((error) => error.code)).size).toBe(PROBLEMS.length);
    expect(new Set(errors.map((error) => error.message)).size).toBe(PROBLEMS.length);
    for (const [i, problem] of PROBLEMS.entries()) {
      expect(errors[i]!.message).toBe(vaultMessage(problem, context));
      expect(problemOf(vaultError(problem, context))).toBe(problem);
    }
    expect(vaultMessage('os', context)).toBeNull();
    expect(PROTECTIONS.filter((p) => p !== 'os').every((p) => vaultMessage(p, context))).toBe(true);
  });

  it('says what to do about a missing key, and where the key should be', () => {
    const message = vaultMessage('missing', context)!;
    expect(message).toContain('master-key:abc');
    expect(message).toMatch(/deleted, or this data folder came from another machine or user account/);
    expect(message).toMatch(/nothing was changed/i);
    expect(message).toMatch(/put the keyring entry back/i);
    expect(message).toMatch(/or restore from a Keyhold backup/i);
    expect(vaultError('missing', context).data.code).toBe('vault_key_missing');
  });

  it('names the state of a safe storage failure, and reads Electron-style text for a lock', () => {
    expect(problemOf(new SafeStorageError('missing', 'gone'))).toBe('missing');
    expect(problemOf(new SafeStorageError('unavailable', 'no bus'))).toBe('unavailable');
    expect(problemOf(new Error('Secret Service: unlock prompt was dismissed'))).toBe('locked');
    expect(problemOf(new Error('Error while decrypting the ciphertext'))).toBeNull();
  });
});
