import type { Handlers } from '../../../shared/contract';
import { KeyholdError } from '../../../shared/errors';
import { createClient, type CreateDeps } from './create-client';
import { listAttempts } from './list-attempts';

/** The create flow's contract methods: the create itself, and the attempts the user must review. */
export function createHandlers(
  deps: CreateDeps,
): Pick<Handlers, 'createClient' | 'listAttempts' | 'dismissAttempt'> {
  const { attempts, inFlight, rescue } = deps;
  return {
    // Tracked: shutdown waits for it, so a secret that arrives while quitting is kept.
    createClient: (input) => inFlight.track(createClient(deps, input)),
    listAttempts: async () => listAttempts(attempts, inFlight, rescue),
    dismissAttempt: async ({ id }) => {
      if (!attempts.dismiss(id)) {
        throw new KeyholdError({
          code: 'not_found_local',
          message: 'That attempt is no longer pending review.',
        });
      }
      return { ok: true };
    },
  };
}
