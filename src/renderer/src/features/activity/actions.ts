import { api, toError } from '../../api';
import { useActivity } from './store';

const PAGE = 50;

/** Opens the Activity dialog on everyone's entries, or on one client's. */
export function openActivity(client: { id: string; name: string } | null = null): void {
  useActivity.setState({ open: true, client, items: [], nextBefore: null, error: null, ended: null });
  void loadActivity();
}

export function closeActivity(): void {
  useActivity.setState({ open: false, items: [] });
}

/** The newest page (`older` false) or the next older one. */
export async function loadActivity(older = false): Promise<void> {
  const { client, nextBefore } = useActivity.getState();
  useActivity.setState({ loading: true, error: null });
  try {
    const page = await api.listActivity({
      clientId: client?.id ?? null,
      before: older ? nextBefore : null,
      limit: PAGE,
    });
    // Answered after the dialog moved on to another client: not ours to show.
    if (useActivity.getState().client?.id !== client?.id) return;
    useActivity.setState((s) => ({
      items: older ? [...s.items, ...page.items] : page.items,
      nextBefore: page.nextBefore,
    }));
  } catch (err) {
    useActivity.setState({ error: toError(err) });
  } finally {
    useActivity.setState({ loading: false });
  }
}

/** Ends every "Allow for this terminal" grant now. */
export async function endTerminalApprovals(): Promise<void> {
  try {
    const { ended } = await api.endCliGrants();
    useActivity.setState({ ended, error: null });
  } catch (err) {
    useActivity.setState({ error: toError(err) });
  }
}
