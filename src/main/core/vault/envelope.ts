import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM with a fresh 96-bit nonce per secret. The associated data binds a
// ciphertext to its (service, account) row: moved elsewhere, it fails to decrypt.
const ALGORITHM = 'aes-256-gcm';
export const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  nonce: Buffer;
  /** ciphertext || auth tag */
  ciphertext: Buffer;
}

export const DATA_KEY_BYTES = 32;

export function associatedData(service: string, account: string): Buffer {
  return Buffer.from(`keyhold.v1\0${service}\0${account}`, 'utf8');
}

export function seal(key: Buffer, aad: Buffer, plaintext: string): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { nonce, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
}

/** Throws if the ciphertext, nonce or associated data were altered. */
export function open(key: Buffer, aad: Buffer, sealed: Sealed): string {
  const { nonce, ciphertext } = sealed;
  if (ciphertext.length < TAG_BYTES) throw new Error('ciphertext too short');
  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}
