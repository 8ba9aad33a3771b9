// Connections through the core: what a token hint shows, and the per-connection client count.
import { describe, expect, it } from 'vitest';
import type { ClientDetail, Connection } from '../../src/shared/domain';
import { call, startTestCore } from '../support/core';
import { addConnection, createInput, startFakes } from '../support/fake-providers';

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
