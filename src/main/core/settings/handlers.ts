import type { Handlers } from '../../../shared/contract';
import type { SettingsStore } from './settings';

/** The settings' contract methods. */
export function settingsHandlers(settings: SettingsStore): Pick<Handlers, 'getSettings' | 'updateSettings'> {
  return {
    getSettings: async () => settings.get(),
    updateSettings: async (patch) => settings.update(patch),
  };
}
