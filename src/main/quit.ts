// Runs async work before the app quits. Electron does not await 'before-quit' listeners, so the
// first quit is postponed, the work runs, and the quit is issued again. Two parts:
// - `before` (optional, unbounded): what the user chose to wait for, e.g. a create's answer;
//   a quit asked for again meanwhile calls `onRepeat` (to ask whether to stop waiting);
// - `task`, bounded by a timeout: a hung keyring must not keep a zombie process alive.
import type { App } from 'electron';

export interface BeforeQuitOptions {
  before?: () => Promise<void>;
  onRepeat?: () => void;
  timeoutMs?: number;
  onError?: (error: unknown) => void;
}

export function runBeforeQuit(
  app: Pick<App, 'on' | 'quit'>,
  task: () => Promise<void>,
  options: BeforeQuitOptions = {},
): void {
  let state: 'running' | 'waiting' | 'shutting-down' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'waiting') return options.onRepeat?.();
    if (state === 'shutting-down') return;
    state = 'waiting';
    void Promise.resolve()
      .then(() => options.before?.())
      .catch((error: unknown) => options.onError?.(error))
      .then(() => {
        state = 'shutting-down';
        return withTimeout(Promise.resolve().then(task), options.timeoutMs ?? 5000);
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        state = 'done';
        app.quit();
      });
  });
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`shutdown took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
