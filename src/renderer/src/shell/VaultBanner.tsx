import { useState } from 'react';
import type { VaultStatus } from '../../../shared/domain';
import { useSettings } from '../features/settings/store';
import { useUi } from './store';
import { RestoreFromBackupButton } from '../features/backups';

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
