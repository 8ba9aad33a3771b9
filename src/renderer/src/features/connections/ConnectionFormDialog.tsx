// Add or edit a connection (one provider account). The token goes to main and is never
// shown back: editing offers "Replace token" only.
import { useRef, useState } from 'react';
import {
  addConnectionSchema,
  movesToAnotherOrigin,
  PROVIDERS,
  TOKEN_FOR_NEW_ORIGIN,
  updateConnectionSchema,
  type Connection,
  type Provider,
} from '../../../../shared/domain';
import { baseUrlProblem, PROVIDER_INFO } from '../../../../shared/providers';
import { inSentence, maskedHint } from '../../lib/format';
import { fieldErrors, optional } from '../../lib/validation';
import { addConnection, updateConnection } from './actions';
import { Dialog } from '../../ui/Dialog';
import { FormActions } from '../../ui/FormActions';
import { FormField } from '../../ui/FormField';
import { useForm } from '../../ui/useForm';

const CUSTOM = 'custom';

/** The label a new connection starts with: the provider and its preset, or the custom URL's host. */
function defaultLabel(provider: Provider, url: string): string {
  const { label, baseUrlPresets } = PROVIDER_INFO[provider];
  const preset = baseUrlPresets.find((p) => p.url === url.trim());
  if (preset) return `${label} ${preset.label}`;
  try {
    const { host } = new URL(url.trim());
    return host ? `${label} (${host})` : label;
  } catch {
    return label;
  }
}

export function ConnectionFormDialog({
  connection,
  onClose,
  onSaved,
}: {
  connection?: Connection;
  onClose(): void;
  onSaved?(connection: Connection): void;
}) {
  const editing = Boolean(connection);
  const [provider, setProvider] = useState<Provider>(connection?.provider ?? 'weir');
  const firstPreset = PROVIDER_INFO[provider].baseUrlPresets[0]!;
  const [baseUrl, setBaseUrl] = useState(connection?.baseUrl ?? firstPreset.url);
  const [label, setLabel] = useState(connection?.label ?? defaultLabel(provider, firstPreset.url));
  const [labelEdited, setLabelEdited] = useState(editing);
  const [token, setToken] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const baseUrlRef = useRef<HTMLInputElement>(null);
  const form = useForm(formRef);
  // The core refuses to send the stored token to another server: say so before Save.
  const tokenNeeded = connection ? movesToAnotherOrigin(connection.baseUrl, baseUrl.trim()) : false;
  const preset = PROVIDER_INFO[provider].baseUrlPresets.find((p) => p.url === baseUrl.trim())
    ? baseUrl.trim()
    : CUSTOM;

  // Shown with the field's error: the URL that would work, one click away.
  const pathProblem = form.errors.baseUrl ? baseUrlProblem(provider, baseUrl) : null;

  const changeBaseUrl = (p: Provider, url: string) => {
    setBaseUrl(url);
    if (!labelEdited) setLabel(defaultLabel(p, url));
    form.clearErrors('baseUrl');
  };

  const choose = (p: Provider, url: string) => {
    setProvider(p);
    changeBaseUrl(p, url);
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void form.submit(
      () => {
        const parsed = connection
          ? updateConnectionSchema.safeParse({ id: connection.id, label, baseUrl, token: optional(token) })
          : addConnectionSchema.safeParse({ provider, label, baseUrl, token });
        const errors = parsed.success ? {} : fieldErrors(parsed.error);
        // The update's schema has no provider to check the path against (the add's checks it).
        errors.baseUrl ??= baseUrlProblem(provider, baseUrl)?.message;
        if (tokenNeeded && !optional(token)) errors.token ??= 'Enter the token for the new server';
        return Object.values(errors).some(Boolean) ? { ok: false, errors } : { ok: true, value: null };
      },
      async () => {
        const saved = connection
          ? await updateConnection({
              id: connection.id,
              label,
              baseUrl,
              ...(optional(token) ? { token } : {}),
            })
          : await addConnection({ provider, label, baseUrl, token });
        setToken('');
        onSaved?.(saved);
        onClose();
      },
    );
  };

  return (
    <Dialog title={editing ? 'Edit connection' : 'Add connection'} onClose={onClose}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <fieldset disabled={form.busy} className="form-fieldset">
          <FormField label="Provider" hint={editing ? 'A connection’s provider cannot change.' : undefined}>
            <select
              className="select"
              value={provider}
              disabled={editing}
              data-autofocus={editing ? undefined : true}
              onChange={(e) => {
                const p = e.target.value as Provider;
                choose(p, PROVIDER_INFO[p].baseUrlPresets[0]!.url);
              }}
            >
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {PROVIDER_INFO[p].label}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="Host">
            <select
              className="select"
              value={preset}
              onChange={(e) => {
                changeBaseUrl(provider, e.target.value === CUSTOM ? 'https://' : e.target.value);
              }}
            >
              {PROVIDER_INFO[provider].baseUrlPresets.map((p) => (
                <option key={p.url} value={p.url}>
                  {p.label} — {p.url}
                </option>
              ))}
              <option value={CUSTOM}>Custom URL</option>
            </select>
          </FormField>
          <FormField
            label="Base URL"
            {...form.field('baseUrl')}
            hint={
              provider === 'mythic'
                ? 'Ends in /api/v1. https:// only (http:// for loopback).'
                : 'https:// only (http:// for loopback).'
            }
          >
            <input
              ref={baseUrlRef}
              className="input input-mono"
              type="url"
              autoComplete="off"
              spellCheck={false}
              value={baseUrl}
              onChange={(e) => changeBaseUrl(provider, e.target.value)}
            />
          </FormField>
          {pathProblem ? (
            // In a block of its own: the button keeps its width, under the field's error.
            <div>
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  changeBaseUrl(provider, pathProblem.fixed);
                  // The button goes with the error: the focus goes back to the field.
                  baseUrlRef.current?.focus();
                }}
              >
                {pathProblem.fixLabel}
              </button>
            </div>
          ) : null}
          <FormField label="Label" {...form.field('label')}>
            <input
              className="input"
              type="text"
              autoComplete="off"
              maxLength={100}
              data-autofocus={editing ? true : undefined}
              value={label}
              onChange={(e) => {
                setLabel(e.target.value);
                setLabelEdited(true);
                form.clearErrors('label');
              }}
            />
          </FormField>
          <FormField
            label={editing && !tokenNeeded ? 'Replace token' : 'Token'}
            {...form.field('token')}
            hint={
              tokenNeeded
                ? TOKEN_FOR_NEW_ORIGIN
                : editing
                  ? connection!.tokenHint
                    ? `Current token ${maskedHint(connection!.tokenHint)}. Leave empty to keep it.`
                    : 'Leave empty to keep the current token.'
                  : `Your ${PROVIDER_INFO[provider].label} ${inSentence(PROVIDER_INFO[provider].tokenLabel)}. Kept in the vault; never shown again.`
            }
          >
            <input
              className="input input-mono"
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => {
                setToken(e.target.value);
                form.clearErrors('token');
              }}
            />
          </FormField>
        </fieldset>
        <FormActions
          error={form.apiError}
          errorId={form.apiErrorId}
          busy={form.busy}
          onCancel={onClose}
          submitLabel="Save connection"
          busyLabel="Saving…"
        />
      </form>
    </Dialog>
  );
}
