// The keyhold CLI when the reader of its stdout went away (EPIPE): exit 141, like a shell command
// killed by SIGPIPE, with one `keyhold:` line; never a stack trace and exit 1 ("not found").
// (A closed stdout cannot be told: Node opens /dev/null in its place at start.)
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI_FROM_SOURCE } from '../support/cli';

function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const command = spawn(process.execPath, [...CLI_FROM_SOURCE, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    command.stdout.destroy(); // the reader goes away before anything is written
    let stderr = '';
    command.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    command.on('error', fail);
    command.on('close', (code) => done({ code, stderr }));
  });
}

describe.skipIf(process.platform === 'win32')('keyhold with no stdout', () => {
  it('a reader that went away: exit 141 and one line', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(141);
    expect(run.stderr).toMatch(/^keyhold: could not write to stdout \(EPIPE\)[^\n]*\n$/);
  });
});
