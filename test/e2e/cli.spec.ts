// The keyhold CLI (the built bundle, out/cli/keyhold.cjs) against the browser host under a real
// keyring, approved or denied by clicking in Chromium; where the secret goes, and where it does not.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { CLI_BUNDLE, runCli, type CliRun } from '../support/cli';
import {
  clientList,
  deliveredSecrets,
  details,
  expect,
  seedClient,
  seedConnection,
  test,
  type KeyholdFixture,
} from './fixtures';

test.use({ cli: true });
// Reads /proc and puts a Unix socket in the data folder: Linux only (the Vitest CLI tests run on every OS).
test.skip(process.platform !== 'linux', 'the CLI e2e reads /proc: Linux only');

const bundle = (args: string[], options: Parameters<typeof runCli>[1] = {}) =>
  runCli(args, { cli: [CLI_BUNDLE], ...options });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function seeded(keyhold: KeyholdFixture, name = 'Acme Shop') {
  const connection = await seedConnection(keyhold, 'weir', 'Weir');
  const client = await seedClient(keyhold, connection, 'production', name);
  const [secret] = deliveredSecrets(keyhold.weir);
  return { client, secret: secret!, socket: keyhold.host.cli!.socket };
}

/** The approval dialog the request opened, after it opened. */
async function approval(page: Page, title: string | RegExp) {
  const dialog = page.getByRole('alertdialog', { name: title });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Every file under `dir` that holds `needle` (database, WAL, logs, the socket's folder). */
function filesHolding(dir: string, needle: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((file) => {
    const path = join(dir, file);
    return statSync(path).isFile() && readFileSync(path).includes(needle);
  });
}

test('keyhold run: Allow in the window gives the value to the command alone', async ({ page, keyhold }) => {
  const { secret, socket } = await seeded(keyhold);
  // Prints a hash of the variable, its own pid and its parent's (the CLI's), the raw value (to be
  // masked), then waits for a line on stdin before it exits 7.
  const child =
    "const v = process.env.API_KEY; console.log(require('crypto').createHash('sha256').update(v).digest('hex'));" +
    "console.log('pids ' + process.pid + ' ' + process.ppid); console.log('raw=' + v);" +
    "process.stdin.once('data', () => process.exit(7));";
  const cli = spawn(
    process.execPath,
    [CLI_BUNDLE, '--socket', socket, 'run', '--', process.execPath, '-e', child],
    {
      env: { ...process.env, API_KEY: 'keyhold://production/Acme%20Shop/secret_key' },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  cli.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  cli.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => cli.on('close', resolve));

  const dialog = await approval(page, 'Allow “keyhold run” to read a value?');
  await expect(dialog).toContainText('Secret key of Acme Shop (Weir AI, production)');
  await expect(dialog).toContainText(`node (keyhold), pid ${cli.pid}`);
  await expect(dialog).toContainText('Linux vouches for this program');
  await expect(dialog.getByRole('button', { name: 'Allow for this terminal' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Allow once' }).click();
  await expect(dialog).toBeHidden();

  await expect.poll(() => stdout).toMatch(/pids \d+ \d+\nraw=/);
  const [, childPid, cliPid] = /pids (\d+) (\d+)/.exec(stdout)!;
  expect(Number(cliPid)).toBe(cli.pid);
  const proc = (pid: string, file: string) => readFileSync(`/proc/${pid}/${file}`);
  // The command's environment has it (the check can see it where it is)…
  expect(proc(childPid!, 'environ').includes(secret)).toBe(true);
  // …and nothing else does: no command line, not the CLI's own environment.
  expect(proc(childPid!, 'cmdline').includes(secret)).toBe(false);
  expect(proc(cliPid!, 'cmdline').includes(secret)).toBe(false);
  expect(proc(cliPid!, 'environ').includes(secret)).toBe(false);
  expect(proc(cliPid!, 'environ').includes('API_KEY=keyhold://production/Acme%20Shop/secret_key')).toBe(true);

  cli.stdin.end('go\n');
  expect(await exited).toBe(7);
  expect(stdout.split('\n')[0]).toBe(sha256(secret));
  expect(stdout).toContain('raw=<concealed by keyhold>\n');
  expect(stdout).not.toContain(secret);
  expect(stderr).toContain('waiting for you to allow this in the Keyhold window');
  expect(filesHolding(keyhold.dataDir, secret)).toEqual([]);
});

test('keyhold run --no-masking, and keyhold inject writing a 0600 file', async ({ page, keyhold }) => {
  const { secret, socket, client } = await seeded(keyhold);
  const env = { ...process.env, API_KEY: 'keyhold://production/Acme%20Shop/secret_key' };
  const print = [
    'run',
    '--no-masking',
    '--',
    process.execPath,
    '-e',
    "console.log('raw=' + process.env.API_KEY)",
  ];
  const [unmasked] = await Promise.all([
    bundle(['--socket', socket, ...print], { env }),
    approval(page, 'Allow “keyhold run” to read a value?').then((d) =>
      d.getByRole('button', { name: 'Allow once' }).click(),
    ),
  ]);
  expect(unmasked).toMatchObject({ code: 0, stdout: `raw=${secret}\n` });

  const dir = keyhold.dataDir;
  writeFileSync(
    join(dir, 'app.env.tpl'),
    'WEIR_SECRET={{ keyhold://production/Acme%20Shop/secret_key }}\nWEIR_ID={{ keyhold://production/Acme%20Shop/client_id }}\n',
  );
  const out = join(dir, '..', `keyhold-e2e-inject-${process.pid}.env`);
  const [injected] = await Promise.all([
    bundle(['--socket', socket, 'inject', '-i', join(dir, 'app.env.tpl'), '-o', out]),
    approval(page, 'Allow “keyhold inject” to read 2 values?').then((d) =>
      d.getByRole('button', { name: 'Allow once' }).click(),
    ),
  ]);
  try {
    expect(injected).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(out, 'utf8')).toBe(`WEIR_SECRET=${secret}\nWEIR_ID=${client.publicId}\n`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  } finally {
    rmSync(out, { force: true });
  }
});

test('Deny: exit 3 and nothing on stdout; no Keyhold: exit 4, saying so', async ({ page, keyhold }) => {
  const { socket } = await seeded(keyhold);
  const [denied] = await Promise.all([
    bundle(['--socket', socket, 'read', 'keyhold://production/Acme%20Shop/secret_key']),
    approval(page, 'Allow “keyhold read” to read a value?').then((d) =>
      d.getByRole('button', { name: 'Deny' }).click(),
    ),
  ]);
  expect(denied).toMatchObject({
    code: 3,
    stdout: '',
    stderr: expect.stringContaining('keyhold: Denied in Keyhold.'),
  });

  const nowhere = join(keyhold.dataDir, 'gone', 'keyhold.sock');
  const absent: CliRun = await bundle([
    '--socket',
    nowhere,
    'read',
    'keyhold://production/Acme%20Shop/secret_key',
  ]);
  expect(absent).toMatchObject({ code: 4, stdout: '' });
  expect(absent.stderr).toMatch(
    /^keyhold: Keyhold is not running \(nothing listens at .*gone\/keyhold.sock\)\. Start the Keyhold app/,
  );
});

test('the Activity view holds every reveal, copy and CLI read, and no secret', async ({ page, keyhold }) => {
  const { secret, socket } = await seeded(keyhold);
  await page.reload(); // seeded after the page loaded
  await clientList(page)
    .getByRole('option', { name: /^Acme Shop/ })
    .click();
  const panel = details(page);
  await panel.getByRole('button', { name: 'Reveal Secret key' }).click();
  await expect(panel.getByLabel('Secret key value')).toHaveText(secret);
  await panel.getByRole('button', { name: 'Copy Secret key' }).click();
  await expect.poll(() => keyhold.clipboard().text).toBe(secret);
  await panel.getByRole('button', { name: 'Copy as .env' }).click();
  const [read] = await Promise.all([
    bundle(['--socket', socket, 'read', 'keyhold://production/Acme%20Shop/secret_key']),
    approval(page, 'Allow “keyhold read” to read a value?').then((d) =>
      d.getByRole('button', { name: 'Allow once' }).click(),
    ),
  ]);
  expect(read).toMatchObject({ code: 0, stdout: `${secret}\n` });

  await panel.getByRole('button', { name: 'Activity' }).click();
  const activity = page.getByRole('dialog', { name: 'Activity of Acme Shop' });
  const rows = activity.getByRole('row');
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(1)).toContainText('Read by “keyhold read”');
  await expect(rows.nth(1)).toContainText('node (keyhold)');
  await expect(rows.nth(2)).toContainText('Copied as .env');
  await expect(rows.nth(3)).toContainText('Copied');
  await expect(rows.nth(3)).toContainText('Secret key of Acme Shop');
  await expect(rows.nth(4)).toContainText('Revealed');
  await expect(rows.nth(4)).toContainText('You, in this window');
  expect(await activity.textContent()).not.toContain(secret);

  const db = new Database(join(keyhold.dataDir, 'keyhold.db'), { readonly: true });
  const entries = db.prepare('SELECT * FROM activity ORDER BY id').all() as Record<string, unknown>[];
  db.close();
  expect(entries.map((e) => e['action'])).toEqual(['reveal', 'copy', 'export', 'cli_read']);
  expect(JSON.stringify(entries)).not.toContain(secret);
  expect(filesHolding(keyhold.dataDir, secret)).toEqual([]);
});
