// The keyhold CLI's requests waiting for the user, as the core last said (through the long poll
// in actions.ts), and the state of the answer being sent.
import { create } from 'zustand';
import type { CliApproval } from '../../../../shared/cli-access';
import type { KeyholdErrorData } from '../../../../shared/errors';

export interface CliApprovalsState {
  approvals: CliApproval[];
  /** The core's version of `approvals`; -1 before the first answer. */
  version: number;
  /** Which watch loop is the live one (a new watch ends the older). */
  generation: number;
  /** The request whose answer is on its way. */
  answering: string | null;
  /** Why the answer to that request failed. */
  error: { id: string; error: KeyholdErrorData } | null;
}

export const useCliApprovals = create<CliApprovalsState>()(() => ({
  approvals: [],
  version: -1,
  generation: 0,
  answering: null,
  error: null,
}));
