// Every backup call that writes, with the stores it refreshes. Each rejects with ApiError (the
// dialog shows it next to its field); reads go straight to `api`.
import type { InputOf } from '../../../../shared/contract';
import { api } from '../../api';
import { useClients } from '../clients/store';
import { useConnections } from '../connections/store';
import { useDetail } from '../clients/detail-store';
import { useAttempts } from '../attempts/store';
import { saveSettings } from '../settings/actions';
import { useSettings } from '../settings/store';
import { useBackups } from './store';

export async function confirmRecoveryKey(recipient: string) {
  const status = await api.confirmRecoveryKey({ recipient });
  useBackups.getState().put(status);
  void useSettings.getState().load();
  return status;
}

export async function setBackupFolder(folder: string | null) {
  const status = await api.setBackupFolder({ folder });
  useBackups.getState().put(status);
  void useSettings.getState().load();
  return status;
}

export async function setBackupKeep(keep: number) {
  const settings = await saveSettings({ backupKeep: keep });
  void useBackups.getState().load();
  return settings;
}

export async function backUpNow() {
  const status = await api.backUpNow();
  useBackups.getState().put(status);
  return status;
}

export function exportBackup(input: InputOf<'exportBackup'>) {
  return api.exportBackup(input);
}

/** A restore writes everything: every store the window keeps is read again. */
export async function applyRestore(previewId: string, adoptRecoveryKey: boolean) {
  const result = await api.applyRestore({ previewId, adoptRecoveryKey });
  useClients.getState().refresh();
  void useConnections.getState().load();
  void useAttempts.getState().load();
  void useSettings.getState().load();
  void useBackups.getState().load();
  const { detail, load } = useDetail.getState();
  if (detail) void load(detail.id);
  return result;
}
