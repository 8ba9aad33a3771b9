// Settings through the core, across a restart of a real store.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../src/shared/domain';
import { call, startTestCore } from '../support/core';

describe('settings', () => {
  it('a corrupt stored value falls back to its own default only', async () => {
    let app = startTestCore();
    try {
      await call<Settings>(app.core, 'updateSettings', { clipboardClearSeconds: 45, theme: 'dark' });
      await app.core.shutdown();
      const db = new Database(join(app.dataDir, 'keyhold.db'));
      db.prepare(`UPDATE settings SET value = '{broken' WHERE key = 'theme'`).run();
      db.close();
      app = await app.restart();
      expect(await call<Settings>(app.core, 'getSettings')).toMatchObject({
        clipboardClearSeconds: 45,
        theme: 'system',
      });
    } finally {
      await app.dispose();
    }
  });
});
