import { useEffect, useState } from 'react';
import { type ClientDetail } from '../../../../shared/domain';
import { PROVIDER_INFO } from '../../../../shared/providers';
import { api } from '../../api';
import { openActivity } from '../activity/actions';
import { ENVIRONMENT_LABELS, exactTime, relativeTime } from '../../lib/format';
import { useAction } from '../../ui/hooks';
import { useClients } from './store';
import { useDetail } from './detail-store';
import { exportHolder, fieldHolder, useClipboardNote, useNoteOf } from './clipboard-note';
import { useUi } from '../../shell/store';
import { ConflictNote } from '../backups';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { deleteClient, setClientArchived } from './actions';
import { CopyFieldButton } from './CopyFieldButton';
import { ErrorText } from '../../ui/ErrorText';
import { SecretRow } from './SecretRow';
import './DetailPanel.css';

export function DetailPanel() {
  const selectedId = useClients((s) => s.selectedId);
  const { id, detail, loading, error, load } = useDetail();

  useEffect(() => {
    if (useDetail.getState().id !== selectedId) void useDetail.getState().load(selectedId);
    const ui = useUi.getState();
    if (ui.createdNote && ui.createdNote.clientId !== selectedId) ui.setCreatedNote(null);
  }, [selectedId]);

  return (
    <aside className="detail" aria-label="Client details">
      {!selectedId ? (
        <p className="detail-empty">Select a client to see its details.</p>
      ) : error && id === selectedId ? (
        <div className="detail-empty">
          <ErrorText error={error} />
          <button type="button" className="button" onClick={() => void load(selectedId)}>
            Retry
          </button>
        </div>
      ) : detail && detail.id === selectedId ? (
        <DetailView key={detail.id} detail={detail} />
      ) : loading ? (
        <p className="detail-empty" aria-busy="true">
          Loading…
        </p>
      ) : null}
    </aside>
  );
}

function Field({ label, children, title }: { label: string; children: React.ReactNode; title?: string }) {
  return (
    <div className="kv-row">
      <dt className="kv-key">{label}</dt>
      <dd className="kv-value" title={title}>
        {children}
      </dd>
    </div>
  );
}

function PublicFieldRow({
  clientId,
  field,
}: {
  clientId: string;
  field: ClientDetail['publicFields'][number];
}) {
  const copy = useAction();
  const copied = useNoteOf(fieldHolder(clientId, field.field));
  return (
    <div className="kv-row">
      <dt className="kv-key">{field.label}</dt>
      <dd className="kv-value">
        <div className="kv-line">
          <code className="mono-value">{field.value}</code>
          <span className="kv-actions">
            <CopyFieldButton clientId={clientId} field={field} action={copy} />
          </span>
        </div>
        <p className="kv-status" role="status">
          {copied}
        </p>
        <ErrorText error={copy.error} />
      </dd>
    </div>
  );
}

