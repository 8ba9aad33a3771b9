import type { Settings } from '../../../../shared/domain';

/** What a preferences section gets: the settings, and the save whose outcome Settings shows. */
export interface PreferencesProps {
  settings: Settings;
  /** Resolves with the saved settings, or undefined when saving failed. */
  save(patch: Partial<Settings>): Promise<Settings | undefined>;
}
