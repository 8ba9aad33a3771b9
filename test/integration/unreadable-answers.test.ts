// Answers nested too deeply to read: a 2xx that may carry a secret Keyhold cannot get at is an
// unknown outcome, never a plain failure, and an error body still gives a clear status error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attempt } from '../../src/shared/domain';
import { call, startTestCore } from '../support/core';
import { addConnection, createInput, dispatchError, startFakes, type Fakes } from '../support/fake-providers';

describe('answers nested too deeply to read', () => {
  let fakes: Fakes;
  beforeAll(async () => {
    fakes = await startFakes();
  });
  afterAll(() => fakes.close());

  it('a 2xx answer nested too deeply to read is journalled as unknown, not failed', async () => {
    const app = startTestCore();
    try {
      const connection = await addConnection(app.core, 'mythic', fakes.mythic);
      const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
      fakes.mythic.inject({ status: 201, body: `{"success":true,"data":{"api_metadata":${deep}}}` });
      const error = await dispatchError(app.core, 'createClient', createInput('mythic', connection.id));
      expect(error).toMatchObject({ code: 'malformed_response', outcomeUnknown: true });
      const unknown = await call<Attempt[]>(app.core, 'listAttempts');
      expect(unknown.map((attempt) => attempt.state)).toEqual(['unknown']);
    } finally {
      await app.dispose();
    }
  });

  it('an error body nested too deeply still gives a clear status error', async () => {
    const app = startTestCore();
    try {
      const connection = await addConnection(app.core, 'weir', fakes.weir);
      fakes.weir.inject({ status: 500, body: '{"error":'.repeat(20_000) + '1' + '}'.repeat(20_000) });
      const error = await dispatchError(app.core, 'createClient', createInput('weir', connection.id));
      expect(error.code).toBe('server');
    } finally {
      await app.dispose();
    }
  });
});
