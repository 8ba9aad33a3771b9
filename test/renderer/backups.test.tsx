// @vitest-environment happy-dom
// The backups feature in the window (src/renderer/src/features/backups): the header's word on
// backups, the recovery key shown once and confirmed, and a restore's errors where they belong.
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupBadge } from '../../src/renderer/src/features/backups';
import { RecoveryKeyDialog } from '../../src/renderer/src/features/backups/RecoveryKeyDialog';
import { RestoreDialog } from '../../src/renderer/src/features/backups/RestoreDialog';
import { useBackups } from '../../src/renderer/src/features/backups/store';
import type { BackupStatus, RestorePreview } from '../../src/shared/backup';
import { backupStatus, fail, installBridge, ok, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;
const IDENTITY = `AGE-SECRET-KEY-1${'Q'.repeat(58)}`;
const RECIPIENT = `age1${'q'.repeat(58)}`;
const status = (over: Partial<BackupStatus>): BackupStatus => ({ ...backupStatus, ...over });

beforeEach(() => {
  bridge = installBridge();
  useBackups.setState(useBackups.getInitialState(), true);
});
afterEach(cleanup);

describe('the header', () => {
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

  it.each([
    [status({ health: 'off' }), /^Backups off/, false],
    [
      status({
        health: 'ok',
        recipient: RECIPIENT,
        folder: '/b',
        lastBackupAt: minutesAgo(5),
        message: null,
      }),
      /^Backed up 5 minutes ago/,
      false,
    ],
    [
      status({
        health: 'ok',
        recipient: RECIPIENT,
        folder: '/b',
        lastBackupAt: minutesAgo(5),
        pending: true,
      }),
      /^Backing up…/,
      false,
    ],
    [
      status({
        health: 'failed',
        recipient: RECIPIENT,
        folder: '/b',
        message: 'Keyhold could not write a backup to /b: permission denied.',
      }),
      /^Backup failed$/,
      true,
    ],
    [
      status({
        health: 'stale',
        recipient: RECIPIENT,
        folder: '/b',
        lastBackupAt: minutesAgo(3000),
        message:
          'The newest backup is more than a day old: choose Back up now, or check that the backup folder is still there.',
      }),
      /^Backed up 2 days ago$/,
      true,
    ],
  ])('says %#', async (answer, name, warns) => {
    bridge.getBackupStatus.mockResolvedValue(ok(answer));
    render(<BackupBadge />);
    const badge = await screen.findByRole('button', { name });
    expect(badge.classList.contains('badge-warning')).toBe(warns);
    // Why, and when exactly, in its description.
    if (answer.message) expect(badge.title).toContain(answer.message);
  });

  it('looks again after every call that may have written', async () => {
    render(<BackupBadge />);
    await screen.findByRole('button', { name: /Backups off/ });
    bridge.getBackupStatus.mockResolvedValue(
      ok(status({ health: 'none', recipient: RECIPIENT, folder: '/b', pending: true })),
    );
    const { api } = await import('../../src/renderer/src/api');
    bridge.deleteClient.mockResolvedValue(ok({ ok: true }));
    await act(() => api.deleteClient({ id: 'c1' }));
    await screen.findByRole('button', { name: /Backing up/ });
  });
});

describe('the recovery key', () => {
  it('is shown once, copied through main, and kept (its recipient) only once the user says it is saved', async () => {
    bridge.setUpRecoveryKey.mockResolvedValue(ok({ identity: IDENTITY, recipient: RECIPIENT }));
    bridge.copyRecoveryKey.mockResolvedValue(ok({ clearsAt: new Date(Date.now() + 30_000).toISOString() }));
    bridge.confirmRecoveryKey.mockResolvedValue(ok(status({ health: 'off', recipient: RECIPIENT })));
    const onClose = vi.fn();
    render(<RecoveryKeyDialog onClose={onClose} />);
    expect((await screen.findByLabelText('Recovery key')).textContent).toBe(IDENTITY);
    expect(bridge.setUpRecoveryKey).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('button', { name: 'Copy recovery key' }));
    await screen.findByText(/clipboard clears in \d+ s/);
    expect(bridge.copyRecoveryKey).toHaveBeenCalledTimes(1); // the key itself never goes back to main

    const done = screen.getByRole('button', { name: 'Done: I saved it' });
    expect(done).toHaveProperty('disabled', true);
    await userEvent.click(screen.getByLabelText('I saved my recovery key somewhere safe'));
    await userEvent.click(done);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bridge.confirmRecoveryKey).toHaveBeenCalledWith({ recipient: RECIPIENT });
    expect(useBackups.getState().status?.recipient).toBe(RECIPIENT);
  });

  it('prints a sheet with the key and how to open a backup without Keyhold', async () => {
    bridge.setUpRecoveryKey.mockResolvedValue(ok({ identity: IDENTITY, recipient: RECIPIENT }));
    const print = vi.fn();
    vi.stubGlobal('print', print);
    render(<RecoveryKeyDialog onClose={() => undefined} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Print…' }));
    expect(print).toHaveBeenCalled();
    const sheet = document.querySelector('.recovery-sheet')!;
    expect(sheet.textContent).toContain(IDENTITY);
    expect(sheet.textContent).toContain('age -d -i key.txt');
    vi.unstubAllGlobals();
  });
});

