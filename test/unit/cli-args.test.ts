import { describe, expect, it } from 'vitest';
import { parseInvocation } from '../../src/cli/args';
import { CliFailure, EXIT } from '../../src/cli/exit-codes';

const parse = (line: string[], env: NodeJS.ProcessEnv = {}) => parseInvocation(line, env);
const usage = (line: string[]) => {
  try {
    parse(line);
  } catch (error) {
    expect(error).toBeInstanceOf(CliFailure);
    expect((error as CliFailure).exitCode).toBe(EXIT.usage);
    return (error as CliFailure).message;
  }
  throw new Error(`${line.join(' ')} was accepted`);
};

describe('keyhold command line', () => {
  it('reads each command and its options', () => {
    expect(parse(['list', '--env', 'staging', '--json'])).toEqual({
      command: { kind: 'list', environment: 'staging', json: true },
      socket: null,
    });
    expect(parse(['read', '-n', 'keyhold://production/a/secret_key']).command).toEqual({
      kind: 'read',
      ref: 'keyhold://production/a/secret_key',
      newline: false,
    });
    expect(parse(['env', 'keyhold://production/a']).command).toEqual({
      kind: 'env',
      ref: 'keyhold://production/a',
    });
    expect(parse(['inject', '-i', 't.tpl', '-o', '.env']).command).toEqual({
      kind: 'inject',
      input: 't.tpl',
      output: '.env',
    });
  });

  it("takes run's command after -- untouched, options and all", () => {
    expect(
      parse([
        'run',
        '--env-file',
        'a.env',
        '--env-file',
        'b.env',
        '--no-masking',
        '--',
        'node',
        '-e',
        '--socket x',
      ]).command,
    ).toEqual({
      kind: 'run',
      envFiles: ['a.env', 'b.env'],
      masking: false,
      command: ['node', '-e', '--socket x'],
    });
  });

  it('takes --socket anywhere before the command, else KEYHOLD_SOCKET', () => {
    expect(parse(['--socket', '/s.sock', 'list']).socket).toBe('/s.sock');
    expect(parse(['list', '--socket', '/s.sock']).socket).toBe('/s.sock');
    expect(parse(['list'], { KEYHOLD_SOCKET: '/env.sock' }).socket).toBe('/env.sock');
    expect(parse(['--socket', '/s.sock', 'list'], { KEYHOLD_SOCKET: '/env.sock' }).socket).toBe('/s.sock');
  });

  it('shows help without a command, and for one command', () => {
    expect(parse([]).command).toMatchObject({
      kind: 'help',
      text: expect.stringContaining('Exit codes: 0 ok'),
    });
    expect(parse(['run', '--help']).command).toMatchObject({
      kind: 'help',
      text: expect.stringMatching(/^keyhold run/),
    });
  });

  it('refuses every mistake as a usage error that says what to type', () => {
    expect(usage(['bogus'])).toMatch(/Unknown command "bogus". Commands: list, read, env, run, inject/);
    expect(usage(['read'])).toMatch(/takes one reference/);
    expect(usage(['read', 'a', 'b'])).toMatch(/takes one reference/);
    expect(usage(['read', 'production/a/secret_key'])).toMatch(/starts with keyhold:\/\//);
    expect(usage(['env', 'keyhold://production/a/secret_key'])).toMatch(/has 2 parts/);
    expect(usage(['list', '--colour'])).toMatch(/Unknown option '--colour'/);
    expect(usage(['run', 'node', '-e', '1'])).toMatch(/Put -- before the command/);
    expect(usage(['run', '--'])).toMatch(/needs a command after --/);
    expect(usage(['run', 'x', '--', 'node'])).toMatch(/comes before --/);
    expect(usage(['list', 'extra'])).toMatch(/takes no argument "extra"/);
  });
});
