// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DetailPanel } from '../../src/renderer/src/features/clients/DetailPanel';
import { useClients } from '../../src/renderer/src/features/clients/store';
import { useDetail } from '../../src/renderer/src/features/clients/detail-store';
import { detail, installBridge, ok, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;
const SECRET = 'sk_live_very_secret_value';

beforeEach(() => {
  bridge = installBridge();
  useClients.setState(useClients.getInitialState(), true);
  useDetail.setState(useDetail.getInitialState(), true);
  bridge.getClient.mockResolvedValue(
    ok(
      detail({
        provider: 'mythic',
        secretFields: [
          { field: 'secret_key', label: 'Secret key', envName: 'SECRET_KEY' },
          { field: 'proxy_api_key', label: 'Proxy API key', envName: 'PROXY_API_KEY' },
        ],
        metadata: { plan: 'enterprise' },
      }),
    ),
  );
  bridge.revealSecret.mockResolvedValue(ok({ value: SECRET, hideAfterMs: 20_000 }));
});

afterEach(cleanup);

async function renderSelected() {
  useClients.setState({ selectedId: 'c1' });
  render(<DetailPanel />);
  await screen.findByRole('heading', { name: 'Client 1', level: 2 });
}

describe('detail panel', () => {
  it('asks for a selection when none is made', () => {
    render(<DetailPanel />);
    expect(screen.getByText('Select a client to see its details.')).toBeTruthy();
    expect(bridge.getClient).not.toHaveBeenCalled();
  });

  it('masks secrets and reveals one only on click', async () => {
    await renderSelected();
    expect(bridge.getClient).toHaveBeenCalledWith({ id: 'c1' });
    expect(document.body.textContent).not.toContain(SECRET);
    expect(screen.getAllByText('••••••••••••••••')).toHaveLength(2);
    expect(bridge.revealSecret).not.toHaveBeenCalled();
    expect(screen.getByText(/"plan": "enterprise"/)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Reveal Secret key' }));
    expect(bridge.revealSecret).toHaveBeenCalledTimes(1);
    expect(bridge.revealSecret).toHaveBeenCalledWith({ clientId: 'c1', field: 'secret_key' });
    expect(await screen.findByText(SECRET)).toBeTruthy();
    expect(screen.getAllByText('••••••••••••••••')).toHaveLength(1);

    await userEvent.click(screen.getByRole('button', { name: 'Hide Secret key' }));
    expect(document.body.textContent).not.toContain(SECRET);
    expect(bridge.revealSecret).toHaveBeenCalledTimes(1);
  });

  it('hides a revealed secret when the window loses focus and after hideAfterMs', async () => {
    await renderSelected();
    await userEvent.click(screen.getByRole('button', { name: 'Reveal Secret key' }));
    await screen.findByText(SECRET);
    act(() => {
      window.dispatchEvent(new Event('blur'));
    });
    expect(document.body.textContent).not.toContain(SECRET);

    bridge.revealSecret.mockResolvedValueOnce(ok({ value: SECRET, hideAfterMs: 30 }));
    await userEvent.click(screen.getByRole('button', { name: 'Reveal Secret key' }));
    await screen.findByText(SECRET);
    await waitFor(() => expect(document.body.textContent).not.toContain(SECRET));
  });

  it('never keeps a revealed value in a store', async () => {
    await renderSelected();
    await userEvent.click(screen.getByRole('button', { name: 'Reveal Secret key' }));
    await screen.findByText(SECRET);
    expect(JSON.stringify(useDetail.getState())).not.toContain(SECRET);
    expect(JSON.stringify(useClients.getState())).not.toContain(SECRET);
  });

  it('copies through main and says when the clipboard clears', async () => {
    bridge.copyField.mockResolvedValue(ok({ clearsAt: new Date(Date.now() + 30_000).toISOString() }));
    await renderSelected();
    await userEvent.click(screen.getByRole('button', { name: 'Copy Secret key' }));
    expect(bridge.copyField).toHaveBeenCalledWith({ clientId: 'c1', field: 'secret_key' });
    expect(await screen.findByText(/Copied — clipboard clears in (29|30) s/)).toBeTruthy();
    expect(bridge.revealSecret).not.toHaveBeenCalled();

    bridge.copyClientAs.mockResolvedValue(ok({ clearsAt: null }));
    await userEvent.click(screen.getByRole('button', { name: 'Copy as .env' }));
    expect(bridge.copyClientAs).toHaveBeenCalledWith({ id: 'c1', format: 'env' });
    expect(await screen.findByText('Copied')).toBeTruthy();
  });

  it('shows a failed reveal next to the button', async () => {
    bridge.revealSecret.mockResolvedValueOnce({
      ok: false,
      error: { code: 'vault_locked', message: 'The keyring is locked. Unlock it and try again.' },
    });
    await renderSelected();
    await userEvent.click(screen.getByRole('button', { name: 'Reveal Secret key' }));
    expect((await screen.findByRole('alert')).textContent).toContain('keyring is locked');
  });

  it('confirms a delete, saying the client still exists at the provider', async () => {
    bridge.deleteClient.mockResolvedValue(ok({ ok: true }));
    await renderSelected();
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('still exists at Mythic Analytics');
    expect(dialog.textContent).toContain('secret will be gone from Keyhold');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete client' }));
    expect(bridge.deleteClient).toHaveBeenCalledWith({ id: 'c1' });
    await waitFor(() => expect(useClients.getState().selectedId).toBeNull());
  });

  it('closes the delete dialog with Escape and returns focus to the Delete button', async () => {
    await renderSelected();
    const button = screen.getByRole('button', { name: 'Delete' });
    await userEvent.click(button);
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(bridge.deleteClient).not.toHaveBeenCalled();
  });
});
