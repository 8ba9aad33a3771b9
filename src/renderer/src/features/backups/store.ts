// Backups in the window: the status main reports (for the header and Settings), and which
// backup dialog is open (they open from the header, Settings, the first-run screen and the
// missing-key banner, so the state lives here rather than in any one of them).
import { create } from 'zustand';
import type { BackupStatus } from '../../../../shared/backup';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { api, toError } from '../../api';

export type BackupDialog = 'recoveryKey' | 'restore' | 'export';

interface BackupsState {
  /** null until the first answer. */
  status: BackupStatus | null;
  error: KeyholdErrorData | null;
  dialog: BackupDialog | null;
  load(): Promise<void>;
  put(status: BackupStatus): void;
  open(dialog: BackupDialog): void;
  close(): void;
}

let loadSeq = 0;

export const useBackups = create<BackupsState>()((set) => ({
  status: null,
  error: null,
  dialog: null,

  async load() {
    const seq = ++loadSeq;
    try {
      const status = await api.getBackupStatus();
      if (seq === loadSeq) set({ status, error: null });
    } catch (err) {
      if (seq === loadSeq) set({ error: toError(err) });
    }
  },

  put(status) {
    ++loadSeq; // an answer to an older load must not replace it
    set({ status, error: null });
  },

  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
}));
