// Settings: one section a file, each in SettingsSection; the preferences share one
// status line, under the last of them, that says how their last save went.
import { useRef } from 'react';
import type { Settings } from '../../../../shared/domain';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { useAction } from '../../ui/hooks';
import { BackupsSection } from '../backups';
import { ConnectionsSection } from '../connections/ConnectionsSection';
import { saveSettings } from './actions';
import { AppearanceSection } from './AppearanceSection';
import { ClipboardSection } from './ClipboardSection';
import { CreatingSection } from './CreatingSection';
import { StorageSection } from './StorageSection';
import { useSettings } from './store';
import './SettingsDialog.css';

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
      <Preferences storageRef={storageRef} />
    </Dialog>
  );
}

function Preferences({ storageRef }: { storageRef: React.RefObject<HTMLInputElement | null> }) {
  const settings = useSettings((s) => s.settings);
  const saving = useAction(3000);
  if (!settings) return <p className="muted">Loading settings…</p>;
  const save = (patch: Partial<Settings>) =>
    saving.run(
      () => saveSettings(patch),
      () => 'Saved',
    );
  return (
    <>
      <ClipboardSection settings={settings} save={save} />
      <CreatingSection settings={settings} save={save} />
      <StorageSection settings={settings} save={save} storageRef={storageRef} />
      <AppearanceSection settings={settings} save={save} />
      <div className="settings-status">
        <p role="status" className="kv-status">
          {saving.message}
        </p>
        <ErrorText error={saving.error} />
      </div>
    </>
  );
}
