import { useEffect, useRef } from 'react';
import { ENVIRONMENTS } from '../../../shared/domain';
import { api } from '../api';
import { copySelectedSecret } from '../features/clients/actions';
import { VaultBanner } from './VaultBanner';
import { ClientList } from '../features/clients/ClientList';
import { ConnectionFormDialog } from '../features/connections/ConnectionFormDialog';
import { CreateClientDialog } from '../features/create/CreateClientDialog';
import { DetailPanel } from '../features/clients/DetailPanel';
import { isDialogOpen } from '../ui/Dialog';
import { FirstRun } from './FirstRun';
import { ImportDialog } from '../features/import/ImportDialog';
import { ListToolbar } from '../features/clients/ListToolbar';
import { Notice } from './Notice';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { ShortcutsDialog } from './ShortcutsDialog';
import { Sidebar } from './Sidebar';
import { AttemptsBanner } from '../features/attempts/AttemptsBanner';
import { TopBar } from './TopBar';
import { ActivityDialog } from '../features/activity/ActivityDialog';
import { CliApprovals } from '../features/cli-approvals/CliApprovalDialog';
import { isTextField, matchShortcut, type ShortcutAction } from './shortcuts';
import { BackupDialogs } from '../features/backups';
import { applyTheme } from '../lib/theme';
import { useClients } from '../features/clients/store';
import { useConnections } from '../features/connections/store';
import { useAttempts } from '../features/attempts/store';
import { useSettings } from '../features/settings/store';
import { useUi } from './store';
import './App.css';

function runShortcut(action: ShortcutAction, search: HTMLInputElement | null): void {
  const ui = useUi.getState();
  switch (action.kind) {
    case 'newClient':
      ui.open({ kind: 'create' });
      break;
    case 'focusSearch':
      search?.focus();
      search?.select();
      break;
    case 'environment': {
      const env = ENVIRONMENTS[action.index];
      if (env) useClients.getState().setQuery({ environment: env });
      break;
    }
    case 'copySecret':
      void copySelectedSecret();
      break;
    case 'help':
      ui.open({ kind: 'shortcuts' });
      break;
  }
}

export function App() {
  const searchRef = useRef<HTMLInputElement>(null);
  const connections = useConnections((s) => s.items);
  const counts = useClients((s) => s.counts);
  const environment = useClients((s) => s.query.environment);
  const theme = useSettings((s) => s.settings?.theme);
  const dialog = useUi((s) => s.dialog);
  const close = useUi((s) => s.close);

  useEffect(() => {
    void useSettings.getState().load();
    void useConnections.getState().load();
    void useAttempts.getState().load();
    useClients.getState().refresh();
    // After the first commit: the window has rendered and its bridge works. Only a smoke run
    // (npm start -- --smoke) waits for this; a failed call changes nothing on screen.
    api.rendererReady().catch(() => {});
  }, []);

  useEffect(() => {
    applyTheme(theme ?? 'system');
  }, [theme]);

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || isDialogOpen()) return;
      const action = matchShortcut(e, isTextField(e.target));
      if (!action) return;
      e.preventDefault();
      runShortcut(action, searchRef.current);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const noClients = counts !== null && counts.production + counts.staging + counts.development === 0;
  const firstRun = connections !== null && connections.length === 0 && noClients;

  return (
    <div className="app">
      <Sidebar />
      <main className="main">
        <TopBar searchRef={searchRef} />
        <VaultBanner />
        <AttemptsBanner />
        <div id="env-panel" className="workspace" role="tabpanel" aria-labelledby={`tab-${environment}`}>
          {firstRun ? (
            <FirstRun />
          ) : (
            <>
              <div className="list-pane">
                <ListToolbar />
                <ClientList />
              </div>
              <DetailPanel />
            </>
          )}
        </div>
        <Notice />
      </main>
      {dialog?.kind === 'create' ? <CreateClientDialog environment={environment} onClose={close} /> : null}
      {dialog?.kind === 'import' ? (
        <ImportDialog environment={environment} from={dialog.from} onClose={close} />
      ) : null}
      {dialog?.kind === 'settings' ? <SettingsDialog focus={dialog.focus} onClose={close} /> : null}
      {dialog?.kind === 'addConnection' ? <ConnectionFormDialog onClose={close} /> : null}
      {dialog?.kind === 'shortcuts' ? <ShortcutsDialog onClose={close} /> : null}
      <BackupDialogs />
      <ActivityDialog />
      <CliApprovals />
    </div>
  );
}
