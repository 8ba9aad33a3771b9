// Creates whose request is on its way or waiting for the provider's answer. They are listed
// (the window shows "still waiting…" even after its dialog closed), shutdown waits for them
// (their answer carries the only copy of a secret), and quitting anyway abandons them, which
// journals them as unknown.
import type { Attempt } from '../../../shared/domain';

export interface CreateInFlight {
  /** Aborted when the user quits without waiting. */
  readonly signal: AbortSignal;
  abandoned(): boolean;
  /** The answer arrived: from here on the create is saving, not waiting. */
  received(): void;
  end(): void;
}

interface Entry {
  attempt: Attempt;
  controller: AbortController;
  waiting: boolean;
}

export class CreatesInFlight {
  private readonly entries = new Map<string, Entry>();
  private readonly work = new Set<Promise<unknown>>();

  start(attempt: Attempt): CreateInFlight {
    const entry: Entry = { attempt, controller: new AbortController(), waiting: true };
    this.entries.set(attempt.id, entry);
    return {
      signal: entry.controller.signal,
      abandoned: () => entry.controller.signal.aborted,
      received: () => (entry.waiting = false),
      end: () => this.entries.delete(attempt.id),
    };
  }

  /** Attempts still waiting for an answer, oldest first. */
  waiting(): Attempt[] {
    return [...this.entries.values()].filter((entry) => entry.waiting).map((entry) => entry.attempt);
  }

  /** Stops waiting for every answer (quit anyway); returns how many were abandoned. */
  abandonAll(): number {
    const waiting = [...this.entries.values()].filter((entry) => entry.waiting);
    for (const entry of waiting) entry.controller.abort();
    return waiting.length;
  }

  /** Keeps `promise` until it settles, so shutdown can wait for it. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.work.add(promise);
    void promise.catch(() => {}).finally(() => this.work.delete(promise));
    return promise;
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.work]);
  }
}
