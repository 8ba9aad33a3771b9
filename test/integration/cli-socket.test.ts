// The CLI socket itself: its folder and modes, a Keyhold that is not running or crashed, another
// user, a second Keyhold, hostile clients, and "Allow for this terminal" in a real pseudo-terminal
// (util-linux `script`) with a fake clock.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Approver, CLI_FROM_SOURCE, runCli } from '../support/cli';
import { importWeirClient, startTestCore, tempDir, type TestCore } from '../support/core';
import { FakeClock } from '../support/fake-clock';

const SECRET = 'sk_live_socket_9Rz4Xw2Kp7Lm';
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const onLinux = process.platform === 'linux';

async function seeded(options: Parameters<typeof startTestCore>[0] = {}, name = 'Acme'): Promise<TestCore> {
  const app = startTestCore(options);
  const id = name.toLowerCase();
  await importWeirClient(app.core, { name, remoteId: `cli_${id}`, publicId: `pub_${id}`, secret: SECRET });
  return app;
}

/** One raw request line; resolves with every line Keyhold sent back before it hung up. */
function raw(socket: string, line: string | Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const connection = createConnection(socket);
    let text = '';
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => (text += chunk));
    connection.on('error', reject);
    connection.on('close', () => resolve(text.split('\n').filter(Boolean)));
    connection.write(line);
  });
}

