// Through the core: "Copy as .env" puts on the clipboard a file that `dotenv`
// reads back as exactly the client's fields and secret (read from the real vault), and a client
// whose values a .env file cannot hold is refused with the field named, the clipboard untouched.
import { parse } from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientDetail } from '../../src/shared/domain';
import { call, startTestCore, type TestCore } from '../support/core';
import { dispatchError } from '../support/fake-providers';

describe('copy a client as .env or JSON (real SQLite, real keyring)', () => {
  let app: TestCore;
  const importClient = (over: Record<string, unknown>) =>
    call<ClientDetail>(app.core, 'importClient', {
      provider: 'mythic',
      connectionId: null,
      environment: 'staging',
      name: 'Acme # retail',
      remoteId: 'acme-retail',
      publicId: 'pk_a1b2 c3d4',
      secret: 'sk_f6e5$d4c3"b2a1',
      ...over,
    });

  beforeAll(() => {
    app = startTestCore();
  });
  afterAll(() => app.dispose());

  it('copies a .env file that dotenv reads back exactly', async () => {
    const client = await importClient({});
    await call(app.core, 'copyClientAs', { id: client.id, format: 'env' });
    const text = app.clipboard.text;
    expect(text.split('\n')[0]).toBe('# Acme # retail (mythic, staging) — exported by Keyhold');
    for (const options of [{}, { fast: true }]) {
      expect(parse(text, options)).toEqual({
        MYTHIC_CLIENT_ID: 'acme-retail',
        MYTHIC_PUBLISHABLE_KEY: 'pk_a1b2 c3d4',
        MYTHIC_SECRET_KEY: 'sk_f6e5$d4c3"b2a1',
      });
    }
  });

  it('refuses a .env it cannot write exactly, naming the field, and leaves the clipboard alone', async () => {
    const client = await importClient({ remoteId: 'acme-2', publicId: "pk_O'Brien" });
    app.clipboard.clear();
    const error = await dispatchError(app.core, 'copyClientAs', { id: client.id, format: 'env' });
    expect(error).toMatchObject({ code: 'validation', field: 'format' });
    expect(error.message).toMatch(/^"Publishable key" holds a character .* Copy as JSON instead/);
    expect(app.clipboard.text).toBe('');

    await call(app.core, 'copyClientAs', { id: client.id, format: 'json' });
    expect(JSON.parse(app.clipboard.text)).toMatchObject({ publishable_key: "pk_O'Brien" });
  });
});
