// The desktop app's CLI adapter: the socket starts, and grants end when the user is away.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AWAY_EVENTS, endGrantsWhenAway, LOCK_POLL_MS, startCliAccess } from '../../src/main/cli-access';

function powerMonitor(idle = 'active') {
  const monitor = new EventEmitter() as EventEmitter & { getSystemIdleState: ReturnType<typeof vi.fn> };
  monitor.getSystemIdleState = vi.fn(() => idle);
  return monitor;
}
const cli = () => ({
  listen: vi.fn(async (_options?: { socket?: string }) => ({ socket: 's', ownPath: false, notice: '' })),
  endGrants: vi.fn((_reason: string) => 0),
});
const asPower = (m: ReturnType<typeof powerMonitor>) =>
  m as unknown as Parameters<typeof endGrantsWhenAway>[1];

afterEach(() => vi.useRealTimers());

describe('CLI access in the desktop app', () => {
  it('ends grants on each away event, and stops listening for them when told', () => {
    const monitor = powerMonitor();
    const access = cli();
    const stop = endGrantsWhenAway(access, asPower(monitor), 'darwin');
    for (const event of AWAY_EVENTS) monitor.emit(event);
    expect(access.endGrants.mock.calls.map(([reason]) => reason)).toEqual([...AWAY_EVENTS]);
    stop();
    monitor.emit('lock-screen');
    expect(access.endGrants).toHaveBeenCalledTimes(AWAY_EVENTS.length);
    for (const event of AWAY_EVENTS) expect(monitor.listenerCount(event)).toBe(0);
  });

  it('on Linux, which has no lock event, asks every 30 s whether the screen is locked', () => {
    vi.useFakeTimers();
    const monitor = powerMonitor();
    const access = cli();
    const stop = endGrantsWhenAway(access, asPower(monitor), 'linux');
    vi.advanceTimersByTime(LOCK_POLL_MS);
    expect(monitor.getSystemIdleState).toHaveBeenCalledTimes(1);
    expect(access.endGrants).not.toHaveBeenCalled();
    monitor.getSystemIdleState.mockReturnValue('locked');
    vi.advanceTimersByTime(LOCK_POLL_MS);
    expect(access.endGrants).toHaveBeenCalledWith('locked (idle state)');
    stop();
    vi.advanceTimersByTime(LOCK_POLL_MS * 3);
    expect(monitor.getSystemIdleState).toHaveBeenCalledTimes(2);
  });

  it('does not poll elsewhere', () => {
    vi.useFakeTimers();
    const monitor = powerMonitor('locked');
    endGrantsWhenAway(cli(), asPower(monitor), 'win32');
    vi.advanceTimersByTime(LOCK_POLL_MS * 3);
    expect(monitor.getSystemIdleState).not.toHaveBeenCalled();
  });

  it('starts the socket at the default endpoint', () => {
    const access = cli();
    startCliAccess(access, asPower(powerMonitor()), { info() {}, warn() {}, error() {} }, 'darwin');
    expect(access.listen).toHaveBeenCalledTimes(1);
    expect(access.listen.mock.calls[0]).toEqual([]);
  });
});
