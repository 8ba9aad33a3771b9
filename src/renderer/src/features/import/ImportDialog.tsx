// Import a client created before Keyhold: its ids and its secret go into the vault.
import { useRef, useState } from 'react';
import {
  ENVIRONMENTS,
  importClientSchema,
  PROVIDERS,
  type Environment,
  type Attempt,
  type Provider,
} from '../../../../shared/domain';
import { PROVIDER_INFO } from '../../../../shared/providers';
import { ENVIRONMENT_LABELS, inSentence } from '../../lib/format';
import { fieldErrors, type FieldErrors } from '../../lib/validation';
import { useConnections } from '../connections/store';
import { Dialog } from '../../ui/Dialog';
import { FormActions } from '../../ui/FormActions';
import { FormField } from '../../ui/FormField';
import { useForm } from '../../ui/useForm';
import { importClient } from './actions';

/** The form's fields as the client's details name them. */
function labelsOf(provider: Provider) {
  const { publicFields, secretFields } = PROVIDER_INFO[provider];
  return { remoteId: publicFields[0].label, publicId: publicFields[1].label, secret: secretFields[0].label };
}

/** Weir has two ids: say which is which. */
const HINTS: Record<Provider, { remoteId?: string; publicId?: string }> = {
  weir: {
    remoteId: 'The client’s own id, e.g. cli_123456789.',
    publicId: 'The id in its credentials, next to the secret key.',
  },
  mythic: {},
};

/** "Enter the publishable key": an empty field's error names it as its label does. */
function namedErrors(
  errors: FieldErrors,
  labels: ReturnType<typeof labelsOf>,
  values: Record<string, string>,
) {
  const named = { ...errors };
  for (const key of ['remoteId', 'publicId', 'secret'] as const) {
    if (named[key] && !values[key]!.trim()) named[key] = `Enter the ${inSentence(labels[key])}`;
  }
  return named;
}

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
  const [values, setValues] = useState({
    name: from?.name ?? '',
    remoteId: from?.remoteId ?? '',
    publicId: '',
    secret: '',
  });
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm(formRef);
  const labels = labelsOf(provider);
  const providerConnections = connections.filter((c) => c.provider === provider);

  const text = (key: keyof typeof values) => ({
    value: values[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      setValues((v) => ({ ...v, [key]: e.target.value }));
      form.clearErrors(key);
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void form.submit(
      () => {
        const parsed = importClientSchema.safeParse({
          provider,
          connectionId: connectionId || null,
          environment: env,
          ...values,
          ...(from ? { attemptId: from.id } : {}),
        });
        return parsed.success
          ? { ok: true, value: parsed.data }
          : { ok: false, errors: namedErrors(fieldErrors(parsed.error), labels, values) };
      },
      async (input) => {
        await importClient(input);
        onClose();
      },
    );
  };

  return (
    <Dialog
      title="Import client"
      onClose={onClose}
      description={
        from
          ? `For the client the earlier attempt may have created at ${PROVIDER_INFO[from.provider].label}: its secret never reached Keyhold, so rotate it in the ${PROVIDER_INFO[from.provider].label} console first, then paste the new one here.`
          : 'For a client created before Keyhold: its secret goes into the vault and it is listed as Imported.'
      }
    >
      <form ref={formRef} onSubmit={submit} noValidate>
        <fieldset disabled={form.busy} className="form-fieldset form-grid">
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
          <FormField label="Connection (optional)" {...form.field('connectionId')}>
            <select className="select" value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
              <option value="">None</option>
              {providerConnections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="Environment" {...form.field('environment')}>
            <select className="select" value={env} onChange={(e) => setEnv(e.target.value as Environment)}>
              {ENVIRONMENTS.map((x) => (
                <option key={x} value={x}>
                  {ENVIRONMENT_LABELS[x]}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="Name" {...form.field('name')}>
            <input className="input" type="text" autoComplete="off" maxLength={255} {...text('name')} />
          </FormField>
          <FormField label={labels.remoteId} hint={HINTS[provider].remoteId} {...form.field('remoteId')}>
            <input
              className="input input-mono"
              type="text"
              autoComplete="off"
              spellCheck={false}
              {...text('remoteId')}
            />
          </FormField>
          <FormField label={labels.publicId} hint={HINTS[provider].publicId} {...form.field('publicId')}>
            <input
              className="input input-mono"
              type="text"
              autoComplete="off"
              spellCheck={false}
              {...text('publicId')}
            />
          </FormField>
          <FormField label={labels.secret} {...form.field('secret')} className="form-span">
            <input className="input input-mono" type="password" autoComplete="off" {...text('secret')} />
          </FormField>
        </fieldset>
        <FormActions
          error={form.apiError}
          errorId={form.apiErrorId}
          busy={form.busy}
          onCancel={onClose}
          submitLabel="Import"
          busyLabel="Importing…"
        />
      </form>
    </Dialog>
  );
}
