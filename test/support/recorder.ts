// Wraps a core's dispatch and keeps every (method, result) pair, so a test can check that no
// response carries a secret it should not.
import type { Core } from '../../src/main/core';
import type { Result } from '../../src/shared/errors';

export interface Recorded {
  method: string;
  result: Result<unknown>;
}

export interface Recorder {
  responses: Recorded[];
  dispatch(method: string, payload?: unknown): Promise<Result<unknown>>;
  /** Dispatches and unwraps, failing with the error's code and message. */
  call<T = unknown>(method: string, payload?: unknown): Promise<T>;
}

export function recordDispatch(core: () => Core): Recorder {
  const responses: Recorded[] = [];
  const dispatch = async (method: string, payload?: unknown) => {
    const result = await core().dispatch(method, payload);
    responses.push({ method, result });
    return result;
  };
  return {
    responses,
    dispatch,
    async call<T>(method: string, payload?: unknown) {
      const result = await dispatch(method, payload);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
      return result.value as T;
    },
  };
}
