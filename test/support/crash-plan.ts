// What a crash child (crash-child.ts) is asked to do, and how a test runs one. The child
// shares the parent's D-Bus session, hence its OS keyring: the store names its key, so the
// parent (or the next child) reopens the same data directory and unwraps the same data key.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core, type FaultPoint } from '../../src/main/core';
import { MemoryClipboard } from '../../src/main/core/node-ports';
import type { CreateClientInput, Provider } from '../../src/shared/domain';
import { TestKeyring } from './core';

export const CRASH_KEYRING_SERVICE = 'Keyhold tests';

/** The SafeStorage of a crash run: every process of the run uses the run's keyring service. */
export function crashKeyring(account: string): TestKeyring {
  return new TestKeyring(`${CRASH_KEYRING_SERVICE} ${account}`);
}

/** Opens the core of a crash run in this process (the parent's restart, or the child itself). */
export function openCrashCore(options: {
  dataDir: string;
  keyringAccount: string;
  providerTimeoutMs?: number;
  busyTimeoutMs?: number;
  faultPoint?: (point: FaultPoint) => void;
}): Core {
  return createCore({
    dataDir: options.dataDir,
    safeStorage: crashKeyring(options.keyringAccount),
    clipboard: new MemoryClipboard(),
    ...(options.providerTimeoutMs === undefined ? {} : { providerTimeoutMs: options.providerTimeoutMs }),
    ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }),
    ...(options.faultPoint ? { faultPoint: options.faultPoint } : {}),
  });
}

/** A create without its connection id: the child adds (or finds) the connection itself. */
export type PlannedCreate = (CreateClientInput extends infer T
  ? T extends unknown
    ? Omit<T, 'connectionId'>
    : never
  : never) & {
  /** Remove the create's connection this long after the create started (it is added back after). */
  removeConnectionAfterMs?: number;
};

export interface CrashPlan {
  dataDir: string;
  keyringAccount: string;
  providerTimeoutMs: number;
  busyTimeoutMs?: number;
  connections: Partial<Record<Provider, { url: string; token: string }>>;
  creates: PlannedCreate[];
  /** SIGKILL the process the `nth` (1-based) time the create flow reaches `point`. */
  kill?: { point: FaultPoint; nth: number };
}

/** One line per create the child attempted, written before the next one starts. */
export type ChildLine =
  | { event: 'start'; name: string }
  /** Keyhold asked first (an earlier attempt with this name / id has an unknown outcome): confirmed. */
  | { event: 'asked'; name: string }
  | { event: 'done'; name: string; ok: true; clientId: string }
  | { event: 'done'; name: string; ok: false; code: string; outcomeUnknown: boolean };

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: ChildLine[];
  stderr: string;
}

const CHILD = join(__dirname, 'crash-child.ts');

/** Positional form: one Weir create, killed at `killAt` ('none' = never). */
export function runCrashChild(args: {
  dataDir: string;
  weirUrl: string;
  token: string;
  killAt: FaultPoint | 'none';
  keyringAccount: string;
}): Promise<ChildRun> {
  return spawnChild([args.dataDir, args.weirUrl, args.token, args.killAt, args.keyringAccount]);
}

/** Plan form: the plan is written next to the data directory and passed by path. */
export function runPlan(plan: CrashPlan, planFile: string): Promise<ChildRun> {
  writeFileSync(planFile, JSON.stringify(plan), { mode: 0o600 });
  return spawnChild(['--plan', planFile]);
}

/** Asynchronous on purpose: the fake servers answering the child live in this process. */
function spawnChild(args: string[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const lines = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as ChildLine);
      resolve({ code, signal, lines, stderr });
    });
  });
}
