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
  /** The newest load: an answer to any other is dropped. */
  latestLoad: object | null;
  load(): Promise<void>;
  put(status: BackupStatus): void;
  open(dialog: BackupDialog): void;
  close(): void;
}

export const useBackups = create<BackupsState>()((set, get) => ({
  status: null,
  error: null,
  dialog: null,
  latestLoad: null,

  async load() {
    const load = {};
    set({ latestLoad: load });
    try {
      const status = await api.getBackupStatus();
      if (get().latestLoad === load) set({ status, error: null });
    } catch (err) {
      if (get().latestLoad === load) set({ error: toError(err) });
    }
  },

  put(status) {
    // An answer to an older load must not replace it.
    set({ status, error: null, latestLoad: null });
  },

  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
}));
