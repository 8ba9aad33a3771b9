// The desktop app's part of CLI access: start the core's socket once the app is up, and end every
// "Allow for this terminal" grant when the user steps away. The core closes the socket (and ends
// the grants) when it shuts down, at quit.
import type { PowerMonitor } from 'electron';
import type { Core, Logger } from './core';
import { errorCode } from './logger';

/**
 * Electron's events for "the user is away": lock-screen (macOS, Windows), suspend (all three;
 * Linux through logind), shutdown (Linux, macOS), user-did-resign-active (macOS fast user
 * switching). Linux has no lock event (electron/electron#24800): there the idle state is polled.
 */
export const AWAY_EVENTS = ['lock-screen', 'suspend', 'shutdown', 'user-did-resign-active'] as const;

/** How often Linux asks whether the screen is locked (Chromium knows where the desktop tells it). */
export const LOCK_POLL_MS = 30_000;

export type PowerEvents = Pick<PowerMonitor, 'on' | 'off' | 'getSystemIdleState'>;

export function startCliAccess(
  cli: Core['cli'],
  powerMonitor: PowerEvents,
  logger: Logger,
  platform: NodeJS.Platform = process.platform,
): () => void {
  cli.listen().catch((error: unknown) => {
    logger.error('keyhold CLI socket did not start', { code: errorCode(error) });
  });
  return endGrantsWhenAway(cli, powerMonitor, platform);
}

export function endGrantsWhenAway(
  cli: Pick<Core['cli'], 'endGrants'>,
  powerMonitor: PowerEvents,
  platform: NodeJS.Platform,
): () => void {
  const handlers = AWAY_EVENTS.map((event) => {
    const handler = () => void cli.endGrants(event);
    powerMonitor.on(event as 'suspend', handler);
    return [event, handler] as const;
  });
  const poll =
    platform === 'linux'
      ? setInterval(() => {
          if (powerMonitor.getSystemIdleState(60) === 'locked') cli.endGrants('locked (idle state)');
        }, LOCK_POLL_MS)
      : null;
  poll?.unref();
  return () => {
    for (const [event, handler] of handlers) powerMonitor.off(event as 'suspend', handler);
    if (poll) clearInterval(poll);
  };
}
