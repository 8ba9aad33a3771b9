import { describe, expect, it } from 'vitest';
import {
  GRANT_IDLE_MS,
  GRANT_MAX_MS,
  Grants,
  LIST_SCOPE,
  type GrantNeed,
} from '../../src/main/core/cli-access/grants';
import { FakeClock } from '../support/fake-clock';

const MINUTE = 60_000;

const reads = (...scopes: string[]): GrantNeed => ({ scopes, unresolved: false });
const A = reads('a/secret_key');

describe('terminal grants', () => {
  it('hold for 10 minutes without a request, each request starting the 10 minutes again', () => {
    const clock = new FakeClock();
    const grants = new Grants(clock);
    grants.give('tty-a', A);
    clock.advance(GRANT_IDLE_MS - 1);
    expect(grants.use('tty-a', () => A)).toBe(true);
    clock.advance(GRANT_IDLE_MS - 1);
    expect(grants.use('tty-a', () => A)).toBe(true);
    clock.advance(GRANT_IDLE_MS);
    expect(grants.use('tty-a', () => A)).toBe(false);
    expect(grants.use('tty-a', () => A)).toBe(false);
  });

  it('end 12 hours after they were given, however busy the terminal', () => {
    const clock = new FakeClock();
    const grants = new Grants(clock);
    grants.give('tty-a', A);
    let elapsed = 0;
    for (; elapsed + 9 * MINUTE < GRANT_MAX_MS; elapsed += 9 * MINUTE) {
      clock.advance(9 * MINUTE);
      expect(
        grants.use('tty-a', () => A),
        `at ${(elapsed + 9 * MINUTE) / MINUTE} min`,
      ).toBe(true);
    }
    clock.advance(GRANT_MAX_MS - elapsed); // 12 hours to the millisecond, 6 minutes after the last use
    expect(grants.use('tty-a', () => A)).toBe(false);
  });

  it('cover their own terminal only, none without one, and all end at once', () => {
    const clock = new FakeClock();
    const grants = new Grants(clock);
    grants.give('tty-a', A);
    grants.give('tty-b', A);
    expect(grants.use('tty-c', () => A)).toBe(false);
    expect(grants.use(null, () => A)).toBe(false);
    clock.advance(GRANT_IDLE_MS);
    grants.give('tty-c', A);
    expect(grants.endAll()).toBe(1); // a and b had ended already
    expect(grants.use('tty-c', () => A)).toBe(false);
  });

  it('cover what the user allowed, field by field, listing only once a list was allowed, and widen with each allow', () => {
    const clock = new FakeClock();
    const grants = new Grants(clock);
    grants.give('tty-a', reads('a/secret_key', 'b/secret_key'));
    expect(grants.use('tty-a', () => reads('b/secret_key'))).toBe(true);
    expect(grants.use('tty-a', () => reads('a/secret_key', 'b/secret_key'))).toBe(true);
    // Another client, another field of an allowed one, every field (env), a list, a reference
    // that named nothing: each asks the user.
    expect(grants.use('tty-a', () => reads('a/secret_key', 'c/secret_key'))).toBe(false);
    expect(grants.use('tty-a', () => reads('a/client_id'))).toBe(false);
    expect(grants.use('tty-a', () => reads('a/*'))).toBe(false);
    expect(grants.use('tty-a', () => reads(LIST_SCOPE))).toBe(false);
    expect(grants.use('tty-a', () => ({ ...reads('a/secret_key'), unresolved: true }))).toBe(false);
    // Allowed for the terminal again, with c: the grant covers c too, and keeps its 12-hour end.
    clock.advance(9 * MINUTE);
    grants.give('tty-a', reads('c/secret_key'));
    expect(grants.covers('tty-a', reads('a/secret_key', 'b/secret_key', 'c/secret_key'))).toBe(true);
    for (let at = 18 * MINUTE; at <= GRANT_MAX_MS; at += 9 * MINUTE) {
      clock.advance(9 * MINUTE);
      grants.use('tty-a', () => A);
    }
    expect(grants.covers('tty-a', reads('c/secret_key'))).toBe(false);
    grants.give('tty-b', reads(LIST_SCOPE));
    expect(grants.use('tty-b', () => reads(LIST_SCOPE))).toBe(true);
    expect(grants.use('tty-b', () => A)).toBe(false);
  });

  it('look the request up only when the terminal holds a grant', () => {
    const grants = new Grants(new FakeClock());
    let lookups = 0;
    const need = () => (lookups++, A);
    expect(grants.use('tty-a', need)).toBe(false);
    expect(grants.use(null, need)).toBe(false);
    expect(lookups).toBe(0);
  });
});
