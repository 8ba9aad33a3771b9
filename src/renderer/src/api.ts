// The one place that talks to window.keyhold. Every method resolves with its value or
// rejects with an ApiError carrying the KeyholdErrorData the UI shows; a missing bridge or
// a bridge that throws becomes an ApiError too, so callers handle a single error shape.
import { METHODS, READ_ONLY_METHODS, type Method } from '../../shared/channels';
import type { InputOf, OutputOf } from '../../shared/contract';
import type { KeyholdErrorData } from '../../shared/errors';

export class ApiError extends Error {
  readonly data: KeyholdErrorData;
  constructor(data: KeyholdErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.data = data;
  }
}

export type Api = {
  [M in Method]: undefined extends InputOf<M>
    ? (input?: InputOf<M>) => Promise<OutputOf<M>>
    : (input: InputOf<M>) => Promise<OutputOf<M>>;
};

function bridge(): Record<string, ((input?: unknown) => Promise<unknown>) | undefined> | undefined {
  return (globalThis as { keyhold?: Record<string, (input?: unknown) => Promise<unknown>> }).keyhold;
}

type WriteListener = (method: Method) => void;
const writeListeners = new Set<WriteListener>();

/**
 * Calls `listener` after every call that may have changed the store (answered or not: a failed
 * call may still have written). For what the window keeps of the store, such as its copy of the
 * list index. Returns the unsubscribe function.
 */
export function onStoreWrite(listener: WriteListener): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}

async function call(method: Method, input: unknown): Promise<unknown> {
  if (READ_ONLY_METHODS.has(method)) return callBridge(method, input);
  try {
    return await callBridge(method, input);
  } finally {
    for (const listener of writeListeners) listener(method);
  }
}

async function callBridge(method: Method, input: unknown): Promise<unknown> {
  const fn = bridge()?.[method];
  if (typeof fn !== 'function') {
    throw new ApiError({ code: 'internal', message: 'Keyhold’s bridge is not available. Restart Keyhold.' });
  }
  let result: unknown;
  try {
    result = await fn(input);
  } catch (err) {
    throw new ApiError({
      code: 'internal',
      message: `Keyhold could not reach its core (${err instanceof Error ? err.message : String(err)}).`,
    });
  }
  const r = result as { ok?: unknown; value?: unknown; error?: KeyholdErrorData } | null;
  if (r && r.ok === true) return r.value;
  if (r && r.ok === false && r.error && typeof r.error.message === 'string') throw new ApiError(r.error);
  throw new ApiError({ code: 'internal', message: 'Keyhold’s core sent an answer the window cannot read.' });
}

export const api = Object.fromEntries(
  METHODS.map((method) => [method, (input?: unknown) => call(method, input)]),
) as unknown as Api;

/** Any thrown value as the error shape the UI shows. */
export function toError(err: unknown): KeyholdErrorData {
  if (err instanceof ApiError) return err.data;
  return { code: 'internal', message: err instanceof Error ? err.message : 'Something went wrong.' };
}
