import { describe, expect, it } from 'vitest';
import { errorCode, safeFields } from '../../src/main/logger';

describe('main console logger', () => {
  it('keeps numbers, booleans and allow-listed identifiers', () => {
    expect(safeFields({ method: 'copyField', code: 'auth', status: 401, ok: false })).toEqual({
      method: 'copyField',
      code: 'auth',
      status: 401,
      ok: false,
    });
  });

  it('drops payloads, objects and free-form strings', () => {
    expect(
      safeFields({
        token: 'wr_live_abcdef',
        secretKey: 'sk_123',
        payload: { name: 'x' },
        message: 'token sk_live_123 refused',
        code: 'has spaces sk_live',
      }),
    ).toEqual({});
  });

  it('names errors by code or class, never by message', () => {
    expect(errorCode(Object.assign(new Error('secret in message'), { code: 'ERR_FAILED' }))).toBe(
      'ERR_FAILED',
    );
    expect(errorCode(new TypeError('secret in message'))).toBe('TypeError');
    expect(errorCode('secret string')).toBe('string');
  });
});
