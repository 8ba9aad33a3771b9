// "New client": one click creates with defaults (last used connection, a prefilled name and,
// for Mythic, an id derived from it); the provider's section holds the rest (Mythic's "More
// options": every optional field).
import { useRef, useState } from 'react';
import {
  weirCreateSchema,
  type Attempt,
  type Connection,
  type CreateClientInput,
  type Environment,
} from '../../../../shared/domain';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { PROVIDER_INFO } from '../../../../shared/providers';
import { ApiError } from '../../api';
import { ENVIRONMENT_LABELS } from '../../lib/format';
import { fieldErrors } from '../../lib/validation';
import { useUi } from '../../shell/store';
import { Dialog } from '../../ui/Dialog';
import { FormActions } from '../../ui/FormActions';
import { FormField } from '../../ui/FormField';
import { useMounted, useSecondsUntil } from '../../ui/hooks';
import { useForm, type Checked } from '../../ui/useForm';
import { useAttempts } from '../attempts/store';
import { useConnections } from '../connections/store';
import { useSettings } from '../settings/store';
import { startCreate } from './actions';
import { CreateMessage } from './CreateMessage';
import { buildMythicFields, MORE_OPTION_FIELDS, type MythicFormValues } from './mythic-form';
import { MythicSection } from './MythicSection';
import { useCreates } from './store';
import { useClientValues } from './useClientValues';
import { WeirSection } from './WeirSection';

/** The connection a new client uses by default: the last one used, else the first. */
export function defaultConnection(
  connections: readonly Connection[],
  lastId: string | null,
): Connection | undefined {
  return connections.find((c) => c.id === lastId) ?? connections[0];
}

