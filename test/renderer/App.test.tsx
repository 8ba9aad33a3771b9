// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/shell/App';
import { ErrorBoundary } from '../../src/renderer/src/shell/ErrorBoundary';
import { useClients } from '../../src/renderer/src/features/clients/store';
import { useConnections } from '../../src/renderer/src/features/connections/store';
import { useAttempts } from '../../src/renderer/src/features/attempts/store';
import { useSettings } from '../../src/renderer/src/features/settings/store';
import { useUi } from '../../src/renderer/src/shell/store';
import { counts, installBridge, ok, settings, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;

beforeEach(() => {
  bridge = installBridge();
  for (const store of [useClients, useConnections, useSettings, useAttempts, useUi]) {
    (store as { setState(s: unknown, replace: true): void }).setState(store.getInitialState(), true);
  }
});

afterEach(cleanup);

describe('app shell', () => {
  it('tells main once, after its first render, that the window is ready', async () => {
    render(<App />);
    await screen.findByRole('tab', { name: 'Production' });
    await waitFor(() => expect(bridge.rendererReady).toHaveBeenCalledExactlyOnceWith(undefined));
  });

  it('carries on when that ready call fails (outside a smoke run nobody waits for it)', async () => {
    bridge.rendererReady.mockRejectedValue(new Error('bridge down'));
    render(<App />);
    await waitFor(() => expect(bridge.rendererReady).toHaveBeenCalled());
    expect(await screen.findByRole('tab', { name: 'Production' })).toBeTruthy();
  });

  it('leads a first run to the first connection', async () => {
    bridge.listConnections.mockResolvedValue(ok([]));
    render(<App />);
    await userEvent.click(await screen.findByRole('button', { name: 'Add your first connection' }));
    const dialog = screen.getByRole('dialog', { name: 'Add connection' });
    expect(within(dialog).getByLabelText('Base URL')).toHaveProperty('value', 'https://api.weir.ai');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save connection' }));
    expect(within(dialog).getByText('Enter the token')).toBeTruthy();
    expect(bridge.addConnection).not.toHaveBeenCalled();
  });

  it('shows environments as tabs with their counts and switches with Ctrl+2', async () => {
    bridge.listClients.mockResolvedValue(
      ok({ total: 0, offset: 0, items: [], counts: { ...counts, staging: 1234 } }),
    );
    render(<App />);
    const staging = await screen.findByRole('tab', { name: 'Staging' });
    await waitFor(() => expect(staging.textContent).toContain('1,234'));
    expect(screen.getByRole('tab', { name: 'Production' }).getAttribute('aria-selected')).toBe('true');
    await userEvent.keyboard('{Control>}2{/Control}');
    expect(staging.getAttribute('aria-selected')).toBe('true');
    expect(bridge.listClients).toHaveBeenLastCalledWith(expect.objectContaining({ environment: 'staging' }));
  });

  it('sends each keystroke of the search and every filter to listClients', async () => {
    render(<App />);
    await screen.findByRole('tab', { name: 'Production' });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search clients' }), 'ac');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Provider' }), 'mythic');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort' }), 'name-asc');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Show archived' }));
    const queries = bridge.listClients.mock.calls.map(([q]) => q as Record<string, unknown>);
    expect(queries.map((q) => q.query)).toEqual(expect.arrayContaining(['a', 'ac']));
    expect(queries.at(-1)).toMatchObject({
      query: 'ac',
      provider: 'mythic',
      sort: 'name',
      direction: 'asc',
      archived: true,
      offset: 0,
      limit: 100,
    });
  });

  it('opens the shortcuts help with ? and returns focus on Escape', async () => {
    render(<App />);
    const settingsButton = await screen.findByRole('button', { name: 'Settings' });
    settingsButton.focus();
    await userEvent.keyboard('?');
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(settingsButton);
  });

  it('applies the theme to <html> at once', async () => {
    bridge.getSettings.mockResolvedValue(ok({ ...settings, theme: 'dark' }));
    render(<App />);
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await userEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Theme' }), 'light');
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(bridge.updateSettings).toHaveBeenCalledWith({ theme: 'light' });
  });

  it('warns when the vault refuses to store secrets and links to the setting', async () => {
    bridge.getVaultStatus.mockResolvedValue(
      ok({
        backend: 'basic_text',
        protection: 'refused',
        message: 'No keyring found: install gnome-keyring.',
      }),
    );
    render(<App />);
    const alert = await screen.findByText(/No keyring found/);
    expect(alert.closest('[role="alert"]')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Open storage settings' }));
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'Allow weaker storage' }));
  });

  it.each([
    ['locked', 'The OS keyring is locked.', 'Unlock it, then try again.'],
    ['missing', 'The key to your secrets is missing.', 'Put the keyring entry back, then try again.'],
    ['unavailable', 'Keyhold cannot store secrets right now.', 'Start a keyring, then try again.'],
  ] as const)('says the vault is %s, and checks again when asked', async (protection, title, message) => {
    bridge.getVaultStatus.mockResolvedValueOnce(ok({ backend: 'secret-service', protection, message }));
    render(<App />);
    const alert = (await screen.findByText(message)).closest('[role="alert"]') as HTMLElement;
    expect(alert.textContent).toContain(title);
    expect(within(alert).queryByRole('button', { name: 'Open storage settings' })).toBeNull();
    // The keyring fixed meanwhile: the next check clears the banner.
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(bridge.getVaultStatus).toHaveBeenCalledTimes(2);
  });

  it('lists unknown create attempts with what to do, and dismisses them', async () => {
    bridge.listAttempts.mockResolvedValue(
      ok([
        {
          id: 'op1',
          provider: 'weir',
          connectionId: 'conn-1',
          connectionLabel: 'Weir prod',
          environment: 'production',
          name: 'Lost client',
          remoteId: null,
          state: 'unknown',
          errorCode: 'timeout',
          errorMessage: null,
          startedAt: new Date().toISOString(),
          finishedAt: null,
        },
      ]),
    );
    bridge.dismissAttempt.mockResolvedValue(ok({ ok: true }));
    render(<App />);
    // One line until asked for more.
    const banner = await screen.findByRole('region', {
      name: 'A create attempt has an unknown outcome: Lost client',
    });
    expect(within(banner).queryByRole('button', { name: 'Dismiss Lost client' })).toBeNull();
    await userEvent.click(within(banner).getByRole('button', { name: 'Show' }));
    expect(banner.textContent).toContain('rotate its secret there and import it');
    await userEvent.click(within(banner).getByRole('button', { name: 'Import Lost client' }));
    expect(useUi.getState().dialog).toMatchObject({ kind: 'import', from: { id: 'op1' } });
    expect(await screen.findByRole('dialog', { name: 'Import client' })).toBeTruthy();
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Lost client');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(within(banner).getByRole('button', { name: 'Dismiss Lost client' }));
    expect(bridge.dismissAttempt).toHaveBeenCalledWith({ id: 'op1' });
    await waitFor(() => expect(screen.queryByRole('region', { name: /unknown outcome/ })).toBeNull());
  });
});

describe('error boundary', () => {
  it('shows a recoverable screen instead of a blank window', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let broken = true;
    function Flaky() {
      if (broken) throw new Error('render failed');
      return <p>Back again</p>;
    }
    render(
      <ErrorBoundary>
        <Flaky />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong');
    broken = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('Back again')).toBeTruthy();
    spy.mockRestore();
  });
});
