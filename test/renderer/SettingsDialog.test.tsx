// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsDialog } from '../../src/renderer/src/features/settings/SettingsDialog';
import { useConnections } from '../../src/renderer/src/features/connections/store';
import { useSettings } from '../../src/renderer/src/features/settings/store';
import { connection, installBridge, settings, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;

beforeEach(() => {
  bridge = installBridge();
  useConnections.setState({ items: [connection()], error: null });
  useSettings.setState({ settings, vault: { backend: 'test', protection: 'os', message: null } });
});

afterEach(cleanup);

describe('settings: the wait for a provider’s answer', () => {
  it('shows the saved minutes, refuses what is out of range, saves on Enter', async () => {
    render(<SettingsDialog onClose={() => {}} />);
    const wait = screen.getByLabelText('Wait for an answer (minutes)') as HTMLInputElement;
    expect(wait.value).toBe('10');
    await userEvent.clear(wait);
    await userEvent.type(wait, '0{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Enter whole minutes from 1 to 60.');
    expect(bridge.updateSettings).not.toHaveBeenCalled();
    await userEvent.clear(wait);
    await userEvent.type(wait, '25{Enter}');
    await waitFor(() => expect(bridge.updateSettings).toHaveBeenCalledWith({ createWaitMinutes: 25 }));
    await waitFor(() => expect(useSettings.getState().settings?.createWaitMinutes).toBe(25));
  });
});
