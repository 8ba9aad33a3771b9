import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/domain';
import type { Db } from '../store/database';

/** Settings as one JSON value per key, over defaults; read once, written through. */
export class SettingsStore {
  private current: Settings;

  constructor(private readonly db: Db) {
    const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored: Record<string, unknown> = {};
    for (const row of rows) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A corrupt value falls back to its default.
      }
    }
    const parsed = settingsSchema.partial().safeParse(stored);
    this.current = { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.data : {}) };
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: Partial<Settings>): Settings {
    const write = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) write.run(key, JSON.stringify(value));
      }
    })();
    this.current = settingsSchema.parse({ ...this.current, ...patch });
    return this.get();
  }
}
