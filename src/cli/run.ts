// `keyhold run -- COMMAND`: the variables whose values are keyhold:// references, resolved, in
// COMMAND's environment alone (never in this process's environment, argv or a file); its output
// masked; its exit code and signals passed through.
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { parseEnv } from 'node:util';
import { parseReference, REFERENCE_SCHEME } from '../shared/cli-references';
import { CliFailure, usageError } from './exit-codes';
import type { KeyholdClient } from './keyhold-client';
import { createMasker } from './masker';

export interface RunOptions {
  envFiles: readonly string[];
  masking: boolean;
  command: readonly string[];
}

/**
 * Signals forwarded to the command. SIGINT only when stdin is not a terminal: a Ctrl-C in a
 * terminal already reaches the whole foreground process group, the command included, and
 * forwarding it would deliver it twice (uv's rule, astral-sh/uv crates/uv/src/child.rs).
 */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as const;

/** The environment COMMAND gets: ours, then each --env-file in order, then the resolved values. */
export function runEnvironment(envFiles: readonly string[], base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  for (const file of envFiles) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw usageError(`--env-file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'cannot be read'}.`);
    }
    Object.assign(env, parseEnv(text));
  }
  return env;
}

/** The variables whose value is a reference, checked (a malformed one is a usage error naming it). */
export function referencedVariables(env: Record<string, string>): Map<string, string> {
  const refs = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value.startsWith(REFERENCE_SCHEME)) continue;
    const parsed = parseReference(value);
    if (!parsed.ok) throw usageError(`${name}: ${parsed.message}`);
    refs.set(name, value);
  }
  return refs;
}

export async function run(options: RunOptions, keyhold: KeyholdClient): Promise<number> {
  const env = runEnvironment(options.envFiles, process.env);
  const refs = referencedVariables(env);
  const unique = [...new Set(refs.values())];
  // Handlers first: a signal that comes while Keyhold is asked must not kill us without the command.
  const forwarder = forwardSignals();
  let secrets: string[] = [];
  if (unique.length) {
    const values = await keyhold.read('run', unique);
    const byRef = new Map(unique.map((ref, i) => [ref, values[i]!]));
    for (const [name, ref] of refs) env[name] = byRef.get(ref)!;
    secrets = values;
  }
  const masking = options.masking && secrets.length > 0;
  // The command's output goes through a pipe to be masked, so it sees no terminal: keep colours on.
  if (masking && process.stdout.isTTY && env.FORCE_COLOR === undefined && env.NO_COLOR === undefined) {
    env.FORCE_COLOR = '1';
  }
  const [file, ...args] = options.command as [string, ...string[]];
  // Loaded here: node:child_process is slow to load and `keyhold read` never needs it (README → Speed).
  const { spawn } = await import('node:child_process');
  const child = spawn(file, args, {
    env,
    stdio: ['inherit', masking ? 'pipe' : 'inherit', masking ? 'pipe' : 'inherit'],
  });
  forwarder.to(child);
  if (masking) {
    child.stdout!.pipe(createMasker(secrets)).pipe(process.stdout);
    child.stderr!.pipe(createMasker(secrets)).pipe(process.stderr);
  }
  return new Promise((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      forwarder.stop();
      // As a shell says it: 127 not found, 126 found but not runnable.
      const code = error.code === 'ENOENT' ? 127 : 126;
      reject(
        new CliFailure(
          code,
          `Cannot run ${file}: ${error.code === 'ENOENT' ? 'command not found' : error.message}.`,
        ),
      );
    });
    child.on('close', (code, signal) => {
      forwarder.stop();
      if (!signal) return resolve(code ?? 0);
      // Die of the same signal, so the shell (or CI) sees what really happened; a signal Node
      // cannot die of (SIGPIPE is ignored) falls back to the shell's 128 + n.
      process.kill(process.pid, signal);
      setTimeout(() => resolve(128 + (constants.signals[signal] ?? 0)), 100).unref();
    });
  });
}

function forwardSignals() {
  let target: {
    exitCode: number | null;
    signalCode: string | null;
    kill(signal: NodeJS.Signals): boolean;
  } | null = null;
  const interactive = process.stdin.isTTY === true;
  const stop = () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
  const handlers = FORWARDED.map((signal) => {
    const handler = () => {
      if (!target) {
        // Before the command runs (waiting for Keyhold): the signal is for us, as if unhandled.
        stop();
        return void process.kill(process.pid, signal);
      }
      if (signal === 'SIGINT' && interactive) return;
      if (target.exitCode === null && target.signalCode === null) target.kill(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return { to: (child: NonNullable<typeof target>) => (target = child), stop };
}
