import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliFailure } from '../../src/cli/exit-codes';
import { fillTemplate, templateReferences } from '../../src/cli/inject';
import { referencedVariables, runEnvironment } from '../../src/cli/run';
import { tempDir } from '../support/core';

const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect((error as CliFailure).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('keyhold run: the environment it builds', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('is ours, then each --env-file in order (dotenv syntax), and finds the references in both', () => {
    const a = join(dir.path, 'a.env');
    const b = join(dir.path, 'b.env');
    writeFileSync(
      a,
      'API_KEY=keyhold://production/acme/secret_key\nPLAIN="two words"\n# comment\nSHARED=from-a\n',
    );
    writeFileSync(b, "SHARED=from-b\nDB='keyhold://staging/db/secret_key'\n");
    const env = runEnvironment([a, b], { HOME: '/home/ada', TOKEN: 'keyhold://development/t/client_id' });
    expect(env).toMatchObject({ HOME: '/home/ada', PLAIN: 'two words', SHARED: 'from-b' });
    expect([...referencedVariables(env)]).toEqual([
      ['TOKEN', 'keyhold://development/t/client_id'],
      ['API_KEY', 'keyhold://production/acme/secret_key'],
      ['DB', 'keyhold://staging/db/secret_key'],
    ]);
  });

  it('refuses a file it cannot read and a malformed reference, naming them', () => {
    expect(usage(() => runEnvironment([join(dir.path, 'missing.env')], {}))).toMatch(
      /--env-file .*missing.env: ENOENT/,
    );
    expect(usage(() => referencedVariables({ API_KEY: 'keyhold://production/acme' }))).toMatch(
      /^API_KEY: .*has 3 parts/,
    );
  });
});

describe('keyhold inject: the template', () => {
  it('has each reference once, and every occurrence replaced', () => {
    const template =
      'a={{ keyhold://production/x/secret_key }} b={{keyhold://production/x/secret_key}} c={{ keyhold://staging/y/client_id }}';
    const refs = templateReferences(template);
    expect(refs).toEqual(['keyhold://production/x/secret_key', 'keyhold://staging/y/client_id']);
    expect(
      fillTemplate(
        template,
        new Map([
          [refs[0]!, 'S1'],
          [refs[1]!, 'C2'],
        ]),
      ),
    ).toBe('a=S1 b=S1 c=C2');
  });

  it('refuses a malformed reference before asking anything', () => {
    expect(usage(() => templateReferences('x={{ keyhold://production/only-two }}'))).toMatch(
      /^In the template: .*has 3 parts/,
    );
  });
});
