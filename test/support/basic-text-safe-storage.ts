import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import type { SafeStorage } from '../../src/main/core';

/**
 * Test stand-in for Electron's Linux `basic_text` backend: encryption with a key that
 * is hard-coded in the program, i.e. no real protection. Used to test the refusal and
 * the explicit opt-in.
 */
export class BasicTextSafeStorage implements SafeStorage {
  private readonly key = createHash('sha256').update('peanuts').digest();
  async backend() {
    return 'basic_text';
  }
  async isAvailable() {
    return true;
  }
  async encrypt(plaintext: string) {
    const cipher = createCipheriv('aes-256-cbc', this.key, Buffer.alloc(16, ' '));
    return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  }
  async decrypt(ciphertext: Buffer) {
    const decipher = createDecipheriv('aes-256-cbc', this.key, Buffer.alloc(16, ' '));
    const result = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    return { result, shouldReEncrypt: false };
  }
}