describe.runIf(onLinux)('the CLI socket', () => {
  let app: TestCore;
  let socket: string;
  const ref = 'keyhold://production/Acme/secret_key';

  beforeAll(async () => {
    app = await seeded();
    socket = join(app.dataDir, 'cli', 'keyhold.sock');
    await app.core.cli.listen({ socket });
  });
  afterAll(() => app.dispose());

  it('is 0600 in a 0700 folder, beside a 0600 token file', () => {
    expect(statSync(socket).isSocket()).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(join(app.dataDir, 'cli')).mode & 0o777).toBe(0o700);
    expect(statSync(`${socket}.token`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${socket}.token`, 'utf8')).toMatch(/^[\w-]{43}$/);
  });

  it('answers a broken, foreign, unproven or oversized request with a refusal (or nothing), and keeps serving', async () => {
    const [notJson] = await raw(socket, 'hello\n');
    expect(JSON.parse(notJson!)).toMatchObject({
      type: 'done',
      result: { ok: false, error: { code: 'invalid' } },
    });
    const [future] = await raw(socket, `${JSON.stringify({ v: 2, op: 'list' })}\n`);
    expect(JSON.parse(future!).result.error).toMatchObject({
      code: 'version',
      message: /version 1 of the CLI protocol/,
    });
    const unproven = { v: 1, nonce: 'n'.repeat(22), proof: 'p'.repeat(43), claim: {}, op: 'list' };
    const [refused] = await raw(socket, `${JSON.stringify(unproven)}\n`);
    expect(JSON.parse(refused!)).toMatchObject({
      proof: '',
      result: { error: { code: 'unavailable', message: /does not prove it read Keyhold's token file/ } },
    });
    // Larger than a request may be: hung up on, nothing answered.
    expect(await raw(socket, Buffer.alloc(70 * 1024, 'x'))).toEqual([]);
    const approver = new Approver(app.core, 'once');
    const after = await runCli(['--socket', socket, 'read', ref]);
    approver.stop();
    expect(after).toMatchObject({ code: 0, stdout: `${SECRET}\n` });
  });

  it('a Keyhold that is not running: exit 4, saying so', async () => {
    const nowhere = join(app.dataDir, 'elsewhere', 'keyhold.sock');
    const run = await runCli(['--socket', nowhere, 'read', ref]);
    expect(run).toMatchObject({ code: 4, stdout: '' });
    expect(run.stderr).toBe(
      `keyhold: Keyhold is not running (nothing listens at ${nowhere}). Start the Keyhold app, or point to a running one with --socket PATH or KEYHOLD_SOCKET (the browser host prints its path at start).\n`,
    );
    const byEnv = await runCli(['read', ref], { env: { ...process.env, KEYHOLD_SOCKET: nowhere } });
    expect(byEnv.stderr).toContain(`nothing listens at ${nowhere}`);
  });

  it('a socket left by a crash: the CLI says Keyhold is not running; the next Keyhold takes it over', async () => {
    const dir = join(app.dataDir, 'crashed');
    mkdirSync(dir, { mode: 0o700 });
    const stale = join(dir, 'keyhold.sock');
    const holder = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(stale)}, () => console.log('up'))`,
    ]);
    await new Promise((resolve) => holder.stdout!.once('data', resolve));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(existsSync(stale)).toBe(true);
    expect((await runCli(['--socket', stale, 'read', ref])).code).toBe(4);
    const next = await seeded({}, 'Next');
    try {
      const listening = await next.core.cli.listen({ socket: stale });
      expect(listening).toMatchObject({ socket: stale, ownPath: false });
      const approver = new Approver(next.core, 'once');
      const run = await runCli(['--socket', stale, 'read', 'keyhold://production/Next/client_id']);
      approver.stop();
      expect(run).toMatchObject({ code: 0, stdout: 'pub_next\n' });
      // A live one is never taken over.
      const third = startTestCore();
      await expect(third.core.cli.listen({ socket: stale })).rejects.toThrow(
        `Another program already answers at ${stale}.`,
      );
      await third.dispose();
    } finally {
      await next.dispose();
    }
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(`${stale}.token`)).toBe(false);
  });

  it('refuses a folder open to others, and leaves it as it is (a socket in /tmp itself)', async () => {
    const shared = tempDir('keyhold-shared-');
    chmodSync(shared.path, 0o1777);
    const other = startTestCore();
    try {
      await expect(other.core.cli.listen({ socket: join(shared.path, 'k.sock') })).rejects.toThrow(
        `Keyhold will not put its CLI socket there: ${shared.path} is open to other users (mode 0777).`,
      );
      expect(statSync(shared.path).mode & 0o7777).toBe(0o1777);
      expect(existsSync(join(shared.path, 'k.sock'))).toBe(false);
    } finally {
      await other.dispose();
      shared.remove();
    }
  });

  it('refuses a socket path longer than the OS keeps', async () => {
    const other = startTestCore();
    try {
      await expect(
        other.core.cli.listen({ socket: join(other.dataDir, 'x'.repeat(120), 'k.sock') }),
      ).rejects.toThrow(/bytes long; this system allows at most 107/);
    } finally {
      await other.dispose();
    }
  });

  describe.runIf(process.getuid?.() === 0 && has('runuser'))('another user (run as root)', () => {
    // Asynchronous: the Keyhold that answers lives in this very process.
    const asNobody = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn('runuser', ['-u', 'nobody', '--', process.execPath, ...args], {
          cwd: process.cwd(),
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const connectScript = (line: string) =>
      `const c = require('net').createConnection(${JSON.stringify(socket)});` +
      `c.on('connect', () => c.write(${JSON.stringify(line)})); let t = '';` +
      `c.on('data', (d) => (t += d)); c.on('close', () => console.log('answer:' + t.trim()));` +
      `c.on('error', (e) => { console.log('error:' + e.code); process.exit(0); });`;

    afterEach(() => {
      chmodSync(app.dataDir, 0o700);
      chmodSync(join(app.dataDir, 'cli'), 0o700);
      chmodSync(socket, 0o600);
    });

    it('cannot connect: the folders are closed to it, and the CLI will not trust a folder that is not its own', async () => {
      const cliDir = join(app.dataDir, 'cli');
      const hidden = await asNobody([...CLI_FROM_SOURCE, '--socket', socket, 'read', ref]);
      expect(hidden).toMatchObject({ status: 4, stdout: '' });
      expect(hidden.stderr).toContain(
        `Refusing to talk to the socket in ${cliDir}: ${cliDir} cannot be read (EACCES).`,
      );
      expect((await asNobody(['-e', connectScript('{}\n')])).stdout.trim()).toBe('error:EACCES');
      // With the data folder open to passing through, the socket's own folder still is not.
      chmodSync(app.dataDir, 0o711);
      const foreign = await asNobody([...CLI_FROM_SOURCE, '--socket', socket, 'read', ref]);
      expect(foreign).toMatchObject({ status: 4, stdout: '' });
      expect(foreign.stderr).toContain(
        `Refusing to talk to the socket in ${cliDir}: ${cliDir} belongs to another user (uid 0).`,
      );
      expect((await asNobody(['-e', connectScript('{}\n')])).stdout.trim()).toBe('error:EACCES');
    });

    it("is refused by Keyhold itself (the socket's peer credentials) even through open folders", async () => {
      chmodSync(app.dataDir, 0o711);
      chmodSync(join(app.dataDir, 'cli'), 0o755);
      chmodSync(socket, 0o777);
      const direct = await asNobody(['-e', connectScript('{"v":1}\n')]);
      const answer = JSON.parse(direct.stdout.trim().replace(/^answer:/, ''));
      expect(answer).toMatchObject({
        proof: '',
        result: {
          ok: false,
          error: { code: 'denied', message: /only programs of its own user; this one runs as uid 65534/ },
        },
      });
    });
  });
});

