import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from './ports';
import type { Redactor } from './redaction';
import { privateDir, privateFile } from './private-files';

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
