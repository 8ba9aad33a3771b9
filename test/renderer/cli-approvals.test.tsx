// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliApprovals } from '../../src/renderer/src/features/cli-approvals/CliApprovalDialog';
import { useCliApprovals } from '../../src/renderer/src/features/cli-approvals/store';
import { ARM_DELAY_MS } from '../../src/renderer/src/features/cli-approvals/useArmed';
import type { CliApproval, CliApprovals as Snapshot } from '../../src/shared/cli-access';
import { deferred, fail, installBridge, ok, type FakeBridge } from './fakeBridge';

let bridge: FakeBridge;

const approval = (over: Partial<CliApproval> = {}): CliApproval => ({
  id: 'a1',
  command: 'run',
  program: {
    pid: 4242,
    name: 'node (keyhold)',
    exe: '/usr/bin/node',
    args: ['/opt/keyhold.cjs', 'run', '--', 'npm', 'start'],
    cwd: '/home/ada/shop',
    parent: { pid: 4200, name: 'bash', exe: '/usr/bin/bash', args: [] },
    verified: 'kernel',
  },
  asks: [
    {
      ref: 'keyhold://production/Acme/secret_key',
      description: 'Secret key of Acme (Weir AI, production)',
      found: true,
    },
    {
      ref: 'keyhold://production/Nope/secret_key',
      description: 'No client "Nope" in production.',
      found: false,
    },
  ],
  terminal: '/dev/pts/3 (the session of bash, pid 4200)',
  requestedAt: '2026-06-01T09:00:00.000Z',
  expiresAt: '2026-06-01T09:01:00.000Z',
  ...over,
});

/** The long poll answers with each of `snapshots` in turn, then waits for ever. */
function poll(...snapshots: Snapshot[]) {
  const calls: number[] = [];
  bridge.waitCliApprovals.mockImplementation(async (input) => {
    calls.push((input as { version: number }).version);
    const next = snapshots.shift();
    return next ? ok(next) : new Promise(() => {});
  });
  return calls;
}

/** The button, once the dialog has armed it. */
async function armed(name: string): Promise<HTMLElement> {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false), {
    timeout: ARM_DELAY_MS * 3,
  });
  return button;
}

beforeEach(() => {
  bridge = installBridge();
  // Not the generation: a loop of an earlier test must stay ended.
  useCliApprovals.setState({ approvals: [], version: -1, answering: null, error: null });
  bridge.answerCliApproval.mockResolvedValue(ok({ ok: true }));
});
afterEach(cleanup);

