import { PROVIDER_LABELS } from '../../../shared/domain';
import { ENVIRONMENT_LABELS, exactTime, relativeTime } from '../lib/format';
import { selectUnknown, useOperations } from '../stores/operations';
import { useSettings } from '../stores/settings';
import { useUi } from '../stores/ui';
import { useShallow } from 'zustand/react/shallow';
import { ErrorText } from './ErrorText';

/** Shown when secrets cannot be stored: refused (Linux without keyring) or unavailable. */
export function VaultBanner() {
  const vault = useSettings((s) => s.vault);
  const open = useUi((s) => s.open);
  if (!vault || (vault.protection !== 'refused' && vault.protection !== 'unavailable')) return null;
  return (
    <div className="banner banner-danger" role="alert">
      <div className="banner-text">
        <strong>Keyhold cannot store secrets right now.</strong>{' '}
        {vault.message ??
          'No OS keyring is available. Install and unlock GNOME Keyring or KWallet, then restart Keyhold.'}
      </div>
      <button
        type="button"
        className="button button-small"
        onClick={() => open({ kind: 'settings', focus: 'storage' })}
      >
        Open storage settings
      </button>
    </div>
  );
}

/** Create attempts whose outcome is unknown: the client may exist at the provider without its secret. */
export function OperationsBanner() {
  const unknown = useOperations(useShallow(selectUnknown));
  const error = useOperations((s) => s.error);
  const dismiss = useOperations((s) => s.dismiss);
  if (unknown.length === 0) return null;
  return (
    <section className="banner banner-warning banner-column" aria-labelledby="unknown-ops-title">
      <h2 id="unknown-ops-title" className="banner-title">
        {unknown.length === 1
          ? 'A create attempt has an unknown outcome'
          : `${unknown.length} create attempts have an unknown outcome`}
      </h2>
      <p className="banner-text">
        Keyhold got no clear answer, so the client may exist at the provider without its secret in Keyhold.
        Check the provider’s console; if the client exists there, rotate its secret or import it. Then dismiss
        this.
      </p>
      <ul className="ops-list">
        {unknown.map((op) => (
          <li key={op.id} className="ops-item">
            <span className="ops-text">
              <strong>{op.name}</strong> · {PROVIDER_LABELS[op.provider]} · {op.connectionLabel} ·{' '}
              {ENVIRONMENT_LABELS[op.environment]} ·{' '}
              <span title={exactTime(op.startedAt)}>{relativeTime(op.startedAt)}</span>
              {op.errorMessage ? <span className="muted"> — {op.errorMessage}</span> : null}
            </span>
            <button
              type="button"
              className="button button-small"
              aria-label={`Dismiss ${op.name}`}
              onClick={() => void dismiss(op.id)}
            >
              Dismiss
            </button>
          </li>
        ))}
      </ul>
      <ErrorText error={error} />
    </section>
  );
}
