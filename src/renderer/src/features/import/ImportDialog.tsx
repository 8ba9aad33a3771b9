// Import a client created before Keyhold: its ids and its secret go into the vault.
import { useEffect, useId, useRef, useState } from 'react';
import {
  ENVIRONMENTS,
  importClientSchema,
  PROVIDERS,
  type Environment,
  type Attempt,
  type Provider,
} from '../../../../shared/domain';
import { PROVIDER_INFO } from '../../../../shared/providers';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { toError } from '../../api';
import { ENVIRONMENT_LABELS } from '../../lib/format';
import { fieldErrors, type FieldErrors } from '../../lib/validation';
import { useConnections } from '../connections/store';
import { Dialog } from '../../ui/Dialog';
import { FormActions } from '../../ui/FormActions';
import { FormField, focusFirstInvalid } from '../../ui/FormField';
import { importClient } from './actions';

const LABELS: Record<Provider, { remoteId: string; publicId: string; secret: string }> = {
  weir: { remoteId: 'Client id (data.clientId)', publicId: 'Credentials client id', secret: 'Secret key' },
  mythic: { remoteId: 'Client id', publicId: 'Publishable key', secret: 'Secret key' },
};

export function ImportDialog({
  environment,
  from,
  onClose,
}: {
  environment: Environment;
  /** The unknown-outcome attempt whose client this imports: the form starts from it. */
  from?: Attempt | undefined;
  onClose(): void;
}) {
  const connections = useConnections((s) => s.items) ?? [];
  const fromConnection = from && connections.find((c) => c.id === from.connectionId);
  const [provider, setProvider] = useState<Provider>(from?.provider ?? connections[0]?.provider ?? 'weir');
  const [connectionId, setConnectionId] = useState<string>(
    from ? (fromConnection?.id ?? '') : (connections[0]?.id ?? ''),
  );
  const [env, setEnv] = useState<Environment>(from?.environment ?? environment);
  const [form, setForm] = useState({
    name: from?.name ?? '',
    remoteId: from?.remoteId ?? '',
    publicId: '',
    secret: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [apiError, setApiError] = useState<KeyholdErrorData | null>(null);
  const apiErrorId = useId();
  /** The API's error, shown by the submit button, marks the field it names. */
  const apiFieldError = (key: string) => (apiError?.field === key ? apiErrorId : undefined);
  const [busy, setBusy] = useState(false);
  const [focusInvalid, setFocusInvalid] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const labels = LABELS[provider];
  const providerConnections = connections.filter((c) => c.provider === provider);

  useEffect(() => {
    if (focusInvalid > 0) focusFirstInvalid(formRef.current);
  }, [focusInvalid]);

  const text = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      setForm((f) => ({ ...f, [key]: e.target.value }));
      setErrors((er) => ({ ...er, [key]: undefined }));
    },
  });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setApiError(null);
    const parsed = importClientSchema.safeParse({
      provider,
      connectionId: connectionId || null,
      environment: env,
      ...form,
      ...(from ? { attemptId: from.id } : {}),
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      setFocusInvalid((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await importClient(parsed.data);
      onClose();
    } catch (err) {
      const error = toError(err);
      setApiError(error);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Import client"
      onClose={onClose}
      description={
        from
          ? `For the client the earlier attempt may have created at ${PROVIDER_INFO[from.provider].label}: its secret never reached Keyhold, so rotate it in ${PROVIDER_INFO[from.provider].label}’s console first, then paste the new one here.`
          : 'For a client created before Keyhold: its secret goes into the vault and it is listed as Imported.'
      }
    >
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
        <fieldset disabled={busy} className="form-fieldset form-grid">
          <FormField label="Provider">
            <select
              className="select"
              value={provider}
              data-autofocus
              onChange={(e) => {
                const p = e.target.value as Provider;
                setProvider(p);
                setConnectionId(connections.find((c) => c.provider === p)?.id ?? '');
              }}
            >
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {PROVIDER_INFO[p].label}
                </option>
              ))}
            </select>
          </FormField>
          <FormField
            label="Connection (optional)"
            error={errors.connectionId}
            externalErrorId={apiFieldError('connectionId')}
          >
            <select className="select" value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
              <option value="">None</option>
              {providerConnections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </FormField>
          <FormField
            label="Environment"
            error={errors.environment}
            externalErrorId={apiFieldError('environment')}
          >
            <select className="select" value={env} onChange={(e) => setEnv(e.target.value as Environment)}>
              {ENVIRONMENTS.map((x) => (
                <option key={x} value={x}>
                  {ENVIRONMENT_LABELS[x]}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="Name" error={errors.name} externalErrorId={apiFieldError('name')}>
            <input className="input" type="text" autoComplete="off" maxLength={255} {...text('name')} />
          </FormField>
          <FormField
            label={labels.remoteId}
            error={errors.remoteId}
            externalErrorId={apiFieldError('remoteId')}
          >
            <input
              className="input input-mono"
              type="text"
              autoComplete="off"
              spellCheck={false}
              {...text('remoteId')}
            />
          </FormField>
          <FormField
            label={labels.publicId}
            error={errors.publicId}
            externalErrorId={apiFieldError('publicId')}
          >
            <input
              className="input input-mono"
              type="text"
              autoComplete="off"
              spellCheck={false}
              {...text('publicId')}
            />
          </FormField>
          <FormField
            label={labels.secret}
            error={errors.secret}
            externalErrorId={apiFieldError('secret')}
            className="form-span"
          >
            <input className="input input-mono" type="password" autoComplete="off" {...text('secret')} />
          </FormField>
        </fieldset>
        <FormActions
          error={apiError}
          errorId={apiErrorId}
          busy={busy}
          onCancel={onClose}
          submitLabel="Import"
          busyLabel="Importing…"
        />
      </form>
    </Dialog>
  );
}
