import type { CliDecision } from '../../../../shared/cli-access';
import { api, toError } from '../../api';
import { useCliApprovals } from './store';

/** After a failed call (the bridge is down, Keyhold restarts), wait this long before the next. */
const RETRY_MS = 2_000;

/**
 * Keeps the store in step with the requests waiting in the core: one long-poll call at a time
 * (waitCliApprovals answers on a change, or after ~25 s with nothing new). Returns the stop function.
 */
export function watchCliApprovals(): () => void {
  const generation = useCliApprovals.getState().generation + 1;
  useCliApprovals.setState({ generation });
  const live = () => useCliApprovals.getState().generation === generation;
  void (async () => {
    while (live()) {
      try {
        const next = await api.waitCliApprovals({ version: useCliApprovals.getState().version });
        if (live()) useCliApprovals.setState({ approvals: next.approvals, version: next.version });
      } catch {
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  })();
  return () => {
    if (live()) useCliApprovals.setState({ generation: generation + 1 });
  };
}

/** Sends the user's answer; the request leaves the list when the core says so (the long poll). */
export async function answerCliApproval(id: string, decision: CliDecision): Promise<void> {
  useCliApprovals.setState({ answering: id, error: null });
  try {
    await api.answerCliApproval({ id, decision });
    useCliApprovals.setState((s) => ({ approvals: s.approvals.filter((a) => a.id !== id) }));
  } catch (err) {
    useCliApprovals.setState({ error: { id, error: toError(err) } });
  } finally {
    useCliApprovals.setState({ answering: null });
  }
}
