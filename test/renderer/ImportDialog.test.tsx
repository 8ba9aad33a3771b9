// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ImportDialog } from '../../src/renderer/src/features/import/ImportDialog';
import { useClients } from '../../src/renderer/src/features/clients/store';
import { useConnections } from '../../src/renderer/src/features/connections/store';
import { useDetail } from '../../src/renderer/src/features/clients/detail-store';
import { connection, detail, fail, installBridge, ok, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;

beforeEach(() => {
  bridge = installBridge();
  useClients.setState(useClients.getInitialState(), true);
  useDetail.setState(useDetail.getInitialState(), true);
  useConnections.setState({ items: [connection()], error: null });
});

afterEach(cleanup);

async function fill() {
  await userEvent.type(screen.getByLabelText('Name'), 'Legacy');
  await userEvent.type(screen.getByLabelText('Client id'), 'cli_1');
  await userEvent.type(screen.getByLabelText('Credentials client id'), 'pub_1');
  await userEvent.type(screen.getByLabelText('Secret key'), 'sk_1');
}

describe('import dialog', () => {
  it('imports into the chosen environment and selects the client', async () => {
    bridge.importClient.mockResolvedValue(
      ok(detail({ id: 'imp1', origin: 'imported', environment: 'staging' })),
    );
    const onClose = vi.fn();
    render(<ImportDialog environment="production" onClose={onClose} />);
    expect((screen.getByLabelText('Secret key') as HTMLInputElement).type).toBe('password');
    await userEvent.selectOptions(screen.getByLabelText('Environment'), 'staging');
    await fill();
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bridge.importClient).toHaveBeenCalledWith({
      provider: 'weir',
      connectionId: 'conn-1',
      environment: 'staging',
      name: 'Legacy',
      remoteId: 'cli_1',
      publicId: 'pub_1',
      secret: 'sk_1',
    });
    expect(useClients.getState()).toMatchObject({ selectedId: 'imp1' });
    expect(useClients.getState().query.environment).toBe('staging');
  });

  // The window refuses hidden text with the contract's own rules and words.
  it('refuses a bidi override, a broken character or an invisible-only value before calling the core', async () => {
    render(<ImportDialog environment="production" onClose={() => undefined} />);
    await fill();
    const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
    const typeInto = async (label: string, text: string) => {
      await userEvent.clear(field(label));
      await userEvent.type(field(label), text);
    };
    await typeInto('Name', 'Legacy\u202eevil');
    await typeInto('Client id', '\u200b\u200b');
    await typeInto('Secret key', 'sk_1\ud800');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(screen.getByText(/hidden text-direction character U\+202E/)).toBeTruthy();
    expect(screen.getByText(/Enter the client id with visible characters/)).toBeTruthy();
    expect(screen.getByText(/broken character/)).toBeTruthy();
    expect(field('Name').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field('Name'));
    expect(bridge.importClient).not.toHaveBeenCalled();
  });

  it('validates with the shared schema and marks the field the core names', async () => {
    render(<ImportDialog environment="production" onClose={() => undefined} />);
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    // Each empty field's error names it as its label does.
    expect(screen.getByText('Enter the client id')).toBeTruthy();
    expect(screen.getByText('Enter the credentials client id')).toBeTruthy();
    expect(screen.getByText('Enter the secret key')).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'Mythic Analytics');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(screen.getByText('Enter the publishable key')).toBeTruthy();
    expect(screen.queryByText(/public id/)).toBeNull();
    expect(bridge.importClient).not.toHaveBeenCalled();
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'Weir AI');

    bridge.importClient.mockResolvedValue(
      fail({ code: 'validation', message: 'This client is already in Keyhold.', field: 'remoteId' }),
    );
    await fill();
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('This client is already in Keyhold.');
    const remote = screen.getByLabelText('Client id');
    expect(remote.getAttribute('aria-invalid')).toBe('true');
    expect(remote.getAttribute('aria-describedby')).toContain(alert.id);
  });
});