describe.runIf(onLinux)('a second Keyhold of the same user', () => {
  const runtime = tempDir('keyhold-xdg-');
  const saved = process.env.XDG_RUNTIME_DIR;
  afterAll(() => {
    // Assigning undefined would store the string "undefined": a relative runtime dir in the cwd.
    if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
    else process.env.XDG_RUNTIME_DIR = saved;
    runtime.remove();
  });

  it('says another one answers at the default socket and listens at its own', async () => {
    chmodSync(runtime.path, 0o700);
    process.env.XDG_RUNTIME_DIR = runtime.path;
    const env = { ...process.env, XDG_RUNTIME_DIR: runtime.path, KEYHOLD_SOCKET: '' };
    const first = await seeded({}, 'Alpha');
    const second = await seeded({}, 'Bravo');
    try {
      const one = await first.core.cli.listen();
      const two = await second.core.cli.listen();
      expect(one).toEqual({
        socket: join(runtime.path, 'keyhold', 'cli.sock'),
        ownPath: false,
        notice: `keyhold CLI: listening at ${join(runtime.path, 'keyhold', 'cli.sock')}`,
      });
      expect(two.socket).toBe(join(runtime.path, 'keyhold', `cli-${process.pid}.sock`));
      expect(two.ownPath).toBe(true);
      expect(two.notice).toContain(
        `another Keyhold answers at ${one.socket}; this one listens at ${two.socket}`,
      );
      const approvers = [new Approver(first.core, 'once'), new Approver(second.core, 'once')];
      const byDefault = await runCli(['list', '--json'], { env });
      const bySocket = await runCli(['list', '--json'], { env: { ...env, KEYHOLD_SOCKET: two.socket } });
      for (const approver of approvers) approver.stop();
      expect(JSON.parse(byDefault.stdout).map((c: { name: string }) => c.name)).toEqual(['Alpha']);
      expect(JSON.parse(bySocket.stdout).map((c: { name: string }) => c.name)).toEqual(['Bravo']);
    } finally {
      await first.dispose();
      await second.dispose();
    }
    expect(existsSync(join(runtime.path, 'keyhold', 'cli.sock'))).toBe(false);
    expect(existsSync(join(runtime.path, 'keyhold', `cli-${process.pid}.sock.token`))).toBe(false);
  });
});

/** A shell in a pseudo-terminal of its own (util-linux `script`): its commands share one terminal session. */
class Terminal {
  private readonly shell: ChildProcess;
  private count = 0;

  private readonly dir: string;

