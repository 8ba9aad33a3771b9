import type { Clock } from '../ports';

/** "Allow for this terminal" ends after this long without a request from it… */
export const GRANT_IDLE_MS = 10 * 60_000;
/** …and this long after it was given, whatever happens (1Password's model). */
export const GRANT_MAX_MS = 12 * 60 * 60_000;

/**
 * The terminals the user allowed, by terminal key (see peer.ts: on Linux the user, the session,
 * its leader's start time and the tty, so a terminal reopened on the same /dev/pts/N is another
 * one). Only in memory: a restart of Keyhold ends them all. Time comes from the Clock port.
 */
export class Grants {
  private readonly grants = new Map<string, { given: number; used: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly idleMs = GRANT_IDLE_MS,
    private readonly maxMs = GRANT_MAX_MS,
  ) {}

  give(key: string): void {
    const now = this.clock.now().getTime();
    this.grants.set(key, { given: now, used: now });
  }

  /** True, and the idle time starts again, if `key` holds a grant that has not ended. */
  use(key: string | null): boolean {
    if (key === null) return false;
    const grant = this.grants.get(key);
    if (!grant) return false;
    const now = this.clock.now().getTime();
    if (this.ended(grant, now)) {
      this.grants.delete(key);
      return false;
    }
    grant.used = now;
    return true;
  }

  /** Ends every grant (screen lock, suspend, quit, or the user's button); returns how many were live. */
  endAll(): number {
    const now = this.clock.now().getTime();
    const live = [...this.grants.values()].filter((grant) => !this.ended(grant, now)).length;
    this.grants.clear();
    return live;
  }

  private ended(grant: { given: number; used: number }, now: number): boolean {
    return now - grant.used >= this.idleMs || now - grant.given >= this.maxMs;
  }
}
