// The `keyhold` command (built into out/cli/keyhold.cjs, one file, no dependency at run time).
// It asks the running Keyhold over a local socket; the user approves in the app. Every failure is
// one line on stderr (plus candidates) and a documented exit code (exit-codes.ts).
import type { ListedClient } from '../shared/cli-protocol';
import { visible } from '../shared/cli-visible-text';
import { parseInvocation, type Command } from './args';
import { CliFailure, EXIT } from './exit-codes';
import { inject } from './inject';
import { keyholdAt, type KeyholdClient } from './keyhold-client';
import { run } from './run';

declare const __KEYHOLD_VERSION__: string | undefined;
const VERSION = typeof __KEYHOLD_VERSION__ === 'string' ? __KEYHOLD_VERSION__ : 'dev';

async function execute(command: Command, keyhold: () => KeyholdClient): Promise<number> {
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${command.text}\n`);
      return EXIT.ok;
    case 'version':
      process.stdout.write(`keyhold ${VERSION}\n`);
      return EXIT.ok;
    case 'list': {
      const clients = await keyhold().list({ environment: command.environment, provider: command.provider });
      process.stdout.write(command.json ? `${JSON.stringify(clients, null, 2)}\n` : table(clients));
      return EXIT.ok;
    }
    case 'read': {
      const [value] = await keyhold().read('read', [command.ref]);
      process.stdout.write(command.newline ? `${value}\n` : value!);
      return EXIT.ok;
    }
    case 'env':
      process.stdout.write(await keyhold().env(command.ref));
      return EXIT.ok;
    case 'run':
      return run(command, keyhold());
    case 'inject': {
      const text = await inject(command, keyhold(), readStdin);
      if (text !== null) process.stdout.write(text);
      return EXIT.ok;
    }
  }
}

function table(clients: ListedClient[]): string {
  if (clients.length === 0) return 'No clients.\n';
  const rows = [
    ['REFERENCE', 'PROVIDER', 'FIELDS'],
    ...clients.map((c) => [c.ref, c.provider, c.fields.join(' ')]),
  ];
  const width = rows.reduce((w, row) => Math.max(w, row[0]!.length, 0), 0);
  const providerWidth = 9;
  return rows
    .map(([ref, provider, fields]) => `${ref!.padEnd(width)}  ${provider!.padEnd(providerWidth)}${fields}\n`)
    .join('');
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** Messages and candidates hold store text (names, from backups or providers): never raw escapes. */
function report(failure: CliFailure): void {
  const shown = (text: string) => visible(text, Infinity);
  process.stderr.write(`keyhold: ${shown(failure.message)}\n`);
  if (failure.candidates.length) {
    process.stderr.write(`Did you mean:\n${failure.candidates.map((c) => `  ${shown(c)}\n`).join('')}`);
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    const { command, socket } = parseInvocation(argv, process.env);
    const waiting = (timeoutMs: number) =>
      process.stderr.write(
        `keyhold: waiting for you to allow this in the Keyhold window (up to ${Math.round(timeoutMs / 1000)} s)…\n`,
      );
    return await execute(command, () => keyholdAt(socket, waiting));
  } catch (error) {
    if (error instanceof CliFailure) {
      report(error);
      return error.exitCode;
    }
    process.stderr.write(
      `keyhold: unexpected error: ${visible(error instanceof Error ? error.message : String(error), Infinity)}\n`,
    );
    return EXIT.unavailable;
  }
}

/** Exit code of a command whose reader went away, as a shell gives one killed by SIGPIPE. */
const EPIPE_EXIT = 128 + 13;

// stdout gone (the reader of a pipe exited): one line, and not a code a script reads as an answer.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  process.stderr.write(
    `keyhold: could not write to stdout (${error.code ?? error.message}); nothing more is written.\n`,
  );
  process.exit(error.code === 'EPIPE' ? EPIPE_EXIT : EXIT.unavailable);
});

// Ends when stdout is flushed: process.exit() could cut a large answer short in a pipe.
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
