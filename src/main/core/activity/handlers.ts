import type { Handlers } from '../../../shared/contract';
import type { ActivityLog } from './activity-log';

/** The activity log's contract methods. */
export function activityHandlers(deps: { activity: ActivityLog }): Pick<Handlers, 'listActivity'> {
  return {
    listActivity: async (input) => deps.activity.list(input),
  };
}
