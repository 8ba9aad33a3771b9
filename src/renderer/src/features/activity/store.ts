// The Activity dialog: whose entries it shows (everyone's, or one client's), the pages loaded so
// far, and where the next older page starts.
import { create } from 'zustand';
import type { ActivityEntry } from '../../../../shared/activity';
import type { KeyholdErrorData } from '../../../../shared/errors';

export interface ActivityState {
  open: boolean;
  /** One client's entries, or null for everyone's. */
  client: { id: string; name: string } | null;
  items: ActivityEntry[];
  /** Where the next older page starts; null when there is none. */
  nextBefore: number | null;
  loading: boolean;
  error: KeyholdErrorData | null;
  /** How many terminal grants the last "End terminal approvals" ended. */
  ended: number | null;
}

export const useActivity = create<ActivityState>()(() => ({
  open: false,
  client: null,
  items: [],
  nextBefore: null,
  loading: false,
  error: null,
  ended: null,
}));