  constructor(parent: string) {
    this.dir = mkdtempSync(join(parent, 'terminal-'));
    this.shell = spawn('script', ['-qfec', 'sh', '/dev/null'], {
      stdio: ['pipe', 'ignore', 'ignore'],
      cwd: process.cwd(),
    });
  }

  /** Runs the CLI in this terminal; resolves with its exit code and output once it ended. */
  async cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const n = ++this.count;
    const file = (what: string) => join(this.dir, `${what}.${n}`);
    const quoted = [process.execPath, ...CLI_FROM_SOURCE, ...args]
      .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
      .join(' ');
    this.shell.stdin!.write(
      `${quoted} > ${file('out')} 2> ${file('err')} < /dev/null; echo $? > ${file('rc.tmp')}; mv ${file('rc.tmp')} ${file('rc')}\n`,
    );
    await vi.waitFor(() => expect(existsSync(file('rc'))).toBe(true), { timeout: 15_000, interval: 50 });
    return {
      code: Number(readFileSync(file('rc'), 'utf8')),
      stdout: readFileSync(file('out'), 'utf8'),
      stderr: readFileSync(file('err'), 'utf8'),
    };
  }

  close(): void {
    this.shell.stdin!.end('exit\n');
  }
}

describe.runIf(onLinux && has('script'))('"Allow for this terminal"', () => {
  const clock = new FakeClock();
  let app: TestCore;
  let socket: string;
  const work = tempDir('keyhold-tty-');
  const ref = 'keyhold://production/Acme/secret_key';

  beforeAll(async () => {
    app = await seeded({ clock });
    socket = join(app.dataDir, 'cli', 'keyhold.sock');
    await app.core.cli.listen({ socket });
  });
  afterAll(async () => {
    await app.dispose();
    work.remove();
  });

  it('covers that terminal, ends after 10 idle minutes (fake clock) and on a screen lock, and covers no other', async () => {
    const terminal = new Terminal(work.path);
    const approver = new Approver(app.core).next('terminal');
    try {
      const first = await terminal.cli(['--socket', socket, 'read', ref]);
      expect(first).toMatchObject({ code: 0, stdout: `${SECRET}\n` });
      expect(approver.seen).toHaveLength(1);
      expect(approver.seen[0]!.terminal).toMatch(
        /^\/dev\/pts\/\d+ \(the session of (sh|dash|bash), pid \d+\)$/,
      );

      clock.advance(9 * 60_000);
      expect(await terminal.cli(['--socket', socket, 'read', ref])).toMatchObject({
        code: 0,
        stdout: `${SECRET}\n`,
      });
      expect(approver.seen).toHaveLength(1); // no dialog: the grant answered

      // Outside that terminal (this test's own process has none): asked again.
      approver.next('deny');
      expect((await runCli(['--socket', socket, 'read', ref])).code).toBe(3);
      expect(approver.seen).toHaveLength(2);
      expect(approver.seen[1]!.terminal).toBeNull();

      // Ten minutes without a request: the grant has ended.
      clock.advance(10 * 60_000);
      approver.next('terminal');
      expect((await terminal.cli(['--socket', socket, 'read', ref])).code).toBe(0);
      expect(approver.seen).toHaveLength(3);
      expect((await terminal.cli(['--socket', socket, 'read', ref])).code).toBe(0);
      expect(approver.seen).toHaveLength(3);

      // A screen lock (the Electron shell calls this on powerMonitor's lock-screen) ends it at once.
      expect(app.core.cli.endGrants('lock-screen')).toBe(1);
      approver.next('deny');
      expect(await terminal.cli(['--socket', socket, 'read', ref])).toMatchObject({ code: 3, stdout: '' });
      expect(approver.seen).toHaveLength(4);

      // Another terminal is another grant, even while this one holds one.
      approver.next('terminal');
      expect((await terminal.cli(['--socket', socket, 'read', ref])).code).toBe(0);
      const other = new Terminal(work.path);
      approver.next('deny');
      try {
        expect((await other.cli(['--socket', socket, 'read', ref])).code).toBe(3);
      } finally {
        other.close();
      }
      expect(approver.seen).toHaveLength(6);
      expect(approver.seen[5]!.terminal).not.toBe(approver.seen[4]!.terminal);
    } finally {
      approver.stop();
      terminal.close();
    }
  });

  it('covers what was allowed: another client, another field, every field, a list from the same terminal ask again', async () => {
    await importWeirClient(app.core, {
      name: 'Other',
      remoteId: 'cli_other',
      publicId: 'pub_other',
      secret: 'sk_live_OTHER_5Hq2Lm8Rt3',
    });
    app.core.cli.endGrants('test');
    const terminal = new Terminal(work.path);
    const approver = new Approver(app.core).next('terminal');
    const other = 'keyhold://production/Other/secret_key';
    try {
      expect((await terminal.cli(['--socket', socket, 'read', ref])).code).toBe(0);
      expect(approver.seen).toHaveLength(1);
      // Acme again, by another of its names: the grant answers.
      expect(
        (await terminal.cli(['--socket', socket, 'read', 'keyhold://production/cli_acme/secret_key'])).code,
      ).toBe(0);
      expect(approver.seen).toHaveLength(1);

      // Every field of Acme (env) was never shown: asked again.
      approver.next('deny');
      expect((await terminal.cli(['--socket', socket, 'env', 'keyhold://production/Acme'])).code).toBe(3);
      expect(approver.seen).toHaveLength(2);
      // A reference to a field Other does not have, allowed for the terminal, allows nothing of Other.
      approver.next('terminal');
      expect(
        (await terminal.cli(['--socket', socket, 'read', 'keyhold://production/Other/nosuch'])).code,
      ).toBe(1);
      expect(approver.seen).toHaveLength(3);

      // Other was never shown in a dialog: asked, and denied, it stays unread.
      approver.next('deny');
      expect(await terminal.cli(['--socket', socket, 'read', other])).toMatchObject({ code: 3, stdout: '' });
      expect(approver.seen).toHaveLength(4);
      expect(approver.seen[3]!.asks.map((ask) => ask.ref)).toEqual([other]);
      approver.next('deny');
      expect((await terminal.cli(['--socket', socket, 'list'])).code).toBe(3);
      expect(approver.seen).toHaveLength(5);

      // Allowed for the terminal in its own dialog, it joins the grant: both read with no dialog.
      approver.next('terminal');
      expect((await terminal.cli(['--socket', socket, 'read', other])).code).toBe(0);
      expect(approver.seen).toHaveLength(6);
      for (const read of [ref, other]) {
        expect((await terminal.cli(['--socket', socket, 'read', read])).code).toBe(0);
      }
      expect(approver.seen).toHaveLength(6);
    } finally {
      approver.stop();
      terminal.close();
    }
  });
});

describe.runIf(onLinux && ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send'].every(has))(
  'a locked OS keyring',
  () => {
    const home = tempDir();
    const data = tempDir();
    afterAll(() => {
      home.remove();
      data.remove();
    });

    it('exit 4 at once, with the vault’s own message, and no dialog for a read that cannot work', () => {
      const child = spawnSync(
        'dbus-run-session',
        [
          '--',
          'sh',
          '-c',
          `printf %s pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "${process.execPath}" --import tsx test/support/cli-locked-child.ts "$0"`,
          data.path,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, HOME: home.path, XDG_DATA_HOME: join(home.path, 'share') },
          timeout: 60_000,
        },
      );
      expect(child.status, child.stderr).toBe(0);
      const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
      expect(result).toMatchObject({ imported: true, code: 4, stdout: '' });
      expect(result.stderr).toMatch(
        /^keyhold: The OS keyring is locked, so Keyhold cannot use the key that seals your secrets\. Unlock it/m,
      );
      expect(result.waiting.value.approvals).toEqual([]);
    });
  },
);
