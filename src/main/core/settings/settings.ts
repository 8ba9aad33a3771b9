import type { z } from 'zod';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/domain';
import type { Db } from '../store/database';

/** Settings as one JSON value per key, over defaults; read once, written through. */
export class SettingsStore {
  private current: Settings;

  constructor(private readonly db: Db) {
    const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const current: Settings = { ...DEFAULT_SETTINGS };
    const fields = settingsSchema.shape as Record<string, z.ZodType>;
    for (const row of rows) {
      // Each value on its own: a corrupt or stale one falls back to its default alone.
      if (!Object.hasOwn(fields, row.key)) continue;
      const parsed = fields[row.key]!.safeParse(parseJson(row.value));
      if (parsed.success) Object.assign(current, { [row.key]: parsed.data });
    }
    this.current = current;
  }

  get(): Settings {
    return { ...this.current };
  }

  /** The settings this store ever wrote (the rest are defaults); a restore leaves those alone. */
  storedKeys(): Set<string> {
    return new Set(this.db.prepare('SELECT key FROM settings').pluck().all() as string[]);
  }

  update(patch: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.current, ...patch });
    const write = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) write.run(key, JSON.stringify(value));
      }
    })();
    this.current = next;
    return this.get();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
