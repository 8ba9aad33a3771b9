// "New client": one click creates with defaults (last used connection, a prefilled name and,
// for Mythic, an id derived from it); "More options" shows every optional Mythic field.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  DEFAULT_SETTINGS,
  weirCreateSchema,
  type Connection,
  type CreateClientInput,
  type Environment,
  type Attempt,
} from '../../../../shared/domain';
import { deriveMythicId, randomSuffix } from '../../../../shared/mythic-id';
import { PROVIDER_INFO } from '../../../../shared/providers';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { startCreate } from './actions';
import { useCreates } from './store';
import { defaultClientName, ENVIRONMENT_LABELS } from '../../lib/format';
import { useAfter, useMounted } from '../../ui/hooks';
import {
  buildMythicFields,
  emptyMythicForm,
  OPTIONAL_TEXT_FIELDS,
  type MythicFormValues,
} from './mythic-form';
import { fieldErrors, type FieldErrors } from '../../lib/validation';
import { useConnections } from '../connections/store';
import { useAttempts } from '../attempts/store';
import { useSettings } from '../settings/store';
import { useUi } from '../../shell/store';
import { Dialog } from '../../ui/Dialog';
import { FormField, focusFirstInvalid } from '../../ui/FormField';

const OPTIONAL_LABELS: Record<
  (typeof OPTIONAL_TEXT_FIELDS)[number],
  { label: string; hint?: string; type?: string }
> = {
  domain: { label: 'Domain', hint: 'Primary domain for embedded widgets' },
  email: { label: 'Email', type: 'email' },
  phone: { label: 'Phone', type: 'tel' },
  website: { label: 'Website', hint: 'Full URL, e.g. https://acme.example', type: 'url' },
  timezone: { label: 'Time zone', hint: 'IANA name, e.g. America/Los_Angeles' },
  global_name: { label: 'Global name', hint: 'JavaScript identifier for the SDK global' },
  company_id: { label: 'Company id' },
  agency_id: { label: 'Agency id' },
  ghl_location_id: { label: 'GoHighLevel location id' },
};

/** After this long, the dialog says it is still waiting, and why. */
const STILL_WAITING_MS = 5_000;

