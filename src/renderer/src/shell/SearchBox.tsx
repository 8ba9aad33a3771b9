import type { RefObject } from 'react';
import { useClients } from '../features/clients/store';
import './SearchBox.css';

/**
 * The search box. The query is read here and not in the top bar, so a keystroke re-renders the
 * box (and the list), not the bar's badges and buttons.
 */
export function SearchBox({ inputRef, mod }: { inputRef: RefObject<HTMLInputElement | null>; mod: string }) {
  const query = useClients((s) => s.query.query);
  const setQuery = useClients((s) => s.setQuery);
  return (
    <div className="search">
      <label htmlFor="client-search" className="sr-only">
        Search clients
      </label>
      <svg className="search-icon" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="7" cy="7" r="4.5" />
        <path d="M10.5 10.5 14 14" />
      </svg>
      <input
        ref={inputRef}
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
          if (e.key === 'Escape' && query) {
            e.preventDefault();
            setQuery({ query: '' });
          } else if (e.key === 'ArrowDown') {
            e.preventDefault();
            document.getElementById('client-list')?.focus();
          }
        }}
      />
    </div>
  );
}
