// When automatic backups run (src/main/core/backup/scheduler.ts), on fake timers: a few seconds
// after the last change of a burst (at most a minute after its first), a day after the newest
// backup, a while after a failure, one at a time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/main/core/ports';
import { BACKUP_TIMING, BackupScheduler, type RunOutcome } from '../../src/main/core/backup/scheduler';

const { delayMs, maxDelayMs, dailyMs, retryMs } = BACKUP_TIMING;

describe('backup scheduler', () => {
  let runs: number;
  let outcome: RunOutcome;
  let release: (() => void) | null;
  let slow: boolean;
  let scheduler: BackupScheduler;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    runs = 0;
    outcome = 'done';
    release = null;
    slow = false;
    scheduler = new BackupScheduler(async () => {
      runs += 1;
      if (slow) await new Promise<void>((resolve) => (release = resolve));
      return outcome;
    }, systemClock);
  });
  afterEach(async () => {
    await scheduler.stop({ flush: false });
    vi.useRealTimers();
  });

  it('backs up a few seconds after a change, once for a burst of changes', async () => {
    scheduler.changed();
    expect(scheduler.busy()).toBe(true);
    await vi.advanceTimersByTimeAsync(delayMs - 1);
    scheduler.changed(); // another change moves it on
    await vi.advanceTimersByTimeAsync(delayMs - 1);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    expect(scheduler.busy()).toBe(false);
  });

  it('does not wait more than a minute while changes keep coming', async () => {
    for (let at = 0; at < maxDelayMs; at += delayMs / 2) {
      scheduler.changed();
      await vi.advanceTimersByTimeAsync(delayMs / 2);
    }
    expect(runs).toBe(1);
  });

  it('backs up a day after the newest backup, and soon when the newest is older', async () => {
    scheduler.lastBackupAt(new Date(Date.now() - dailyMs + 60_000));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    // The next one a day after that.
    await vi.advanceTimersByTimeAsync(dailyMs - 1);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);

    const overdue = new BackupScheduler(async () => {
      runs += 1;
      return 'done';
    }, systemClock);
    overdue.lastBackupAt(null);
    await vi.advanceTimersByTimeAsync(delayMs);
    expect(runs).toBe(3);
    await overdue.stop({ flush: false });
  });

  it('tries again a while after a failure, and stops when backups are off', async () => {
    outcome = 'failed';
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(delayMs);
    expect(runs).toBe(1);
    outcome = 'off';
    await vi.advanceTimersByTimeAsync(retryMs);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(dailyMs * 3);
    expect(runs).toBe(2);
  });

  it('runs one backup at a time: a change during one schedules the next', async () => {
    slow = true;
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(delayMs);
    expect(runs).toBe(1);
    scheduler.changed();
    const now = scheduler.runNow(); // queued behind the one running
    await vi.advanceTimersByTimeAsync(delayMs * 10);
    expect(runs).toBe(1);
    slow = false;
    release!();
    await now;
    expect(runs).toBe(2);
    expect(scheduler.busy()).toBe(false);
  });

  it('at shutdown, backs up a waiting change first, then sets no more timers', async () => {
    scheduler.changed();
    await scheduler.stop({ flush: true });
    expect(runs).toBe(1);
    scheduler.changed();
    await vi.advanceTimersByTimeAsync(dailyMs);
    expect(runs).toBe(1);
  });
});
