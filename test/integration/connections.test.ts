// Connections through the core: what a token hint shows, and the per-connection client count.
import { describe, expect, it } from 'vitest';
import type { ClientDetail, Connection } from '../../src/shared/domain';
import { call, startTestCore } from '../support/core';
import { addConnection, createInput, dispatchError, startFakes } from '../support/fake-providers';

describe('connections', () => {
  it('never shows any part of a short token, and counts clients per connection', async () => {
    const fakes = await startFakes({ token: 'short' });
    const app = startTestCore();
    try {
      const connection = await addConnection(app.core, 'weir', fakes.weir);
      expect(connection.tokenHint).toBe('');
      await call<ClientDetail>(app.core, 'createClient', createInput('weir', connection.id));
      await call<ClientDetail>(app.core, 'createClient', createInput('weir', connection.id, 'staging'));
      const [listed] = await call<Connection[]>(app.core, 'listConnections');
      expect(listed!.clientCount).toBe(2);
    } finally {
      await app.dispose();
      await fakes.close();
    }
  });
});

// The base URL is what Keyhold puts before the provider's create path: Mythic's ends in /api/v1,
// Weir's is the host alone (Keyhold adds /org/create/client). A wrong one is refused on save.
describe('a base URL that cannot work is refused on save, on the field baseUrl', () => {
  it('a Mythic URL without /api/v1, and a Weir URL with the create path, on add and on update', async () => {
    const app = startTestCore();
    try {
      const token = 'tok_base_url_check_1234';
      const noVersion = await dispatchError(app.core, 'addConnection', {
        provider: 'mythic',
        label: 'Mythic',
        baseUrl: 'https://api.mythic-analytics.com',
        token,
      });
      expect(noVersion).toMatchObject({ code: 'validation', field: 'baseUrl' });
      expect(noVersion.message).toContain('ends in /api/v1');
      const createPath = await dispatchError(app.core, 'addConnection', {
        provider: 'weir',
        label: 'Weir',
        baseUrl: 'https://api.weir.ai/org/create/client/',
        token,
      });
      expect(createPath).toMatchObject({ code: 'validation', field: 'baseUrl' });
      expect(createPath.message).toContain('/org/create/client');
      expect(await call<Connection[]>(app.core, 'listConnections')).toEqual([]);

      // The documented ones are taken; an update is checked against the stored provider.
      const mythic = await call<Connection>(app.core, 'addConnection', {
        provider: 'mythic',
        label: 'Mythic',
        baseUrl: 'https://api.mythic-analytics.com/api/v1/',
        token,
      });
      expect(mythic.baseUrl).toBe('https://api.mythic-analytics.com/api/v1');
      const weir = await call<Connection>(app.core, 'addConnection', {
        provider: 'weir',
        label: 'Weir',
        baseUrl: 'https://api-dev.weir.ai',
        token,
      });
      const update = await dispatchError(app.core, 'updateConnection', {
        id: mythic.id,
        baseUrl: 'https://api.mythic-analytics.com/v2',
      });
      expect(update).toMatchObject({ code: 'validation', field: 'baseUrl' });
      expect(update.message).toContain('ends in /api/v1');
      const weirUpdate = await dispatchError(app.core, 'updateConnection', {
        id: weir.id,
        baseUrl: 'https://api-dev.weir.ai/org/create/client',
      });
      expect(weirUpdate).toMatchObject({ code: 'validation', field: 'baseUrl' });
      const stored = await call<Connection[]>(app.core, 'listConnections');
      expect(stored.map((c) => c.baseUrl).sort()).toEqual([
        'https://api-dev.weir.ai',
        'https://api.mythic-analytics.com/api/v1',
      ]);
    } finally {
      await app.dispose();
    }
  });
});
