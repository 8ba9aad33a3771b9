import { describe, expect, it } from 'vitest';
import { GRANT_IDLE_MS, GRANT_MAX_MS, Grants } from '../../src/main/core/cli-access/grants';
import { FakeClock } from '../support/fake-clock';

const MINUTE = 60_000;

describe('terminal grants', () => {
  it('hold for 10 minutes without a request, each request starting the 10 minutes again', () => {
    const clock = new FakeClock();
    const grants = new Grants(clock);
    grants.give('tty-a');
    clock.advance(GRANT_IDLE_MS - 1);
    expect(grants.use('tty-a')).toBe(true);
    clock.advance(GRANT_IDLE_MS - 1);
    expect(grants.use('tty-a')).toBe(true);
    clock.advance(GRANT_IDLE_MS);
    expect(grants.use('tty-a')).toBe(false);
    expect(grants.use('tty-a')).toBe(false);
  });

  it('end 12 hours after they were given, however busy the terminal', () => {
    const clock = new FakeClock();
    const grants = new Grants(clock);
    grants.give('tty-a');
    let elapsed = 0;
    for (; elapsed + 9 * MINUTE < GRANT_MAX_MS; elapsed += 9 * MINUTE) {
      clock.advance(9 * MINUTE);
      expect(grants.use('tty-a'), `at ${(elapsed + 9 * MINUTE) / MINUTE} min`).toBe(true);
    }
    clock.advance(GRANT_MAX_MS - elapsed); // 12 hours to the millisecond, 6 minutes after the last use
    expect(grants.use('tty-a')).toBe(false);
  });

  it('cover their own terminal only, none without one, and all end at once', () => {
    const clock = new FakeClock();
    const grants = new Grants(clock);
    grants.give('tty-a');
    grants.give('tty-b');
    expect(grants.use('tty-c')).toBe(false);
    expect(grants.use(null)).toBe(false);
    clock.advance(GRANT_IDLE_MS);
    grants.give('tty-c');
    expect(grants.endAll()).toBe(1); // a and b had ended already
    expect(grants.use('tty-c')).toBe(false);
  });
});
