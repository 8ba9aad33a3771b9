import type { Clock } from '../ports';

/** "Allow for this terminal" ends after this long without a request from it… */
export const GRANT_IDLE_MS = 10 * 60_000;
/** …and this long after it was given, whatever happens (1Password's model). */
export const GRANT_MAX_MS = 12 * 60 * 60_000;

/** The scope of `keyhold list`; a read's scopes are `<client id>/<field>` or `<client id>/*`. */
export const LIST_SCOPE = 'list';

/**
 * What a request needs a grant to cover: what it reads, one scope each, and whether one of its
 * references was not looked up or named nothing (only the user can answer that).
 */
export interface GrantNeed {
  scopes: readonly string[];
  unresolved: boolean;
}

interface Grant {
  given: number;
  used: number;
  scopes: Set<string>;
}

/**
 * The terminals the user allowed, by terminal key (see peer.ts: on Linux the user, the session,
 * its leader's start time and the tty, so a terminal reopened on the same /dev/pts/N is another
 * one), each for what the user saw in the dialogs they allowed: the fields those requests read
 * (every field of a client for `keyhold env`), and listing if one was `keyhold list`. A request
 * for anything else from that terminal asks again; allowing it for the terminal widens the grant. Only in memory: a restart of Keyhold ends
 * them all. Time comes from the Clock port.
 */
export class Grants {
  private readonly grants = new Map<string, Grant>();

  constructor(
    private readonly clock: Clock,
    private readonly idleMs = GRANT_IDLE_MS,
    private readonly maxMs = GRANT_MAX_MS,
  ) {}

  /** Allows `key` what `need` asks, beside what its live grant covers (which keeps its start). */
  give(key: string, need: GrantNeed): void {
    const now = this.clock.now().getTime();
    const grant = this.live(key, now) ?? { given: now, used: now, scopes: new Set() };
    grant.used = now;
    for (const scope of need.scopes) grant.scopes.add(scope);
    this.grants.set(key, grant);
  }

  /** Whether `key` holds a live grant that covers `need`; told nothing about time passing. */
  covers(key: string, need: GrantNeed): boolean {
    const grant = this.live(key, this.clock.now().getTime());
    return grant !== null && coveredBy(grant, need);
  }

  /**
   * True, and the idle time starts again, if `key` holds a live grant that covers what `need()`
   * says (asked only when there is a grant: looking references up costs a query each).
   */
  use(key: string | null, need: () => GrantNeed): boolean {
    if (key === null) return false;
    const now = this.clock.now().getTime();
    const grant = this.live(key, now);
    if (!grant || !coveredBy(grant, need())) return false;
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

  /** `key`'s grant if it has not ended (an ended one is forgotten). */
  private live(key: string, now: number): Grant | null {
    const grant = this.grants.get(key);
    if (!grant) return null;
    if (!this.ended(grant, now)) return grant;
    this.grants.delete(key);
    return null;
  }

  private ended(grant: Grant, now: number): boolean {
    return now - grant.used >= this.idleMs || now - grant.given >= this.maxMs;
  }
}

function coveredBy(grant: Grant, need: GrantNeed): boolean {
  return !need.unresolved && need.scopes.every((scope) => grant.scopes.has(scope));
}
