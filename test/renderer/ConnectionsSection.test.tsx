// @vitest-environment happy-dom
// Settings → Connections: each row tells its connection apart by label, provider and host; a token
// too short to show any of it shows no hint (never a bare "••••").
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionsSection } from '../../src/renderer/src/features/connections/ConnectionsSection';
import { useConnections } from '../../src/renderer/src/features/connections/store';
import { connection, installBridge, ok, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;
const items = [
  connection({ id: 'c1', label: 'Weir prod', tokenHint: '' }),
  connection({ id: 'c2', label: 'Weir dev', baseUrl: 'https://api-dev.weir.ai', tokenHint: '' }),
  connection({
    id: 'c3',
    label: 'Mythic',
    provider: 'mythic',
    baseUrl: 'https://api.mythic-analytics.com/api/v1',
    tokenHint: 'wxyz',
    clientCount: 1,
  }),
];

beforeEach(() => {
  bridge = installBridge();
  bridge.listConnections.mockResolvedValue(ok(items));
  useConnections.setState({ items, error: null });
});

afterEach(cleanup);

const row = (label: string) => screen.getByRole('row', { name: new RegExp(`^${label}`) });

describe('Settings → Connections', () => {
  it('shows label, provider and host; the last four only of a token long enough to show them', () => {
    render(<ConnectionsSection />);
    const cells = (label: string) =>
      within(row(label))
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    expect(cells('Weir prod').slice(0, 3)).toEqual(['Weir AI', 'api.weir.ai', '—']);
    expect(cells('Weir dev').slice(0, 3)).toEqual(['Weir AI', 'api-dev.weir.ai', '—']);
    expect(cells('Mythic').slice(0, 3)).toEqual(['Mythic Analytics', 'api.mythic-analytics.com', '••••wxyz']);
    expect(within(row('Weir dev')).getByText('api-dev.weir.ai').getAttribute('title')).toBe(
      'https://api-dev.weir.ai',
    );
    expect(screen.queryByText('••••')).toBeNull();
  });

  it('the remove confirmation counts the clients in words', async () => {
    render(<ConnectionsSection />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove Weir prod' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('No client was created through it.');
    expect(screen.getByRole('alertdialog').textContent).not.toContain('(0)');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(screen.getByRole('button', { name: 'Remove Mythic' }));
    expect(screen.getByRole('alertdialog').textContent).toContain(
      'The client created through it stays in Keyhold with its secret',
    );
  });
});
