// Quitting while a create waits for its answer (either host): ask, then wait or abandon.
import { describe, expect, it, vi } from 'vitest';
import type { Attempt } from '../../src/shared/domain';
import { quitQuestion, waitForCreatesBeforeQuit } from '../../src/main/core/create/waiting-creates';

const op = (name: string): Attempt => ({
  id: name,
  provider: 'weir',
  connectionId: 'c',
  connectionLabel: 'Weir',
  environment: 'staging',
  name,
  remoteId: null,
  state: 'pending',
  errorCode: null,
  errorMessage: null,
  startedAt: '2026-12-01T00:00:00.000Z',
  finishedAt: null,
});

function fakeCore(waiting: Attempt[]) {
  return {
    waitingCreates: vi.fn(() => waiting),
    abandonWaitingCreates: vi.fn(() => waiting.length),
    createsSettled: vi.fn(async () => {}),
  };
}

describe('waitForCreatesBeforeQuit', () => {
  it('nothing waiting: no question, nothing abandoned', async () => {
    const core = fakeCore([]);
    const ask = vi.fn();
    await waitForCreatesBeforeQuit(core, ask).before();
    expect(ask).not.toHaveBeenCalled();
    expect(core.abandonWaitingCreates).not.toHaveBeenCalled();
  });

  it('wait: nothing abandoned, and it waits for the creates to end', async () => {
    const core = fakeCore([op('a')]);
    await waitForCreatesBeforeQuit(core, async () => 'wait').before();
    expect(core.abandonWaitingCreates).not.toHaveBeenCalled();
    expect(core.createsSettled).toHaveBeenCalled();
  });

  it('quit anyway: every waiting create is abandoned', async () => {
    const core = fakeCore([op('a'), op('b')]);
    await waitForCreatesBeforeQuit(core, async () => 'quit').before();
    expect(core.abandonWaitingCreates).toHaveBeenCalledTimes(1);
  });

  it('asks once at a time: a repeat while the question is open does not ask twice', async () => {
    const core = fakeCore([op('a')]);
    let answer!: (choice: 'wait' | 'quit') => void;
    const ask = vi.fn(() => new Promise<'wait' | 'quit'>((resolve) => (answer = resolve)));
    const quitting = waitForCreatesBeforeQuit(core, ask);
    const before = quitting.before();
    quitting.onRepeat();
    expect(ask).toHaveBeenCalledTimes(1);
    answer('quit');
    await before;
    expect(core.abandonWaitingCreates).toHaveBeenCalledTimes(1);
  });
});

describe('quitQuestion', () => {
  it('names who is awaited and what quitting anyway costs', () => {
    expect(quitQuestion([op('Slow one')], 10)).toEqual({
      message: 'Keyhold is waiting for Weir AI to answer the create of “Slow one”.',
      detail: expect.stringMatching(/only copy of the client’s secret.*at most 10 minutes.*unknown/),
      buttons: ['Wait, then quit', 'Quit anyway'],
    });
    expect(quitQuestion([op('a'), op('b')], 5).message).toBe(
      'Keyhold is waiting for the answers to 2 creates.',
    );
  });
});
