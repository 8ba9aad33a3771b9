import type { z } from 'zod';
import type { Method } from '../../shared/channels';
import { contract, type Handlers } from '../../shared/contract';
import { KeyholdError, type KeyholdErrorData, type Result } from '../../shared/errors';
import type { Logger } from './ports';
import { isStoreUnavailable, storeBusyError } from './store/store-errors';

export type Dispatch = (method: string, payload: unknown) => Promise<Result<unknown>>;

const fail = (error: KeyholdErrorData): Result<never> => ({ ok: false, error });

/** The one entry point from outside (ipcMain and the browser host): parse, run, wrap. */
export function createDispatch(handlers: Handlers, logger: Logger): Dispatch {
  return async (method, payload) => {
    if (typeof method !== 'string' || !Object.hasOwn(contract, method)) {
      const name = typeof method === 'string' ? method.slice(0, 64) : typeof method;
      return fail({ code: 'unknown_channel', message: `Unknown method "${name}".` });
    }
    const spec = contract[method as Method];
    let input: ReturnType<typeof spec.input.safeParse>;
    try {
      input = spec.input.safeParse(payload);
    } catch {
      // Parsing a hostile payload can exhaust the stack (absurdly deep nesting): refuse it.
      return fail({ code: 'validation', message: 'The request is nested too deeply.' });
    }
    if (!input.success) return fail(validationError(input.error));
    try {
      const handler = handlers[method as Method] as (input: unknown) => Promise<unknown>;
      const output = spec.output.safeParse(await handler(input.data));
      if (output.success) return { ok: true, value: output.data };
      logger.error('handler output broke the contract', { method, issues: output.error.issues.length });
    } catch (error) {
      if (error instanceof KeyholdError) return fail(error.data);
      // Another program holding the store is no bug: say so (a write that failed changed nothing).
      if (isStoreUnavailable(error)) return fail(storeBusyError(error).data);
      logger.error('unexpected failure', { method, error });
    }
    return fail({ code: 'internal', message: 'Keyhold hit an unexpected error. Details are in the log.' });
  };
}

const MAX_ECHO = 200;
const clip = (text: string) => (text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text);

/** The first issue, with its path as the field the UI can point at; never echoes much input. */
export function validationError(error: z.ZodError): KeyholdErrorData {
  const issue = error.issues[0];
  const field = clip(issue?.path.map(String).join('.') ?? '') || undefined;
  const message = clip(issue?.message ?? 'Invalid input');
  return {
    code: 'validation',
    message: field ? `${field}: ${message}` : message,
    ...(field ? { field } : {}),
  };
}
