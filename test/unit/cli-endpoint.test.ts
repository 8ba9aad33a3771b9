import { describe, expect, it } from 'vitest';
import {
  defaultEndpoint,
  dirProblem,
  endpointAt,
  instanceEndpoint,
  privateDirProblem,
  socketPathProblem,
  type DirStat,
  type EndpointContext,
} from '../../src/shared/cli-endpoint';

const linux: EndpointContext = {
  platform: 'linux',
  uid: 1000,
  username: 'ada',
  env: {},
  tmpdir: '/tmp',
  homedir: '/home/ada',
};
const dir = (
  over: Partial<{ directory: boolean; link: boolean; uid: number; mode: number }> = {},
): DirStat => ({
  isDirectory: () => over.directory ?? true,
  isSymbolicLink: () => over.link ?? false,
  uid: over.uid ?? 1000,
  mode: 0o040000 | (over.mode ?? 0o700),
});
const missing = () => {
  throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
};

describe('where the CLI socket is', () => {
  it('Linux: in $XDG_RUNTIME_DIR/keyhold when that folder is ours and 0700', () => {
    const ctx = { ...linux, env: { XDG_RUNTIME_DIR: '/run/user/1000' } };
    expect(defaultEndpoint(ctx, () => dir())).toEqual({
      socket: '/run/user/1000/keyhold/cli.sock',
      dir: '/run/user/1000/keyhold',
      tokenFile: '/run/user/1000/keyhold/cli.sock.token',
    });
  });

  it.each([
    ['missing', missing],
    ['open to others', () => dir({ mode: 0o755 })],
    ["someone else's", () => dir({ uid: 0 })],
    ['a symbolic link', () => dir({ link: true })],
  ])('Linux: in /tmp/keyhold-<uid> when $XDG_RUNTIME_DIR is %s', (_why, runtime) => {
    const ctx = { ...linux, env: { XDG_RUNTIME_DIR: '/run/user/1000' } };
    const lstat = (path: string) => (path.startsWith('/run/') ? runtime() : missing());
    expect(defaultEndpoint(ctx, lstat).socket).toBe('/tmp/keyhold-1000/cli.sock');
    expect(defaultEndpoint(linux, lstat).socket).toBe('/tmp/keyhold-1000/cli.sock');
  });

  it.each([
    ["someone else's", () => dir({ uid: 65534, mode: 0o777 })],
    ['a symbolic link', () => dir({ link: true })],
    ['not a folder', () => dir({ directory: false })],
  ])(
    'Linux: in ~/.cache/keyhold when /tmp/keyhold-<uid> is %s (another user got there first)',
    (_why, tmp) => {
      const lstat = (path: string) => (path === '/tmp/keyhold-1000' ? tmp() : missing());
      expect(defaultEndpoint(linux, lstat)).toEqual({
        socket: '/home/ada/.cache/keyhold/cli.sock',
        dir: '/home/ada/.cache/keyhold',
        tokenFile: '/home/ada/.cache/keyhold/cli.sock.token',
      });
      // Ours and private: used as before.
      expect(
        defaultEndpoint(linux, (path) => (path === '/tmp/keyhold-1000' ? dir() : missing())).socket,
      ).toBe('/tmp/keyhold-1000/cli.sock');
    },
  );

  it("macOS: in the user's own temp folder", () => {
    const ctx = { ...linux, platform: 'darwin', uid: 501, tmpdir: '/var/folders/zz/abc/T/' };
    expect(defaultEndpoint(ctx, missing)).toMatchObject({
      socket: '/var/folders/zz/abc/T/keyhold-501/cli.sock',
      tokenFile: '/var/folders/zz/abc/T/keyhold-501/cli.sock.token',
    });
  });

  it('Windows: a pipe named for the user, its token under %LOCALAPPDATA%', () => {
    const ctx: EndpointContext = {
      platform: 'win32',
      uid: null,
      username: 'Ada Lovelace',
      env: { LOCALAPPDATA: 'C:\\Users\\Ada\\AppData\\Local' },
      tmpdir: 'C:\\Temp',
      homedir: 'C:\\Users\\Ada',
    };
    const endpoint = defaultEndpoint(ctx, missing);
    expect(endpoint).toEqual({
      socket: '\\\\.\\pipe\\keyhold-Ada_Lovelace',
      dir: 'C:\\Users\\Ada\\AppData\\Local\\Keyhold\\cli',
      tokenFile: 'C:\\Users\\Ada\\AppData\\Local\\Keyhold\\cli\\keyhold-Ada_Lovelace.token',
    });
    expect(instanceEndpoint(endpoint, 4242, ctx).socket).toBe('\\\\.\\pipe\\keyhold-Ada_Lovelace-4242');
    expect(socketPathProblem('C:\\not-a-pipe', 'win32')).toMatch(/not a named pipe/);
  });

  it('a second Keyhold takes a socket of its own beside the default, with its own token', () => {
    const endpoint = defaultEndpoint(linux, missing);
    expect(instanceEndpoint(endpoint, 4242, linux)).toEqual({
      socket: '/tmp/keyhold-1000/cli-4242.sock',
      dir: '/tmp/keyhold-1000',
      tokenFile: '/tmp/keyhold-1000/cli-4242.sock.token',
    });
    expect(endpointAt('/srv/k.sock', linux)).toEqual({
      socket: '/srv/k.sock',
      dir: '/srv',
      tokenFile: '/srv/k.sock.token',
    });
  });

  it('refuses a socket path the OS would cut short (bytes, not characters)', () => {
    expect(socketPathProblem(`/${'a'.repeat(106)}`, 'linux')).toBeNull();
    expect(socketPathProblem(`/${'a'.repeat(107)}`, 'linux')).toMatch(
      /108 bytes long; this system allows at most 107/,
    );
    expect(socketPathProblem(`/${'a'.repeat(102)}`, 'darwin')).toBeNull();
    expect(socketPathProblem(`/${'é'.repeat(52)}`, 'darwin')).toMatch(/105 bytes/);
  });

  it('says what is wrong with a folder the CLI would have to trust', () => {
    expect(privateDirProblem('/d', dir(), 1000)).toBeNull();
    expect(privateDirProblem('/d', dir({ mode: 0o750 }), 1000)).toBe('/d is open to other users (mode 0750)');
    expect(privateDirProblem('/d', dir({ uid: 0 }), 1000)).toBe('/d belongs to another user (uid 0)');
    expect(privateDirProblem('/d', dir({ link: true }), 1000)).toBe('/d is a symbolic link, not a folder');
    expect(privateDirProblem('/d', dir({ directory: false }), 1000)).toBe('/d is not a folder');
    expect(dirProblem('/d', missing, 1000)).toBe('/d does not exist');
  });
});
