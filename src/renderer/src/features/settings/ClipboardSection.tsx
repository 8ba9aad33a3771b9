import { NumberSetting } from '../../ui/NumberSetting';
import type { PreferencesProps } from './section';
import { SettingsSection } from './SettingsSection';

export function ClipboardSection({ settings, save }: PreferencesProps) {
  return (
    <SettingsSection title="Clipboard">
      <NumberSetting
        label="Clear copied secrets after (seconds)"
        hint="0 turns auto-clear off. Keyhold clears the clipboard only if it still holds what it copied."
        value={settings.clipboardClearSeconds}
        min={0}
        max={3600}
        invalid="Enter whole seconds from 0 to 3600 (0 turns auto-clear off)."
        save={(clipboardClearSeconds) => save({ clipboardClearSeconds })}
      />
    </SettingsSection>
  );
}
