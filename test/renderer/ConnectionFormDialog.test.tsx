// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionFormDialog } from '../../src/renderer/src/features/connections/ConnectionFormDialog';
import { useConnections } from '../../src/renderer/src/features/connections/store';
import { connection, installBridge, ok, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;
const stored = connection({ baseUrl: 'https://api.weir.ai' });

beforeEach(() => {
  bridge = installBridge();
  useConnections.setState({ items: [stored], error: null });
});

afterEach(cleanup);

const baseUrl = () => screen.getByLabelText('Base URL');
const token = () => screen.getByLabelText(/token/i) as HTMLInputElement;
const save = () => userEvent.click(screen.getByRole('button', { name: 'Save connection' }));

async function typeBaseUrl(url: string) {
  await userEvent.clear(baseUrl());
  await userEvent.type(baseUrl(), url);
}

// The core refuses to move a token to another origin; the form says so first.
describe('editing a connection: the token is bound to the base URL’s origin', () => {
  it('asks for the token again, before Save, when the base URL moves to another server', async () => {
    const onClose = vi.fn();
    render(<ConnectionFormDialog connection={stored} onClose={onClose} />);
    expect(screen.queryByText(/enter the token again/i)).toBeNull();
    await typeBaseUrl('https://api.evil.example');
    const hint = screen.getByText(/enter the token again/i);
    expect(token().getAttribute('aria-describedby')).toContain(hint.id);

    await save();
    expect(bridge.updateConnection).not.toHaveBeenCalled();
    expect(token().getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(token());

    bridge.updateConnection.mockResolvedValue(ok({ ...stored, baseUrl: 'https://api.evil.example' }));
    await userEvent.type(token(), 'tok_for_the_new_server_1234');
    await save();
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bridge.updateConnection).toHaveBeenCalledWith({
      id: stored.id,
      label: stored.label,
      baseUrl: 'https://api.evil.example',
      token: 'tok_for_the_new_server_1234',
    });
  });

  it('keeps the stored token for another path on the same origin', async () => {
    bridge.updateConnection.mockResolvedValue(ok({ ...stored, baseUrl: 'https://api.weir.ai/v2' }));
    const onClose = vi.fn();
    render(<ConnectionFormDialog connection={stored} onClose={onClose} />);
    await typeBaseUrl('https://api.weir.ai:443/v2');
    expect(screen.queryByText(/enter the token again/i)).toBeNull();
    await save();
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bridge.updateConnection).toHaveBeenCalledWith({
      id: stored.id,
      label: stored.label,
      baseUrl: 'https://api.weir.ai:443/v2',
    });
  });
});

describe('adding a connection: the words the form shows', () => {
  it('the label follows a custom URL’s host until the user types one', async () => {
    render(<ConnectionFormDialog onClose={() => undefined} />);
    const label = screen.getByLabelText('Label') as HTMLInputElement;
    expect(label.value).toBe('Weir AI Production');
    await userEvent.selectOptions(screen.getByLabelText('Host'), 'Custom URL');
    expect(label.value).toBe('Weir AI');
    await typeBaseUrl('https://weir.internal.example');
    expect(label.value).toBe('Weir AI (weir.internal.example)');
    await userEvent.clear(label);
    await userEvent.type(label, 'Mine');
    await typeBaseUrl('https://other.example');
    expect(label.value).toBe('Mine');
  });

  it('the base URL’s error takes the hint’s place (they would say the same rule)', async () => {
    render(<ConnectionFormDialog onClose={() => undefined} />);
    expect(screen.getByText('https:// only (http:// for loopback).')).toBeTruthy();
    await typeBaseUrl('http://api.weir.ai');
    await save();
    expect(screen.getByText(/must use https:\/\//)).toBeTruthy();
    expect(screen.queryByText('https:// only (http:// for loopback).')).toBeNull();
  });

  it('names the token as its provider does: “admin API key”', async () => {
    render(<ConnectionFormDialog onClose={() => undefined} />);
    await userEvent.selectOptions(screen.getByLabelText('Provider'), 'Mythic Analytics');
    expect(screen.getByText(/Your Mythic Analytics admin API key\./)).toBeTruthy();
  });
});
