import { useEffect, useId, useRef, useState } from 'react';
import { THEMES, type Connection, type Settings, type VaultStatus } from '../../../../shared/domain';
import { PROVIDER_INFO } from '../../../../shared/providers';
import { BackupsSection } from '../backups';
import { applyTheme } from '../../lib/theme';
import { maskedHint, formatCount } from '../../lib/format';
import { useAction } from '../../ui/hooks';
import { useConnections } from '../connections/store';
import { saveSettings } from './actions';
import { useSettings } from './store';
import { removeConnection } from '../connections/actions';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ConnectionFormDialog } from '../connections/ConnectionFormDialog';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { NumberSetting } from '../../ui/NumberSetting';

const THEME_LABELS: Record<Settings['theme'], string> = {
  system: 'Match system',
  light: 'Light',
  dark: 'Dark',
};

const PROTECTION_LABELS: Record<VaultStatus['protection'], string> = {
  os: 'Protected by the operating system',
  weak: 'Weakly protected (hard-coded key)',
  refused: 'Refused: no keyring found',
  unavailable: 'Unavailable: no keyring reachable',
  locked: 'Locked: unlock the OS keyring',
  missing: 'Key missing from the OS keyring',
};

export function SettingsDialog({ focus, onClose }: { focus?: 'storage'; onClose(): void }) {
  const storageRef = useRef<HTMLInputElement>(null);
  return (
    <Dialog
      title="Settings"
      onClose={onClose}
      size="large"
      initialFocus={focus === 'storage' ? storageRef : undefined}
    >
      <ConnectionsSection />
      <BackupsSection />
      <PreferencesSection storageRef={storageRef} />
    </Dialog>
  );
}

function ConnectionsSection() {
  const connections = useConnections((s) => s.items) ?? [];
  const error = useConnections((s) => s.error);
  const [editing, setEditing] = useState<Connection | 'new' | null>(null);
  const [removing, setRemoving] = useState<Connection | null>(null);

  // Client counts change with every create, import and delete: read them fresh.
  useEffect(() => {
    void useConnections.getState().load();
  }, []);

  return (
    <section className="settings-section" aria-labelledby="settings-connections">
      <div className="section-head">
        <h3 id="settings-connections" className="section-title">
          Connections
        </h3>
        <button
          type="button"
          className="button button-small button-primary"
          onClick={() => setEditing('new')}
        >
          Add connection
        </button>
      </div>
      <ErrorText error={error} />
      {connections.length === 0 ? (
        <p className="muted">
          No connections yet. Add one with a Weir AI access token or a Mythic admin API key.
        </p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Provider</th>
              <th scope="col">Base URL</th>
              <th scope="col">Token</th>
              <th scope="col" className="num">
                Clients
              </th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {connections.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.label}</th>
                <td>{PROVIDER_INFO[c.provider].label}</td>
                <td className="mono-value cell-url">{c.baseUrl}</td>
                <td className="mono-value">{maskedHint(c.tokenHint)}</td>
                <td className="num">{formatCount(c.clientCount)}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Edit ${c.label}`}
                    onClick={() => setEditing(c)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger-outline"
                    aria-label={`Remove ${c.label}`}
                    onClick={() => setRemoving(c)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing ? (
        <ConnectionFormDialog
          connection={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove connection “${removing.label}”?`}
          confirmLabel="Remove connection"
          danger
          onClose={() => setRemoving(null)}
          onConfirm={() => removeConnection(removing.id)}
        >
          <p>
            Its token is deleted from the vault. The account at {PROVIDER_INFO[removing.provider].label} is
            not touched.
          </p>
          <p>
            Clients created through it ({formatCount(removing.clientCount)}) stay in Keyhold with their
            secrets; new clients need another connection.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function PreferencesSection({ storageRef }: { storageRef: React.RefObject<HTMLInputElement | null> }) {
  const settings = useSettings((s) => s.settings);
  const vault = useSettings((s) => s.vault);
  const save = useAction(3000);
  /** Choices shown at once while they are being saved (controlled inputs would snap back until then). */
  const [pending, setPending] = useState<Partial<Pick<Settings, 'allowWeakStorage' | 'theme'>>>({});
  const ids = { weakHint: useId(), theme: useId() };

  if (!settings) return <p className="muted">Loading settings…</p>;
  const allowWeakStorage = pending.allowWeakStorage ?? settings.allowWeakStorage;
  const theme = pending.theme ?? settings.theme;

  const update = (patch: Partial<Settings>) =>
    save.run(
      () => saveSettings(patch),
      () => 'Saved',
    );

  return (
    <>
      <section className="settings-section" aria-labelledby="settings-clipboard">
        <h3 id="settings-clipboard" className="section-title">
          Clipboard
        </h3>
        <NumberSetting
          label="Clear copied secrets after (seconds)"
          hint="0 turns auto-clear off. Keyhold clears the clipboard only if it still holds what it copied."
          value={settings.clipboardClearSeconds}
          min={0}
          max={3600}
          invalid="Enter whole seconds from 0 to 3600 (0 turns auto-clear off)."
          save={(clipboardClearSeconds) => update({ clipboardClearSeconds })}
        />
      </section>

      <section className="settings-section" aria-labelledby="settings-creating">
        <h3 id="settings-creating" className="section-title">
          Creating clients
        </h3>
        <NumberSetting
          label="Wait for an answer (minutes)"
          hint="A provider’s answer carries the only copy of the new secret, so once a request is sent Keyhold waits this long for it before marking the attempt unknown."
          value={settings.createWaitMinutes}
          min={1}
          max={60}
          invalid="Enter whole minutes from 1 to 60."
          save={(createWaitMinutes) => update({ createWaitMinutes })}
        />
      </section>

      <section className="settings-section" aria-labelledby="settings-storage">
        <h3 id="settings-storage" className="section-title">
          Secret storage
        </h3>
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
            checked={allowWeakStorage}
            aria-describedby={ids.weakHint}
            onChange={async (e) => {
              const next = e.target.checked;
              setPending((p) => ({ ...p, allowWeakStorage: next }));
              await update({ allowWeakStorage: next });
              setPending(({ allowWeakStorage: _done, ...rest }) => rest);
            }}
          />
          Allow weaker storage
        </label>
        <p id={ids.weakHint} className="form-hint">
          On Linux without a keyring (GNOME Keyring or KWallet), secrets would be protected only by a key
          hard-coded in Chromium — anyone who can read your files could read them. Leave this off and install
          a keyring instead if you can.
        </p>
      </section>

      <section className="settings-section" aria-labelledby="settings-appearance">
        <h3 id="settings-appearance" className="section-title">
          Appearance
        </h3>
        <div className="form-field form-field-row">
          <label htmlFor={ids.theme} className="form-label">
            Theme
          </label>
          <select
            id={ids.theme}
            className="select input-narrow"
            value={theme}
            onChange={(e) => {
              const next = e.target.value as Settings['theme'];
              const previous = settings.theme;
              setPending((p) => ({ ...p, theme: next }));
              applyTheme(next);
              void update({ theme: next }).then((saved) => {
                if (!saved) applyTheme(previous);
                setPending(({ theme: _done, ...rest }) => rest);
              });
            }}
          >
            {THEMES.map((t) => (
              <option key={t} value={t}>
                {THEME_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
      </section>
      <div className="settings-status">
        <p role="status" className="kv-status">
          {save.message}
        </p>
        <ErrorText error={save.error} />
      </div>
    </>
  );
}