const MORE_OPTION_FIELDS = new Set<string>([
  ...OPTIONAL_TEXT_FIELDS,
  'status',
  'api_metadata',
  'proxy_api_key',
]);

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
  const waitMinutes = useSettings((s) => s.settings?.createWaitMinutes ?? DEFAULT_SETTINGS.createWaitMinutes);
  const envLabel = ENVIRONMENT_LABELS[environment];

  const [connectionId, setConnectionId] = useState<string | null>(null);
  const suffix = useMemo(() => randomSuffix(), []);
  const [values, setValues] = useState<MythicFormValues>(() => {
    const name = defaultClientName(envLabel);
    return emptyMythicForm(deriveMythicId(name, suffix), name);
  });
  const [idEdited, setIdEdited] = useState(false);
  const [more, setMore] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [apiError, setApiError] = useState<KeyholdErrorData | null>(null);
  const apiErrorId = useId();
  const [busy, setBusy] = useState(false);
  /** The create under way, if any (its id in the creates store). */
  const running = useRef<number | null>(null);
  const mounted = useMounted();
  const waitingLong = useAfter(busy, STILL_WAITING_MS);
  const attempts = useAttempts((s) => s.items);
  const [focusInvalid, setFocusInvalid] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const createRef = useRef<HTMLButtonElement>(null);

  // The user's choice, else the default (also once connections arrive after the dialog opened).
  const connection =
    connections.find((c) => c.id === connectionId) ?? defaultConnection(connections, lastConnectionId);
  const provider = connection?.provider;
  const providerLabel = provider ? PROVIDER_INFO[provider].label : '';

  useEffect(() => {
    if (focusInvalid > 0) focusFirstInvalid(formRef.current);
  }, [focusInvalid]);

  const set = <K extends keyof MythicFormValues>(key: K, value: MythicFormValues[K]) => {
    setValues((v) => {
      const next = { ...v, [key]: value };
      if (key === 'name' && !idEdited) next.id = deriveMythicId(String(value), suffix);
      return next;
    });
    setErrors((e) => ({ ...e, [key]: undefined, ...(key === 'name' && !idEdited ? { id: undefined } : {}) }));
    if (apiError?.field === key) setApiError(null);
  };

  const validate = (): CreateClientInput | null => {
    if (!connection) return null;
    if (connection.provider === 'weir') {
      const parsed = weirCreateSchema.safeParse({
        provider: 'weir',
        connectionId: connection.id,
        environment,
        name: values.name,
      });
      if (!parsed.success) {
        setErrors(fieldErrors(parsed.error));
        return null;
      }
      return parsed.data;
    }
    const built = buildMythicFields(values, more);
    if (!built.ok) {
      setErrors(built.errors);
      if (Object.keys(built.errors).some((k) => MORE_OPTION_FIELDS.has(k))) setMore(true);
      return null;
    }
    return { provider: 'mythic', connectionId: connection.id, environment, ...built.value };
  };

  /** The attempt this error is about (the earlier unknown one, or this one), for Import. */
  const attempt = apiError?.attemptId
    ? attempts.find((candidate) => candidate.id === apiError.attemptId)
    : undefined;
  /**
   * The create may have happened (or did, and waits to be saved): it is never one accidental click
   * away from being sent again. Only closing (or Import) is offered.
   */
  const ended = !!apiError && (apiError.outcomeUnknown === true || apiError.code === 'saved_later');
  const submit = async (e: React.FormEvent | null, options: { confirmed?: boolean } = {}) => {
    e?.preventDefault();
    if (busy || ended) return;
    setApiError(null);
    const input = validate();
    if (!input) {
      setFocusInvalid((n) => n + 1);
      return;
    }
    setErrors({});
    setBusy(true);
    const started = startCreate(options.confirmed ? { ...input, confirmedDespiteUnknown: true } : input);
    running.current = started.id;
    const outcome = await started.outcome;
    running.current = null;
    if (!mounted.current) return;
    setBusy(false);
    if (outcome.ok) return onClose();
    const error = outcome.error;
    setApiError(error);
    if (error.field && error.field in values && MORE_OPTION_FIELDS.has(error.field)) setMore(true);
  };

  /** Closing while the create waits leaves it running: its outcome becomes a notice. */
  const close = () => {
    if (running.current !== null) useCreates.getState().unwatch(running.current);
    onClose();
  };

  const importAttempt = () => {
    if (running.current !== null) useCreates.getState().unwatch(running.current);
    // The attempt as the list of attempts has it, or (not loaded yet) as this form sent it.
    const from: Attempt | undefined =
      attempt ??
      (apiError?.attemptId && connection
        ? {
            id: apiError.attemptId,
            provider: connection.provider,
            connectionId: connection.id,
            connectionLabel: connection.label,
            environment,
            name: values.name.trim(),
            remoteId: connection.provider === 'mythic' ? values.id.trim() : null,
            state: 'unknown',
            errorCode: apiError.code,
            errorMessage: apiError.message,
            startedAt: new Date().toISOString(),
            finishedAt: null,
          }
        : undefined);
    useUi.getState().open({ kind: 'import', ...(from ? { from } : {}) });
  };

  const applySuggestion = (suggestion: string) => {
    setValues((v) => ({ ...v, id: suggestion }));
    setIdEdited(true);
    setErrors((e) => ({ ...e, id: undefined }));
    setApiError(null);
    createRef.current?.focus();
  };

  if (connections.length === 0) {
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

  /** The API's error, shown by the Create button, marks the field it names. */
  const apiFieldError = (key: string) => (apiError?.field === key ? apiErrorId : undefined);

  const text = (key: keyof MythicFormValues) => ({
    value: values[key] as string,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key, e.target.value),
  });

  return (
    <Dialog
      title={`New client in ${envLabel}`}
      onClose={close}
      size={more ? 'large' : 'small'}
      initialFocus={createRef}
    >
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        <fieldset disabled={busy || ended} className="form-fieldset">
          <FormField label="Connection">
            <select
              className="select"
              value={connection?.id ?? ''}
              onChange={(e) => {
                setConnectionId(e.target.value);
                setApiError(null);
              }}
            >
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label} ({PROVIDER_INFO[c.provider].label})
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="Name" error={errors.name} externalErrorId={apiFieldError('name')}>
            <input className="input" type="text" autoComplete="off" maxLength={255} {...text('name')} />
          </FormField>
          {provider === 'mythic' ? (
            <FormField
              label="Client id"
              error={errors.id}
              externalErrorId={apiFieldError('id')}
              hint="Letters, digits, hyphens, underscores. Derived from the name; must be unique at Mythic."
            >
              <input
                className="input input-mono"
                type="text"
                autoComplete="off"
                spellCheck={false}
                maxLength={255}
                value={values.id}
                onChange={(e) => {
                  setIdEdited(true);
                  setValues((v) => ({ ...v, id: e.target.value }));
                  setErrors((er) => ({ ...er, id: undefined }));
                  if (apiError?.field === 'id') setApiError(null);
                }}
              />
            </FormField>
          ) : null}

          {provider === 'mythic' ? (
            <button
              type="button"
              className="link-button"
              aria-expanded={more}
              aria-controls="mythic-more"
              onClick={() => setMore((m) => !m)}
            >
              {more ? 'Fewer options' : 'More options'}
            </button>
          ) : (
            <p className="form-hint">Weir AI takes a name and the environment ({envLabel}).</p>
          )}

          {provider === 'mythic' && more ? (
            <div id="mythic-more" className="form-grid">
              <label className="checkbox-field form-span">
                <input
                  type="checkbox"
                  checked={values.status}
                  onChange={(e) => set('status', e.target.checked)}
                  aria-describedby="status-hint"
                />
                Active (status)
                <span id="status-hint" className="form-hint">
                  Sent as status: {values.status ? 'true' : 'false'}
                </span>
              </label>
              {OPTIONAL_TEXT_FIELDS.map((key) => (
                <FormField
                  key={key}
                  label={OPTIONAL_LABELS[key].label}
                  hint={OPTIONAL_LABELS[key].hint}
                  error={errors[key]}
                  externalErrorId={apiFieldError(key)}
                >
                  <input
                    className="input"
                    type={OPTIONAL_LABELS[key].type ?? 'text'}
                    autoComplete="off"
                    spellCheck={false}
                    {...text(key)}
                  />
                </FormField>
              ))}
              <FormField
                label="Proxy API key"
                hint="Stored in the vault like the secret key."
                error={errors.proxy_api_key}
                externalErrorId={apiFieldError('proxy_api_key')}
              >
                <input className="input" type="password" autoComplete="off" {...text('proxy_api_key')} />
              </FormField>
              <FormField
                label="API metadata (JSON object)"
                hint='e.g. {"plan": "enterprise", "region": "us-west"}'
                error={errors.api_metadata}
                externalErrorId={apiFieldError('api_metadata')}
                className="form-span"
              >
                <textarea
                  className="input input-mono textarea"
                  rows={4}
                  spellCheck={false}
                  {...text('api_metadata')}
                />
              </FormField>
            </div>
          ) : null}
        </fieldset>

        <div className="dialog-actions">
          <div className="dialog-actions-message">
            {apiError ? (
              <div role="alert" className={apiError.code === 'saved_later' ? 'notice-text' : 'error-text'}>
                <p id={apiErrorId}>{apiError.message}</p>
                <div className="inline-actions">
                  {apiError.code === 'conflict' && apiError.suggestion && !apiError.attemptId ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => applySuggestion(apiError.suggestion!)}
                    >
                      Use {apiError.suggestion}
                    </button>
                  ) : null}
                  {apiError.attemptId && apiError.code !== 'saved_later' ? (
                    <button type="button" className="button button-small" onClick={importAttempt}>
                      Import it…
                    </button>
                  ) : null}
                  {apiError.code === 'confirm_unknown' ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => void submit(null, { confirmed: true })}
                    >
                      Create anyway
                    </button>
                  ) : null}
                </div>
              </div>
            ) : null}
            {busy ? (
              <p className="muted" role="status">
                {waitingLong
                  ? `Still waiting for ${providerLabel}… The request was sent and its answer carries the only copy of the secret, so Keyhold keeps waiting (up to ${waitMinutes} minutes). You can close this dialog: the create goes on, and its client appears in the list.`
                  : `Creating at ${providerLabel}…`}
              </p>
            ) : null}
          </div>
          <button type="button" className="button" onClick={close}>
            {busy || ended ? 'Close' : 'Cancel'}
          </button>
          {ended ? null : (
            <button ref={createRef} type="submit" className="button button-primary" aria-disabled={busy}>
              {busy ? 'Creating…' : 'Create'}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