export function CreateClientDialog({ environment, onClose }: { environment: Environment; onClose(): void }) {
  const connections = useConnections((s) => s.items) ?? [];
  const lastConnectionId = useSettings((s) => s.settings?.lastConnectionId ?? null);
  const attempts = useAttempts((s) => s.items);
  const envLabel = ENVIRONMENT_LABELS[environment];
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const { values, change } = useClientValues(environment);
  const [more, setMore] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm(formRef);
  /** The create under way, if any (its id in the creates store). */
  const running = useRef<number | null>(null);
  const mounted = useMounted();
  const createRef = useRef<HTMLButtonElement>(null);

  // The user's choice, else the default (also once connections arrive after the dialog opened).
  const connection =
    connections.find((c) => c.id === connectionId) ?? defaultConnection(connections, lastConnectionId);
  const provider = connection?.provider;
  const { apiError } = form;
  const limitedUntil = useCreates((s) => (connection ? s.limitedUntil[connection.id] : undefined));
  /** The provider asked for no create on this connection for this long (HTTP 429, Retry-After). */
  const waitSeconds = useSecondsUntil(limitedUntil);
  /**
   * The create may have happened (or did, and waits to be saved): it is never one accidental click
   * away from being sent again. Only closing (or Import) is offered.
   */
  const ended = !!apiError && (apiError.outcomeUnknown === true || apiError.code === 'saved_later');

  const edit = <K extends keyof MythicFormValues>(key: K, value: MythicFormValues[K]) => {
    form.clearErrors(...change(key, value));
    form.clearApiError(key);
  };

  const check = (): Checked<CreateClientInput> => {
    if (!connection) return { ok: false, errors: {} };
    if (connection.provider === 'weir') {
      const parsed = weirCreateSchema.safeParse({
        provider: 'weir',
        connectionId: connection.id,
        environment,
        name: values.name,
      });
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, errors: fieldErrors(parsed.error) };
    }
    const built = buildMythicFields(values, more);
    if (!built.ok) {
      if (Object.keys(built.errors).some((k) => MORE_OPTION_FIELDS.has(k))) setMore(true);
      return built;
    }
    return {
      ok: true,
      value: { provider: 'mythic', connectionId: connection.id, environment, ...built.value },
    };
  };

  const submit = async (options: { confirmed?: boolean } = {}) => {
    if (ended || waitSeconds > 0) return;
    const error = await form.submit(check, async (input) => {
      const started = startCreate(options.confirmed ? { ...input, confirmedDespiteUnknown: true } : input);
      running.current = started.id;
      const outcome = await started.outcome;
      running.current = null;
      if (!outcome.ok) throw new ApiError(outcome.error);
      if (mounted.current) onClose();
    });
    if (error?.field && error.field in values && MORE_OPTION_FIELDS.has(error.field)) setMore(true);
  };

  /** Closing while the create waits leaves it running: its outcome becomes a notice. */
  const close = () => {
    if (running.current !== null) useCreates.getState().unwatch(running.current);
    onClose();
  };

  const importAttempt = () => {
    if (running.current !== null) useCreates.getState().unwatch(running.current);
    // The attempt as the list of attempts has it, or (not loaded yet) as this form sent it.
    const listed = attempts.find((candidate) => candidate.id === apiError?.attemptId);
    const from =
      listed ?? (apiError && connection ? sentAttempt(apiError, connection, environment, values) : undefined);
    useUi.getState().open({ kind: 'import', ...(from ? { from } : {}) });
  };

  const useSuggestion = (suggestion: string) => {
    edit('id', suggestion);
    form.clearApiError();
    createRef.current?.focus();
  };

  if (connections.length === 0) return <AddConnectionFirst onClose={onClose} />;

  return (
    <Dialog
      title={`New client in ${envLabel}`}
      onClose={close}
      size={more ? 'large' : 'small'}
      initialFocus={createRef}
    >
      <form
        ref={formRef}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
        aria-busy={form.busy}
      >
        <fieldset disabled={form.busy || ended} className="form-fieldset">
          <FormField label="Connection">
            <select
              className="select"
              value={connection?.id ?? ''}
              onChange={(e) => {
                setConnectionId(e.target.value);
                form.clearApiError();
              }}
            >
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label} ({PROVIDER_INFO[c.provider].label})
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="Name" {...form.field('name')}>
            <input
              className="input"
              type="text"
              autoComplete="off"
              maxLength={255}
              value={values.name}
              onChange={(e) => edit('name', e.target.value)}
            />
          </FormField>
          {provider === 'mythic' ? (
            <MythicSection
              values={values}
              change={edit}
              more={more}
              onToggleMore={() => setMore((m) => !m)}
              field={form.field}
            />
          ) : (
            <WeirSection environmentLabel={envLabel} />
          )}
        </fieldset>
        <FormActions
          busy={form.busy}
          onCancel={close}
          submitLabel="Create"
          busyLabel="Creating…"
          closeWhileBusy
          ended={ended}
          submitDisabled={waitSeconds > 0}
          submitRef={createRef}
          message={
            <CreateMessage
              error={apiError}
              waitSeconds={waitSeconds}
              errorId={form.apiErrorId}
              busy={form.busy}
              providerLabel={provider ? PROVIDER_INFO[provider].label : ''}
              onUseSuggestion={useSuggestion}
              onImport={importAttempt}
              onCreateAnyway={() => void submit({ confirmed: true })}
            />
          }
        />
      </form>
    </Dialog>
  );
}

/** No connection yet: the way to add one. */
function AddConnectionFirst({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="New client" onClose={onClose} size="small">
      <p>Add a connection first: Keyhold needs a provider account to create clients with.</p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-primary"
          data-autofocus
          onClick={() => useUi.getState().open({ kind: 'addConnection' })}
        >
          Add connection
        </button>
      </div>
    </Dialog>
  );
}

/** The attempt an error names, as this form sent it (before the list of attempts has it). */
function sentAttempt(
  error: KeyholdErrorData,
  connection: Connection,
  environment: Environment,
  values: MythicFormValues,
): Attempt | undefined {
  if (!error.attemptId) return undefined;
  return {
    id: error.attemptId,
    provider: connection.provider,
    connectionId: connection.id,
    connectionLabel: connection.label,
    environment,
    name: values.name.trim(),
    remoteId: connection.provider === 'mythic' ? values.id.trim() : null,
    state: 'unknown',
    errorCode: error.code,
    errorMessage: error.message,
    startedAt: new Date().toISOString(),
    finishedAt: null,
  };
}
