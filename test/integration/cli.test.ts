// The keyhold CLI (a real child process) against a real core over its real socket, with the real
// OS keyring; approvals answered through the contract methods the window uses.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActivityPage } from '../../src/shared/activity';
import type { ClientDetail } from '../../src/shared/domain';
import { Approver, CLI_FROM_SOURCE, runCli } from '../support/cli';
import { call, importWeirClient, startTestCore, tempDir, type TestCore } from '../support/core';

const onWindows = process.platform === 'win32';
/** What each OS lets Keyhold verify about the program (README → `keyhold` CLI). */
const VERIFIED = process.platform === 'linux' ? 'kernel' : process.platform === 'darwin' ? 'pid' : 'claim';

const ACME_SECRET = 'sk_live_acme_7Yq2pXv9Lm4Rt8Ws';
const TWIN_SECRET = 'sk_live_twin_Hs3Kd9Qw2Zx7Pv1M';

describe('keyhold CLI against a running Keyhold', () => {
  let app: TestCore;
  let socket: string;
  let acme: ClientDetail;
  const work = tempDir('keyhold-cli-work-');

  const cli = (args: string[], options: Parameters<typeof runCli>[1] = {}) =>
    runCli(['--socket', socket, ...args], options);
  const activity = () => call<ActivityPage>(app.core, 'listActivity', { limit: 200 });
  const imported = (name: string, remoteId: string, secret: string, environment = 'production') =>
    importWeirClient(app.core, { name, remoteId, secret, environment });

  beforeAll(async () => {
    app = startTestCore({ cliApprovalTimeoutMs: 1500 });
    acme = await imported('Acme Retail', 'cli_acme', ACME_SECRET);
    await imported('Twin', 'cli_twin_1', TWIN_SECRET);
    await imported('Twin', 'cli_twin_2', 'sk_live_twin_other_value');
    await imported('Beta', 'cli_beta', 'sk_live_beta_value_123', 'staging');
    socket = onWindows
      ? `\\\\.\\pipe\\keyhold-test-${process.pid}`
      : join(app.dataDir, 'cli', 'keyhold.sock');
    await app.core.cli.listen({ socket });
  });
  afterAll(async () => {
    await app.dispose();
    work.remove();
  });

  it('reads a value once it is allowed, and the dialog and the log say who asked', async () => {
    const approver = new Approver(app.core).next('once');
    const run = await cli(['read', 'keyhold://production/acme%20retail/secret_key']);
    approver.stop();
    expect(run).toMatchObject({ code: 0, stdout: `${ACME_SECRET}\n` });
    expect(run.stderr).toMatch(/waiting for you to allow this in the Keyhold window \(up to 2 s\)/);
    const [dialog] = approver.seen;
    expect(dialog).toMatchObject({
      command: 'read',
      asks: [
        {
          ref: 'keyhold://production/acme%20retail/secret_key',
          description: 'Secret key of Acme Retail (Weir AI, production)',
          found: true,
        },
      ],
      // Spawned by this test, not from a terminal: only "Allow once" is offered.
      terminal: null,
      program: {
        pid: run.pid,
        name: expect.stringMatching(/^node(\.exe)? \(main\)$/),
        exe: process.execPath,
        cwd: process.cwd(),
        parent: { pid: process.pid },
        verified: VERIFIED,
      },
    });
    expect(dialog!.program.args).toContain('keyhold://production/acme%20retail/secret_key');
    const [entry] = (await activity()).items;
    expect(entry).toMatchObject({
      action: 'cli_read',
      command: 'read',
      clientId: acme.id,
      field: 'secret_key',
      program: { pid: run.pid, verified: VERIFIED },
    });
  });

  it('denied: exit 3, nothing on stdout, and the refusal logged with what was asked', async () => {
    const approver = new Approver(app.core).next('deny');
    const run = await cli(['read', 'keyhold://production/Acme%20Retail/secret_key']);
    approver.stop();
    expect(run).toMatchObject({ code: 3, stdout: '' });
    expect(run.stderr).toMatch(/keyhold: Denied in Keyhold\.$/m);
    expect((await activity()).items[0]).toMatchObject({
      action: 'cli_denied',
      clientId: null,
      asked: ['keyhold://production/Acme%20Retail/secret_key'],
    });
  });

  it('a reference that names another client by the time it is allowed reads nothing (exit 3)', async () => {
    const before = await imported('Shifty', 'cli_shifty_1', 'sk_live_shifty_first_1234');
    const approver = new Approver(app.core).next(null);
    const run = cli(['read', 'keyhold://production/Shifty/secret_key']);
    await vi.waitFor(() => expect(approver.seen).toHaveLength(1));
    approver.stop();
    // While the dialog waits, "Shifty" comes to name another client, which the dialog never showed.
    await call(app.core, 'deleteClient', { id: before.id });
    const after = await imported('Shifty', 'cli_shifty_2', 'sk_live_shifty_second_5678');
    await call(app.core, 'answerCliApproval', { id: approver.seen[0]!.id, decision: 'once' });
    const done = await run;
    expect(done).toMatchObject({ code: 3, stdout: '' });
    expect(done.stderr).toMatch(/changed while it waited for your answer/);
    await call(app.core, 'deleteClient', { id: after.id });
  });

  it('no answer: exit 4 once the approval timeout passes', async () => {
    const approver = new Approver(app.core).next(null);
    const run = await cli(['env', 'keyhold://production/cli_acme']);
    approver.stop();
    expect(run).toMatchObject({ code: 4, stdout: '' });
    expect(run.stderr).toMatch(/Nobody answered in Keyhold within 2 s/);
    expect(approver.seen).toHaveLength(1);
    expect((await activity()).items[0]).toMatchObject({ action: 'cli_no_answer', command: 'env' });
  });

  it('a reference that names nothing, or two clients, lists what it could mean (exit 1)', async () => {
    const approver = new Approver(app.core, 'once');
    const unknown = await cli(['read', 'keyhold://production/Acm/secret_key']);
    const twins = await cli(['read', 'keyhold://production/twin/secret_key']);
    const field = await cli(['read', 'keyhold://production/cli_acme/secret']);
    const environment = await cli(['read', 'keyhold://prod/cli_acme/secret_key']);
    approver.stop();
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain(
      'No client "Acm" in production.\nDid you mean:\n  keyhold://production/Acme%20Retail/secret_key\n',
    );
    expect(twins.code).toBe(1);
    expect(twins.stderr).toMatch(/"twin" names 2 clients in production: name one by its id/);
    expect(
      twins.stderr.match(/keyhold:\/\/production\/[0-9a-f-]{36}\/secret_key {2}Twin, Weir AI/g),
    ).toHaveLength(2);
    expect(field.code).toBe(1);
    expect(field.stderr).toContain('has no field "secret"; it has remote_id, client_id, secret_key');
    expect(field.stderr).toContain('keyhold://production/Acme%20Retail/client_id');
    expect(environment.stderr).toContain(
      'No environment "prod": Keyhold has production, staging, development',
    );
    // And by id: one of the twins, exactly.
    const twin = twins.stderr.match(/keyhold:\/\/production\/[0-9a-f-]{36}\/secret_key/)![0];
    const approved = new Approver(app.core, 'once');
    const byId = await cli(['read', '-n', twin]);
    approved.stop();
    expect(byId.code).toBe(0);
    expect([TWIN_SECRET, 'sk_live_twin_other_value']).toContain(byId.stdout);
  });

  it('prints what it did not write itself with control and bidi characters as escapes', async () => {
    const approver = new Approver(app.core, 'once');
    const run = await cli(['read', 'keyhold://development/%1B%5D0%3Bowned%07%E2%80%AEx%C2%9B/secret_key']);
    approver.stop();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No client "\\u{1B}]0;owned\\u{7}\\u{202E}x\\u{9B}" in development.');
    const raw = [...run.stderr].filter((ch) => {
      const code = ch.codePointAt(0)!;
      return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || code === 0x202e;
    });
    expect(raw).toEqual([]);
  });

  it('the dialog shows what a program asks for with control and bidi characters as escapes', async () => {
    const approver = new Approver(app.core).next('deny');
    await cli(['read', 'keyhold://production/%E2%80%AEyek_terces%20eht%20ylno/x']);
    approver.stop();
    expect(approver.seen[0]!.asks).toEqual([
      {
        ref: 'keyhold://production/%E2%80%AEyek_terces%20eht%20ylno/x',
        description: 'No client "\\u{202E}yek_terces eht ylno" in production.',
        found: false,
      },
    ]);
  });

  it('looks up at most the first 10 references of a request for its dialog (a long one cannot stall Keyhold)', async () => {
    const approver = new Approver(app.core).next('deny');
    const refs = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [`V${i}`, `keyhold://production/nothing-${i}/secret_key`]),
    );
    const run = await cli(['run', '--', 'true'], { env: { ...process.env, ...refs } });
    approver.stop();
    expect(run.code).toBe(3);
    const asks = approver.seen[0]!.asks;
    expect(asks).toHaveLength(12);
    expect(asks.slice(0, 10).map((a) => a.description)).toEqual(
      Array.from({ length: 10 }, (_, i) => expect.stringContaining(`No client "nothing-${i}"`)),
    );
    expect(asks.slice(10)).toEqual(
      [10, 11].map((i) => ({
        ref: `keyhold://production/nothing-${i}/secret_key`,
        description:
          'Not looked up before you answer: Keyhold looks up the first 10 references of a request.',
        found: false,
      })),
    );
  });

  it('refuses a malformed reference as usage (exit 2) without asking anyone', async () => {
    const approver = new Approver(app.core, 'once');
    const run = await cli(['read', 'keyhold://production/acme']);
    approver.stop();
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/has 3 parts after keyhold:\/\/, this has 2/);
    expect(approver.seen).toEqual([]);
  });

  it('env prints the very text "Copy as .env" puts on the clipboard', async () => {
    await call(app.core, 'copyClientAs', { id: acme.id, format: 'env' });
    const approver = new Approver(app.core, 'once');
    const run = await cli(['env', 'keyhold://production/Acme%20Retail']);
    approver.stop();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(app.clipboard.text);
    expect(run.stdout).toContain(`WEIR_SECRET_KEY=${ACME_SECRET}`);
    expect(approver.seen[0]!.asks[0]!.description).toBe(
      'Every field of Acme Retail (Weir AI, production), as .env lines',
    );
  });

  it('list shows clients, their references and fields, and no secret', async () => {
    const approver = new Approver(app.core, 'once');
    const json = await cli(['list', '--json']);
    const table = await cli(['list', '--env', 'staging']);
    const bad = await cli(['list', '--env', 'qa']);
    approver.stop();
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as { ref: string; fields: string[]; name: string }[];
    // Names where they are unique, ids for the twins.
    const byId = /^keyhold:\/\/production\/[0-9a-f-]{36}$/;
    expect(listed.map((c) => c.ref)).toEqual([
      'keyhold://production/Acme%20Retail',
      expect.stringMatching(byId),
      expect.stringMatching(byId),
      'keyhold://staging/Beta',
    ]);
    expect(listed.find((c) => c.name === 'Acme Retail')!.fields).toEqual([
      'remote_id',
      'client_id',
      'secret_key',
    ]);
    for (const secret of [ACME_SECRET, TWIN_SECRET, 'sk_live_beta_value_123'])
      expect(json.stdout).not.toContain(secret);
    expect(table.stdout).toBe(
      'REFERENCE               PROVIDER FIELDS\nkeyhold://staging/Beta  weir     remote_id client_id secret_key\n',
    );
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toContain('--env: "qa" is not an environment; use production, staging, development.');
    // The unknown environment was refused before anyone was asked.
    expect(approver.seen.map((a) => a.command)).toEqual(['list', 'list']);
  });

  describe('run', () => {
    const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
    // Prints a hash of the variable, then the variable itself (to see it masked), then exits 7.
    const child = [
      'node',
      '-e',
      "const v = process.env.API_KEY; console.log(require('crypto').createHash('sha256').update(v).digest('hex')); console.log('raw=' + v); console.error('err=' + v); process.exit(7)",
    ];

    it('gives the value to the command alone, masks its output, and passes its exit code through', async () => {
      const approver = new Approver(app.core, 'once');
      const env = { ...process.env, API_KEY: 'keyhold://production/Acme%20Retail/secret_key' };
      const run = await cli(['run', '--', ...child], { env });
      const unmasked = await cli(['run', '--no-masking', '--', ...child], { env });
      approver.stop();
      expect(run.code).toBe(7);
      expect(run.stdout).toBe(`${hashOf(ACME_SECRET)}\nraw=<concealed by keyhold>\n`);
      expect(run.stderr).toContain('err=<concealed by keyhold>\n');
      expect(unmasked.code).toBe(7);
      expect(unmasked.stdout).toBe(`${hashOf(ACME_SECRET)}\nraw=${ACME_SECRET}\n`);
      expect(approver.seen[0]).toMatchObject({
        command: 'run',
        asks: [{ description: 'Secret key of Acme Retail (Weir AI, production)' }],
      });
    });

    it('takes references from --env-file too, and asks once for all of them', async () => {
      const file = join(work.path, 'app.env');
      writeFileSync(
        file,
        'API_KEY=keyhold://production/cli_acme/secret_key\nBETA=keyhold://staging/Beta/client_id\nPLAIN=yes\n',
      );
      const approver = new Approver(app.core, 'once');
      const run = await cli([
        'run',
        '--env-file',
        file,
        '--',
        'node',
        '-e',
        'console.log(process.env.BETA, process.env.PLAIN)',
      ]);
      approver.stop();
      expect(run).toMatchObject({ code: 0, stdout: '<concealed by keyhold> yes\n' });
      expect(approver.seen).toHaveLength(1);
      expect(approver.seen[0]!.asks.map((a) => a.found)).toEqual([true, true]);
    });

    it.skipIf(onWindows)('dies of the signal its command died of', async () => {
      const approver = new Approver(app.core, 'once');
      const env = { ...process.env, API_KEY: 'keyhold://production/cli_acme/secret_key' };
      const run = await cli(['run', '--', 'sh', '-c', 'kill -TERM $$'], { env });
      approver.stop();
      expect(run).toMatchObject({ code: null, signal: 'SIGTERM' });
    });

    it.skipIf(onWindows)(
      'runs a command without references without asking Keyhold, and says when a command is missing',
      async () => {
        const quiet = await runCli([
          '--socket',
          join(work.path, 'nobody-here.sock'),
          'run',
          '--',
          'sh',
          '-c',
          'exit 5',
        ]);
        expect(quiet.code).toBe(5);
        const missing = await runCli([
          '--socket',
          join(work.path, 'nobody-here.sock'),
          'run',
          '--',
          'no-such-command-xyz',
        ]);
        expect(missing).toMatchObject({
          code: 127,
          stderr: 'keyhold: Cannot run no-such-command-xyz: command not found.\n',
        });
      },
    );
  });

  describe('inject', () => {
    it('writes the filled template as 0600, replacing a looser file whole', async () => {
      const template = join(work.path, 'app.env.tpl');
      const out = join(work.path, 'app.env');
      writeFileSync(
        template,
        'KEY={{ keyhold://production/Acme%20Retail/secret_key }}\nID={{keyhold://production/cli_acme/client_id}}\n',
      );
      writeFileSync(out, 'old contents\n', { mode: 0o644 });
      const approver = new Approver(app.core, 'once');
      const run = await cli(['inject', '-i', template, '-o', out]);
      approver.stop();
      expect(run).toMatchObject({ code: 0, stdout: '' });
      expect(readFileSync(out, 'utf8')).toBe(`KEY=${ACME_SECRET}\nID=pub_cli_acme\n`);
      // POSIX modes only (on Windows the profile folder is what protects it).
      if (!onWindows) expect(statSync(out).mode & 0o777).toBe(0o600);
    });

    it('reads the template from stdin and writes stdout; writes nothing when a reference names nothing', async () => {
      const approver = new Approver(app.core, 'once');
      const piped = await cli(['inject'], { input: 'k={{ keyhold://staging/Beta/client_id }}' });
      const out = join(work.path, 'never.env');
      const unknown = await cli(['inject', '-o', out], { input: 'k={{ keyhold://staging/Nope/client_id }}' });
      approver.stop();
      expect(piped).toMatchObject({ code: 0, stdout: 'k=pub_cli_beta' });
      expect(unknown.code).toBe(1);
      expect(() => statSync(out)).toThrow(/ENOENT/);
    });
  });

  it('keeps secrets in a command line out of the dialog, and every argument out of the activity log', async () => {
    // A wrapper run with a password starts keyhold, whose command gets a secret as an argument.
    const script = `"${process.execPath}" ${CLI_FROM_SOURCE.map((a) => `'${a}'`).join(' ')} --socket '${socket}' run -- true --api-key=${ACME_SECRET} 'postgres://app:db-pass-4242@db.example/app'; :`;
    const approver = new Approver(app.core, 'once');
    const code = await new Promise<number | null>((done) => {
      const child = spawn(
        'sh',
        ['-c', script, 'mysql-wrapper', '--password=hunter2-db-pass', '-p', 'hunter3-db-pass'],
        {
          env: { ...process.env, API_KEY: 'keyhold://production/Acme%20Retail/secret_key' },
          stdio: 'ignore',
        },
      );
      child.on('close', done);
    });
    approver.stop();
    expect(code).toBe(0);
    const shown = JSON.stringify(approver.seen.at(-1)!.program);
    const leaks = [ACME_SECRET, 'hunter2-db-pass', 'hunter3-db-pass', 'db-pass-4242'];
    for (const value of leaks) expect(shown).not.toContain(value);
    expect(approver.seen.at(-1)!.program.args).toEqual(
      expect.arrayContaining(['--api-key=[redacted]', 'postgres://app:[redacted]@db.example/app']),
    );
    expect(approver.seen.at(-1)!.program.parent!.args).toEqual(
      expect.arrayContaining(['--password=[redacted]', '-p', '[redacted]']),
    );
    const entry = (await activity()).items.find((e) => e.command === 'run')!;
    expect(entry.program).toMatchObject({ args: [], parent: { args: [] } });
    const stored = ['keyhold.db', 'keyhold.db-wal']
      .map((name) => join(app.dataDir, name))
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file).toString('latin1'))
      .join('');
    for (const value of leaks) expect(stored).not.toContain(value);
  });

  it('the activity log holds every read of this file, and no secret value', async () => {
    const { items } = await activity();
    expect(items.filter((e) => e.action === 'cli_read').length).toBeGreaterThanOrEqual(8);
    const text = JSON.stringify(items);
    for (const secret of [ACME_SECRET, TWIN_SECRET, 'sk_live_twin_other_value', 'sk_live_beta_value_123']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('a reference that is one client’s name and another’s id', () => {
  let app: TestCore;
  let socket: string;
  const cli = (args: string[]) => runCli(['--socket', socket, ...args]);

  beforeAll(async () => {
    app = startTestCore({ cliApprovalTimeoutMs: 1500 });
    socket = onWindows
      ? `\\\\.\\pipe\\keyhold-test-ids-${process.pid}`
      : join(app.dataDir, 'cli', 'ids.sock');
    await app.core.cli.listen({ socket });
  });
  afterAll(() => app.dispose());

  it('is ambiguous (exit 1, both listed), and list names such a client by its id', async () => {
    const add = (name: string, remoteId: string, publicId: string, secret: string) =>
      importWeirClient(app.core, { name, remoteId, publicId, secret });
    const real = await add('Acme Retail', 'cli_acme', 'pub_acme', ACME_SECRET);
    // Its public id is the real client's name; archived, so `list` does not show it.
    const shadow = await add('Imported sandbox', 'cli_shadow', 'Acme Retail', 'sk_live_ATTACKER_0000');
    await call(app.core, 'setClientArchived', { id: shadow.id, archived: true });
    // Its provider's id is another client's name (as a Mythic id can be).
    await add('billing', 'cli_billing', 'pub_billing', 'sk_live_billing_1234');
    await add('Search', 'billing', 'pub_search', 'sk_live_search_1234');

    const approver = new Approver(app.core, 'once');
    const read = await cli(['read', 'keyhold://production/Acme%20Retail/secret_key']);
    const billing = await cli(['read', 'keyhold://production/billing/secret_key']);
    const list = await cli(['list', '--json']);
    approver.stop();
    expect(read).toMatchObject({ code: 1, stdout: '' });
    expect(read.stderr).toMatch(/"Acme Retail" names 2 clients in production: name one by its id/);
    expect(read.stderr).toContain(`keyhold://production/${real.id}/secret_key  Acme Retail, Weir AI`);
    expect(read.stderr).toContain(`keyhold://production/${shadow.id}/secret_key  Imported sandbox, Weir AI`);
    expect(billing).toMatchObject({ code: 1, stdout: '' });
    expect(billing.stderr).toMatch(/"billing" names 2 clients in production/);
    const refs = (JSON.parse(list.stdout) as { name: string; ref: string }[]).map((c) => [c.name, c.ref]);
    expect(refs).toEqual(
      expect.arrayContaining([
        ['Acme Retail', `keyhold://production/${real.id}`],
        ['Search', 'keyhold://production/Search'],
      ]),
    );
    expect(refs.find(([name]) => name === 'billing')![1]).toMatch(/^keyhold:\/\/production\/[0-9a-f-]{36}$/);
  });
});
