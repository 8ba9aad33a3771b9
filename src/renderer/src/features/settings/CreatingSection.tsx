import { NumberSetting } from '../../ui/NumberSetting';
import type { PreferencesProps } from './section';
import { SettingsSection } from './SettingsSection';

export function CreatingSection({ settings, save }: PreferencesProps) {
  return (
    <SettingsSection title="Creating clients">
      <NumberSetting
        label="Wait for an answer (minutes)"
        hint="A provider’s answer carries the only copy of the new secret, so once a request is sent Keyhold waits this long for it before marking the attempt unknown."
        value={settings.createWaitMinutes}
        min={1}
        max={60}
        invalid="Enter whole minutes from 1 to 60."
        save={(createWaitMinutes) => save({ createWaitMinutes })}
      />
    </SettingsSection>
  );
}
