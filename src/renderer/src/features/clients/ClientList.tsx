// The virtualised client list (role=listbox). Only the rows in view exist in the DOM; pages
// of 100 are fetched around them by the clients store.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { ClientSummary } from '../../../../shared/domain';
import { PROVIDER_INFO } from '../../../../shared/providers';
import { exactTime, relativeTime, ENVIRONMENT_LABELS } from '../../lib/format';
import { useNow } from '../../ui/hooks';
import { findIndex, itemAt } from './page-cache';
import { useClients } from './store';
import { useConnections } from '../connections/store';
import { useUi } from '../../shell/store';
import { ErrorText } from '../../ui/ErrorText';
import './ClientList.css';

export const ROW_HEIGHT = 36;
const ROW_STYLE = { height: ROW_HEIGHT };

export function ClientList() {
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = useClients((s) => s.total);
  const pages = useClients((s) => s.pages);
  const selectedId = useClients((s) => s.selectedId);
  const activeIndex = useClients((s) => s.activeIndex);
  const scrollReset = useClients((s) => s.scrollReset);
  const error = useClients((s) => s.error);
  const loading = useClients((s) => s.loading);
  // Narrow selections: a keystroke in the search box must not re-render every row.
  const environment = useClients((s) => s.query.environment);
  const archived = useClients((s) => s.query.archived);
  const filtered = useClients(
    (s) => s.query.query !== '' || s.query.provider !== null || s.query.connectionId !== null,
  );
  const now = useNow();

  // TanStack Virtual returns fresh functions each render; this component is not compiler-memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    initialRect: { width: 800, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (items.length > 0) useClients.getState().setVisibleRange(first, last);
    // items.length is what matters beyond the bounds.
  }, [first, last, items.length]);

  useEffect(() => {
    // Most resets (each keystroke in search) find the list already at the top; asking TanStack to
    // scroll there anyway reads scrollHeight, forcing a layout of the new rows before the frame.
    if (virtualizer.scrollOffset !== 0) virtualizer.scrollToOffset(0);
  }, [scrollReset, virtualizer]);

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const s = useClients.getState();
    const current = s.activeIndex >= 0 ? s.activeIndex : findIndex(s.pages, (c) => c.id === s.selectedId);
    const pageRows = Math.max(1, items.length - 2);
    let to: number | null = null;
    if (e.key === 'ArrowDown') to = current < 0 ? first : current + 1;
    else if (e.key === 'ArrowUp') to = current < 0 ? first : current - 1;
    else if (e.key === 'PageDown') to = Math.max(0, current) + pageRows;
    else if (e.key === 'PageUp') to = Math.max(0, current) - pageRows;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = (s.total ?? 1) - 1;
    else if (e.key === 'Enter' && s.selectedId) {
      e.preventDefault();
      document.getElementById('detail-title')?.focus();
      return;
    }
    if (to === null) return;
    e.preventDefault();
    s.moveActive(to);
  };

  const activeRow = activeIndex >= 0 && items.some((i) => i.index === activeIndex) ? activeIndex : -1;

  if (error && (total === null || total === 0)) {
    return (
      <div className="list-empty">
        <ErrorText error={error} />
        <button type="button" className="button" onClick={() => useClients.getState().refresh()}>
          Retry
        </button>
      </div>
    );
  }

  if (total === 0) {
    return <EmptyList filtered={filtered} archived={archived} envLabel={ENVIRONMENT_LABELS[environment]} />;
  }

  return (
    <div className="list-wrap">
      {error ? (
        <div className="list-error">
          <ErrorText error={error} />
          <button
            type="button"
            className="button button-small"
            onClick={() => useClients.getState().refresh()}
          >
            Retry
          </button>
        </div>
      ) : null}
      <div className="list-header" aria-hidden="true">
        <span>Name</span>
        <span>Provider</span>
        <span>Connection</span>
        <span>Public id</span>
        <span>Created</span>
      </div>
      <div
        ref={scrollRef}
        id="client-list"
        className="list-scroll"
        role="listbox"
        aria-label={`Clients in ${ENVIRONMENT_LABELS[environment]}`}
        aria-busy={loading || total === null}
        aria-activedescendant={activeRow >= 0 ? `client-option-${activeRow}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        {/* Rows in normal flow below the sizer's top padding: no positioned box (and so no paint
            layer) per row, which is a measurable part of each keystroke's frame. */}
        <div
          className="list-sizer"
          role="presentation"
          style={{ height: virtualizer.getTotalSize(), paddingTop: items[0]?.start ?? 0 }}
        >
          {items.map((v) => (
            <ClientRow
              key={v.key}
              index={v.index}
              total={total ?? -1}
              client={itemAt(pages, v.index)}
              selected={itemAt(pages, v.index)?.id === selectedId}
              active={v.index === activeRow}
              now={now}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

interface ClientRowProps {
  index: number;
  total: number;
  client: ClientSummary | undefined;
  selected: boolean;
  active: boolean;
  now: number;
}

/** One option; memoised so rows whose data did not change skip rendering. */
const ClientRow = memo(function ClientRow({ index, total, client, selected, active, now }: ClientRowProps) {
  const common = {
    id: `client-option-${index}`,
    role: 'option',
    'aria-posinset': index + 1,
    'aria-setsize': total,
    style: ROW_STYLE,
  } as const;
  if (!client) {
    return (
      <div {...common} aria-selected={false} aria-disabled="true" className="row row-placeholder">
        <span className="skeleton" />
        <span className="sr-only">Loading…</span>
      </div>
    );
  }
  return (
    <div
      {...common}
      aria-selected={selected}
      className={`row${selected ? ' row-selected' : ''}${active ? ' row-active' : ''}${client.archived ? ' row-archived' : ''}`}
      onClick={() => useClients.getState().select(client.id, index)}
    >
      {/* Every box in a row is layout and paint work at each keystroke: the name has a box of its
          own only beside tags, and the provider's dot is its cell's background. */}
      {client.origin === 'imported' || client.archived ? (
        <span className="cell cell-name cell-tagged">
          <span className="cell-name-text">{client.name}</span>
          {client.origin === 'imported' ? <span className="tag">Imported</span> : null}
          {client.archived ? <span className="tag">Archived</span> : null}
        </span>
      ) : (
        <span className="cell cell-name cell-name-text">{client.name}</span>
      )}
      <span className={`cell cell-provider provider-${client.provider}`}>
        {PROVIDER_INFO[client.provider].label}
      </span>
      <span className="cell cell-muted">{client.connectionLabel}</span>
      <span className="cell cell-mono">{client.publicId}</span>
      <span className="cell cell-muted" title={exactTime(client.createdAt)}>
        {relativeTime(client.createdAt, now)}
      </span>
    </div>
  );
});

function EmptyList({
  filtered,
  archived,
  envLabel,
}: {
  filtered: boolean;
  archived: boolean;
  envLabel: string;
}) {
  const hasConnections = (useConnections((s) => s.items) ?? []).length > 0;
  const open = useUi((s) => s.open);
  if (filtered) {
    return (
      <div className="list-empty">
        <p>No clients match this search and filters.</p>
        <button
          type="button"
          className="button"
          onClick={() => useClients.getState().setQuery({ query: '', provider: null, connectionId: null })}
        >
          Clear search and filters
        </button>
      </div>
    );
  }
  return (
    <div className="list-empty">
      <p>
        No {archived ? '' : 'active '}clients in {envLabel} yet.
      </p>
      {hasConnections ? (
        <button type="button" className="button button-primary" onClick={() => open({ kind: 'create' })}>
          Create your first client
        </button>
      ) : (
        <button
          type="button"
          className="button button-primary"
          onClick={() => open({ kind: 'addConnection' })}
        >
          Add a connection
        </button>
      )}
    </div>
  );
}
