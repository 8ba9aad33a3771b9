import { useRef } from 'react';
import { ENVIRONMENTS, type Environment } from '../../../shared/domain';
import { openActivity } from '../features/activity/actions';
import { ENVIRONMENT_LABELS, formatCount } from '../lib/format';
import { modLabel } from './shortcuts';
import { useClients } from '../features/clients/store';
import { useUi } from './store';
import './Sidebar.css';

export function Sidebar() {
  const environment = useClients((s) => s.query.environment);
  const counts = useClients((s) => s.counts);
  const setQuery = useClients((s) => s.setQuery);
  const open = useUi((s) => s.open);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const mod = modLabel();

  const activate = (env: Environment, focus: boolean) => {
    setQuery({ environment: env });
    if (focus) tabs.current[ENVIRONMENTS.indexOf(env)]?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent, index: number) => {
    const last = ENVIRONMENTS.length - 1;
    const to =
      e.key === 'ArrowDown' || e.key === 'ArrowRight'
        ? index === last
          ? 0
          : index + 1
        : e.key === 'ArrowUp' || e.key === 'ArrowLeft'
          ? index === 0
            ? last
            : index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : -1;
    if (to < 0) return;
    e.preventDefault();
    activate(ENVIRONMENTS[to]!, true);
  };

  return (
    <nav className="sidebar" aria-label="Main">
      <h1 className="brand">
        <span className="brand-mark" aria-hidden="true">
          K
        </span>
        Keyhold
      </h1>
      <p className="sidebar-heading" id="env-heading">
        Environments
      </p>
      <div role="tablist" aria-orientation="vertical" aria-labelledby="env-heading" className="env-tabs">
        {ENVIRONMENTS.map((env, i) => {
          const selected = env === environment;
          const label = ENVIRONMENT_LABELS[env];
          return (
            <button
              key={env}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${env}`}
              aria-label={label}
              aria-selected={selected}
              aria-controls="env-panel"
              aria-describedby={`tab-count-${env}`}
              aria-keyshortcuts={`Control+${i + 1} Meta+${i + 1}`}
              tabIndex={selected ? 0 : -1}
              title={`${label} (${mod}+${i + 1})`}
              className={`env-tab env-${env}`}
              onClick={() => activate(env, false)}
              onKeyDown={(e) => onKeyDown(e, i)}
            >
              <span className="env-dot" aria-hidden="true" />
              <span className="env-label">{label}</span>
              <span className="env-count" id={`tab-count-${env}`}>
                {counts ? formatCount(counts[env]) : '–'}
                <span className="sr-only">{counts?.[env] === 1 ? ' client' : ' clients'}</span>
              </span>
            </button>
          );
        })}
      </div>
      <div className="sidebar-footer">
        <button type="button" className="sidebar-button" onClick={() => open({ kind: 'import' })}>
          Import client
        </button>
        <button type="button" className="sidebar-button" onClick={() => openActivity()}>
          Activity
        </button>
        <button type="button" className="sidebar-button" onClick={() => open({ kind: 'settings' })}>
          Settings
        </button>
        <button
          type="button"
          className="sidebar-button"
          title="Keyboard shortcuts (?)"
          aria-keyshortcuts="Shift+?"
          onClick={() => open({ kind: 'shortcuts' })}
        >
          Keyboard shortcuts
        </button>
      </div>
    </nav>
  );
}
