// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MYTHIC_ID_PATTERN } from '../../src/shared/domain';
import {
  CreateClientDialog,
  defaultConnection,
} from '../../src/renderer/src/features/create/CreateClientDialog';
import { useClients } from '../../src/renderer/src/features/clients/store';
import { useConnections } from '../../src/renderer/src/features/connections/store';
import { useDetail } from '../../src/renderer/src/features/clients/detail-store';
import { useSettings } from '../../src/renderer/src/features/settings/store';
import { useUi } from '../../src/renderer/src/shell/store';
import { connection, detail, fail, installBridge, ok, settings, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;
const weir = connection();
const mythic = connection({ id: 'conn-m', provider: 'mythic', label: 'Mythic prod' });

beforeEach(() => {
  bridge = installBridge();
  useClients.setState(useClients.getInitialState(), true);
  useDetail.setState(useDetail.getInitialState(), true);
  useUi.setState(useUi.getInitialState(), true);
  useConnections.setState({ items: [weir, mythic], error: null });
  useSettings.setState({ settings: { ...settings, lastConnectionId: 'conn-m' } });
});

afterEach(cleanup);

function renderDialog() {
  const onClose = vi.fn();
  render(<CreateClientDialog environment="staging" onClose={onClose} />);
  return { onClose, idInput: () => screen.getByLabelText('Client id') as HTMLInputElement };
}

describe('create client dialog', () => {
  it('defaults to the last used connection, else the first', () => {
    expect(defaultConnection([weir, mythic], 'conn-m')).toBe(mythic);
    expect(defaultConnection([weir, mythic], 'gone')).toBe(weir);
    expect(defaultConnection([], null)).toBeUndefined();
  });

  it('is ready to create with one Enter: Create is focused, name and id prefilled', async () => {
    bridge.createClient.mockResolvedValue(ok(detail({ id: 'new-1', provider: 'mythic' })));
    const { onClose, idInput } = renderDialog();
    expect(screen.getByRole('dialog', { name: 'New client in Staging' })).toBeTruthy();
    const create = screen.getByRole('button', { name: 'Create' });
    expect(document.activeElement).toBe(create);
    const name = (screen.getByLabelText('Name') as HTMLInputElement).value;
    expect(name).toMatch(/^Client \d+ · Staging · [A-Z][a-z]{2} \d{1,2} \d\d:\d\d$/);
    expect(idInput().value).toMatch(MYTHIC_ID_PATTERN);
    expect(idInput().value).toMatch(/^client-\d+-staging-/);

    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bridge.createClient).toHaveBeenCalledWith({
      provider: 'mythic',
      connectionId: 'conn-m',
      environment: 'staging',
      id: idInput().value,
      name,
    });
    expect(useClients.getState().selectedId).toBe('new-1');
    expect(useDetail.getState().detail?.id).toBe('new-1');
    expect(useUi.getState().createdNote).toEqual({ clientId: 'new-1', provider: 'mythic' });
    expect(bridge.listAttempts).toHaveBeenCalled();
  });

  it('derives the id from the name until the id is edited', async () => {
    const { idInput } = renderDialog();
    const name = screen.getByLabelText('Name');
    await userEvent.clear(name);
    await userEvent.type(name, 'Acme Retail');
    expect(idInput().value).toMatch(/^acme-retail-[a-z0-9]{6}$/);
    await userEvent.clear(idInput());
    await userEvent.type(idInput(), 'acme');
    await userEvent.type(name, ' EU');
    expect(idInput().value).toBe('acme');
  });

  it('shows zod errors next to each field and does not call the API', async () => {
    renderDialog();
    await userEvent.clear(screen.getByLabelText('Name'));
    await userEvent.click(screen.getByRole('button', { name: 'More options' }));
    await userEvent.type(screen.getByLabelText('Email'), 'not-an-email');
    await userEvent.type(screen.getByLabelText('Time zone'), 'Mars/Olympus');
    await userEvent.click(screen.getByLabelText('API metadata (JSON object)'));
    await userEvent.paste('{oops');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));

    expect(bridge.createClient).not.toHaveBeenCalled();
    expect(screen.getByText('Enter a name')).toBeTruthy();
    expect(screen.getByText('Enter a valid email address')).toBeTruthy();
    expect(screen.getByText('Use an IANA time zone, e.g. America/Los_Angeles')).toBeTruthy();
    expect(screen.getByText(/^Not valid JSON/)).toBeTruthy();
    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(
      document.getElementById(email.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent,
    ).toBe('Enter a valid email address');
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
  });

  it('sends the optional Mythic fields from More options', async () => {
    bridge.createClient.mockResolvedValue(ok(detail({ id: 'new-2', provider: 'mythic' })));
    const { idInput } = renderDialog();
    await userEvent.click(screen.getByRole('button', { name: 'More options' }));
    await userEvent.click(screen.getByLabelText(/Active/));
    await userEvent.type(screen.getByLabelText('Domain'), 'acme.example');
    await userEvent.type(screen.getByLabelText('Proxy API key'), 'proxy-secret');
    await userEvent.click(screen.getByLabelText('API metadata (JSON object)'));
    await userEvent.paste('{"plan":"pro"}');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(bridge.createClient).toHaveBeenCalled());
    expect(bridge.createClient.mock.calls[0]![0]).toEqual(
      expect.objectContaining({
        id: idInput().value,
        status: false,
        domain: 'acme.example',
        proxy_api_key: 'proxy-secret',
        api_metadata: { plan: 'pro' },
      }),
    );
  });

  it('offers the suggested id on a conflict', async () => {
    bridge.createClient.mockResolvedValueOnce(
      fail({
        code: 'conflict',
        message: 'A Mythic client with this id exists.',
        field: 'id',
        suggestion: 'acme-2',
      }),
    );
    const { idInput } = renderDialog();
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('A Mythic client with this id exists.');
    expect(idInput().getAttribute('aria-invalid')).toBe('true');
    await userEvent.click(screen.getByRole('button', { name: 'Use acme-2' }));
    expect(idInput().value).toBe('acme-2');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(bridge.listAttempts).toHaveBeenCalled();
  });

  it('after an unknown outcome: one message, no Create one click away, Import offered', async () => {
    bridge.createClient.mockResolvedValueOnce(
      fail({
        code: 'timeout',
        message:
          'Mythic Analytics did not answer within 10 minutes. The client may have been created at Mythic Analytics without Keyhold receiving its secret.',
        outcomeUnknown: true,
        attemptId: 'op-lost',
      }),
    );
    const { onClose } = renderDialog();
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('did not answer within 10 minutes');
    expect(alert.querySelectorAll('p')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
    expect(screen.getByLabelText('Name').closest('fieldset')?.disabled).toBe(true);
    expect(onClose).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Import it…' }));
    expect(useUi.getState().dialog).toMatchObject({
      kind: 'import',
      from: { id: 'op-lost', provider: 'mythic', environment: 'staging', connectionId: 'conn-m' },
    });
  });

  it('asks before repeating an unknown attempt; Create anyway sends the confirmation', async () => {
    bridge.createClient
      .mockResolvedValueOnce(
        fail({
          code: 'confirm_unknown',
          field: 'id',
          attemptId: 'op-earlier',
          message: 'An earlier attempt with the id “x” has an unknown outcome.',
        }),
      )
      .mockResolvedValueOnce(ok(detail({ id: 'again', provider: 'mythic' })));
    const { onClose } = renderDialog();
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect((await screen.findByRole('alert')).textContent).toContain('unknown outcome');
    expect(screen.getByRole('button', { name: 'Import it…' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Create anyway' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bridge.createClient).toHaveBeenCalledTimes(2);
    expect(bridge.createClient.mock.calls[0]![0]).not.toHaveProperty('confirmedDespiteUnknown');
    expect(bridge.createClient.mock.calls[1]![0]).toMatchObject({ confirmedDespiteUnknown: true });
  });

  it('received but saved later: says so, and only Close is offered', async () => {
    bridge.createClient.mockResolvedValueOnce(
      fail({
        code: 'saved_later',
        outcomeUnknown: false,
        attemptId: 'op-held',
        message: 'Mythic Analytics created “x” and Keyhold received its secret, but could not write it…',
      }),
    );
    renderDialog();
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    const note = await screen.findByRole('alert');
    expect(note.className).toBe('notice-text');
    expect(note.textContent).toContain('received its secret');
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Import it…' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Close' })).toBeTruthy();
  });

  it('a slow answer: says it is still waiting, and closing lets the create go on', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      let answer!: (value: unknown) => void;
      bridge.createClient.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)) as never);
      const { onClose } = renderDialog();
      await userEvent.click(screen.getByRole('button', { name: 'Create' }));
      expect(screen.getByRole('status').textContent).toBe('Creating at Mythic Analytics…');
      await vi.advanceTimersByTimeAsync(5_000);
      await vi.waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Still waiting/));
      expect(screen.getByRole('status').textContent).toMatch(
        /^Still waiting for Mythic Analytics… .*keeps waiting \(up to 10 minutes\)\. You can close this dialog: the create goes on/,
      );
      const closeButton = screen.getByRole('button', { name: 'Close' });
      expect((closeButton as HTMLButtonElement).disabled).toBe(false);
      await userEvent.click(closeButton);
      expect(onClose).toHaveBeenCalled();
      cleanup();
      answer(ok(detail({ id: 'late', name: 'Late client', provider: 'mythic', environment: 'staging' })));
      await vi.waitFor(() => expect(useUi.getState().notice?.text).toBe('Created “Late client” in Staging.'));
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows progress while the call runs', async () => {
    let finish!: (v: unknown) => void;
    bridge.createClient.mockReturnValueOnce(new Promise((r) => (finish = r)) as never);
    renderDialog();
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    const busy = screen.getByRole('button', { name: 'Creating…' });
    expect(busy.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(busy);
    expect(bridge.createClient).toHaveBeenCalledTimes(1);
    finish(ok(detail({ id: 'n' })));
    await waitFor(() => expect(useClients.getState().selectedId).toBe('n'));
  });

  it('creates on Weir with the name and environment only', async () => {
    useSettings.setState({ settings: { ...settings, lastConnectionId: 'conn-1' } });
    bridge.createClient.mockResolvedValue(ok(detail({ id: 'w1' })));
    renderDialog();
    expect(screen.queryByLabelText('Client id')).toBeNull();
    expect(screen.queryByRole('button', { name: 'More options' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(bridge.createClient).toHaveBeenCalled());
    expect(bridge.createClient.mock.calls[0]![0]).toEqual({
      provider: 'weir',
      connectionId: 'conn-1',
      environment: 'staging',
      name: expect.stringMatching(/^Client \d+ · Staging · /),
    });
  });
});
