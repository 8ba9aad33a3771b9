// Runs an async task (core.shutdown: clear our secret from the clipboard, close the store)
// before the app quits. Electron does not await 'before-quit' listeners, so the first quit
// is postponed, the task runs (bounded by a timeout: a hung keyring must not keep a
// zombie process alive), and the quit is issued again.
import type { App } from 'electron';

export function runBeforeQuit(
  app: Pick<App, 'on' | 'quit'>,
  task: () => Promise<void>,
  options: { timeoutMs?: number; onError?: (error: unknown) => void } = {},
): void {
  let state: 'running' | 'shutting-down' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'shutting-down') return;
    state = 'shutting-down';
    void withTimeout(Promise.resolve().then(task), options.timeoutMs ?? 5000)
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
