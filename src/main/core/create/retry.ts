// Retries a store write in the background until it succeeds: for work that must not be dropped
// just because another program holds the database right now.
import type { Clock } from '../ports';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/**
 * Runs `attempt` now (or first after the initial delay, with `later`) and, while it throws,
 * again later (backoff from 0.5 s to 10 s), until it succeeds or the returned `cancel` is
 * called. `onFailure` hears every failed attempt.
 */
export function retryUntilDone(
  attempt: () => void,
  clock: Clock,
  onFailure: (error: unknown) => void,
  options: { later?: boolean } = {},
): { cancel(): void; done(): boolean } {
  let timer: { cancel(): void } | null = null;
  let finished = false;
  let delay = FIRST_RETRY_MS;
  const run = () => {
    timer = null;
    try {
      attempt();
      finished = true;
    } catch (error) {
      onFailure(error);
      timer = clock.setTimeout(run, delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  };
  if (options.later) timer = clock.setTimeout(run, delay);
  else run();
  return {
    cancel: () => {
      timer?.cancel();
      timer = null;
    },
    done: () => finished,
  };
}
