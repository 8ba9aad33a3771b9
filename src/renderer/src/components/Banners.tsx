import { useState } from 'react';
import { PROVIDER_LABELS, type VaultStatus } from '../../../shared/domain';
import { ENVIRONMENT_LABELS, exactTime, relativeTime } from '../lib/format';
import { selectUnknown, useOperations } from '../stores/operations';
import { useSettings } from '../stores/settings';
import { useUi } from '../stores/ui';
import { useShallow } from 'zustand/react/shallow';
import { RestoreFromBackupButton } from '../features/backups';
import { ErrorText } from './ErrorText';

type VaultProblem = Exclude<VaultStatus['protection'], 'os' | 'weak'>;

/**
 * What the banner says above the vault's own message, and its action: the setting for a missing
 * keyring, checking again once the user has fixed the keyring. A missing key also offers
 * "Restore from a backup".
 */
const VAULT_PROBLEMS: Record<VaultProblem, { title: string; action: 'settings' | 'retry' }> = {
  refused: { title: 'Keyhold cannot store secrets right now.', action: 'settings' },
  unavailable: { title: 'Keyhold cannot store secrets right now.', action: 'retry' },
  locked: { title: 'The OS keyring is locked.', action: 'retry' },
  missing: { title: 'The key to your secrets is missing.', action: 'retry' },
};

/** Shown whenever the vault accepts no new secrets: refused, unavailable, locked or missing key. */
export function VaultBanner() {
  const vault = useSettings((s) => s.vault);
  const loadVault = useSettings((s) => s.loadVault);
  const open = useUi((s) => s.open);
  const [checking, setChecking] = useState(false);
  if (!vault || vault.protection === 'os' || vault.protection === 'weak') return null;
  const { title, action } = VAULT_PROBLEMS[vault.protection];
  return (
    <div className="banner banner-danger" role="alert">
      <div className="banner-text">
        <strong>{title}</strong> {vault.message}
      </div>
      {action === 'settings' ? (
        <button
          type="button"
          className="button button-small"
          onClick={() => open({ kind: 'settings', focus: 'storage' })}
        >
          Open storage settings
        </button>
      ) : (
        <button
          type="button"
          className="button button-small"
          disabled={checking}
          onClick={() => {
            setChecking(true);
            void loadVault().finally(() => setChecking(false));
          }}
        >
          {checking ? 'Checking…' : 'Try again'}
        </button>
      )}
      {vault.protection === 'missing' ? <RestoreFromBackupButton /> : null}
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
