// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DetailPanel } from '../../src/renderer/src/features/clients/DetailPanel';
import { Sidebar } from '../../src/renderer/src/shell/Sidebar';
import { ActivityDialog } from '../../src/renderer/src/features/activity/ActivityDialog';
import { useActivity } from '../../src/renderer/src/features/activity/store';
import { useClients } from '../../src/renderer/src/features/clients/store';
import { useDetail } from '../../src/renderer/src/features/clients/detail-store';
import type { ActivityEntry } from '../../src/shared/activity';
import { installBridge, ok, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;

const entry = (id: number, over: Partial<ActivityEntry> = {}): ActivityEntry => ({
  id,
  at: new Date(Date.now() - id * 60_000).toISOString(),
  action: 'reveal',
  clientId: 'c1',
  clientName: 'Client 1',
  environment: 'production',
  provider: 'weir',
  field: 'secret_key',
  fieldLabel: 'Secret key',
  format: null,
  command: null,
  program: null,
  asked: [],
  ...over,
});

const program = {
  pid: 4242,
  name: 'node (keyhold)',
  exe: '/usr/bin/node',
  args: [],
  cwd: '/home/ada/shop',
  parent: { pid: 4200, name: 'bash', exe: '/usr/bin/bash', args: [] },
  verified: 'kernel' as const,
};

beforeEach(() => {
  bridge = installBridge();
  useActivity.setState(useActivity.getInitialState(), true);
  useClients.setState(useClients.getInitialState(), true);
  useDetail.setState(useDetail.getInitialState(), true);
});
afterEach(cleanup);

describe('the Activity dialog', () => {
  it("opens from the sidebar on everyone's entries, says who did what, and pages to older ones", async () => {
    bridge.listActivity
      .mockResolvedValueOnce(
        ok({
          items: [
            entry(1, { action: 'cli_read', command: 'run', program }),
            entry(2, { action: 'export', field: null, fieldLabel: null, format: 'env' }),
            entry(3, {
              action: 'cli_denied',
              clientId: null,
              clientName: null,
              environment: null,
              provider: null,
              field: null,
              fieldLabel: null,
              command: 'read',
              program,
              asked: ['keyhold://production/x/secret_key'],
            }),
          ],
          nextBefore: 3,
        }),
      )
      .mockResolvedValueOnce(ok({ items: [entry(4, { action: 'copy' })], nextBefore: null }));
    render(
      <>
        <Sidebar />
        <ActivityDialog />
      </>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Activity' }));
    const dialog = await screen.findByRole('dialog', { name: 'Activity' });
    expect(bridge.listActivity).toHaveBeenCalledWith({ clientId: null, before: null, limit: 50 });
    const rows = () =>
      within(dialog)
        .getAllByRole('row')
        .slice(1)
        .map((row) =>
          within(row)
            .getAllByRole('cell')
            .map((c) => c.textContent),
        );
    await within(dialog).findByText('Read by “keyhold run”');
    expect(rows()).toEqual([
      [
        '1 minute ago',
        'Read by “keyhold run”',
        'Secret key of Client 1 (Production) · Weir AI',
        'node (keyhold) (pid 4242), run by bash (pid 4200) in /home/ada/shop',
      ],
      ['2 minutes ago', 'Copied as .env', 'Client 1 (Production) · Weir AI', 'You, in this window'],
      [
        '3 minutes ago',
        'Denied: “keyhold read”',
        'keyhold://production/x/secret_key',
        'node (keyhold) (pid 4242), run by bash (pid 4200) in /home/ada/shop',
      ],
    ]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Show older' }));
    expect(bridge.listActivity).toHaveBeenLastCalledWith({ clientId: null, before: 3, limit: 50 });
    await within(dialog).findByText('Copied');
    expect(rows()).toHaveLength(4);
    expect(within(dialog).queryByRole('button', { name: 'Show older' })).toBeNull();
  });

  it("opens from a client's detail panel on that client's entries alone", async () => {
    bridge.listActivity.mockResolvedValue(ok({ items: [entry(1)], nextBefore: null }));
    useClients.setState({ selectedId: 'c1' });
    render(
      <>
        <DetailPanel />
        <ActivityDialog />
      </>,
    );
    await screen.findByRole('heading', { name: 'Client 1', level: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Activity' }));
    const dialog = await screen.findByRole('dialog', { name: 'Activity of Client 1' });
    expect(bridge.listActivity).toHaveBeenCalledWith({ clientId: 'c1', before: null, limit: 50 });
    expect(await within(dialog).findByText('Revealed')).toBeTruthy();
  });

  it('ends every terminal approval on request, and says how many', async () => {
    bridge.endCliGrants.mockResolvedValue(ok({ ended: 2 }));
    render(
      <>
        <Sidebar />
        <ActivityDialog />
      </>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Activity' }));
    await userEvent.click(await screen.findByRole('button', { name: 'End terminal approvals' }));
    expect(await screen.findByText('Ended 2 terminal approvals.')).toBeTruthy();
  });
});
