// Creating a client, apart from the dialog that asks for it: the answer may take minutes (it
// carries the only copy of the secret), and the user may close the dialog meanwhile. The create
// goes on here; whoever is still watching gets the outcome, and if nobody is, a notice says it.
import { type ClientDetail, type CreateClientInput } from '../../../../shared/domain';
import { PROVIDER_INFO } from '../../../../shared/providers';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { api, toError } from '../../api';
import { ENVIRONMENT_LABELS, formatWait } from '../../lib/format';
import { useClients } from '../clients/store';
import { useDetail } from '../clients/detail-store';
import { useAttempts } from '../attempts/store';
import { saveSettings } from '../settings/actions';
import { useSettings } from '../settings/store';
import { useUi } from '../../shell/store';
import { useCreates } from './store';

export type CreateOutcome = { ok: true; detail: ClientDetail } | { ok: false; error: KeyholdErrorData };

let nextId = 1;

/**
 * Starts a create. `id` names it for `unwatch`; `outcome` settles when the provider's answer has
 * been dealt with (stored, held, or failed), after the stores are refreshed.
 */
export function startCreate(input: CreateClientInput): { id: number; outcome: Promise<CreateOutcome> } {
  const id = nextId++;
  useCreates.setState((s) => ({ watched: { ...s.watched, [id]: true } }));
  const outcome = api.createClient(input).then(
    (detail): CreateOutcome => {
      afterCreated(detail, input.connectionId);
      return { ok: true, detail };
    },
    (err: unknown): CreateOutcome => {
      const error = createError(toError(err), input);
      if (error.code === 'rate_limited' && error.retryAfterSeconds) {
        const until = Date.now() + error.retryAfterSeconds * 1000;
        useCreates.setState((s) => ({ limitedUntil: { ...s.limitedUntil, [input.connectionId]: until } }));
      }
      return { ok: false, error };
    },
  );
  // The window lists the attempt while it waits (the banner says so after the dialog closed).
  useAttempts.getState().follow(outcome);
  void outcome.then((result) => {
    const watched = useCreates.getState().watched[id] ?? false;
    useCreates.setState((s) => ({
      watched: Object.fromEntries(Object.entries(s.watched).filter(([key]) => Number(key) !== id)),
    }));
    if (!watched) notifyOutcome(input, result);
  });
  return { id, outcome };
}

/**
 * A create's error as the user needs it. The bridge closing after the call was sent says only that
 * Keyhold is not reachable; for a create that means the request may have reached the provider.
 */
function createError(error: KeyholdErrorData, input: CreateClientInput): KeyholdErrorData {
  if (error.code !== 'unreachable' || !error.outcomeUnknown) return error;
  return {
    code: 'unreachable',
    outcomeUnknown: true,
    message:
      `The window lost its connection to Keyhold during the create: the request may have reached ` +
      `${PROVIDER_INFO[input.provider].label}. Once the window reconnects (reload the page if it does not), ` +
      'a created client is in the list; if Keyhold cannot tell, the attempt is in the unknown-outcome banner.',
  };
}

function afterCreated(detail: ClientDetail, connectionId: string): void {
  useDetail.getState().put(detail);
  const clients = useClients.getState();
  if (clients.query.environment === detail.environment) {
    clients.refresh();
    clients.select(detail.id);
  }
  useUi.getState().setCreatedNote({ clientId: detail.id, provider: detail.provider });
  if (useSettings.getState().settings?.lastConnectionId !== connectionId) {
    saveSettings({ lastConnectionId: connectionId }).catch(() => undefined);
  }
}

/** The dialog is gone: say what happened in the notice line. */
function notifyOutcome(input: CreateClientInput, result: CreateOutcome): void {
  const ui = useUi.getState();
  if (result.ok) {
    ui.notify(`Created “${result.detail.name}” in ${ENVIRONMENT_LABELS[result.detail.environment]}.`);
  } else if (result.error.code === 'saved_later') {
    ui.notify(result.error.message);
  } else {
    // The message names the provider already; the wait (429) is not in it.
    const wait = result.error.retryAfterSeconds
      ? ` Try again in ${formatWait(result.error.retryAfterSeconds)}.`
      : '';
    ui.notify(`${result.error.message}${wait}`, 'error');
  }
}
