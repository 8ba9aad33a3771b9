// Importing a client through the core: the same client (same provider, same remote id — what a
// restore also takes as the same client) is refused, naming the one already kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientDetail, ClientSummary, Connection } from '../../src/shared/domain';
import { call, startTestCore, type TestCore } from '../support/core';
import { dispatchError } from '../support/fake-providers';

describe('import: the same client twice', () => {
  let app: TestCore;
  beforeEach(() => {
    app = startTestCore();
  });
  afterEach(() => app.dispose());

  const weirClient = (over: Record<string, unknown> = {}) => ({
    provider: 'weir',
    connectionId: null,
    environment: 'staging',
    name: 'Billing API',
    remoteId: 'cli_123456789',
    publicId: 'V2ndYYV7PMQVjqyTsk2QkokCv',
    secret: 'sk_first_secret_value_1',
    ...over,
  });

  it('is refused on the field remoteId, naming the kept client and its environment; nothing changes', async () => {
    const connection = await call<Connection>(app.core, 'addConnection', {
      provider: 'weir',
      label: 'Weir staging',
      baseUrl: 'https://api.weir.ai',
      token: 'tok_import_twice_1234',
    });
    const first = await call<ClientDetail>(
      app.core,
      'importClient',
      weirClient({ connectionId: connection.id }),
    );
    const again = await dispatchError(
      app.core,
      'importClient',
      weirClient({ name: 'Billing again', environment: 'production', secret: 'sk_second_secret_value_2' }),
    );
    expect(again).toMatchObject({ code: 'validation', field: 'remoteId' });
    expect(again.message).toContain('“Billing API”');
    expect(again.message).toContain('Staging');
    expect(again.message).toContain('Weir staging');

    const listed = await call<{ items: ClientSummary[] }>(app.core, 'listClients', {
      environment: 'production',
    });
    expect(listed.items).toEqual([]);
    const { value } = await call<{ value: string }>(app.core, 'revealSecret', {
      clientId: first.id,
      field: 'secret_key',
    });
    expect(value).toBe('sk_first_secret_value_1');
  });

  it('an archived client counts too; another provider or another remote id is another client', async () => {
    const kept = await call<ClientDetail>(app.core, 'importClient', weirClient());
    await call(app.core, 'setClientArchived', { id: kept.id, archived: true });
    const archived = await dispatchError(app.core, 'importClient', weirClient());
    expect(archived.message).toContain('archived');

    await call<ClientDetail>(app.core, 'importClient', weirClient({ remoteId: 'cli_987654321' }));
    await call<ClientDetail>(
      app.core,
      'importClient',
      weirClient({ provider: 'mythic', remoteId: 'cli_123456789', publicId: 'pk_other' }),
    );
  });
});
