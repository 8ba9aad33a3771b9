import { useShallow } from 'zustand/react/shallow';
import { PROVIDERS, type ListQuery, type Provider } from '../../../../shared/domain';
import { PROVIDER_INFO } from '../../../../shared/providers';
import { formatCount } from '../../lib/format';
import { useClients } from './store';
import { useConnections } from '../connections/store';
import './ListToolbar.css';

const SORT_OPTIONS: {
  value: string;
  label: string;
  sort: ListQuery['sort'];
  direction: ListQuery['direction'];
}[] = [
  { value: 'created-desc', label: 'Newest first', sort: 'created', direction: 'desc' },
  { value: 'created-asc', label: 'Oldest first', sort: 'created', direction: 'asc' },
  { value: 'name-asc', label: 'Name A–Z', sort: 'name', direction: 'asc' },
  { value: 'name-desc', label: 'Name Z–A', sort: 'name', direction: 'desc' },
];

export function ListToolbar() {
  // The filters only, not the whole query (a keystroke in the search box makes a new one), and the
  // total in a component of its own: a keystroke re-renders neither the selects nor the checkbox.
  const q = useClients(
    useShallow(({ query: { provider, connectionId, sort, direction, archived } }) => ({
      provider,
      connectionId,
      sort,
      direction,
      archived,
    })),
  );
  const setQuery = useClients((s) => s.setQuery);
  const connections = useConnections((s) => s.items) ?? [];
  const shownConnections = q.provider ? connections.filter((c) => c.provider === q.provider) : connections;

  return (
    <div className="list-toolbar">
      <label className="field-inline">
        <span className="sr-only">Provider</span>
        <select
          className="select select-small"
          value={q.provider ?? ''}
          onChange={(e) => {
            const provider = (e.target.value || null) as Provider | null;
            const keep = connections.find((c) => c.id === q.connectionId);
            setQuery({
              provider,
              connectionId: provider && keep && keep.provider !== provider ? null : q.connectionId,
            });
          }}
        >
          <option value="">All providers</option>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {PROVIDER_INFO[p].label}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline">
        <span className="sr-only">Connection</span>
        <select
          className="select select-small"
          value={q.connectionId ?? ''}
          onChange={(e) => setQuery({ connectionId: e.target.value || null })}
        >
          <option value="">All connections</option>
          {shownConnections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline">
        <span className="sr-only">Sort</span>
        <select
          className="select select-small"
          value={`${q.sort}-${q.direction}`}
          onChange={(e) => {
            const option = SORT_OPTIONS.find((o) => o.value === e.target.value);
            if (option) setQuery({ sort: option.sort, direction: option.direction });
          }}
        >
          {SORT_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox-inline">
        <input
          type="checkbox"
          checked={q.archived}
          onChange={(e) => setQuery({ archived: e.target.checked })}
        />
        Show archived
      </label>
      <ListTotal />
    </div>
  );
}

function ListTotal() {
  const total = useClients((s) => s.total);
  return (
    <span className="list-total" role="status">
      {total === null ? '' : `${formatCount(total)} ${total === 1 ? 'client' : 'clients'}`}
    </span>
  );
}
