import { describe, expect, it } from 'vitest';
import { Approvals, LONG_POLL_MS, type ApprovalRequest } from '../../src/main/core/cli-access/approvals';
import type { GrantNeed } from '../../src/main/core/cli-access/grants';
import { FakeClock } from '../support/fake-clock';

const request: ApprovalRequest = {
  command: 'read',
  program: {
    pid: 10,
    name: 'node (keyhold)',
    exe: '/usr/bin/node',
    args: [],
    cwd: '/',
    parent: null,
    verified: 'kernel',
  },
  asks: [{ ref: 'keyhold://production/a/secret_key', description: 'Secret key of a', found: true }],
  terminal: '/dev/pts/3',
};

/** Reads a/secret_key: what a grant must cover to answer it. */
const needA: GrantNeed = { scopes: ['a/secret_key'], unresolved: false };

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CLI approvals', () => {
  it('shows a request to the window at once, and passes on its answer', async () => {
    const clock = new FakeClock();
    const requested: number[] = [];
    const approvals = new Approvals(clock, 60_000, () => requested.push(1));
    const before = approvals.snapshot().version;
    const poll = approvals.wait(before);
    const outcome = approvals.ask(request, 'key-a', new AbortController().signal, needA);
    const seen = await poll;
    expect(seen.version).not.toBe(before);
    expect(seen.approvals).toEqual([
      expect.objectContaining({
        ...request,
        requestedAt: '2026-06-01T09:00:00.000Z',
        expiresAt: '2026-06-01T09:01:00.000Z',
      }),
    ]);
    expect(requested).toEqual([1]);
    expect(approvals.answer(seen.approvals[0]!.id, 'terminal')).toEqual({ terminalKey: 'key-a' });
    expect(await outcome).toBe('terminal');
    expect(approvals.snapshot().approvals).toEqual([]);
  });

  it('tells the program nobody answered when the timeout passes', async () => {
    const clock = new FakeClock();
    const approvals = new Approvals(clock, 60_000);
    let outcome: string | null = null;
    void approvals.ask(request, null, new AbortController().signal, needA).then((o) => (outcome = o));
    clock.advance(59_999);
    await settle();
    expect(outcome).toBeNull();
    clock.advance(1);
    await settle();
    expect(outcome).toBe('timeout');
    expect(() => approvals.answer('gone', 'once')).toThrow(/no longer waiting/);
  });

  it('drops a request whose program hung up', async () => {
    const approvals = new Approvals(new FakeClock());
    const hangup = new AbortController();
    const outcome = approvals.ask(request, 'key-a', hangup.signal, needA);
    hangup.abort();
    expect(await outcome).toBe('cancelled');
    expect(approvals.snapshot().approvals).toEqual([]);
  });

  it('offers no terminal grant to a program in no terminal', async () => {
    const approvals = new Approvals(new FakeClock());
    void approvals.ask(request, null, new AbortController().signal, needA);
    const [shown] = approvals.snapshot().approvals;
    expect(shown!.terminal).toBeNull();
    expect(() => approvals.answer(shown!.id, 'terminal')).toThrow(/runs in no terminal/);
  });

  it('answers the other requests of a terminal the user just allowed, for what the grant covers', async () => {
    const approvals = new Approvals(new FakeClock());
    const signal = new AbortController().signal;
    const first = approvals.ask(request, 'key-a', signal, needA);
    const second = approvals.ask(request, 'key-a', signal, needA);
    const elsewhere = approvals.ask(request, 'key-a', signal, { ...needA, scopes: ['b/secret_key'] });
    const other = approvals.ask(request, 'key-b', signal, needA);
    approvals.grantTerminal('key-a', (need) => need.scopes.every((scope) => scope === 'a/secret_key'));
    expect(await Promise.all([first, second])).toEqual(['granted', 'granted']);
    // The same terminal asking for another client, and another terminal, still wait for the user.
    expect(approvals.snapshot().approvals).toHaveLength(2);
    approvals.close();
    expect(await Promise.all([elsewhere, other])).toEqual(['cancelled', 'cancelled']);
  });

  it('holds a long poll until a change or LONG_POLL_MS, and answers a stale version at once', async () => {
    const clock = new FakeClock();
    const approvals = new Approvals(clock);
    const { version } = approvals.snapshot();
    expect(await approvals.wait(version - 1)).toEqual({ version, approvals: [] });
    let answered = false;
    void approvals.wait(version).then(() => (answered = true));
    clock.advance(LONG_POLL_MS - 1);
    await settle();
    expect(answered).toBe(false);
    clock.advance(1);
    await settle();
    expect(answered).toBe(true);
  });

  it('answers the oldest waiting call when too many wait (a window reloading in a loop)', async () => {
    const approvals = new Approvals(new FakeClock());
    const { version } = approvals.snapshot();
    const answered: number[] = [];
    for (let i = 0; i < 9; i++) void approvals.wait(version).then(() => answered.push(i));
    await settle();
    expect(answered).toEqual([0]);
  });
});
