import { useId, useState } from 'react';
import { THEMES, type Settings } from '../../../../shared/domain';
import { applyTheme } from '../../lib/theme';
import type { PreferencesProps } from './section';
import { SettingsSection } from './SettingsSection';

const THEME_LABELS: Record<Settings['theme'], string> = {
  system: 'Match system',
  light: 'Light',
  dark: 'Dark',
};

/** The theme: applied at once, and put back if saving it fails. */
export function AppearanceSection({ settings, save }: PreferencesProps) {
  /** The choice shown at once while it is being saved (a controlled select would snap back until then). */
  const [pending, setPending] = useState<Settings['theme'] | null>(null);
  const themeId = useId();
  return (
    <SettingsSection title="Appearance">
      <div className="form-field form-field-row">
        <label htmlFor={themeId} className="form-label">
          Theme
        </label>
        <select
          id={themeId}
          className="select input-narrow"
          value={pending ?? settings.theme}
          onChange={(e) => {
            const next = e.target.value as Settings['theme'];
            const previous = settings.theme;
            setPending(next);
            applyTheme(next);
            void save({ theme: next }).then((saved) => {
              if (!saved) applyTheme(previous);
              setPending(null);
            });
          }}
        >
          {THEMES.map((t) => (
            <option key={t} value={t}>
              {THEME_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
    </SettingsSection>
  );
}
