// Running the keyhold CLI against a core in a test, and answering its approvals through the same
// contract methods the window uses (waitCliApprovals, answerCliApproval).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Core } from '../../src/main/core';
import type { CliApproval, CliApprovals, CliDecision } from '../../src/shared/cli-access';
import { call } from './core';

const ROOT = resolve(__dirname, '../..');

/** The CLI from its sources (Vitest runs before the build); the e2e and the bench run the bundle. */
export const CLI_FROM_SOURCE = ['--import', 'tsx', resolve(ROOT, 'src/cli/main.ts')];
export const CLI_BUNDLE = resolve(ROOT, 'out/cli/keyhold.cjs');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  cwd?: string;
  /** The node arguments that start the CLI (default: from source). */
  cli?: string[];
  /** Called with the child once it runs (to read its /proc while it waits). */
  started?: (pid: number) => void;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...(options.cli ?? CLI_FROM_SOURCE), ...args], {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr, pid: child.pid! }));
    options.started?.(child.pid!);
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Answers every approval request of `core` like a user at the window would: with the next queued
 * decision, or with `fallback` (null: leave it unanswered). Keeps what each dialog showed.
 */
export class Approver {
  readonly seen: CliApproval[] = [];
  private readonly queue: (CliDecision | null)[] = [];
  private running = true;
  private version = -1;
  private readonly answered = new Set<string>();

  constructor(
    private readonly core: Core,
    private readonly fallback: CliDecision | null = null,
  ) {
    void this.loop();
  }

  /** The decisions for the next requests, in order (null: no answer). */
  next(...decisions: (CliDecision | null)[]): this {
    this.queue.push(...decisions);
    return this;
  }

  stop(): void {
    this.running = false;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let answer: CliApprovals;
      try {
        answer = await call<CliApprovals>(this.core, 'waitCliApprovals', { version: this.version });
      } catch {
        return; // the core shut down
      }
      const { version, approvals } = answer;
      this.version = version;
      for (const approval of approvals) {
        if (this.answered.has(approval.id)) continue;
        this.answered.add(approval.id);
        this.seen.push(approval);
        const decision = this.queue.length ? this.queue.shift()! : this.fallback;
        if (decision)
          await call(this.core, 'answerCliApproval', { id: approval.id, decision }).catch(() => {});
      }
    }
  }
}
