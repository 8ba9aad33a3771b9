import { api, toError } from '../../api';
import { useAttempts } from './store';

/** Forgets an attempt with an unknown outcome; a failure shows in the banner. */
export async function dismissAttempt(id: string): Promise<void> {
  try {
    await api.dismissAttempt({ id });
    useAttempts.setState((s) => ({ items: s.items.filter((attempt) => attempt.id !== id), error: null }));
  } catch (err) {
    useAttempts.setState({ error: toError(err) });
  }
}
