// Where the `keyhold` CLI finds the running Keyhold, and where Keyhold listens: one set of rules
// for both sides (desktop app, browser host, CLI), written as pure functions of what the caller
// reads from its process (platform, uid, environment), so every OS's rules are tested anywhere.
// No import at all: this file is part of the CLI's start-up path.

export interface EndpointContext {
  platform: string;
  /** process.getuid(); null on Windows. */
  uid: number | null;
  username: string;
  env: { XDG_RUNTIME_DIR?: string | undefined; LOCALAPPDATA?: string | undefined };
  /** os.tmpdir(): per user on macOS ($TMPDIR under /var/folders). */
  tmpdir: string;
  homedir: string;
}

/** What a Node process knows about itself, as `process` and `node:os` give it. */
export function endpointContext(
  proc: { platform: string; env: Record<string, string | undefined>; getuid?: () => number },
  os: { userInfo(): { username: string }; tmpdir(): string; homedir(): string },
): EndpointContext {
  let username = proc.env.USERNAME ?? proc.env.USER ?? 'user';
  try {
    username = os.userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the environment's name will do.
  }
  return {
    platform: proc.platform,
    uid: proc.getuid?.() ?? null,
    username,
    env: { XDG_RUNTIME_DIR: proc.env.XDG_RUNTIME_DIR, LOCALAPPDATA: proc.env.LOCALAPPDATA },
    tmpdir: os.tmpdir(),
    homedir: os.homedir(),
  };
}

export interface Endpoint {
  /** A Unix socket's path, or a Windows named pipe's name (`\\.\pipe\…`). */
  socket: string;
  /**
   * The folder of the token file (and, on Unix, of the socket). On Unix it is this user's alone
   * (0700): that folder, not the socket's own mode, is what keeps other users out.
   */
  dir: string;
  /**
   * Keyhold writes a random token here each time it starts listening; each side proves to the other
   * that it read it (see cli-protocol.ts). On Windows this is the access check that Unix gets from
   * the folder: Node cannot narrow a pipe's DACL, and anyone can create a pipe of any name.
   */
  tokenFile: string;
}

const isWindows = (ctx: EndpointContext) => ctx.platform === 'win32';
const PIPE_PREFIX = /^\\\\[.?]\\pipe\\/i;

/** Linux's sun_path holds 108 bytes, macOS's 104, both with the final NUL; Node cuts longer paths. */
export function socketPathProblem(socket: string, platform: string): string | null {
  if (platform === 'win32') {
    return PIPE_PREFIX.test(socket) ? null : `"${socket}" is not a named pipe (\\\\.\\pipe\\NAME)`;
  }
  const limit = platform === 'linux' ? 107 : 103;
  const bytes = new TextEncoder().encode(socket).length;
  return bytes > limit
    ? `The socket path "${socket}" is ${bytes} bytes long; this system allows at most ${limit}. Choose a shorter one.`
    : null;
}

/**
 * Where one running Keyhold per user answers. Unix: `$XDG_RUNTIME_DIR/keyhold/cli.sock` when that
 * folder is set and is ours (the freedesktop rules: owned by us, 0700, gone at logout), else
 * `keyhold-<uid>/cli.sock` under /tmp (Linux, as tmux does) or the per-user temp folder (macOS),
 * unless that folder exists and is not ours and private: then `~/.cache/keyhold/cli.sock`.
 * Windows: the pipe `keyhold-<user>` and its token under %LOCALAPPDATA%\Keyhold\cli.
 */
export function defaultEndpoint(ctx: EndpointContext, lstat: (path: string) => DirStat): Endpoint {
  if (isWindows(ctx)) return endpointAt(`\\\\.\\pipe\\keyhold-${safeName(ctx.username)}`, ctx);
  const runtime = ctx.env.XDG_RUNTIME_DIR;
  const usable = runtime?.startsWith('/') && ctx.uid !== null && dirProblem(runtime, lstat, ctx.uid) === null;
  if (usable) return endpointAt(`${runtime}/keyhold/cli.sock`, ctx);
  const tmp = `${ctx.platform === 'darwin' ? trimSlash(ctx.tmpdir) : '/tmp'}/keyhold-${ctx.uid ?? 'user'}`;
  // Another user can make /tmp/keyhold-<uid> first (it would be refused): then the home folder.
  const dir =
    ctx.uid !== null && unusable(tmp, lstat, ctx.uid) ? `${trimSlash(ctx.homedir)}/.cache/keyhold` : tmp;
  return endpointAt(`${dir}/cli.sock`, ctx);
}

/** True when `dir` exists and cannot hold the socket (someone else's, a link, open to others). */
function unusable(dir: string, lstat: (path: string) => DirStat, uid: number): boolean {
  let stat: DirStat;
  try {
    stat = lstat(dir);
  } catch {
    return false; // missing (or unreadable): the server makes it, or says why not
  }
  return privateDirProblem(dir, stat, uid) !== null;
}

/** The endpoint of a given socket path or pipe name (`--socket`, KEYHOLD_SOCKET). */
export function endpointAt(socket: string, ctx: EndpointContext): Endpoint {
  if (isWindows(ctx)) {
    const name = socket.replace(PIPE_PREFIX, '');
    const dir = `${trimSlash(ctx.env.LOCALAPPDATA ?? `${ctx.homedir}\\AppData\\Local`)}\\Keyhold\\cli`;
    return { socket, dir, tokenFile: `${dir}\\${safeName(name)}.token` };
  }
  const slash = socket.lastIndexOf('/');
  return { socket, dir: slash > 0 ? socket.slice(0, slash) : '/', tokenFile: `${socket}.token` };
}

/** A second Keyhold of the same user listens here, beside the default: its own name, by pid. */
export function instanceEndpoint(shared: Endpoint, pid: number, ctx: EndpointContext): Endpoint {
  const socket = isWindows(ctx) ? `${shared.socket}-${pid}` : `${shared.dir}/cli-${pid}.sock`;
  return endpointAt(socket, ctx);
}

export interface DirStat {
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  uid: number;
  mode: number;
}

/**
 * Why `dir` (as lstat saw it) cannot hold the socket, or null: it must be a real folder (not a
 * link), ours, and closed to group and others. The CLI refuses to connect through such a folder,
 * so it never talks to a socket someone else planted.
 */
export function privateDirProblem(dir: string, stat: DirStat, uid: number): string | null {
  if (stat.isSymbolicLink()) return `${dir} is a symbolic link, not a folder`;
  if (!stat.isDirectory()) return `${dir} is not a folder`;
  if (stat.uid !== uid) return `${dir} belongs to another user (uid ${stat.uid})`;
  const mode = stat.mode & 0o777;
  if (mode & 0o077) return `${dir} is open to other users (mode ${mode.toString(8).padStart(4, '0')})`;
  return null;
}

/** privateDirProblem of what lstat says about `dir`, or that it is missing or unreadable. */
export function dirProblem(dir: string, lstat: (path: string) => DirStat, uid: number): string | null {
  let stat: DirStat;
  try {
    stat = lstat(dir);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === 'ENOENT' ? `${dir} does not exist` : `${dir} cannot be read (${code ?? 'error'})`;
  }
  return privateDirProblem(dir, stat, uid);
}

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_') || 'user';
const trimSlash = (path: string) => (path.length > 1 ? path.replace(/[\\/]+$/, '') : path);
