// Who is on the other end of an accepted Unix socket, from the kernel. Node has no API for it
// (libuv's uv_pipe_get_creds was never merged), so it calls the C library through koffi (prebuilt
// FFI, no build step): Linux getsockopt(SO_PEERCRED); macOS getsockopt(LOCAL_PEERPID) and
// libproc. Loaded lazily, once; where it cannot load, Keyhold shows the program's own claim.
// The macOS half has not run on a Mac yet (no Mac in CI's reach): README → `keyhold` CLI says so.
import type KoffiModule from 'koffi';

type Koffi = typeof KoffiModule;

export interface PeerCredentials {
  pid: number;
  uid: number;
}

/** What libproc tells about a macOS process (proc_pidinfo PROC_PIDTBSDINFO + proc_pidpath + getsid). */
export interface MacProcess {
  pid: number;
  ppid: number;
  uid: number;
  /** The controlling terminal's device, or null for none (NODEV). */
  tty: number | null;
  /** Start time in microseconds: with the pid, what tells this process from a later one. */
  startTime: number;
  session: number | null;
  exe: string;
}

export interface PeerCredentialReader {
  /** The pid and uid of the process that connected the socket `fd`; null if the kernel says nothing. */
  peer(fd: number): PeerCredentials | null;
  /** macOS only: libproc's facts about a process. */
  macProcess?(pid: number): MacProcess | null;
}

let loading: Promise<PeerCredentialReader | null> | null = null;

/** The reader for this OS, or null (another OS, or koffi could not load). */
export function loadPeerCredentials(platform = process.platform): Promise<PeerCredentialReader | null> {
  if (platform !== 'linux' && platform !== 'darwin') return Promise.resolve(null);
  loading ??= import('koffi').then(
    (module) => {
      const koffi = ((module as { default?: Koffi }).default ?? module) as Koffi;
      return platform === 'linux' ? linuxReader(koffi) : macReader(koffi);
    },
    () => null,
  );
  return loading;
}

/** SOL_SOCKET and SO_PEERCRED: 1 and 17 on every architecture Node ships for but POWER (21). */
const SOL_SOCKET = 1;
const SO_PEERCRED = process.arch === 'ppc64' ? 21 : 17;

function linuxReader(koffi: Koffi): PeerCredentialReader {
  const libc = koffi.load(null);
  const ucred = koffi.struct({ pid: 'int32', uid: 'uint32', gid: 'uint32' });
  const getsockopt = libc.func('getsockopt', 'int', [
    'int',
    'int',
    'int',
    koffi.out(koffi.pointer(ucred)),
    koffi.inout(koffi.pointer('uint32')),
  ]);
  return {
    peer(fd) {
      const cred: { pid?: number; uid?: number } = {};
      const length = [koffi.sizeof(ucred)];
      if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, length) !== 0) return null;
      return cred.pid && cred.pid > 0 ? { pid: cred.pid, uid: cred.uid! } : null;
    },
  };
}

/** <sys/proc_info.h> struct proc_bsdinfo: 136 bytes. */
export function procBsdInfo(koffi: Koffi) {
  return koffi.struct({
    pbi_flags: 'uint32',
    pbi_status: 'uint32',
    pbi_xstatus: 'uint32',
    pbi_pid: 'uint32',
    pbi_ppid: 'uint32',
    pbi_uid: 'uint32',
    pbi_gid: 'uint32',
    pbi_ruid: 'uint32',
    pbi_rgid: 'uint32',
    pbi_svuid: 'uint32',
    pbi_svgid: 'uint32',
    rfu_1: 'uint32',
    pbi_comm: koffi.array('char', 16),
    pbi_name: koffi.array('char', 32),
    pbi_nfiles: 'uint32',
    pbi_pgid: 'uint32',
    pbi_pjobc: 'uint32',
    e_tdev: 'uint32',
    e_tpgid: 'uint32',
    pbi_nice: 'int32',
    pbi_start_tvsec: 'uint64',
    pbi_start_tvusec: 'uint64',
  });
}

const SOL_LOCAL = 0;
const LOCAL_PEERPID = 2;
const PROC_PIDTBSDINFO = 3;
const PROC_PIDPATHINFO_MAXSIZE = 4096;
const NODEV = 0xffffffff;

function macReader(koffi: Koffi): PeerCredentialReader {
  const libc = koffi.load('/usr/lib/libSystem.B.dylib');
  const info = procBsdInfo(koffi);
  const getsockopt = libc.func('getsockopt', 'int', [
    'int',
    'int',
    'int',
    koffi.out(koffi.pointer('int32')),
    koffi.inout(koffi.pointer('uint32')),
  ]);
  const procPidinfo = libc.func('proc_pidinfo', 'int', [
    'int',
    'int',
    'uint64',
    koffi.out(koffi.pointer(info)),
    'int',
  ]);
  const procPidpath = libc.func('proc_pidpath', 'int', ['int', koffi.out(koffi.pointer('char')), 'uint32']);
  const getsid = libc.func('getsid', 'int', ['int']);
  const bsdInfo = (pid: number) => {
    const out: Record<string, number> = {};
    return procPidinfo(pid, PROC_PIDTBSDINFO, 0, out, koffi.sizeof(info)) === koffi.sizeof(info) ? out : null;
  };
  return {
    peer(fd) {
      const pid = [0];
      if (getsockopt(fd, SOL_LOCAL, LOCAL_PEERPID, pid, [4]) !== 0 || !(pid[0]! > 0)) return null;
      const facts = bsdInfo(pid[0]!);
      return facts ? { pid: pid[0]!, uid: facts.pbi_uid! } : null;
    },
    macProcess(pid) {
      const facts = bsdInfo(pid);
      if (!facts) return null;
      const path = Buffer.alloc(PROC_PIDPATHINFO_MAXSIZE);
      const length = procPidpath(pid, path, PROC_PIDPATHINFO_MAXSIZE);
      const session = getsid(pid);
      return {
        pid,
        ppid: facts.pbi_ppid!,
        uid: facts.pbi_uid!,
        tty: facts.e_tdev === NODEV ? null : facts.e_tdev!,
        startTime: Number(facts.pbi_start_tvsec) * 1e6 + Number(facts.pbi_start_tvusec),
        session: session > 0 ? session : null,
        exe: length > 0 ? path.subarray(0, length).toString('utf8') : '',
      };
    },
  };
}
