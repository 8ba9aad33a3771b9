// The settings and the vault's status as the core last said; writes are in actions.ts.
import { create } from 'zustand';
import type { Settings, VaultStatus } from '../../../../shared/domain';
import type { KeyholdErrorData } from '../../../../shared/errors';
import { api, toError } from '../../api';

interface SettingsState {
  /** null until loaded. */
  settings: Settings | null;
  vault: VaultStatus | null;
  error: KeyholdErrorData | null;
  load(): Promise<void>;
  loadVault(): Promise<void>;
}

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  vault: null,
  error: null,

  async load() {
    try {
      const [settings, vault] = await Promise.all([api.getSettings(), api.getVaultStatus()]);
      set({ settings, vault, error: null });
    } catch (err) {
      set({ error: toError(err) });
    }
  },

  async loadVault() {
    try {
      set({ vault: await api.getVaultStatus() });
    } catch (err) {
      set({ error: toError(err) });
    }
  },
}));
