// Settings → Connections: every provider account — told apart by label, provider and host (a token's
// last four show only for a token long enough to keep them secret-safe) — and its client count;
// add, edit, remove.
import { useEffect, useState } from 'react';
import type { Connection } from '../../../../shared/domain';
import { PROVIDER_INFO } from '../../../../shared/providers';
import { formatCount, maskedHint } from '../../lib/format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorText } from '../../ui/ErrorText';
import { SettingsSection } from '../settings/SettingsSection';
import { removeConnection } from './actions';
import { ConnectionFormDialog } from './ConnectionFormDialog';
import { useConnections } from './store';
import './ConnectionsSection.css';

/** The host a base URL names (what tells two connections of a provider apart), or the URL itself. */
function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

function keptClients(count: number): string {
  if (count === 0) return 'No client was created through it.';
  if (count === 1) return 'The client created through it stays in Keyhold with its secret.';
  return `The ${formatCount(count)} clients created through it stay in Keyhold with their secrets.`;
}

export function ConnectionsSection() {
  const connections = useConnections((s) => s.items) ?? [];
  const error = useConnections((s) => s.error);
  const [editing, setEditing] = useState<Connection | 'new' | null>(null);
  const [removing, setRemoving] = useState<Connection | null>(null);

  // Client counts change with every create, import and delete: read them fresh.
  useEffect(() => {
    void useConnections.getState().load();
  }, []);

  return (
    <SettingsSection
      title="Connections"
      action={
        <button
          type="button"
          className="button button-small button-primary"
          onClick={() => setEditing('new')}
        >
          Add connection
        </button>
      }
    >
      <ErrorText error={error} />
      {connections.length === 0 ? (
        <p className="muted">
          No connections yet. Add one with a Weir AI access token or a Mythic Analytics admin API key.
        </p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Provider</th>
              <th scope="col">Host</th>
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
                <td className="mono-value cell-url">
                  <span title={c.baseUrl}>{hostOf(c.baseUrl)}</span>
                </td>
                <td className="mono-value">{c.tokenHint ? maskedHint(c.tokenHint) : '—'}</td>
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
          <p>{keptClients(removing.clientCount)} New clients need another connection.</p>
        </ConfirmDialog>
      ) : null}
    </SettingsSection>
  );
}
