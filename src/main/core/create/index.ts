// Creating a client, whose secret is shown once: the flow (create-client.ts), the journal of every
// attempt (journal.ts), the creates in flight that shutdown waits for, the rescue files that hold
// what the store refused, and the attempts the user must review. The core builds it; the hosts ask
// through the Core whether creates are waiting before they quit (waiting-creates.ts).
import { join } from 'node:path';
import type { Clock } from '../ports';
import { applyRescued, type CreateDeps } from './create-client';
import { CreatesInFlight } from './creates-in-flight';
import { createHandlers } from './handlers';
import { CreateAttempts } from './journal';
import { Rescue } from './rescue';
import { RescueFiles } from './rescue-files';
import { retryUntilDone } from './retry';

/** What the flow needs from the rest of the core; it makes its journal, rescue and in-flight list. */
export interface CreatesDeps extends Omit<CreateDeps, 'attempts' | 'inFlight' | 'rescue'> {
  /** The rescue files go in its `rescue/` folder. */
  dataDir: string;
  clock: Clock;
  now: () => string;
}

export interface Creates {
  handlers: ReturnType<typeof createHandlers>;
  /** The create journal: an import from the unknown-outcome banner settles its attempt there. */
  journal: CreateAttempts;
  /** Creates under way: shutdown waits for them, quitting anyway abandons them. */
  inFlight: Pick<CreatesInFlight, 'waiting' | 'abandonAll' | 'settled'>;
  /**
   * At start: first what an earlier run received but could not save, then what it left waiting
   * (marked unknown; retried while another program holds the store, so Keyhold starts anyway).
   */
  recover(): void;
  /** At shutdown: stops the retries; held records stay in their files for the next start. */
  stop(): void;
}

export function setUpCreates(deps: CreatesDeps): Creates {
  const { db, clients, connections, clock, logger } = deps;
  const attempts = new CreateAttempts(db, deps.now);
  const inFlight = new CreatesInFlight();
  const rescue = new Rescue(
    new RescueFiles(join(deps.dataDir, 'rescue')),
    applyRescued({ db, clients, connections, attempts }),
    clock,
    logger,
  );
  const flow: CreateDeps = { ...deps, attempts, inFlight, rescue };
  let recovery: { cancel(): void } | null = null;

  return {
    handlers: createHandlers(flow),
    journal: attempts,
    inFlight,
    recover() {
      const rescued = rescue.recover();
      if (rescued.applied || rescued.held) logger.warn('start: rescued creates', rescued);
      recovery = retryUntilDone(
        () => {
          const recovered = attempts.recoverPending(rescue.list().map((held) => held.record.attemptId));
          if (recovered) logger.warn('start: interrupted creates marked unknown', { count: recovered });
        },
        clock,
        (error) => logger.warn('start: could not mark interrupted creates yet; retrying', { error }),
      );
    },
    stop() {
      rescue.stop();
      recovery?.cancel();
    },
  };
}

export type { FaultPoint } from './create-client';