function DetailView({ detail }: { detail: ClientDetail }) {
  const createdNote = useUi((s) => s.createdNote);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const exportAction = useAction();
  const archive = useAction();
  const provider = PROVIDER_INFO[detail.provider].label;
  const hasMetadata = Object.keys(detail.metadata).length > 0;

  const exported = useNoteOf(exportHolder(detail.id));

  const copyAs = (format: 'env' | 'json') =>
    void exportAction.run(
      () => api.copyClientAs({ id: detail.id, format }),
      (r) => {
        useClipboardNote.getState().copied(exportHolder(detail.id), r.clearsAt);
        return null;
      },
    );

  const toggleArchived = () => void archive.run(() => setClientArchived(detail.id, !detail.archived));

  return (
    <div className="detail-body">
      <header className="detail-header">
        <h2 id="detail-title" className="detail-title" tabIndex={-1}>
          {detail.name}
        </h2>
        <div className="tags">
          <span className={`tag tag-provider provider-${detail.provider}`}>{provider}</span>
          <span className="tag">{ENVIRONMENT_LABELS[detail.environment]}</span>
          <span className="tag">{detail.origin === 'imported' ? 'Imported' : 'Created in Keyhold'}</span>
          {detail.archived ? <span className="tag tag-warning">Archived</span> : null}
        </div>
      </header>
      <ConflictNote detail={detail} />

      {createdNote?.clientId === detail.id ? (
        <p className="note note-success" role="status">
          Secret stored in the vault — {PROVIDER_INFO[createdNote.provider].label} shows it only once.
        </p>
      ) : null}

      <section aria-labelledby="detail-secrets" className="detail-section">
        <h3 id="detail-secrets" className="section-title">
          Secrets
        </h3>
        {detail.secretFields.length === 0 ? (
          <p className="muted">No secrets stored for this client.</p>
        ) : (
          <dl className="kv">
            {detail.secretFields.map((f) => (
              <SecretRow key={f.field} clientId={detail.id} field={f} />
            ))}
          </dl>
        )}
      </section>

      {detail.publicFields.length > 0 ? (
        <section aria-labelledby="detail-fields" className="detail-section">
          <h3 id="detail-fields" className="section-title">
            Fields
          </h3>
          <dl className="kv">
            {detail.publicFields.map((f) => (
              <PublicFieldRow key={f.field} clientId={detail.id} field={f} />
            ))}
          </dl>
        </section>
      ) : null}

      <section aria-labelledby="detail-about" className="detail-section">
        <h3 id="detail-about" className="section-title">
          Details
        </h3>
        <dl className="kv">
          <Field label="Provider">{provider}</Field>
          <Field label="Connection">{detail.connectionLabel || 'None'}</Field>
          <Field label="Environment">{ENVIRONMENT_LABELS[detail.environment]}</Field>
          <Field label="Client id">
            <code className="mono-value">{detail.remoteId}</code>
          </Field>
          <Field label="Public id">
            <code className="mono-value">{detail.publicId}</code>
          </Field>
          <Field label="Origin">
            {detail.origin === 'imported' ? 'Imported into Keyhold' : 'Created by Keyhold'}
          </Field>
          <Field
            label={detail.origin === 'imported' ? 'Imported' : 'Created'}
            title={exactTime(detail.createdAt)}
          >
            {relativeTime(detail.createdAt)} <span className="muted">({exactTime(detail.createdAt)})</span>
          </Field>
          {detail.remoteCreatedAt ? (
            <Field label={`Created at ${provider}`} title={exactTime(detail.remoteCreatedAt)}>
              {exactTime(detail.remoteCreatedAt)}
            </Field>
          ) : null}
          {detail.archivedAt ? <Field label="Archived">{exactTime(detail.archivedAt)}</Field> : null}
        </dl>
      </section>

      {hasMetadata ? (
        <section aria-labelledby="detail-metadata" className="detail-section">
          <h3 id="detail-metadata" className="section-title">
            {detail.provider === 'mythic' ? 'Mythic metadata' : 'Metadata'}
          </h3>
          <pre className="json" tabIndex={0} aria-labelledby="detail-metadata">
            {JSON.stringify(detail.metadata, null, 2)}
          </pre>
        </section>
      ) : null}

      <section aria-label="Actions" className="detail-section detail-actions">
        <div className="button-row">
          <button type="button" className="button" onClick={() => copyAs('env')} disabled={exportAction.busy}>
            Copy as .env
          </button>
          <button
            type="button"
            className="button"
            onClick={() => copyAs('json')}
            disabled={exportAction.busy}
          >
            Copy as JSON
          </button>
        </div>
        <p className="kv-status" role="status">
          {exported}
        </p>
        <ErrorText error={exportAction.error} />
        <div className="button-row">
          <button type="button" className="button" onClick={() => openActivity(detail)}>
            Activity
          </button>
          <button type="button" className="button" onClick={toggleArchived} disabled={archive.busy}>
            {detail.archived ? 'Unarchive' : 'Archive'}
          </button>
          <button
            type="button"
            className="button button-danger-outline"
            onClick={() => setConfirmDelete(true)}
          >
            Delete
          </button>
        </div>
        <ErrorText error={archive.error} />
      </section>

      {confirmDelete ? (
        <ConfirmDialog
          title={`Delete “${detail.name}” from Keyhold?`}
          confirmLabel="Delete client"
          danger
          onConfirm={() => deleteClient(detail.id)}
          onClose={() => setConfirmDelete(false)}
        >
          <p>
            The client still exists at {provider}: neither provider’s API documents a way to delete it. Remove
            it in the {provider} console if you no longer need it.
          </p>
          <p>Its secret will be gone from Keyhold for good. Copy it first if you still need it anywhere.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
