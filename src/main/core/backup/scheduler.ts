// When backups run: a few seconds after the last change that added or changed a secret (at most
// a minute after the first of a burst), a day after the newest backup, a while after a failure,
// and when asked. One at a time: a change during a backup schedules the next one.
import type { Clock } from '../ports';

/** How a run ended: written, failed (retried later), or backups are off (nothing to do). */
export type RunOutcome = 'done' | 'failed' | 'off';

export const BACKUP_TIMING = {
  /** Quiet time after a change before the backup (creates in a row make one backup). */
  delayMs: 3_000,
  /** Longest a change waits while changes keep coming. */
  maxDelayMs: 60_000,
  dailyMs: 24 * 3600_000,
  retryMs: 15 * 60_000,
};

export class BackupScheduler {
  private timer: { cancel(): void } | null = null;
  private chain: Promise<void> = Promise.resolve();
  private running = false;
  /** Changes not in a backup that has started yet: since when, and the latest. */
  private dirty: { first: number; last: number } | null = null;
  /** When the next backup is due without any change: a day after the newest, or a retry. */
  private nextRegular: number | null = null;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<RunOutcome>,
    private readonly clock: Clock,
    private readonly timing = BACKUP_TIMING,
  ) {}

  /** A secret was added or changed (cheap: a restore calls it once per secret). */
  changed(): void {
    const now = this.clock.now().getTime();
    const timerSet = this.timer !== null && this.dirty !== null;
    this.dirty = { first: this.dirty?.first ?? now, last: now };
    // A timer for an earlier change looks again when it fires (see reschedule's callback).
    if (!timerSet) this.reschedule();
  }

  /** The newest backup was made at `at` (null: none yet): the next regular one is a day later. */
  lastBackupAt(at: Date | null): void {
    const now = this.clock.now().getTime();
    // None yet, or overdue: soon, but not in the middle of starting up.
    this.nextRegular = Math.max(now + this.timing.delayMs, (at?.getTime() ?? 0) + this.timing.dailyMs);
    this.reschedule();
  }

  /** A change is waiting, or a backup is being written. */
  busy(): boolean {
    return this.running || this.dirty !== null;
  }

  /** Runs a backup now (after the one running, if any); resolves when it has finished. */
  runNow(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    this.chain = this.chain.then(() => this.execute());
    return this.chain;
  }

  /** No more timers. With `flush`, a waiting change is backed up first; resolves when done. */
  async stop({ flush }: { flush: boolean }): Promise<void> {
    if (flush && this.dirty) void this.runNow();
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    await this.chain;
  }

  private async execute(): Promise<void> {
    this.running = true;
    this.dirty = null;
    let outcome: RunOutcome;
    try {
      outcome = await this.run();
    } catch {
      outcome = 'failed'; // run records its own failures; this is a last resort
    } finally {
      this.running = false;
    }
    const now = this.clock.now().getTime();
    if (outcome === 'done') this.nextRegular = now + this.timing.dailyMs;
    else if (outcome === 'failed') this.nextRegular = now + this.timing.retryMs;
    else this.nextRegular = null; // off: nothing until a change or until backups are set up
    this.reschedule();
  }

  /** When the next backup is due; Infinity when none is. */
  private dueAt(): number {
    const afterChange = this.dirty
      ? Math.min(this.dirty.last + this.timing.delayMs, this.dirty.first + this.timing.maxDelayMs)
      : Infinity;
    return Math.min(afterChange, this.nextRegular ?? Infinity);
  }

  private reschedule(): void {
    if (this.stopped || this.running) return; // a run reschedules when it ends
    this.timer?.cancel();
    this.timer = null;
    const at = this.dueAt();
    if (at === Infinity) return;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        // Changes since this timer was set may have moved the moment later.
        if (this.dueAt() > this.clock.now().getTime()) this.reschedule();
        else void this.runNow();
      },
      Math.max(0, at - this.clock.now().getTime()),
    );
  }
}
