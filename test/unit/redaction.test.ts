import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/core/logger';
import { Redactor } from '../../src/main/core/redaction';
import { tempDir } from '../support/core';

describe('log redaction', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('redacts by field name and by value, at any depth', () => {
    const redactor = new Redactor();
    redactor.add('sk_live_very_secret_value');
    const file = join(dir.path, 'logs', 'k.log');
    const logger = createLogger(redactor, file);
    logger.info('got sk_live_very_secret_value back', {
      token: 'tok_plain',
      headers: { Authorization: 'Bearer abc' },
      nested: [{ note: 'value sk_live_very_secret_value inside' }],
      error: new Error('failed with sk_live_very_secret_value'),
      count: 3,
    });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('sk_live_very_secret_value');
    expect(text).not.toContain('tok_plain');
    expect(text).not.toContain('Bearer abc');
    expect(JSON.parse(text)).toMatchObject({ fields: { token: '[redacted]', count: 3 } });
  });

  it('does not redact very short values that would hide ordinary words', () => {
    const redactor = new Redactor();
    redactor.add('a');
    expect(redactor.text('a cat')).toBe('a cat');
  });
});
