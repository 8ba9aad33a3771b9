import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { fakeEvent } from './fake-electron';
import { runBeforeQuit } from '../../src/main/quit';

vi.mock('electron', () => import('./fake-electron'));

function fakeApp() {
  const emitter = new EventEmitter();
  const app = { on: emitter.on.bind(emitter), quit: vi.fn() };
  const quit = () => {
    const event = fakeEvent({});
    emitter.emit('before-quit', event);
    return event.preventDefault;
  };
  return { app, quit };
}

describe('runBeforeQuit', () => {
  it('holds the quit until the task finishes, then quits for real', async () => {
    const { app, quit } = fakeApp();
    let finish: () => void = () => {};
    const task = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    runBeforeQuit(app as never, task);

    expect(quit()).toHaveBeenCalled();
    await vi.waitFor(() => expect(task).toHaveBeenCalledTimes(1));
    expect(quit()).toHaveBeenCalled(); // a second Cmd+Q while shutting down
    await Promise.resolve();
    expect(task).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();

    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(quit()).not.toHaveBeenCalled(); // the re-issued quit goes through
  });

  it('quits anyway when the task fails or hangs', async () => {
    const { app, quit } = fakeApp();
    const onError = vi.fn();
    runBeforeQuit(app as never, () => new Promise<void>(() => {}), { timeoutMs: 20, onError });
    quit();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(onError).toHaveBeenCalledWith(expect.any(Error));

    const second = fakeApp();
    runBeforeQuit(
      second.app as never,
      () => {
        throw new Error('sync failure');
      },
      { onError },
    );
    second.quit();
    await vi.waitFor(() => expect(second.app.quit).toHaveBeenCalledTimes(1));
  });

  it('runs `before` first, unbounded; a quit asked for meanwhile calls onRepeat; the timeout bounds the task only', async () => {
    const { app, quit } = fakeApp();
    let release: () => void = () => {};
    const before = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const onRepeat = vi.fn();
    const task = vi.fn(async () => {});
    runBeforeQuit(app as never, task, { before, onRepeat, timeoutMs: 20 });
    quit();
    await vi.waitFor(() => expect(before).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 60)); // longer than the task's timeout
    expect(app.quit).not.toHaveBeenCalled();
    expect(quit()).toHaveBeenCalled();
    expect(onRepeat).toHaveBeenCalledTimes(1);
    expect(task).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(task).toHaveBeenCalledTimes(1);
  });
});
