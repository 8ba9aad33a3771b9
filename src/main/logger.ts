// Console logger for the few messages main itself writes (the core keeps its own
// redacting file log). Messages are fixed strings written by us; of the fields it prints
// only numbers, booleans and a few allow-listed identifier strings. A payload, an object
// or a free-form string (which might hold a token) never reaches the console.
import type { Logger } from './core';

const STRING_FIELDS = new Set(['method', 'code', 'status', 'backend', 'provider', 'environment', 'error']);

export function safeFields(
  fields: Record<string, unknown> | undefined,
): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else if (typeof value === 'string' && STRING_FIELDS.has(key) && /^[\w.:-]{1,40}$/.test(value))
      out[key] = value;
  }
  return out;
}

export const consoleLogger: Logger = {
  info: (message, fields) => console.info(`[keyhold] ${message}`, safeFields(fields)),
  warn: (message, fields) => console.warn(`[keyhold] ${message}`, safeFields(fields)),
  error: (message, fields) => console.error(`[keyhold] ${message}`, safeFields(fields)),
};

/** A loggable identifier for an error (Chromium's net error code, Node's errno code, or its class). */
export function errorCode(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : typeof error;
}
