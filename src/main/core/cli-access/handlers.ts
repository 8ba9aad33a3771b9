import type { Handlers } from '../../../shared/contract';
import type { Approvals } from './approvals';
import type { Grants } from './grants';

/** The window's side of CLI access: the approval dialog's long poll and answers, ending grants. */
export function cliAccessHandlers(deps: {
  approvals: Approvals;
  grants: Grants;
}): Pick<Handlers, 'waitCliApprovals' | 'answerCliApproval' | 'endCliGrants'> {
  return {
    waitCliApprovals: ({ version }) => deps.approvals.wait(version),
    answerCliApproval: async ({ id, decision }) => {
      deps.approvals.answer(id, decision);
      return { ok: true };
    },
    endCliGrants: async () => ({ ended: deps.grants.endAll() }),
  };
}
