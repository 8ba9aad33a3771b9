// What a create received but the database would not take yet: held in a rescue file (durable,
// sealed) and in memory, and written to the store as soon as it can be — retried in the
// background while Keyhold runs, and at every start. Nothing here ever discards a record it
// could not apply.
import type { Clock, Logger } from '../ports';
import type { RescueFiles, RescueRecord } from './rescue-files';
import { retryUntilDone } from './retry';

export interface Held {
  record: RescueRecord;
  /** False when even the rescue file could not be written: only this process holds it. */
  durable: boolean;
}

export class Rescue {
  private readonly held = new Map<string, Held & { retry: { cancel(): void } }>();

  constructor(
    private readonly files: RescueFiles,
    /** Writes one record to the store, in one transaction, idempotently; throws if the store refuses. */
    private readonly apply: (record: RescueRecord) => void,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** At start: every record an earlier run left, applied now or held for the retries. */
  recover(): { applied: number; held: number } {
    const { records, unreadable } = this.files.read();
    for (const name of unreadable) this.logger.error('rescue: unreadable file kept as is', { name });
    for (const record of records) this.keep({ record, durable: true }, { later: false });
    return { applied: records.length - this.held.size, held: this.held.size };
  }

  /**
   * Keeps a record the store refused: durable in a rescue file before this returns (unless even
   * that fails), and retried until the store takes it. Returns whether the file was written.
   */
  hold(record: RescueRecord): boolean {
    const durable = this.writeFile(record);
    // The store just refused it: the first retry comes after a pause.
    this.keep({ record, durable }, { later: true });
    return durable;
  }

  /** Records received but not yet in the store. */
  list(): Held[] {
    return [...this.held.values()].map(({ record, durable }) => ({ record, durable }));
  }

  /** Stops the retries (at shutdown); held records stay in their files for the next start. */
  stop(): void {
    for (const held of this.held.values()) held.retry.cancel();
  }

  private keep(held: Held, when: { later: boolean }): void {
    const { attemptId } = held.record;
    const retry = retryUntilDone(
      () => {
        if (!held.durable) held.durable = this.writeFile(held.record);
        this.apply(held.record);
        this.held.delete(attemptId);
        this.removeFile(attemptId);
      },
      this.clock,
      (error) => this.logger.warn('rescue: the store refused a held record; retrying', { attemptId, error }),
      when,
    );
    if (!retry.done()) this.held.set(attemptId, { ...held, retry });
  }

  /** Applied: the file has done its job. Failing to remove it is harmless (applying is idempotent). */
  private removeFile(attemptId: string): void {
    try {
      this.files.remove(attemptId);
    } catch (error) {
      this.logger.warn('rescue: could not remove an applied rescue file', { error });
    }
  }

  private writeFile(record: RescueRecord): boolean {
    try {
      this.files.write(record);
      return true;
    } catch (error) {
      this.logger.error('rescue: could not write a rescue file; holding it in memory', {
        attemptId: record.attemptId,
        error,
      });
      return false;
    }
  }
}
