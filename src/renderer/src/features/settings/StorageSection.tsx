import { useId, useState } from 'react';
import type { VaultStatus } from '../../../../shared/domain';
import type { PreferencesProps } from './section';
import { SettingsSection } from './SettingsSection';
import { useSettings } from './store';

const PROTECTION_LABELS: Record<VaultStatus['protection'], string> = {
  os: 'Protected by the operating system',
  weak: 'Weakly protected (hard-coded key)',
  refused: 'Refused: no keyring found',
  unavailable: 'Unavailable: no keyring reachable',
  locked: 'Locked: unlock the OS keyring',
  missing: 'Key missing from the OS keyring',
};

/** The vault's protection, and the opt-in to weaker storage. `storageRef` is that checkbox. */
export function StorageSection({
  settings,
  save,
  storageRef,
}: PreferencesProps & { storageRef: React.RefObject<HTMLInputElement | null> }) {
  const vault = useSettings((s) => s.vault);
  /** The choice shown at once while it is being saved (a controlled box would snap back until then). */
  const [pending, setPending] = useState<boolean | null>(null);
  const hintId = useId();
  return (
    <SettingsSection title="Secret storage">
      {vault ? (
        <p>
          Vault: <strong>{PROTECTION_LABELS[vault.protection]}</strong>{' '}
          <span className="muted">({vault.backend})</span>
        </p>
      ) : null}
      {vault?.message ? <p className="form-hint">{vault.message}</p> : null}
      <label className="checkbox-field">
        <input
          ref={storageRef}
          type="checkbox"
          checked={pending ?? settings.allowWeakStorage}
          aria-describedby={hintId}
          onChange={async (e) => {
            const next = e.target.checked;
            setPending(next);
            await save({ allowWeakStorage: next });
            setPending(null);
          }}
        />
        Allow weaker storage
      </label>
      <p id={hintId} className="form-hint">
        On Linux without a keyring (GNOME Keyring or KWallet), secrets would be protected only by a key
        hard-coded in Chromium — anyone who can read your files could read them. Leave this off and install a
        keyring instead if you can.
      </p>
    </SettingsSection>
  );
}
