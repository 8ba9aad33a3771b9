import type { RefObject } from 'react';
import { BackupBadge } from '../features/backups';
import { modLabel } from './shortcuts';
import { useClients } from '../features/clients/store';
import { useSettings } from '../features/settings/store';
import { useUi } from './store';
import { focusList } from '../ui/focusReturn';
import './TopBar.css';

export function TopBar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const query = useClients((s) => s.query.query);
  const setQuery = useClients((s) => s.setQuery);
  const vault = useSettings((s) => s.vault);
  const open = useUi((s) => s.open);
  const mod = modLabel();

  return (
    <header className="topbar">
      <div className="search">
        <label htmlFor="client-search" className="sr-only">
          Search clients
        </label>
        <svg className="search-icon" viewBox="0 0 16 16" aria-hidden="true">
          <circle cx="7" cy="7" r="4.5" />
          <path d="M10.5 10.5 14 14" />
        </svg>
        <input
          ref={searchRef}
          id="client-search"
          type="search"
          className="search-input"
          placeholder="Search by name or id"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          value={query}
          title={`Search clients (/ or ${mod}+F)`}
          aria-keyshortcuts="/ Control+F Meta+F"
          onChange={(e) => setQuery({ query: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              // With text, Escape clears it; in an empty box, it leaves for the list.
              e.preventDefault();
              if (query) setQuery({ query: '' });
              else focusList();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              document.getElementById('client-list')?.focus();
            }
          }}
        />
      </div>
      <div className="topbar-actions">
        <BackupBadge />
        {vault?.protection === 'weak' ? (
          <button
            type="button"
            className="badge badge-warning badge-button"
            onClick={() => open({ kind: 'settings', focus: 'storage' })}
            title="Secrets are protected only by a hard-coded key. Open storage settings."
          >
            Vault: weakly protected
          </button>
        ) : null}
        <button
          type="button"
          className="button button-primary"
          title={`New client (N or ${mod}+N)`}
          aria-keyshortcuts="N Control+N Meta+N"
          onClick={() => open({ kind: 'create' })}
        >
          <span aria-hidden="true" className="button-icon">
            +
          </span>
          New client
        </button>
      </div>
    </header>
  );
}