describe('the CLI approval dialog', () => {
  it('opens when the long poll brings a request, showing who asks, for what, and how sure Keyhold is', async () => {
    const calls = poll({ version: 7, approvals: [approval()] });
    render(<CliApprovals />);
    const dialog = await screen.findByRole('alertdialog', { name: 'Allow “keyhold run” to read 2 values?' });
    expect(dialog.textContent).toContain('node (keyhold), pid 4242 — run by bash, pid 4200');
    expect(dialog.textContent).toContain('/home/ada/shop');
    expect(dialog.textContent).toContain('Linux vouches for this program');
    // What a terminal grant would cover: what this request asks, nothing else.
    expect(dialog.textContent).toContain(
      '“Allow for this terminal” also answers its next requests from /dev/pts/3 (the session of bash, pid 4200) for what this one asks (anything else asks again)',
    );
    const asks = within(within(dialog).getByRole('list', { name: 'What it asks for' }));
    expect(asks.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'keyhold://production/Acme/secret_keySecret key of Acme (Weir AI, production)',
      'keyhold://production/Nope/secret_keyNo client "Nope" in production.',
    ]);
    // Deny has the focus: Enter on a dialog that popped up must not allow anything.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Deny' }));
    await waitFor(() => expect(calls).toEqual([-1, 7]));
  });

  it.each([
    ['Deny', 'deny'],
    ['Allow once', 'once'],
    ['Allow for this terminal', 'terminal'],
  ])('%s sends its decision and closes', async (button, decision) => {
    poll({ version: 1, approvals: [approval()] });
    render(<CliApprovals />);
    await userEvent.click(await armed(button));
    expect(bridge.answerCliApproval).toHaveBeenCalledExactlyOnceWith({ id: 'a1', decision });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('says a keyhold env request reads every field of its clients, and when it is refused unanswered', async () => {
    poll({ version: 1, approvals: [approval({ command: 'env' })] });
    render(<CliApprovals />);
    const dialog = await screen.findByRole('alertdialog', {
      name: 'Allow “keyhold env” to read every field of 2 clients?',
    });
    expect(dialog.textContent).toMatch(/Not answered within 60 seconds \(by .*\), it is refused\./);
  });

  it('Escape denies', async () => {
    poll({ version: 1, approvals: [approval()] });
    render(<CliApprovals />);
    await screen.findByRole('alertdialog');
    await userEvent.keyboard('{Escape}');
    expect(bridge.answerCliApproval).toHaveBeenCalledWith({ id: 'a1', decision: 'deny' });
  });

  it("offers only Allow once to a program in no terminal, and says when it is the program's own word", async () => {
    poll({
      version: 1,
      approvals: [
        approval({
          terminal: null,
          program: {
            ...approval().program,
            verified: 'claim',
            parent: { pid: 9, name: '', exe: '', args: [] },
          },
        }),
      ],
    });
    render(<CliApprovals />);
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).queryByRole('button', { name: 'Allow for this terminal' })).toBeNull();
    expect(dialog.textContent).toContain('It runs in no terminal, so it can be allowed only once.');
    expect(dialog.textContent).toContain('Keyhold cannot check who asks on this system');
    expect(dialog.textContent).toContain('run by a program, pid 9');
  });

  it('closes by itself when the request goes away (timed out, or the program hung up)', async () => {
    const gone = deferred<void>();
    const snapshots: Snapshot[] = [{ version: 1, approvals: [approval()] }];
    bridge.waitCliApprovals.mockImplementation(async (input) => {
      const next = snapshots.shift();
      if (next) return ok(next);
      // Like the core: a window that already has version 2 is held.
      if ((input as { version: number }).version === 2) return new Promise(() => {});
      await gone.promise;
      return ok({ version: 2, approvals: [] });
    });
    render(<CliApprovals />);
    await screen.findByRole('alertdialog');
    await act(async () => gone.resolve());
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('shows why an answer failed, and keeps the dialog', async () => {
    poll({ version: 1, approvals: [approval()] });
    bridge.answerCliApproval.mockResolvedValue(
      fail({
        code: 'not_found_local',
        message: 'That request is no longer waiting: it was answered, cancelled, or it timed out.',
      }),
    );
    render(<CliApprovals />);
    await userEvent.click(await armed('Allow once'));
    expect(await screen.findByText(/no longer waiting/)).toBeTruthy();
  });
});

describe('the Allow buttons arm only after the dialog has been seen', () => {
  const allows = () =>
    ['Allow once', 'Allow for this terminal'].map((name) => screen.getByRole('button', { name }));

  const allowed = () =>
    bridge.answerCliApproval.mock.calls.filter(
      ([input]) => (input as { decision: string }).decision !== 'deny',
    );

  it('are disabled when the dialog appears: a click meant for what was there before allows nothing', async () => {
    poll({ version: 1, approvals: [approval()] });
    render(<CliApprovals />);
    await screen.findByRole('alertdialog');
    for (const button of allows()) expect((button as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Deny' }) as HTMLButtonElement).disabled).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Allow for this terminal' }));
    expect(allowed()).toEqual([]);
    await armed('Allow once');
    for (const button of allows()) expect((button as HTMLButtonElement).disabled).toBe(false);
  });

  it('Tab then Space, typed for another app as the dialog appears, allows nothing', async () => {
    poll({ version: 1, approvals: [approval()] });
    render(<CliApprovals />);
    await screen.findByRole('alertdialog');
    await userEvent.keyboard('{Tab}{ }');
    expect(allowed()).toEqual([]);
  });

  it('disarm while the window is in the background, and arm again a while after it gets the focus', async () => {
    poll({ version: 1, approvals: [approval()] });
    render(<CliApprovals />);
    await armed('Allow once');
    act(() => void window.dispatchEvent(new Event('blur')));
    for (const button of allows()) expect((button as HTMLButtonElement).disabled).toBe(true);
    act(() => void window.dispatchEvent(new Event('focus')));
    for (const button of allows()) expect((button as HTMLButtonElement).disabled).toBe(true);
    await armed('Allow once');
  });

  it('a request queued behind another starts disarmed: the second click of a double click lands on nothing', async () => {
    const second = approval({ id: 'a2', program: { ...approval().program, pid: 5151 } });
    poll({ version: 1, approvals: [approval({ id: 'a1' }), second] });
    bridge.answerCliApproval.mockImplementation(async (input) => {
      const { id } = input as { id: string };
      useCliApprovals.setState((state) => ({ approvals: state.approvals.filter((a) => a.id !== id) }));
      return ok({ ok: true });
    });
    render(<CliApprovals />);
    await userEvent.click(await armed('Allow once'));
    expect(bridge.answerCliApproval).toHaveBeenCalledExactlyOnceWith({ id: 'a1', decision: 'once' });
    // The second click of the double click lands on the next request's button, in the same place.
    await waitFor(() => expect(screen.getByRole('alertdialog').textContent).toContain('pid 5151'));
    await userEvent.click(screen.getByRole('button', { name: 'Allow once' }));
    expect(bridge.answerCliApproval).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'Allow once' }) as HTMLButtonElement).disabled).toBe(true),
    );
  });
});
