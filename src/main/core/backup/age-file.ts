// Backup files are age files (age-encryption.org/v1, the `age-encryption` package): encrypted to
// the recovery key's recipient (X25519), or to a passphrase (scrypt) for a one-off export. This
// module streams plaintext into one, opens one, and says in the user's words why a file did not
// open. age-encryption throws plain Errors, so they are told apart by their messages.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { KeyholdError } from '../../../shared/errors';
import { ioProblem } from './paths';

/**
 * age-encryption is ESM only. A dynamic import loads it natively everywhere: under tsx a static
 * import becomes a require() that tsx rewrites, and its scrypt then runs many times slower
 * (README → Benchmarks, Backups).
 */
const age = () => import('age-encryption');

/** What a file is encrypted to. */
export type Lock = { recipient: string } | { passphrase: string };
/** What opens a file. */
export type Unlock = { identity: string } | { passphrase: string };

export async function newRecoveryKey(): Promise<{ identity: string; recipient: string }> {
  const { generateX25519Identity, identityToRecipient } = await age();
  // X25519, not the post-quantum hybrid: Debian's age 1.1.1 cannot open a hybrid file.
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export async function identityToRecipientOf(identity: string): Promise<string> {
  return (await age()).identityToRecipient(identity);
}

/** An age file of `plaintext`, as a stream (never all in memory). */
export async function encryptStream(
  plaintext: ReadableStream<Uint8Array>,
  lock: Lock,
): Promise<ReadableStream<Uint8Array>> {
  const encrypter = new (await age()).Encrypter();
  if ('recipient' in lock) encrypter.addRecipient(lock.recipient);
  else encrypter.setPassphrase(lock.passphrase);
  return encrypter.encrypt(plaintext);
}

export const AGE_VERSION_LINE = 'age-encryption.org/v1\n';

/**
 * The plaintext of the age file `file`, only once all of it was read and authenticated (age
 * streams chunks before it knows the file is whole: a cut file would look like a shorter one).
 */
export async function decryptFile(file: string, unlock: Unlock): Promise<Buffer> {
  checkHeader(file, unlock);
  const decrypter = new (await age()).Decrypter();
  if ('identity' in unlock) decrypter.addIdentity(unlock.identity);
  else decrypter.addPassphrase(unlock.passphrase);
  const chunks: Uint8Array[] = [];
  try {
    const source = Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
    const plaintext = await decrypter.decrypt(source);
    for await (const chunk of plaintext as unknown as WebReadableStream<Uint8Array>) chunks.push(chunk);
  } catch (error) {
    throw openFailure(error, unlock);
  }
  return Buffer.concat(chunks);
}

/**
 * Far above a backup of 100,000 clients (10,000 make 6.5 MB): a restore holds the whole plaintext in memory
 * (it is checked whole before anything is written), so a larger file is refused unread.
 */
const MAX_BACKUP_BYTES = 512 * 1024 * 1024;

/** Says before any decryption when the file is too large, not an age file, or locked the other way. */
function checkHeader(file: string, unlock: Unlock): void {
  let head: string;
  let size: number;
  try {
    size = statSync(file).size;
    head = readHead(file, 16_384);
  } catch (error) {
    throw fileError(error, file);
  }
  if (size > MAX_BACKUP_BYTES) {
    const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
    throw new KeyholdError({
      code: 'validation',
      field: 'file',
      message: `This file is ${mb(size)} MB: larger than any Keyhold backup (at most ${mb(MAX_BACKUP_BYTES)} MB). Nothing was changed.`,
    });
  }
  if (!head.startsWith(AGE_VERSION_LINE)) {
    throw new KeyholdError({
      code: 'validation',
      field: 'file',
      message:
        'This is not a Keyhold backup: it is not an age file (or its start is damaged). Nothing was changed.',
    });
  }
  const stanzas = [...head.matchAll(/^-> (\S+)/gm)].map((m) => m[1]);
  if ('identity' in unlock && stanzas.length > 0 && stanzas.every((type) => type === 'scrypt')) {
    throw new KeyholdError({
      code: 'validation',
      field: 'recoveryKey',
      message:
        'This file is an export protected by a passphrase, not a recovery key: choose “A passphrase (an export)” and enter it.',
    });
  }
  if ('passphrase' in unlock && stanzas.length > 0 && !stanzas.includes('scrypt')) {
    throw new KeyholdError({
      code: 'validation',
      field: 'passphrase',
      message:
        'This file is a backup protected by a recovery key, not a passphrase: choose “The recovery key” and paste it.',
    });
  }
}

function openFailure(error: unknown, unlock: Unlock): KeyholdError {
  const text = error instanceof Error ? error.message : String(error);
  if (/no identity matched/.test(text)) {
    const recoveryKey = 'identity' in unlock;
    return new KeyholdError({
      code: 'validation',
      field: recoveryKey ? 'recoveryKey' : 'passphrase',
      message: `This ${recoveryKey ? 'recovery key' : 'passphrase'} does not open this backup (or the file was altered). Nothing was changed.`,
    });
  }
  return new KeyholdError({
    code: 'validation',
    field: 'file',
    message: /header|stanza|version|base64|line length|non-ASCII/.test(text)
      ? 'The start of this backup is damaged, so it cannot be opened. Nothing was changed.'
      : 'This backup is damaged or incomplete (cut short or altered), so it cannot be restored. Nothing was changed.',
  });
}

/** The first `bytes` of `file` (fewer if it is shorter), as latin1 text; throws what fs throws. */
export function readHead(file: string, bytes: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer)).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** A file that cannot be read, in the user's words. */
function fileError(error: unknown, file: string): KeyholdError {
  return new KeyholdError({
    code: 'validation',
    field: 'file',
    message: `Keyhold cannot read ${file}: ${ioProblem(error)}.`,
  });
}
