import type { Settings } from '../../../../shared/domain';
import { api } from '../../api';
import { useSettings } from './store';

/**
 * Saves `patch`; rejects with ApiError (the caller shows it next to the control). Allowing weaker
 * storage changes what the vault accepts: its status is read again, answered or not.
 */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  try {
    const settings = await api.updateSettings(patch);
    useSettings.setState({ settings });
    return settings;
  } finally {
    if (patch.allowWeakStorage !== undefined) void useSettings.getState().loadVault();
  }
}
