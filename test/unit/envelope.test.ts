import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { associatedData, open, seal } from '../../src/main/core/vault/envelope';

describe('vault envelope (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const aad = associatedData('client:a', 'secret_key');

  it('round-trips and uses a fresh nonce each time', () => {
    const first = seal(key, aad, 'sk_live_value');
    const second = seal(key, aad, 'sk_live_value');
    expect(open(key, aad, first)).toBe('sk_live_value');
    expect(first.nonce.equals(second.nonce)).toBe(false);
    expect(first.ciphertext.includes(Buffer.from('sk_live_value'))).toBe(false);
  });

  it('rejects a tampered ciphertext', () => {
    const sealed = seal(key, aad, 'sk_live_value');
    sealed.ciphertext[0]! ^= 0x01;
    expect(() => open(key, aad, sealed)).toThrow();
  });

  it('rejects a tampered tag or nonce', () => {
    const sealed = seal(key, aad, 'sk_live_value');
    const badTag = { ...sealed, ciphertext: Buffer.from(sealed.ciphertext) };
    badTag.ciphertext[badTag.ciphertext.length - 1]! ^= 0x80;
    expect(() => open(key, aad, badTag)).toThrow();
    const badNonce = { ...sealed, nonce: Buffer.from(sealed.nonce) };
    badNonce.nonce[0]! ^= 0x01;
    expect(() => open(key, aad, badNonce)).toThrow();
  });

  it('rejects a ciphertext moved to another row or field', () => {
    const sealed = seal(key, aad, 'sk_live_value');
    expect(() => open(key, associatedData('client:b', 'secret_key'), sealed)).toThrow();
    expect(() => open(key, associatedData('client:a', 'proxy_api_key'), sealed)).toThrow();
  });

  it('rejects another data key', () => {
    const sealed = seal(key, aad, 'sk_live_value');
    expect(() => open(randomBytes(32), aad, sealed)).toThrow();
  });
});
