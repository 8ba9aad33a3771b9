import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from './ports';
import { privateDir, privateFile } from './private-files';

// Logs redact secrets twice: by field name (anything named like a token or secret)
// and by value (every secret the vault has sealed or opened in this process).

const SECRET_FIELD = /token|secret|password|passwd|authorization|api[_-]?key|credential|private/i;
const REDACTED = '[redacted]';
const MAX_REMEMBERED = 512;

export class Redactor {
  private readonly values = new Set<string>();

  /** Remember a secret value so it is scrubbed wherever it appears. */
  add(value: string): void {
    // Very short values would redact ordinary words; real secrets are long.
    if (value.length < 6) return;
    // Bounded: the most recent secrets, not every one this process ever handled.
    this.values.delete(value);
    this.values.add(value);
    if (this.values.size > MAX_REMEMBERED) this.values.delete(this.values.values().next().value!);
  }

  forget(): void {
    this.values.clear();
  }

  text(input: string): string {
    let out = input;
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }

  fields(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return this.text(input);
    if (depth > 6 || input === null || typeof input !== 'object') return input;
    if (input instanceof Error) return { name: input.name, message: this.text(input.message) };
    if (Array.isArray(input)) return input.map((item) => this.fields(item, depth + 1));
    return Object.fromEntries(
      Object.entries(input).map(([key, value]) => [
        key,
        SECRET_FIELD.test(key) ? REDACTED : this.fields(value, depth + 1),
      ]),
    );
  }
}

type Level = 'info' | 'warn' | 'error';

/** JSON-lines logger; every line passes through the redactor. `file` null = stderr only. */
export function createLogger(redactor: Redactor, file: string | null, echo = false): Logger {
  if (file) {
    privateDir(dirname(file));
    privateFile(file);
  }
  const write = (level: Level, message: string, fields?: Record<string, unknown>) => {
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      message: redactor.text(message),
      ...(fields ? { fields: redactor.fields(fields) } : {}),
    });
    // The mode matters only if the file was removed meanwhile (it is then created again).
    if (file) appendFileSync(file, line + '\n', { mode: 0o600 });
    if (echo || !file) process.stderr.write(line + '\n');
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
