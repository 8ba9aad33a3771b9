import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Decrypted, SafeStorage } from '../src/main/core';

// Benchmarks only. A stand-in for the OS keyring that wraps the vault's data key with a
// fixed, publicly known key, so every bench process (the cold-open children, the browser
// host, the create run) can unwrap the data key of a synthetic store without a D-Bus session
// and a keyring daemon. The per-secret envelope (AES-256-GCM, AAD binding) is the real
// Vault's. Never use this for real secrets: its key is in this file.

const KEY = createHash('sha256').update('keyhold-bench: synthetic data only').digest();
const FORMAT = Buffer.from('KHB1');
const NONCE = 12;
const TAG = 16;

export class BenchSafeStorage implements SafeStorage {
  async backend(): Promise<string> {
    return 'bench-in-process';
  }

  async isAvailable(): Promise<boolean> {
    return true;
  }

  async encrypt(plaintext: string): Promise<Buffer> {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', KEY, nonce);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([FORMAT, nonce, body, cipher.getAuthTag()]);
  }

  async decrypt(ciphertext: Buffer): Promise<Decrypted> {
    if (!ciphertext.subarray(0, FORMAT.length).equals(FORMAT)) throw new Error('Not a bench ciphertext');
    const nonce = ciphertext.subarray(FORMAT.length, FORMAT.length + NONCE);
    const decipher = createDecipheriv('aes-256-gcm', KEY, nonce);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG));
    const body = ciphertext.subarray(FORMAT.length + NONCE, ciphertext.length - TAG);
    return {
      result: Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'),
      shouldReEncrypt: false,
    };
  }
}
