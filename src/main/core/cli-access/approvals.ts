import { randomInt, randomUUID } from 'node:crypto';
import type { CliApproval, CliApprovals, CliDecision } from '../../../shared/cli-access';
import { KeyholdError } from '../../../shared/errors';
import type { Clock } from '../ports';
import type { GrantNeed } from './grants';

/** How long a request waits for the user before the CLI is told nobody answered (exit 4). */
export const APPROVAL_TIMEOUT_MS = 60_000;
/** Longest a waitCliApprovals call is held with nothing new; under common proxy and IPC limits. */
export const LONG_POLL_MS = 25_000;
/** More waiting calls than this (a window that reloads in a loop) answer the oldest at once. */
const MAX_WAITERS = 8;

/**
 * What became of a request: the user's decision, `granted` when the user allowed its terminal in
 * another request's dialog meanwhile, `timeout`, or `cancelled` (the CLI hung up, Keyhold quits).
 */
export type Outcome = CliDecision | 'granted' | 'timeout' | 'cancelled';

export type ApprovalRequest = Omit<CliApproval, 'id' | 'requestedAt' | 'expiresAt'>;

interface Pending {
  approval: CliApproval;
  terminalKey: string | null;
  need: GrantNeed;
  settle(outcome: Outcome): void;
}

/**
 * Requests waiting for the user, and the window's long poll on them: `wait(version)` answers as
 * soon as the waiting set differs from the version the window has, or after LONG_POLL_MS, so the
 * window learns of a request at once without polling (over Electron IPC and the browser host's
 * WebSocket alike: it is an ordinary contract call).
 */
export class Approvals {
  private readonly pending = new Map<string, Pending>();
  private readonly waiters: { resolve(): void; timer: { cancel(): void } }[] = [];
  // Random at start: a window that outlived a restart (the browser host's page) and still holds
  // an old version can never take it for the new process's current one.
  private version = randomInt(1, 2 ** 31);

  constructor(
    private readonly clock: Clock,
    readonly timeoutMs = APPROVAL_TIMEOUT_MS,
    private readonly onRequested: () => void = () => {},
  ) {}

  /**
   * Shows `request` to the user; resolves with what became of it. Aborting `signal` cancels it.
   * `need` is what a terminal grant must cover to answer it without the user.
   */
  ask(
    request: ApprovalRequest,
    terminalKey: string | null,
    signal: AbortSignal,
    need: GrantNeed,
  ): Promise<Outcome> {
    if (signal.aborted) return Promise.resolve('cancelled');
    const now = this.clock.now();
    const approval: CliApproval = {
      ...request,
      terminal: terminalKey === null ? null : request.terminal,
      id: randomUUID(),
      requestedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.timeoutMs).toISOString(),
    };
    return new Promise<Outcome>((resolve) => {
      const timer = this.clock.setTimeout(() => settle('timeout'), this.timeoutMs);
      const onAbort = () => settle('cancelled');
      const settle = (outcome: Outcome) => {
        if (!this.pending.delete(approval.id)) return;
        timer.cancel();
        signal.removeEventListener('abort', onAbort);
        this.changed();
        resolve(outcome);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(approval.id, { approval, terminalKey, need, settle });
      this.changed();
      this.onRequested();
    });
  }

  /** The user's answer to one request; its terminal's key when the decision is `terminal`. */
  answer(id: string, decision: CliDecision): { terminalKey: string | null } {
    const pending = this.pending.get(id);
    if (!pending) {
      throw new KeyholdError({
        code: 'not_found_local',
        message: 'That request is no longer waiting: it was answered, cancelled, or it timed out.',
      });
    }
    if (decision === 'terminal' && pending.terminalKey === null) {
      throw new KeyholdError({
        code: 'validation',
        field: 'decision',
        message: 'This program runs in no terminal: allow it once, or deny it.',
      });
    }
    pending.settle(decision);
    return { terminalKey: pending.terminalKey };
  }

  /** The other requests from a terminal the user just allowed, for what it covers, need no dialog. */
  grantTerminal(key: string, covers: (need: GrantNeed) => boolean): void {
    for (const pending of [...this.pending.values()]) {
      if (pending.terminalKey === key && covers(pending.need)) pending.settle('granted');
    }
  }

  /** Keyhold quits: every request ends unanswered, every long poll is answered now. */
  close(): void {
    for (const pending of [...this.pending.values()]) pending.settle('cancelled');
    for (const waiter of [...this.waiters]) this.release(waiter);
  }

  snapshot(): CliApprovals {
    return { version: this.version, approvals: [...this.pending.values()].map((p) => p.approval) };
  }

  /** The long poll: at once if `known` is not the current version, else on a change or timeout. */
  wait(known: number): Promise<CliApprovals> {
    if (known !== this.version) return Promise.resolve(this.snapshot());
    return new Promise((resolve) => {
      const waiter = {
        resolve: () => resolve(this.snapshot()),
        timer: this.clock.setTimeout(() => this.release(waiter), LONG_POLL_MS),
      };
      this.waiters.push(waiter);
      if (this.waiters.length > MAX_WAITERS) this.release(this.waiters[0]!);
    });
  }

  private release(waiter: (typeof this.waiters)[number]): void {
    const at = this.waiters.indexOf(waiter);
    if (at < 0) return;
    this.waiters.splice(at, 1);
    waiter.timer.cancel();
    waiter.resolve();
  }

  private changed(): void {
    this.version++;
    for (const waiter of [...this.waiters]) this.release(waiter);
  }
}