describe('a restore', () => {
  const preview: RestorePreview = {
    previewId: 'p1',
    file: '/b/keyhold-1.age',
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'Keyhold 0.1.0',
    holds: { connections: 1, clients: 2, secrets: 3, attempts: 0 },
    changes: {
      connectionsAdded: 1,
      connectionsUpdated: 0,
      clientsAdded: 1,
      clientsUpdated: 0,
      clientChanges: [],
      secretsAdded: 2,
      conflicts: 1,
      conflictList: [{ name: 'Billing', provider: 'weir', environment: 'production', remoteId: 'cli_1' }],
      connectionChanges: [],
      attemptsAdded: 0,
      settingsApplied: 0,
      clientsUnchanged: 0,
    },
    keyMissing: false,
    recoveryKeyOffer: null,
  };
  const RECIPIENT = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs7p3x';

  it('checks the form first, shows a wrong key next to the key, then what it would change, then restores', async () => {
    render(<RestoreDialog onClose={() => undefined} />);
    await userEvent.click(screen.getByRole('button', { name: 'Show what it holds' }));
    expect(screen.getByLabelText('Backup file').getAttribute('aria-invalid')).toBe('true');
    expect(bridge.previewRestore).not.toHaveBeenCalled();

    await userEvent.type(screen.getByLabelText('Backup file'), '/b/keyhold-1.age');
    await userEvent.type(screen.getByLabelText('Recovery key'), IDENTITY);
    bridge.previewRestore.mockResolvedValueOnce(
      fail({
        code: 'validation',
        field: 'recoveryKey',
        message: 'This recovery key does not open this backup.',
      }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Show what it holds' }));
    expect(await screen.findByText('This recovery key does not open this backup.')).toBeTruthy();
    expect(screen.getByLabelText('Recovery key').getAttribute('aria-invalid')).toBe('true');

    bridge.previewRestore.mockResolvedValueOnce(ok(preview));
    await userEvent.click(screen.getByRole('button', { name: 'Show what it holds' }));
    await screen.findByText(/It holds 2 clients, 1 connection and 3 secrets/);
    expect(screen.getByText(/a different secret here than in the backup/)).toBeTruthy();
    // One of a kind reads as one: "Add 1 client", never "Add 1 clients".
    expect(screen.getByText('Add 1 client')).toBeTruthy();
    expect(screen.getByText('Add 1 connection')).toBeTruthy();
    expect(screen.getByText('Add 2 secrets')).toBeTruthy();
    expect(screen.getByText(/Billing · Weir AI · Production · cli_1/)).toBeTruthy();

    bridge.applyRestore.mockResolvedValue(
      ok({ changes: preview.changes, keptCopy: null, recoveryKeyAdopted: false }),
    );
    // No offer (a key is set up here): nothing to choose about it.
    expect(screen.queryByRole('checkbox')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Restore' }));
    await screen.findByText('Restored.');
    expect(bridge.applyRestore).toHaveBeenCalledWith({ previewId: 'p1', adoptRecoveryKey: false });
    expect(screen.queryByText(/Future backups are encrypted/)).toBeNull();
  });

  it.each([
    [true, 'kept on'],
    [false, 'turned off'],
  ])('asks whether future backups go to the key that opened the file: adopt %s when %s', async (adopt) => {
    bridge.previewRestore.mockResolvedValue(ok({ ...preview, recoveryKeyOffer: RECIPIENT }));
    bridge.applyRestore.mockResolvedValue(
      ok({ changes: preview.changes, keptCopy: null, recoveryKeyAdopted: adopt }),
    );
    render(<RestoreDialog onClose={() => undefined} />);
    await userEvent.type(screen.getByLabelText('Backup file'), '/b/keyhold-1.age');
    await userEvent.type(screen.getByLabelText('Recovery key'), IDENTITY);
    await userEvent.click(screen.getByRole('button', { name: 'Show what it holds' }));
    const choice = await screen.findByRole('checkbox', {
      name: /Use this recovery key for future backups on this computer/,
    });
    expect((choice as HTMLInputElement).checked).toBe(true);
    // Named, so a key from someone else's file is recognised for what it is.
    expect(choice.closest('label')!.textContent).toContain('age1qyqs…7p3x');
    expect(choice.closest('label')!.textContent).toContain('whoever holds the key');
    if (!adopt) await userEvent.click(choice);
    await userEvent.click(screen.getByRole('button', { name: 'Restore' }));
    await screen.findByText('Restored.');
    expect(bridge.applyRestore).toHaveBeenCalledWith({ previewId: 'p1', adoptRecoveryKey: adopt });
    expect(
      screen.queryByText(/Future backups are encrypted to the recovery key you just used/) !== null,
    ).toBe(adopt);
  });

  it('lists the connections a token decided and the clients renamed, moved or archived', async () => {
    bridge.previewRestore.mockResolvedValue(
      ok({
        ...preview,
        changes: {
          ...preview.changes,
          connectionChanges: [
            { label: 'Weir main', provider: 'weir', baseUrl: 'https://other.example', change: 'baseUrlKept' },
            { label: 'Mythic', provider: 'mythic', baseUrl: 'https://m.example/api/v1', change: 'beside' },
          ],
          clientChanges: [
            {
              name: 'Billing',
              provider: 'weir',
              environment: 'staging',
              remoteId: 'cli_1',
              newName: 'Billing v2',
              newEnvironment: 'production',
              archived: null,
            },
          ],
        },
      }),
    );
    render(<RestoreDialog onClose={() => undefined} />);
    await userEvent.type(screen.getByLabelText('Backup file'), '/b/keyhold-1.age');
    await userEvent.type(screen.getByLabelText('Recovery key'), IDENTITY);
    await userEvent.click(screen.getByRole('button', { name: 'Show what it holds' }));
    expect(
      await screen.findByText(
        '“Weir main” (Weir AI) keeps its base URL here: the backup’s https://other.example came without a token for that server.',
      ),
    ).toBeTruthy();
    expect(
      screen.getByText(/“Mythic” \(Mythic Analytics\) has another token in the backup: it is added/),
    ).toBeTruthy();
    expect(
      screen.getByText(
        'Billing (Weir AI, Staging) will be renamed to “Billing v2”, will move to Production: newer in the backup.',
      ),
    ).toBeTruthy();
  });

  it('forgets an opened backup when the dialog closes without restoring', async () => {
    bridge.previewRestore.mockResolvedValue(ok(preview));
    bridge.discardRestore.mockResolvedValue(ok({ ok: true }));
    const view = render(<RestoreDialog onClose={() => undefined} />);
    await userEvent.type(screen.getByLabelText('Backup file'), '/b/keyhold-1.age');
    await userEvent.type(screen.getByLabelText('Recovery key'), IDENTITY);
    await userEvent.click(screen.getByRole('button', { name: 'Show what it holds' }));
    await screen.findByRole('button', { name: 'Restore' });
    view.unmount();
    expect(bridge.discardRestore).toHaveBeenCalledWith({ previewId: 'p1' });
  });
});
