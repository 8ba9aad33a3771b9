// Add or edit a connection (one provider account). The token goes to main and is never
// shown back: editing offers "Replace token" only.
import { useEffect, useId, useRef, useState } from 'react';
import {
  addConnectionSchema,
  movesToAnotherOrigin,
  PROVIDERS,
  TOKEN_FOR_NEW_ORIGIN,
  updateConnectionSchema,
  type Connection,
  type Provider,
} from '../../../../shared/domain';
import { PROVIDER_INFO } from '../../../../shared/providers';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { toError } from '../../api';
import { maskedHint } from '../../lib/format';
import { fieldErrors, optional, type FieldErrors } from '../../lib/validation';
import { addConnection, updateConnection } from './actions';
import { Dialog } from '../../ui/Dialog';
import { FormActions } from '../../ui/FormActions';
import { FormField, focusFirstInvalid } from '../../ui/FormField';

const CUSTOM = 'custom';

function presetLabel(provider: Provider, url: string): string | undefined {
  return PROVIDER_INFO[provider].baseUrlPresets.find((p) => p.url === url)?.label;
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
  const [label, setLabel] = useState(
    connection?.label ?? `${PROVIDER_INFO[provider].label} ${firstPreset.label}`,
  );
  const [labelEdited, setLabelEdited] = useState(editing);
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [apiError, setApiError] = useState<KeyholdErrorData | null>(null);
  const apiErrorId = useId();
  /** The API's error, shown by the submit button, marks the field it names. */
  const apiFieldError = (key: string) => (apiError?.field === key ? apiErrorId : undefined);
  const [busy, setBusy] = useState(false);
  const [focusInvalid, setFocusInvalid] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  // The core refuses to send the stored token to another server: say so before Save.
  const tokenNeeded = connection ? movesToAnotherOrigin(connection.baseUrl, baseUrl.trim()) : false;
  const preset = PROVIDER_INFO[provider].baseUrlPresets.find((p) => p.url === baseUrl.trim())
    ? baseUrl.trim()
    : CUSTOM;

  useEffect(() => {
    if (focusInvalid > 0) focusFirstInvalid(formRef.current);
  }, [focusInvalid]);

  const choose = (p: Provider, url: string) => {
    setProvider(p);
    setBaseUrl(url);
    const name = presetLabel(p, url);
    if (!labelEdited && name) setLabel(`${PROVIDER_INFO[p].label} ${name}`);
    setErrors((e) => ({ ...e, baseUrl: undefined }));
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setApiError(null);
    const parsed = connection
      ? updateConnectionSchema.safeParse({ id: connection.id, label, baseUrl, token: optional(token) })
      : addConnectionSchema.safeParse({ provider, label, baseUrl, token });
    const invalid = parsed.success ? {} : fieldErrors(parsed.error);
    if (tokenNeeded && !optional(token)) invalid.token ??= 'Enter the token for the new server';
    if (Object.keys(invalid).length) {
      setErrors(invalid);
      setFocusInvalid((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const saved = connection
        ? await updateConnection({ id: connection.id, label, baseUrl, ...(optional(token) ? { token } : {}) })
        : await addConnection({ provider, label, baseUrl, token });
      setToken('');
      onSaved?.(saved);
      onClose();
    } catch (err) {
      const error = toError(err);
      setApiError(error);
      setBusy(false);
    }
  };

  return (
    <Dialog title={editing ? 'Edit connection' : 'Add connection'} onClose={onClose}>
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
        <fieldset disabled={busy} className="form-fieldset">
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
                if (e.target.value !== CUSTOM) choose(provider, e.target.value);
                else setBaseUrl('https://');
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
            error={errors.baseUrl}
            externalErrorId={apiFieldError('baseUrl')}
            hint={
              provider === 'mythic'
                ? 'Ends in /api/v1. https:// only (http:// for loopback).'
                : 'https:// only (http:// for loopback).'
            }
          >
            <input
              className="input input-mono"
              type="url"
              autoComplete="off"
              spellCheck={false}
              value={baseUrl}
              onChange={(e) => {
                setBaseUrl(e.target.value);
                setErrors((er) => ({ ...er, baseUrl: undefined }));
              }}
            />
          </FormField>
          <FormField label="Label" error={errors.label} externalErrorId={apiFieldError('label')}>
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
                setErrors((er) => ({ ...er, label: undefined }));
              }}
            />
          </FormField>
          <FormField
            label={editing && !tokenNeeded ? 'Replace token' : 'Token'}
            error={errors.token}
            externalErrorId={apiFieldError('token')}
            hint={
              tokenNeeded
                ? TOKEN_FOR_NEW_ORIGIN
                : editing
                  ? `Current token ${maskedHint(connection!.tokenHint)}. Leave empty to keep it.`
                  : `${PROVIDER_INFO[provider].label} ${PROVIDER_INFO[provider].tokenLabel.toLowerCase()}. Kept in the vault; never shown again.`
            }
          >
            <input
              className="input input-mono"
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => {
                setToken(e.target.value);
                setErrors((er) => ({ ...er, token: undefined }));
              }}
            />
          </FormField>
        </fieldset>
        <FormActions
          error={apiError}
          errorId={apiErrorId}
          busy={busy}
          onCancel={onClose}
          submitLabel="Save connection"
          busyLabel="Saving…"
        />
      </form>
    </Dialog>
  );
}
