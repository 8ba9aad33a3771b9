import type { RefObject } from 'react';
import { BackupBadge } from '../features/backups';
import { modLabel } from './shortcuts';
import { SearchBox } from './SearchBox';
import { useSettings } from '../features/settings/store';
import { useUi } from './store';
import './TopBar.css';

export function TopBar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const vault = useSettings((s) => s.vault);
  const open = useUi((s) => s.open);
  const mod = modLabel();

  return (
    <header className="topbar">
      <SearchBox inputRef={searchRef} mod={mod} />
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
